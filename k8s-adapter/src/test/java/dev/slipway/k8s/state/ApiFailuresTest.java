package dev.slipway.k8s.state;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.target.TargetFailure;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Failures that need no cluster: one that is not there. */
class ApiFailuresTest {

  /** A port that was just free: connecting to it is refused. */
  private static String refusingServer() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }
  }

  @Test
  void clusterThatDoesNotAnswer_isUnreachable_inOneLineNamingIt() throws IOException {
    String server = refusingServer();
    ApiClient client = new ClientBuilder().setBasePath(server).build();

    TargetFailure list = assertThrows(TargetFailure.class, () -> new SecretReleaseStore(client, "shop-dev", "shop", "dev").all());
    TargetFailure lock = assertThrows(TargetFailure.class, () -> LeaseLock.acquire(client, "shop-dev", "shop", "dev").close());

    for (TargetFailure failure : new TargetFailure[] {list, lock}) {
      assertTrue(failure.unreachable(), failure.getMessage());
      assertTrue(failure.getMessage().contains("the Kubernetes API at " + server + " is unreachable ("), failure.getMessage());
      assertTrue(failure.getMessage().lines().count() == 1, failure.getMessage());
    }
    assertTrue(lock.getMessage().startsWith("cannot take the deploy lock lease/slipway-shop-dev-deploy-lock in namespace shop-dev: "), lock.getMessage());
  }
}
