package dev.slipway.compose.render;

import dev.slipway.core.model.HealthCheck;
import dev.slipway.core.model.Service;
import java.util.List;

/**
 * The {@code healthcheck.test} of a service. Built services run on a Python base image, which has
 * {@code python3} but not necessarily curl or wget, so they are probed from Python; ready-made
 * images are probed with whichever common tool they ship.
 */
public final class HealthcheckCommands {

  /** Seconds each probe may take; Compose's own {@code timeout} is set to the same value. */
  static final int PROBE_TIMEOUT_SECONDS = 3;

  private HealthcheckCommands() {}

  public static List<String> test(Service service, HealthCheck health) {
    if (health instanceof HealthCheck.Http http) {
      return httpTest(service, http);
    }
    if (health instanceof HealthCheck.Tcp tcp) {
      return tcpTest(service, tcp.port());
    }
    return List.of("CMD-SHELL", ((HealthCheck.Command) health).command());
  }

  private static List<String> httpTest(Service service, HealthCheck.Http http) {
    if (http.port() == 0) {
      // Resolving the environment fills in the first port; validation rejects a check with none.
      throw new IllegalArgumentException("service '" + service.name() + "': health http('" + http.path() + "') has no port and the service declares none");
    }
    String url = "http://127.0.0.1:" + http.port() + http.path();
    if (service.isBuilt()) {
      // urlopen raises on 4xx/5xx and on connection errors, so the exit status is the verdict.
      // It follows redirects: a 3xx counts when the page it points to answers.
      return List.of(
          "CMD", "python3", "-c",
          "import urllib.request; urllib.request.urlopen(" + pythonString(url) + ", timeout=" + PROBE_TIMEOUT_SECONDS + ")");
    }
    String quoted = shellString(url);
    return List.of(
        "CMD-SHELL",
        "wget -q -T " + PROBE_TIMEOUT_SECONDS + " -O /dev/null " + quoted
            + " || curl -fsS -m " + PROBE_TIMEOUT_SECONDS + " -o /dev/null " + quoted);
  }

  private static List<String> tcpTest(Service service, int port) {
    if (service.isBuilt()) {
      return List.of(
          "CMD", "python3", "-c",
          "import socket; socket.create_connection(('127.0.0.1', " + port + "), timeout=" + PROBE_TIMEOUT_SECONDS + ").close()");
    }
    // No single tool is in every image: netcat where installed, else bash's /dev/tcp (Debian-based
    // images such as redis and postgres have bash but no nc). An image with neither stays unhealthy,
    // which is the honest outcome; the script can switch to health cmd('...').
    return List.of(
        "CMD-SHELL",
        "nc -z -w " + PROBE_TIMEOUT_SECONDS + " 127.0.0.1 " + port
            + " || bash -c 'echo > /dev/tcp/127.0.0.1/" + port + "' 2>/dev/null");
  }

  private static String pythonString(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static String shellString(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }
}
