package dev.slipway.compose.render;

import dev.slipway.core.model.HealthCheck;
import dev.slipway.core.model.Service;
import java.util.List;

/**
 * The {@code healthcheck.test} of a service. Python services run on a Python base image, which has
 * {@code python3} but not necessarily curl or wget, so they are probed from Python; ready-made
 * images and images built from a Dockerfile, which may have no Python, are probed with whichever
 * common tool they ship. Each probe gives up after the check's {@code timeout}, the value of
 * Compose's own {@code timeout} field too, so the probe ends with a verdict rather than being
 * killed.
 *
 * <p>The Python probes are written without a space: podman 4.3's Docker-compatible API splits a
 * {@code CMD} check's arguments at spaces when it stores them ({@code podman inspect} shows
 * {@code "-c", "import", "urllib.request;", ...}), which made podman's own check of every Python
 * service fail while Slipway's, run with {@code exec}, passed.
 */
public final class HealthcheckCommands {

  private HealthcheckCommands() {}

  /** The check's timeout in whole seconds, as the probing tools take it: at least 1, rounded up. */
  public static long timeoutSeconds(HealthCheck health) {
    long millis = health.timing().timeout().toMillis();
    return Math.max(1, (millis + 999) / 1000);
  }

  public static List<String> test(Service service, HealthCheck health) {
    if (health instanceof HealthCheck.Http http) {
      return httpTest(service, http);
    }
    if (health instanceof HealthCheck.Tcp tcp) {
      return tcpTest(service, tcp);
    }
    return List.of("CMD-SHELL", ((HealthCheck.Command) health).command());
  }

  private static List<String> httpTest(Service service, HealthCheck.Http http) {
    if (http.port() == 0) {
      // Resolving the environment fills in the first port; validation rejects a check with none.
      throw new IllegalArgumentException("service '" + service.name() + "': health http('" + http.path() + "') has no port and the service declares none");
    }
    String url = "http://127.0.0.1:" + http.port() + http.path();
    long timeout = timeoutSeconds(http);
    if (service.python().isPresent()) {
      // urlopen raises on 4xx/5xx and on connection errors, so the exit status is the verdict.
      // It follows redirects: a 3xx counts when the page it points to answers.
      return List.of("CMD", "python3", "-c", "__import__('urllib.request').request.urlopen(" + pythonString(url.replace(" ", "%20")) + ",timeout=" + timeout + ")");
    }
    String quoted = shellString(url);
    return List.of(
        "CMD-SHELL",
        "wget -q -T " + timeout + " -O /dev/null " + quoted + " || curl -fsS -m " + timeout + " -o /dev/null " + quoted);
  }

  private static List<String> tcpTest(Service service, HealthCheck.Tcp tcp) {
    int port = tcp.port();
    long timeout = timeoutSeconds(tcp);
    if (service.python().isPresent()) {
      return List.of("CMD", "python3", "-c", "__import__('socket').create_connection(('127.0.0.1'," + port + "),timeout=" + timeout + ").close()");
    }
    // No single tool is in every image: netcat where installed, else bash's /dev/tcp (Debian-based
    // images such as redis and postgres have bash but no nc). An image with neither stays unhealthy,
    // which is the honest outcome; the script can switch to health cmd('...').
    return List.of(
        "CMD-SHELL",
        "nc -z -w " + timeout + " 127.0.0.1 " + port
            + " || bash -c 'echo > /dev/tcp/127.0.0.1/" + port + "' 2>/dev/null");
  }

  private static String pythonString(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static String shellString(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }
}
