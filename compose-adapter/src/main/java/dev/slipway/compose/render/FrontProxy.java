package dev.slipway.compose.render;

import dev.slipway.core.hash.Sha256;
import dev.slipway.core.model.Port;
import dev.slipway.core.model.Service;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The small HTTP proxy that holds the published ports of a Python service that updates rolling
 * ({@code rolling true} or several replicas), so old and new containers can run side by side during
 * a redeploy while the host port keeps answering. It runs {@code front_proxy.py} (next to this
 * class) with the service's own image, which has Python; Slipway steers it through a loopback
 * admin port inside the container while it swaps containers. It joins the service's networks, so
 * it reaches the service's containers by name wherever they are.
 *
 * <p>A service built from a Dockerfile gets no proxy, like a ready image: nothing says its image
 * has Python, and running the proxy from another service's image would tie the published port to
 * that service's releases and to its staying in the script. With one replica it is recreated
 * instead of updated rolling, with a warning; with several, each replica's ports are published on
 * host ports the engine chooses (see {@link ComposeRenderer#publishesGivenHostPorts}).
 */
public final class FrontProxy {

  /** The admin port inside the proxy's container, unless the service itself uses it. */
  private static final int PREFERRED_ADMIN_PORT = 18999;

  /** The label that carries {@link #configKey}. */
  public static final String CONFIG_LABEL = "dev.slipway.front-proxy-config";

  private static final String SOURCE = load();

  private FrontProxy() {}

  /** Whether {@code service} gets a front proxy on Compose. */
  public static boolean fronts(Service service) {
    return ComposeServiceSettings.updatesRolling(service) && service.python().isPresent() && !ComposeRenderer.publishedPorts(service).isEmpty();
  }

  /** The Compose service that runs the proxy of {@code service}. */
  public static String nameFor(Service service) {
    return service.name() + "-proxy";
  }

  /** Why a service may not be called {@link #nameFor} of a fronted one. */
  public static String nameClash(Service fronted) {
    return "service '" + nameFor(fronted) + "' has the name Slipway gives the front proxy of '" + fronted.name()
        + "' (which updates rolling) on Compose: rename it";
  }

  public static int adminPort(Service service) {
    int port = PREFERRED_ADMIN_PORT;
    while (usesPort(service, port)) {
      port--;
    }
    return port;
  }

  /** The command that asks the proxy's admin port for {@code action} (freeze, swap, release), run inside its container. */
  public static List<String> adminCommand(Service service, String action) {
    return List.of("python3", "-c",
        "import sys, urllib.request; print(urllib.request.urlopen('http://127.0.0.1:' + sys.argv[1] + '/' + sys.argv[2], timeout=60).read().decode())",
        String.valueOf(adminPort(service)), action);
  }

  static List<String> entrypoint() {
    return List.of("python3", "-c", SOURCE);
  }

  static List<String> arguments(Service service) {
    List<String> arguments = new ArrayList<>(List.of(service.name(), String.valueOf(adminPort(service))));
    // The proxy listens on the service's own container ports, so the published mapping is unchanged.
    ComposeRenderer.publishedPorts(service).forEach(port -> arguments.add(port.container() + ":" + port.container()));
    return arguments;
  }

  /**
   * What, besides the image, makes up the proxy's container: when it changes (a port, a network,
   * say) the proxy must be recreated; when only the service's image changed it must not be.
   */
  public static String configKey(Service service, String bindAddress) {
    String config = String.join("\n", arguments(service)) + "\n" + ComposeServiceSettings.of(service).restart() + "\n" + bindAddress + "\n"
        + ComposeRenderer.publishedPorts(service).stream().map(p -> p.published() + ":" + p.container()).toList() + "\n" + SOURCE;
    // Added only when there are networks, so a proxy deployed before networks existed keeps its key and is not recreated.
    if (!service.networks().isEmpty()) {
      config += "\nnetworks " + service.networks();
    }
    return Sha256.hex(config).substring(0, 16);
  }

  private static boolean usesPort(Service service, int port) {
    return ComposeRenderer.publishedPorts(service).stream().mapToInt(Port::container).anyMatch(p -> p == port);
  }

  private static String load() {
    try (InputStream in = FrontProxy.class.getResourceAsStream("front_proxy.py")) {
      if (in == null) {
        throw new IllegalStateException("front_proxy.py is missing from the compose adapter's classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
