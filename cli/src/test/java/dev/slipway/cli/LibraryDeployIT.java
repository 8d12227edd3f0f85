package dev.slipway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.event.Event;
import dev.slipway.core.event.Event.StepState;
import dev.slipway.core.exec.DeployRun;
import dev.slipway.core.target.TargetFailure;
import dev.slipway.core.testing.ContainerTools;
import dev.slipway.core.testing.LocalRegistry;
import dev.slipway.core.testing.PythonFixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Slipway#deploy} as the README's "Use as a library" sample calls it, on Compose with real podman. */
class LibraryDeployIT {

  @TempDir Path work;

  @Test
  void deploy_helloFlask_servesIt_andTheListenerSeesEveryStep() throws Exception {
    ContainerTools.require("podman", "docker-registry", "skopeo", "mmdebstrap");
    Path script = helloFlaskOnPort(18201);
    try (LocalRegistry registry = LocalRegistry.start();
        PodmanSocket engine = PodmanSocket.start()) {
      Map<String, String> environment = new HashMap<>(System.getenv());
      environment.put("DOCKER_HOST", engine.dockerHost());
      Slipway slipway = Slipway.load(script, Map.of("baseImage", PythonFixtures.baseImageIn(registry)), environment);
      List<Event> events = Collections.synchronizedList(new ArrayList<>());
      try {
        DeployRun.Outcome outcome = slipway.deploy("dev", Slipway.Images.LOAD_INTO_ENGINE, events::add);

        assertTrue(outcome.succeeded(), outcome.steps().details().toString());
        assertEquals(1, outcome.release().orElseThrow().number());
        assertEquals("ok", get("http://127.0.0.1:18201/healthz"));
        // An image left in the engine by an earlier run of this test is up to date.
        List<String> finished = events.stream()
            .filter(e -> e instanceof Event.StepChanged changed && (changed.state() == StepState.SUCCEEDED || changed.state() == StepState.UP_TO_DATE))
            .map(e -> ((Event.StepChanged) e).stepId()).toList();
        assertEquals(List.of("build:web", "test:web", "deploy:web"), finished);
      } finally {
        SlipwayCommand.newCommandLine(new Workspace(dev.slipway.core.target.Targets.discover(), environment))
            .execute("destroy", "-f", script.toString(), "--set", "baseImage=" + PythonFixtures.baseImageIn(registry));
      }
    }
  }

  @Test
  void deploy_engineUnreachable_throwsTargetFailure_beforeBuildingAnything() throws Exception {
    ContainerTools.require("podman");
    Path script = helloFlaskOnPort(18201);
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.put("DOCKER_HOST", "unix://" + work.resolve("no-engine.sock"));
    List<Event> events = Collections.synchronizedList(new ArrayList<>());
    Slipway slipway = Slipway.load(script, Map.of(), environment);

    TargetFailure failure = assertThrows(TargetFailure.class, () -> slipway.deploy("dev", Slipway.Images.LOAD_INTO_ENGINE, events::add));

    assertTrue(failure.unreachable(), failure.getMessage());
    assertTrue(events.stream().noneMatch(e -> e instanceof Event.StepChanged), "nothing was built: " + events);
  }

  /** A copy of hello-flask as its own Compose project, published on {@code port}. */
  private Path helloFlaskOnPort(int port) throws java.io.IOException {
    Path script = ExampleCopy.of("hello-flask", work).resolve("deploy.groovy");
    Files.writeString(script, Files.readString(script)
        .replace("project 'hello-flask'", "project 'dist-library'")
        .replace("port 8000", "port 8000, publish: " + port)
        .replace("localhost:5000/hello-flask", "localhost:5000/dist-library"));
    return script;
  }

  private static String get(String url) throws java.io.IOException, InterruptedException {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
        .send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
