package dev.slipway.core.plan;

import static dev.slipway.core.model.TestModel.HERE;
import static dev.slipway.core.model.TestModel.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.model.Environment;
import dev.slipway.core.model.HealthCheck;
import dev.slipway.core.model.Pipeline;
import dev.slipway.core.model.Port;
import dev.slipway.core.model.Project;
import dev.slipway.core.model.PythonBuild;
import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.model.Service;
import dev.slipway.core.model.ServicePatch;
import dev.slipway.core.model.TargetSpec;
import dev.slipway.core.problem.InvalidInputException;
import dev.slipway.core.problem.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentsTest {

  private static final TargetSpec COMPOSE = new TargetSpec("compose", Map.of(), HERE);
  private static final TargetSpec KUBERNETES = new TargetSpec("kubernetes", Map.of("namespace", "shop"), HERE);

  private final Service api = service("api").image("acme/api:1").env("LOG_LEVEL", "info").env("PORT", "8000").build();
  private final Service db = service("db").image("postgres:16").build();

  private Project project(Environment... environments) {
    return new Project(
        "shop", Optional.empty(), List.of(api, db), List.of(environments), Pipeline.DEFAULT, Path.of("."), HERE, HERE);
  }

  private static Environment environment(String name, String extendsFrom, TargetSpec target, ServicePatch... overrides) {
    return new Environment(name, Optional.ofNullable(extendsFrom), Optional.ofNullable(target), List.of(overrides), HERE);
  }

  private static ServicePatch patch(String service, Integer replicas, Map<String, String> env) {
    return new ServicePatch(
        service, HERE, Optional.empty(), Optional.empty(), Optional.empty(), env, List.of(), Optional.ofNullable(replicas),
        Optional.empty(), Optional.empty(), Map.of(), Map.of());
  }

  private static Service named(ResolvedEnvironment environment, String name) {
    return environment.services().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  private static List<String> messages(InvalidInputException error) {
    return error.problems().stream().map(Problem::message).toList();
  }

  @Test
  void resolve_noEnvironmentsDeclared_devOnComposeWithServicesAsWritten() {
    Project project = project();

    ResolvedEnvironment dev = Environments.resolve(project, "dev");

    assertEquals(List.of("dev"), Environments.names(project));
    assertEquals("compose", dev.target().type());
    assertEquals(List.of(api, db), dev.services());
    assertEquals("shop-dev", dev.qualifiedName());
  }

  @Test
  void resolve_noEnvironmentsDeclaredAndNotDev_listsWhatExists() {
    InvalidInputException error = assertThrows(InvalidInputException.class, () -> Environments.resolve(project(), "prod"));

    assertEquals(List.of("environment 'prod' is not defined; defined: dev"), messages(error));
  }

  @Test
  void resolve_override_appliedToThatServiceOnly() {
    Project project = project(environment("prod", null, KUBERNETES, patch("api", 3, Map.of("LOG_LEVEL", "warn"))));

    ResolvedEnvironment prod = Environments.resolve(project, "prod");

    assertEquals(KUBERNETES, prod.target());
    assertEquals(3, named(prod, "api").replicas());
    assertEquals(Map.of("LOG_LEVEL", "warn", "PORT", "8000"), named(prod, "api").env());
    assertSame(db, named(prod, "db"));
  }

  @Test
  void resolve_extendsChain_inheritsTargetAndMergesOverridesNearestLast() {
    Project project =
        project(
            environment("base", null, KUBERNETES, patch("api", 2, Map.of("REGION", "eu", "LOG_LEVEL", "debug"))),
            environment("staging", "base", null, patch("api", null, Map.of("LOG_LEVEL", "warn"))),
            environment("prod", "staging", null, patch("api", 5, Map.of())));

    ResolvedEnvironment prod = Environments.resolve(project, "prod");

    assertEquals(KUBERNETES, prod.target());
    assertEquals(5, named(prod, "api").replicas());
    assertEquals(Map.of("LOG_LEVEL", "warn", "PORT", "8000", "REGION", "eu"), named(prod, "api").env());
    assertEquals(2, named(Environments.resolve(project, "staging"), "api").replicas());
  }

  @Test
  void resolve_childDeclaresItsOwnTarget_overridesTheParents() {
    Project project = project(environment("prod", null, KUBERNETES), environment("local", "prod", COMPOSE));

    assertEquals(COMPOSE, Environments.resolve(project, "local").target());
  }

  @Test
  void resolve_extendsCycle_printedAsAPath() {
    Project project = project(environment("a", "b", COMPOSE), environment("b", "a", COMPOSE));

    InvalidInputException error = assertThrows(InvalidInputException.class, () -> Environments.resolve(project, "a"));

    assertEquals(List.of("environments extend each other in a cycle: a -> b -> a"), messages(error));
  }

  @Test
  void resolve_overrideOfUnknownService_suggestsTheClosest() {
    Project project = project(environment("prod", null, COMPOSE, patch("apii", 2, Map.of())));

    InvalidInputException error = assertThrows(InvalidInputException.class, () -> Environments.resolve(project, "prod"));

    assertEquals(
        List.of("environment 'prod' overrides service 'apii', which is not defined (did you mean 'api'?)"), messages(error));
  }

  @Test
  void resolve_noTargetAnywhereInTheChain_saysHowToAddOne() {
    Project project = project(environment("base", null, null), environment("prod", "base", null));

    InvalidInputException error = assertThrows(InvalidInputException.class, () -> Environments.resolve(project, "prod"));

    assertEquals(
        List.of("environment 'prod' has no target: add `target compose()` or `target kubernetes(namespace: '...')`"),
        messages(error));
  }

  /** The port a health check without one probes is the first port of the service as the environment changed it. */
  @Test
  void resolve_healthWithoutPort_probesTheOverriddenFirstPort() {
    Service web = service("web").image("acme/web:1").port(8000).health(new HealthCheck.Http("/healthz", 0, HealthCheck.DEFAULT_DEADLINE)).build();
    ServicePatch prodPorts = new ServicePatch(
        "web", HERE, Optional.empty(), Optional.of(List.of(new Port(9000, 9000, HERE))), Optional.empty(), Map.of(), List.of(), Optional.empty(),
        Optional.empty(), Optional.empty(), Map.of(), Map.of());
    Project project = new Project("shop", Optional.empty(), List.of(web), List.of(environment("dev", null, COMPOSE), environment("prod", null, KUBERNETES, prodPorts)),
        Pipeline.DEFAULT, Path.of("."), HERE, HERE);

    assertEquals(Optional.of(new HealthCheck.Http("/healthz", 8000, HealthCheck.DEFAULT_DEADLINE)), named(Environments.resolve(project, "dev"), "web").health());
    assertEquals(Optional.of(new HealthCheck.Http("/healthz", 9000, HealthCheck.DEFAULT_DEADLINE)), named(Environments.resolve(project, "prod"), "web").health());
  }

  /** Detection happens once, here: the plan and the build read what was decided, with the reason. */
  @Test
  void resolve_pythonBuild_decidesDependencyFileAndStartCommandWithTheReason(@TempDir Path base) throws IOException {
    Files.createDirectories(base.resolve("app"));
    Files.writeString(base.resolve("app/requirements.txt"), "flask==3.1.3\ngunicorn==27.0.1\n");
    Files.writeString(base.resolve("app/app.py"), "from flask import Flask\napp = Flask(__name__)\n");
    Service web = service("web").python("app", null).port(8000).build();
    Project project = new Project("shop", Optional.empty(), List.of(web), List.of(), Pipeline.DEFAULT, base, HERE, HERE);

    PythonBuild.Resolution decided = named(Environments.resolve(project, "dev"), "web").python().orElseThrow().decided();

    assertEquals(Optional.of("app/requirements.txt"), decided.dependencyFile());
    assertTrue(decided.dependencyFileDetected());
    assertEquals("gunicorn --bind 0.0.0.0:8000 app:app", decided.command());
    assertTrue(decided.commandReason().contains("gunicorn"), decided.commandReason());
  }

  @Test
  void resolve_startCommandUndetectable_isALocatedProblem(@TempDir Path base) throws IOException {
    Files.createDirectories(base.resolve("app"));
    Files.writeString(base.resolve("app/util.py"), "X = 1\n");
    Project project = new Project("shop", Optional.empty(), List.of(service("web").python("app", null).build()), List.of(), Pipeline.DEFAULT, base, HERE, HERE);

    InvalidInputException error = assertThrows(InvalidInputException.class, () -> Environments.resolve(project, "dev"));

    assertEquals(HERE, error.problems().get(0).location());
    assertTrue(messages(error).get(0).startsWith("service 'web': cannot tell how to start it"), messages(error).toString());
  }
}
