package dev.slipway.compose.render;

import static dev.slipway.core.model.TestModel.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.compose.ComposeTarget;
import dev.slipway.core.model.Project;
import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.model.Service;
import dev.slipway.core.model.TestModel;
import dev.slipway.core.target.RenderRequest;
import dev.slipway.core.target.RenderedFile;
import dev.slipway.core.target.Rendering;
import dev.slipway.core.target.TargetFailure;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** {@link ComposeTarget#spliced} and {@link ComposeTarget#scaled}: one release's compose file changed for some services only. */
class ComposeFileEditsTest {

  private final ComposeTarget target = new ComposeTarget();

  /** api: a Python service that updates rolling, so it has a front proxy; worker with a volume; redis on its own. */
  private static Rendering render(String apiImage, String workerImage, Service... more) {
    List<Service> services = new java.util.ArrayList<>(List.of(
        service("api").python("app", "python app.py").port(8000).targetOption("rolling", "true").dependsOn("redis").build(),
        service("worker").image(workerImage).volume("jobs", "/var/jobs").dependsOn("redis").build(),
        service("redis").image("redis:7").port(6379).build()));
    services.addAll(List.of(more));
    Project project = TestModel.project("shop", Path.of("."), RichProject.COMPOSE, services.toArray(Service[]::new));
    Map<String, String> images = new LinkedHashMap<>();
    project.services().forEach(s -> images.put(s.name(), s.image().orElse(apiImage)));
    return new ComposeTarget().render(new RenderRequest(new ResolvedEnvironment(project, "dev", RichProject.COMPOSE, project.services()), images, Optional.empty()));
  }

  private static String text(Rendering rendering) {
    return rendering.files().get(0).content();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> services(Rendering rendering) {
    return (Map<String, Object>) ((Map<String, Object>) new Yaml().load(text(rendering))).get("services");
  }

  @Test
  void spliced_oneService_takesItAndItsFrontProxyFromFresh_andEveryOtherServiceAsRecorded() {
    Rendering recorded = render("api:1", "worker:1");
    Rendering fresh = render("api:2", "worker:2");

    Rendering spliced = target.spliced(recorded, fresh, Set.of("api"));

    Map<String, Object> services = services(spliced);
    assertEquals(services(fresh).get("api"), services.get("api"));
    assertEquals(services(fresh).get("api-proxy"), services.get("api-proxy"), "the proxy the renderer makes for api comes with it");
    assertEquals(services(recorded).get("worker"), services.get("worker"), "worker keeps its recorded image and settings");
    assertEquals(services(recorded).get("redis"), services.get("redis"));
    assertEquals(List.of("api", "worker", "redis", "api-proxy"), List.copyOf(services.keySet()));
    assertEquals(List.of(), ComposeSchema.violations(text(spliced)));
    assertTrue(text(spliced).startsWith(ComposeRenderer.HEADER));
  }

  @Test
  void spliced_keepsSharedDefinitionsOfBoth_andServicesOnlyTheReleaseRuns() {
    Rendering recorded = render("api:1", "worker:1", service("legacy").image("legacy:1").volume("old-data", "/data").build());
    Rendering fresh = render("api:2", "worker:2", service("search").image("search:1").network("back").build());

    Rendering spliced = target.spliced(recorded, fresh, Set.of("search"));

    Map<String, Object> document = new Yaml().load(text(spliced));
    assertEquals(Set.of("api", "api-proxy", "worker", "redis", "search", "legacy"), services(spliced).keySet());
    assertEquals(Set.of("jobs", "old-data"), ((Map<?, ?>) document.get("volumes")).keySet(), "legacy still runs, and its volume with it");
    assertEquals(Set.of("back"), ((Map<?, ?>) document.get("networks")).keySet());
    assertEquals(List.of(), ComposeSchema.violations(text(spliced)));
  }

  @Test
  void spliced_ontoNothingRecorded_isOnlyTheSelectedServices() {
    Rendering spliced = target.spliced(new Rendering(List.of()), render("api:2", "worker:2"), Set.of("redis"));

    assertEquals(Set.of("redis"), services(spliced).keySet());
  }

  @Test
  void scaled_frontedService_isWhatTheRendererWritesForThatManyReplicas_andNothingElseChanges() {
    Rendering recorded = render("api:1", "worker:1");

    Rendering scaled = target.scaled(recorded, Map.of("api", 3));

    Project three = TestModel.project("shop", Path.of("."), RichProject.COMPOSE,
        service("api").python("app", "python app.py").port(8000).targetOption("rolling", "true").dependsOn("redis").replicas(3).build(),
        service("redis").image("redis:7").port(6379).build());
    Map<?, ?> rendered = (Map<?, ?>) services(new ComposeTarget().render(new RenderRequest(
        new ResolvedEnvironment(three, "dev", RichProject.COMPOSE, three.services()), Map.of("api", "api:1", "redis", "redis:7"), Optional.empty()))).get("api");
    assertEquals(rendered, services(scaled).get("api"));
    assertEquals(services(recorded).get("worker"), services(scaled).get("worker"));
    assertEquals(services(recorded).get("api-proxy"), services(scaled).get("api-proxy"), "the proxy, and with it the published port, is untouched");
    assertEquals(Map.of("api", 3, "api-proxy", 1, "worker", 1, "redis", 1), ComposeFileEdits.replicas(text(scaled)));
  }

  @Test
  void scaled_backToOne_leavesReplicasOut_asTheRendererDoes() {
    Rendering recorded = render("api:1", "worker:1");

    Rendering back = target.scaled(target.scaled(recorded, Map.of("worker", 4)), Map.of("worker", 1));

    assertEquals(services(recorded).get("worker"), services(back).get("worker"));
    assertFalse(text(back).contains("replicas"));
  }

  @Test
  void scaled_serviceThatPublishesItsOwnHostPort_isRefused_namingThePortAndTheWayOut() {
    TargetFailure refused = assertThrows(TargetFailure.class, () -> target.scaled(render("api:1", "worker:1"), Map.of("redis", 2)));

    assertEquals("service 'redis' publishes host port [6379] itself, which 2 copies cannot share: give it a front proxy to hold the port"
        + " (`rolling true` in its service block, for a Python service) and deploy it, then scale", refused.getMessage());
  }

  @Test
  void scaled_serviceTheFileDoesNotRun_isRefused() {
    TargetFailure refused = assertThrows(TargetFailure.class, () -> target.scaled(render("api:1", "worker:1"), Map.of("search", 2)));

    assertEquals("the current release does not run service 'search': deploy it first", refused.getMessage());
  }

  @Test
  void scaled_isPure_theRecordedFileIsUnchanged() {
    Rendering recorded = render("api:1", "worker:1");
    String before = text(recorded);

    target.scaled(recorded, Map.of("worker", 2));

    assertEquals(before, text(recorded));
    assertEquals(new RenderedFile(ComposeRenderer.FILE_NAME, before), recorded.files().get(0));
  }
}
