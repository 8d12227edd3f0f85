package dev.slipway.core.io;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether an address is this machine's loopback interface: {@code localhost}, all of
 * 127.0.0.0/8, and {@code ::1} in any spelling. Read from the text alone, never resolved, so a
 * name like {@code 127.evil.example} is not taken for one.
 */
public final class Loopback {

  private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private Loopback() {}

  /** @param address a host, or {@code host:port} as in a registry's name; IPv6 with a port in brackets, {@code [::1]:5000} */
  public static boolean is(String address) {
    String host = hostOf(address);
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (IPV4.matcher(host).matches()) {
      return host.startsWith("127.");
    }
    if (!IPV6.matcher(host).matches()) {
      return false;
    }
    try {
      // In brackets, Java parses the literal or fails: it never looks the text up as a name.
      return InetAddress.getByName("[" + host + "]").isLoopbackAddress();
    } catch (UnknownHostException notAnAddress) {
      return false;
    }
  }

  /** The host of {@code host}, {@code host:port}, {@code [v6]}, {@code [v6]:port} or a bare IPv6 literal. */
  private static String hostOf(String address) {
    String text = address.strip().toLowerCase(Locale.ROOT);
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      return close < 0 ? "" : text.substring(1, close);
    }
    int colon = text.indexOf(':');
    // One colon separates a port; more are an IPv6 literal's own.
    return colon >= 0 && colon == text.lastIndexOf(':') ? text.substring(0, colon) : text;
  }
}
