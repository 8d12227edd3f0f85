package dev.slipway.core.plan;

import static dev.slipway.core.TestFiles.write;
import static dev.slipway.core.model.TestModel.HERE;
import static dev.slipway.core.model.TestModel.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.model.OneOffRun;
import dev.slipway.core.model.Pipeline;
import dev.slipway.core.model.Project;
import dev.slipway.core.model.SecretRef;
import dev.slipway.core.model.Service;
import dev.slipway.core.model.ServiceAction;
import dev.slipway.core.model.ServiceBuilder;
import dev.slipway.core.model.Stage;
import dev.slipway.core.model.TargetSpec;
import dev.slipway.core.model.TestModel;
import dev.slipway.core.problem.InvalidInputException;
import dev.slipway.core.problem.Problem;
import dev.slipway.core.secret.SecretValues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlannerTest {

  private static final TargetSpec COMPOSE = new TargetSpec("compose", Map.of(), HERE);

  @TempDir Path base;

  @BeforeEach
  void aShop() {
    write(base, "api/app.py", "from flask import Flask\n\napp = Flask(__name__)\n");
    write(base, "api/requirements.txt", "flask==3.0.2\ngunicorn==21.2.0\n");
    write(base, "api/tests/test_app.py", "def test_ok():\n    assert True\n");
    write(base, "worker/worker.py", "print('working')\n");
  }

  private ServiceBuilder api() {
    return service("api").python("api", null).port(8000).dependsOn("db").pytest("api/tests");
  }

  private final Service db = service("db").image("postgres:16").port(5432).build();
  private final Service worker = service("worker").python("worker", "python worker.py").dependsOn("api").build();

  private Project shop(Service api) {
    return TestModel.project("shop", base, COMPOSE, api, db, worker);
  }

  private Project shop() {
    return shop(api().build());
  }

  private Plan plan(Project project) {
    return new Planner(new Planner.Options(new SecretValues(Map.of(), base), false)).plan(project, "env");
  }

  private static List<String> ids(List<Step> steps) {
    return steps.stream().map(Step::id).toList();
  }

  @Test
  void plan_defaultPipeline_buildsThenTestsThenDeploysDependenciesFirst() {
    Plan plan = plan(shop());

    assertEquals(List.of("build", "test", "deploy"), plan.stages());
    assertEquals(
        List.of("build:api", "build:worker", "test:api", "deploy:db", "deploy:api", "deploy:worker"), ids(plan.steps()));
  }

  @Test
  void plan_deployStep_waitsForItsOwnBuildAndTestAndItsDependenciesDeploy() {
    Plan plan = plan(shop());

    assertEquals(List.of("build:api"), plan.step("test:api").orElseThrow().after());
    assertEquals(List.of(), plan.step("deploy:db").orElseThrow().after());
    assertEquals(List.of("build:api", "test:api", "deploy:db"), plan.step("deploy:api").orElseThrow().after());
    assertEquals(List.of("build:worker", "deploy:api"), plan.step("deploy:worker").orElseThrow().after());
    assertEquals("api healthy", plan.step("deploy:worker").orElseThrow().inputs().get("starts after"));
  }

  @Test
  void plan_everyStep_comesAfterEveryStepItWaitsFor() {
    Plan plan = plan(shop());

    List<String> seen = new ArrayList<>();
    for (Step step : plan.steps()) {
      assertTrue(seen.containsAll(step.after()), step.id() + " waits for " + step.after() + " but only " + seen + " come before it");
      seen.add(step.id());
    }
  }

  @Test
  void plan_builtService_taggedByContentInTheProjectRegistry() {
    Plan plan = plan(shop());

    assertTrue(
        plan.images().get("api").matches("localhost:5000/shop/api:src-[0-9a-f]{12}"), plan.images().get("api"));
    assertEquals("postgres:16", plan.images().get("db"));
    assertEquals("build image " + plan.images().get("api"), plan.step("build:api").orElseThrow().summary());
  }

  @Test
  void plan_sameSourcesPlannedTwice_sameTags() {
    assertEquals(plan(shop()).images(), plan(shop()).images());
  }

  @Test
  void plan_includedRequirementsChange_changesTheTag() {
    // Kept outside the source so that only the include can change the tag.
    write(base, "requirements/base.txt", "flask==3.0.2\n");
    write(base, "api/requirements.txt", "-r ../requirements/base.txt\ngunicorn==21.2.0\n");
    Plan before = plan(shop());

    write(base, "requirements/base.txt", "flask==3.0.3\n");
    Plan after = plan(shop());

    assertNotEquals(before.images().get("api"), after.images().get("api"), "the image must not keep a tag whose dependencies changed");
  }

  @Test
  void plan_missingIncludedRequirements_isInvalidInputNamingTheInclude() {
    write(base, "api/requirements.txt", "-r base.txt\n");

    InvalidInputException failure = assertThrows(InvalidInputException.class, () -> plan(shop()));

    assertTrue(failure.getMessage().contains("api/requirements.txt names " + base.resolve("api/base.txt") + ", which does not exist"), failure.getMessage());
  }

  @Test
  void plan_sourceChanges_onlyThatServicesTagChanges() {
    Plan before = plan(shop());

    write(base, "api/app.py", "from flask import Flask\n\napp = Flask(__name__)\napp.debug = False\n");
    Plan after = plan(shop());

    assertNotEquals(before.images().get("api"), after.images().get("api"));
    assertEquals(before.images().get("worker"), after.images().get("worker"));
  }

  @Test
  void plan_dependencyFileChanges_tagChanges() {
    Plan before = plan(shop());

    write(base, "api/requirements.txt", "flask==3.0.3\ngunicorn==21.2.0\n");

    assertNotEquals(before.images().get("api"), plan(shop()).images().get("api"));
  }

  @Test
  void plan_ignoredFileChanges_tagUnchanged() {
    Plan before = plan(shop());

    write(base, "api/__pycache__/app.cpython-312.pyc", "bytecode");
    write(base, "api/.venv/bin/python", "");

    assertEquals(before.images(), plan(shop()).images());
  }

  @Test
  void plan_testOrScriptEdited_tagUnchanged() {
    Plan before = plan(shop());

    write(base, "api/tests/test_app.py", "def test_ok():\n    assert 1 == 1\n");
    write(base, "api/deploy.groovy", "project 'shop'\n");

    assertEquals(before.images(), plan(shop()).images());
  }

  @Test
  void plan_buildStep_showsDetectedInputsAndWhy() {
    Map<String, String> inputs = plan(shop()).step("build:api").orElseThrow().inputs();

    assertEquals("python:3.12-slim (from python version 3.12)", inputs.get("base image"));
    assertEquals("api/ (2 files)", inputs.get("source"), "api/tests is the test stage's, not the image's");
    assertEquals("api/requirements.txt (requirements.txt, detected)", inputs.get("dependencies"));
    assertEquals("gunicorn --bind 0.0.0.0:8000 app:app", inputs.get("start command"));
    assertEquals("Flask app 'app' in app.py; gunicorn in requirements.txt", inputs.get("start command from"));
    assertEquals("PORT=8000", inputs.get("container env"));
    assertEquals(null, inputs.get("warning"));
  }

  @Test
  void plan_givenStartCommand_usedAndAttributedToTheScript() {
    Map<String, String> inputs = plan(shop()).step("build:worker").orElseThrow().inputs();

    assertEquals("python worker.py", inputs.get("start command"));
    assertEquals("given in deploy.groovy:1", inputs.get("start command from"));
    assertTrue(inputs.get("dependencies").startsWith("none"), inputs.get("dependencies"));
  }

  @Test
  void plan_declaredPipeline_stagesInDeclaredOrder() {
    Project declared = shop();
    Pipeline pipeline =
        new Pipeline(
            List.of(
                new Stage("ci", List.of(ServiceAction.BUILD_IMAGES, ServiceAction.RUN_TESTS), HERE),
                new Stage("release", List.of(ServiceAction.DEPLOY), HERE)),
            true);
    Project project =
        new Project(
            declared.name(), declared.registry(), declared.services(), declared.environments(), pipeline, base, HERE, HERE);

    Plan plan = plan(project);

    assertEquals(List.of("ci", "release"), plan.stages());
    assertEquals(List.of("build:api", "build:worker", "test:api"), ids(plan.stepsOf("ci")));
    assertEquals(List.of("deploy:db", "deploy:api", "deploy:worker"), ids(plan.stepsOf("release")));
  }

  @Test
  void plan_oneOffRun_isOneStepThatWaitsForWhatItsStageListsBeforeIt_andWhatComesAfterWaitsForIt() {
    Project declared = shop();
    OneOffRun migrate = new OneOffRun("api", "python manage.py migrate", Optional.empty(), HERE);
    Pipeline pipeline =
        new Pipeline(
            List.of(
                new Stage("build", List.of(ServiceAction.BUILD_IMAGES), HERE),
                new Stage("release", List.of(migrate, ServiceAction.DEPLOY,
                    new OneOffRun("worker", "python seed.py", Optional.of(Duration.ofSeconds(600)), HERE)), HERE)),
            true);
    Project project = new Project(declared.name(), declared.registry(), declared.services(), declared.environments(), pipeline, base, HERE, HERE);

    Plan plan = plan(project);

    assertEquals(List.of("run:release:api", "deploy:db", "deploy:api", "deploy:worker", "run:release:worker"), ids(plan.stepsOf("release")));
    Step run = plan.stepsOf("release").get(0);
    assertEquals(StepKind.RUN_ONCE, run.kind());
    assertEquals(List.of("build:api"), run.after());
    assertEquals("python manage.py migrate", run.inputs().get("command"));
    assertEquals("120s (the service's health deadline)", run.inputs().get("deadline"));
    assertTrue(plan.stepsOf("release").subList(1, 4).stream().allMatch(step -> step.after().contains("run:release:api")),
        "migrate before deploy: " + plan.stepsOf("release"));
    Step seed = plan.stepsOf("release").get(4);
    assertEquals(List.of("run:release:api", "deploy:db", "deploy:api", "deploy:worker", "build:worker"), seed.after());
    assertEquals("600s (timeout)", seed.inputs().get("deadline"));
    assertTrue(PlanText.render(plan).contains("2 run)"), PlanText.render(plan));
  }

  @Test
  void plan_requireSecretsAndSourceMissing_reportsWhereTheValueShouldComeFrom() {
    Project project = shop(api().secretFromEnv("DB_PASSWORD", "SHOP_DB_PASSWORD").build());
    Planner planner = new Planner(new Planner.Options(new SecretValues(Map.of(), base), true));

    InvalidInputException error = assertThrows(InvalidInputException.class, () -> planner.plan(project, "env"));

    assertEquals(
        List.of(
            "deploy.groovy:1: secret 'DB_PASSWORD' of service 'api' comes from environment variable SHOP_DB_PASSWORD, "
                + "which is not set: export it before planning or deploying"),
        error.problems().stream().map(Problem::toString).toList());
  }

  @Test
  void plan_secretSourceMissingButNotRequired_plansWithTheSourceNamedAndAWarning() {
    Project project = shop(api().secretFromEnv("DB_PASSWORD", "SHOP_DB_PASSWORD").build());

    Plan plan = plan(project);

    assertEquals(
        "DB_PASSWORD from environment variable SHOP_DB_PASSWORD", plan.step("deploy:api").orElseThrow().inputs().get("secrets"));
    assertEquals(List.of("secret DB_PASSWORD: from $SHOP_DB_PASSWORD, not set here — deploy will fail"), plan.warnings());
  }

  @Test
  void plan_secretFileMissingButNotRequired_warnsWithThePathAsWritten() {
    Project project = shop(api().secret(fromFile("DB_PASSWORD", "secrets/db.txt")).build());

    Plan plan = plan(project);

    assertEquals(List.of("secret DB_PASSWORD: from file secrets/db.txt, which does not exist here — deploy will fail"), plan.warnings());
  }

  @Test
  void plan_secretSourcesPresent_noWarnings() {
    write(base, "secrets/db.txt", "hunter2-xyzzy");
    Project project = shop(api().secret(fromFile("DB_PASSWORD", "secrets/db.txt")).secretFromEnv("API_KEY", "SHOP_API_KEY").build());

    Plan plan = new Planner(new Planner.Options(new SecretValues(Map.of("SHOP_API_KEY", ""), base), true)).plan(project, "env");

    assertEquals(List.of(), plan.warnings());
  }

  @Test
  void plan_requireSecretsAndValuePresent_planNeverShowsTheValue() {
    Project project = shop(api().secretFromEnv("DB_PASSWORD", "SHOP_DB_PASSWORD").build());
    Planner planner = new Planner(new Planner.Options(new SecretValues(Map.of("SHOP_DB_PASSWORD", "hunter2-xyzzy"), base), true));

    Plan plan = planner.plan(project, "env");

    assertFalse(PlanText.render(plan).contains("hunter2-xyzzy"));
    assertFalse(PlanJson.render(plan).contains("hunter2-xyzzy"));
  }

  private static SecretRef fromFile(String name, String path) {
    return new SecretRef(name, Optional.empty(), Optional.of(path), HERE);
  }
}
