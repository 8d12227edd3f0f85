package dev.slipway.compose;

import static dev.slipway.core.model.TestModel.HERE;
import static dev.slipway.core.model.TestModel.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.compose.apply.FakeEngineApi;
import dev.slipway.core.model.BindMount;
import dev.slipway.core.model.Environment;
import dev.slipway.core.model.Pipeline;
import dev.slipway.core.model.Project;
import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.model.Service;
import dev.slipway.core.model.ServicePatch;
import dev.slipway.core.model.SourceLocation;
import dev.slipway.core.model.TargetSpec;
import dev.slipway.core.model.TestModel;
import dev.slipway.core.problem.Problem;
import dev.slipway.core.target.DeployContext;
import dev.slipway.core.target.RenderRequest;
import dev.slipway.core.target.RenderedFile;
import dev.slipway.core.target.Rendering;
import dev.slipway.core.target.Targets;
import dev.slipway.core.validate.ModelValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComposeTargetTest {

  private final ComposeTarget target = new ComposeTarget();

  @Test
  void validate_knownSettings_noProblems() {
    assertEquals(List.of(), target.validate(spec(Map.of("cli", "podman-compose", "bind", "0.0.0.0"))));
  }

  @Test
  void validate_mistypedSetting_oneProblemWithSuggestionAndKnownKeys() {
    TargetSpec spec = spec(Map.of("bnd", "127.0.0.1"));

    List<Problem> problems = target.validate(spec);

    assertEquals(
        List.of(new Problem(spec.location(), "compose(): unknown setting 'bnd' (did you mean 'bind'?); known: bind, cli, history")), problems);
  }

  @Test
  void validate_unrelatedUnknownSetting_listsKnownKeysWithoutGuess() {
    List<Problem> problems = target.validate(spec(Map.of("namespace", "shop")));

    assertEquals(List.of("compose(): unknown setting 'namespace'; known: bind, cli, history"), problems.stream().map(Problem::message).toList());
  }

  @Test
  void validate_bindNotAnIpv4Address_problemNamesTheValue() {
    for (String bad : List.of("localhost", "256.0.0.1", "::1", "10.0.0", "")) {
      List<Problem> problems = target.validate(spec(Map.of("bind", bad)));

      assertEquals(1, problems.size(), bad);
      assertTrue(problems.get(0).message().contains("'bind' must be an IPv4 address"), problems.get(0).message());
      assertTrue(problems.get(0).message().contains("'" + bad + "'"), problems.get(0).message());
    }
  }

  @Test
  void validate_emptyCli_problem() {
    assertEquals(1, target.validate(spec(Map.of("cli", " "))).size());
  }

  @Test
  void validate_severalBadSettings_reportsEveryOneInScriptOrder() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("bind", "everywhere");
    settings.put("clii", "docker compose");

    List<Problem> problems = target.validate(spec(settings));

    assertEquals(2, problems.size(), problems.toString());
    assertTrue(problems.get(0).message().contains("'bind'"));
    assertTrue(problems.get(1).message().contains("did you mean 'cli'?"));
  }

  @Test
  void render_bindSetting_publishesPortsOnThatAddress() {
    TargetSpec spec = spec(Map.of("bind", "0.0.0.0"));
    Project project = TestModel.project("shop", Path.of("."), spec, service("web").image("web:1").port(8080).build());
    RenderRequest request =
        new RenderRequest(new ResolvedEnvironment(project, "prod", spec, project.services()), Map.of("web", "web:1"), Optional.empty());

    Rendering rendering = target.render(request);

    assertEquals(List.of("compose.yaml"), rendering.files().stream().map(f -> f.path()).toList());
    assertTrue(rendering.files().get(0).content().contains("host_ip: 0.0.0.0"), rendering.files().get(0).content());
  }

  /**
   * The deploy records one rendering in its release and hands that to apply: Compose must be given
   * exactly those bytes, not a second render. The recorded file here carries a line no render
   * makes, so a second render would show.
   */
  @Test
  void apply_recordedRendering_composeIsGivenExactlyThoseBytes(@TempDir Path work) throws IOException {
    Path cli = work.resolve("fake-compose");
    Files.writeString(cli, "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(cli, PosixFilePermissions.fromString("rwxr-xr-x"));
    TargetSpec spec = spec(Map.of("cli", cli.toString()));
    Project project = TestModel.project("shop", work, spec, service("web").image("web:1").port(8080).build());
    RenderRequest request =
        new RenderRequest(new ResolvedEnvironment(project, "dev", spec, project.services()), Map.of("web", "web:1"), Optional.empty());
    RenderedFile rendered = target.render(request).files().get(0);
    Rendering recorded = new Rendering(List.of(new RenderedFile(rendered.path(), rendered.content() + "# recorded in release 7\n")));
    Path stateDir = work.resolve(".slipway/state/dev");

    try (FakeEngineApi engine = FakeEngineApi.at(work.resolve("engine/docker.sock"), FakeEngineApi.DOCKER);
        DeployContext context = new DeployContext(stateDir, withDockerHost(engine), event -> {})) {
      target.apply(recorded, request, List.of("web"), context);
    }

    assertEquals(recorded.files().get(0).content(), Files.readString(stateDir.resolve("compose.yaml")));
  }

  private static Map<String, String> withDockerHost(FakeEngineApi engine) {
    Map<String, String> environment = new java.util.HashMap<>(System.getenv());
    environment.put("DOCKER_HOST", engine.host());
    return environment;
  }

  @Test
  void discover_onClassPath_findsComposeTargetForComposeSpec() {
    Targets targets = Targets.discover();

    assertInstanceOf(ComposeTarget.class, targets.forSpec(spec(Map.of())).orElseThrow());
    assertTrue(targets.types().contains("compose"));
  }

  private static TargetSpec spec(Map<String, String> settings) {
    return new TargetSpec("compose", settings, HERE);
  }

  private static List<String> problems(Service api, ServicePatch... prodOverrides) {
    TargetSpec compose = new TargetSpec("compose", Map.of(), HERE);
    Project project = new Project("shop", Optional.empty(), List.of(api),
        List.of(new Environment("dev", Optional.empty(), Optional.of(compose), List.of(), HERE),
            new Environment("prod", Optional.empty(), Optional.of(compose), List.of(prodOverrides), HERE)),
        Pipeline.DEFAULT, Path.of("."), HERE, HERE);
    return new ModelValidator(new Targets(List.of(new ComposeTarget()))).validate(project).stream().map(Problem::toString).toList();
  }

  /** restart is Compose's own knob: Compose checks it, once for a value every environment inherits. */
  @Test
  void validate_restartPolicyUnknown_reportedOnceAtItsLine() {
    Service api = service("api").image("acme/api:1").targetOption("restart", "sometimes").origin("restart", SourceLocation.at("deploy.groovy", 4)).build();

    assertEquals(List.of("deploy.groovy:4: service 'api': restart 'sometimes' is not one of no, always, on-failure, unless-stopped"), problems(api));
  }

  @Test
  void validate_restartPolicyOverriddenWrong_reportedAtTheOverridesLineForThatEnvironment() {
    Service api = service("api").image("acme/api:1").build();
    SourceLocation line10 = SourceLocation.at("deploy.groovy", 10);
    ServicePatch prod = new ServicePatch("api", line10, Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), List.of(), Optional.empty(),
        Optional.empty(), Optional.empty(), Map.of("restart", "always-ish"), Map.of("restart", line10));

    assertEquals(List.of("deploy.groovy:10: service 'api' in environment 'prod': restart 'always-ish' is not one of no, always, on-failure, unless-stopped"
        + " (did you mean 'always'?)"), problems(api, prod));
  }

  /** Compose runs on the deploying host, so a development mount of its directories is allowed; Kubernetes refuses it. */
  @Test
  void validate_hostMountsFilesAndNetworks_acceptedOnCompose() {
    Service web = service("web").image("acme/web:1").mount(new BindMount(".", "/code", false, HERE)).mount(new BindMount("src", "/src", true, HERE))
        .network("front").build();

    assertEquals(List.of(), problems(web));
  }
}
