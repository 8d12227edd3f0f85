package dev.slipway.core.process;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * A process by its pid and the host it runs on: who holds a deploy lock, who runs a deploy. Only
 * a process on this host can be seen to be gone; one on another host is never second-guessed.
 */
public record ProcessId(long pid, String host) {

  public static ProcessId current() {
    return new ProcessId(ProcessHandle.current().pid(), thisHost());
  }

  public static String thisHost() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("localhost");
    }
  }

  /** Whether this is a process of {@code thisHost} that no longer runs. */
  public boolean isGone(String thisHost) {
    return host.equals(thisHost) && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
  }

  public boolean isGone() {
    return isGone(thisHost());
  }

  @Override
  public String toString() {
    return "pid " + pid + " on " + host;
  }
}
