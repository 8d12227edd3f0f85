package dev.slipway.core.validate;

import static dev.slipway.core.TestFiles.write;
import static dev.slipway.core.model.TestModel.project;
import static dev.slipway.core.model.TestModel.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.slipway.core.model.Environment;
import dev.slipway.core.model.HealthCheck;
import dev.slipway.core.model.Pipeline;
import dev.slipway.core.model.Port;
import dev.slipway.core.model.Project;
import dev.slipway.core.model.Service;
import dev.slipway.core.model.ServicePatch;
import dev.slipway.core.model.SourceLocation;
import dev.slipway.core.model.TargetSpec;
import dev.slipway.core.model.TestModel;
import dev.slipway.core.problem.InvalidInputException;
import dev.slipway.core.problem.Problem;
import dev.slipway.core.target.FakeTarget;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelValidatorTest {

  @TempDir Path base;

  private static final TargetSpec COMPOSE = new TargetSpec("compose", Map.of(), TestModel.HERE);

  private final ModelValidator validator = new ModelValidator(FakeTarget.installed("compose", "kubernetes"));

  private List<String> problems(Service... services) {
    return validator.validate(project("shop", base, COMPOSE, services)).stream().map(Problem::toString).toList();
  }

  @Test
  void validate_soundProject_noProblems() {
    write(base, "api/app.py", "from flask import Flask\napp = Flask(__name__)\n");

    assertEquals(
        List.of(),
        problems(
            service("db").image("postgres:16").port(5432).build(),
            service("api").python("api", null).port(8000).dependsOn("db").build()));
  }

  @Test
  void validate_dependencyCycle_printedAsAPath() {
    assertEquals(
        List.of("deploy.groovy:1: services depend on each other in a cycle: web -> api -> worker -> web; remove one dependsOn"),
        problems(
            service("web").image("nginx:1").dependsOn("api").build(),
            service("api").image("acme/api:1").dependsOn("worker").build(),
            service("worker").image("acme/worker:1").dependsOn("web").build()));
  }

  @Test
  void validate_unknownDependency_suggestsTheClosestService() {
    assertEquals(
        List.of("deploy.groovy:1: service 'api' dependsOn 'dbb', which is not defined (did you mean 'db'?)"),
        problems(service("db").image("postgres:16").build(), service("api").image("acme/api:1").dependsOn("dbb").build()));
  }

  @Test
  void validate_serviceDefinedTwice_reportedOnce() {
    assertEquals(
        List.of("deploy.groovy:1: service 'db' is defined twice (first at line 1): rename one or merge them"),
        problems(service("db").image("postgres:16").build(), service("db").image("postgres:15").build()));
  }

  @Test
  void validate_portOutOfRange_reportedWithTheRange() {
    Service api = service("api").image("acme/api:1").build();
    Service withBadPort =
        new Service(
            api.name(), api.location(), api.python(), api.image(), List.of(new Port(8000, 70000, TestModel.HERE)),
            api.health(), api.env(), api.secrets(), api.dependsOn(), api.volumes(), api.test(), api.replicas(),
            api.autoscale(), api.resources(), api.targetOptions(), api.origins(), api.dockerfile(), api.command(), api.entrypoint(),
            api.stopSignal(), api.envFiles(), api.files(), api.mounts(), api.networks(), api.metrics());

    assertEquals(List.of("deploy.groovy:1: service 'api': port 70000 is outside 1-65535"), problems(withBadPort));
  }

  @Test
  void check_severalProblems_allReportedAtOnce() {
    Project project =
        project(
            "Shop",
            base,
            new TargetSpec("kubernets", Map.of(), TestModel.HERE),
            service("api").image("acme/api:1").resources("lots", null).dependsOn("db").build());

    InvalidInputException error = assertThrows(InvalidInputException.class, () -> validator.check(project));

    assertEquals(
        List.of(
            "deploy.groovy:1: project name 'Shop' is not a valid DNS-1123 label (lower-case letters, digits and '-', at most 63): try 'shop'",
            "deploy.groovy:1: registry 'localhost:5000/Shop' is not a valid image repository, e.g. 'localhost:5000/shop' or 'ghcr.io/acme'",
            "deploy.groovy:1: service 'api': cpu 'lots' is not a quantity like '500m' or '2'",
            "deploy.groovy:1: service 'api' dependsOn 'db', which is not defined",
            "deploy.groovy:1: environment 'env': no target 'kubernets' is installed (did you mean 'kubernetes'?); available: compose, kubernetes"),
        error.problems().stream().map(Problem::toString).toList());
  }

  @Test
  void validate_pythonServiceWithNothingToStart_asksForACommand() {
    write(base, "worker/jobs.py", "print('working')\n");

    assertEquals(
        List.of(
            "deploy.groovy:1: service 'worker': cannot tell how to start it; looked in 'worker/' for a Procfile with a web: entry (there is no"
                + " Procfile); a [project.scripts] or [tool.poetry.scripts] entry in pyproject.toml (none); ENTRYPOINT or CMD of a Dockerfile"
                + " (none, or only a shell); a Django manage.py, up to 2 folders down (none that imports django); a Flask, FastAPI or Starlette app object (none in"
                + " 1 module: top-level files, packages; tests, docs and virtualenvs skipped); a top-level main.py or app.py (none): add"
                + " `command '...'` to its python { } block"),
        problems(service("worker").python("worker", null).build()));
  }

  /** Base {@code dev} on Compose, {@code prod} extending it with {@code overrides}, {@code staging} extending prod. */
  private List<String> problemsWithEnvironments(Service service, ServicePatch... overrides) {
    Environment dev = new Environment("dev", Optional.empty(), Optional.of(COMPOSE), List.of(), TestModel.HERE);
    Environment prod = new Environment("prod", Optional.of("dev"), Optional.empty(), List.of(overrides), SourceLocation.at("deploy.groovy", 9));
    Environment staging = new Environment("staging", Optional.of("prod"), Optional.empty(), List.of(), SourceLocation.at("deploy.groovy", 20));
    Project project =
        new Project(
            "shop", Optional.empty(), List.of(service), List.of(dev, prod, staging), Pipeline.DEFAULT, base,
            TestModel.HERE, TestModel.HERE);
    return validator.validate(project).stream().map(Problem::toString).toList();
  }

  /** An override written at {@code line}, changing health and env as given (null keeps the service's). */
  private static ServicePatch override(int line, HealthCheck health, Map<String, String> env) {
    SourceLocation at = SourceLocation.at("deploy.groovy", line);
    Map<String, SourceLocation> origins = new java.util.LinkedHashMap<>();
    if (health != null) {
      origins.put("health", at);
    }
    env.keySet().forEach(key -> {
      origins.put("env", at);
      origins.put("env " + key, at);
    });
    return new ServicePatch(
        "api", at, Optional.empty(), Optional.empty(), Optional.ofNullable(health), env, List.of(), Optional.empty(),
        Optional.empty(), Optional.empty(), Map.of(), origins);
  }

  @Test
  void validate_overrideBreaksHealth_reportedOnceAtTheOverridesLine() {
    Service api = service("api").image("acme/api:1").port(8000).build();

    assertEquals(
        List.of(
            "deploy.groovy:10: service 'api' in environment 'prod': health http path 'healthz' must start with '/'"),
        problemsWithEnvironments(
            api, override(10, new HealthCheck.Http("healthz", 0, HealthCheck.DEFAULT_DEADLINE), Map.of())));
  }

  @Test
  void validate_overrideHealthTcpPortOutOfRange_reportedAtTheOverridesLine() {
    Service api = service("api").image("acme/api:1").port(8000).health(new HealthCheck.Tcp(8000, HealthCheck.DEFAULT_DEADLINE)).build();

    assertEquals(
        List.of("deploy.groovy:11: service 'api' in environment 'prod': health tcp port 99999 is outside 1-65535"),
        problemsWithEnvironments(api, override(11, new HealthCheck.Tcp(99999, HealthCheck.DEFAULT_DEADLINE), Map.of())));
  }

  @Test
  void validate_badBaseValueInheritedByEveryEnvironment_reportedOnceAtTheBaseLine() {
    Service api = service("api").image("acme/api:1").port(8000).env("BAD-KEY", "1").build();

    assertEquals(
        List.of("deploy.groovy:1: service 'api': env 'BAD-KEY' is not a valid variable name (letters, digits, '_')"),
        problemsWithEnvironments(api, override(10, null, Map.of("LOG_LEVEL", "debug"))));
  }

  /** A loop that declares the same service three times: the same problem at the same line twice is one line. */
  @Test
  void check_sameProblemAtTheSameLineTwice_reportedOnce() {
    Project project =
        project(
            "shop", base, COMPOSE, service("db").image("postgres:16").build(), service("db").image("postgres:16").build(),
            service("db").image("postgres:16").build());

    InvalidInputException error = assertThrows(InvalidInputException.class, () -> validator.check(project));

    assertEquals(
        List.of("deploy.groovy:1: service 'db' is defined twice (first at line 1): rename one or merge them"),
        error.problems().stream().map(Problem::toString).toList());
  }

  /** Resolving each environment in or beyond a cycle meets the same cycle: one problem, at its first member. */
  @Test
  void validate_extendsCycleReachedFromSeveralEnvironments_reportedOnce() {
    Environment a = new Environment("a", Optional.of("b"), Optional.of(COMPOSE), List.of(), SourceLocation.at("deploy.groovy", 4));
    Environment b = new Environment("b", Optional.of("a"), Optional.empty(), List.of(), SourceLocation.at("deploy.groovy", 5));
    Environment c = new Environment("c", Optional.of("a"), Optional.empty(), List.of(), SourceLocation.at("deploy.groovy", 6));
    Project project =
        new Project(
            "shop", Optional.empty(), List.of(service("db").image("postgres:16").build()), List.of(c, a, b), Pipeline.DEFAULT,
            base, TestModel.HERE, TestModel.HERE);

    assertEquals(
        List.of("deploy.groovy:4: environments extend each other in a cycle: a -> b -> a"),
        validator.validate(project).stream().map(Problem::toString).toList());
  }
}
