package dev.slipway.k8s.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.target.TargetFailure;
import io.kubernetes.client.openapi.ApiClient;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** What a request to an API server that is not there becomes: one line, exit 3, naming the server. */
class ClusterApiTest {

  @Test
  void serverThatDoesNotAnswer_isUnreachable_inOneLineNamingIt() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String server = "http://127.0.0.1:" + port;
    ClusterApi api = new ClusterApi(new KubeConnection(new ApiClient().setBasePath(server), server, "test kubeconfig (context none)"));

    TargetFailure failure = assertThrows(TargetFailure.class, () -> api.get(ResourceKind.DEPLOYMENT, "shop", "web"));
    assertTrue(failure.unreachable());
    assertTrue(failure.getMessage().contains(server) && failure.getMessage().contains("deployment/web"), failure.getMessage());
    assertEquals(1, failure.getMessage().lines().count());
  }
}
