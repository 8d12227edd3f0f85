package dev.slipway.core.plan;

import static dev.slipway.core.TestFiles.write;
import static dev.slipway.core.model.TestModel.HERE;
import static dev.slipway.core.model.TestModel.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.model.HealthCheck;
import dev.slipway.core.model.Project;
import dev.slipway.core.model.TargetSpec;
import dev.slipway.core.model.TestModel;
import dev.slipway.core.secret.SecretValues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanRenderingTest {

  private static final TargetSpec KUBERNETES = new TargetSpec("kubernetes", Map.of("namespace", "shop"), HERE);

  @TempDir Path base;

  private Plan plan(Project project) {
    return new Planner(new Planner.Options(new SecretValues(Map.of(), base), false)).plan(project, "env");
  }

  /** Ready-made images only, so the plan depends on nothing but the model. */
  private Plan imagesOnly() {
    return plan(
        TestModel.project(
            "shop",
            base,
            KUBERNETES,
            service("api")
                .image("ghcr.io/acme/api:1.2")
                .port(8000)
                .health(new HealthCheck.Http("/healthz", 0, Duration.ofSeconds(30)))
                .secretFromEnv("API_KEY", "SHOP_API_KEY")
                .dependsOn("db")
                .replicas(2)
                .build(),
            service("db").image("postgres:16").port(5432).health(new HealthCheck.Tcp(5432, Duration.ofSeconds(60))).build()));
  }

  private Plan built() {
    write(base, "api/main.py", "from fastapi import FastAPI\n\napp = FastAPI()\n");
    write(base, "api/requirements.txt", "fastapi\nuvicorn\n");
    write(base, "api/tests/test_main.py", "def test_ok():\n    pass\n");
    return plan(
        TestModel.project(
            "shop", base, KUBERNETES, service("api").python("api", null).port(8000).pytest("api/tests").build()));
  }

  @Test
  void planText_imagesOnly_matchesTheGolden() {
    assertEquals(
        String.join(
            "\n",
            "Plan for project 'shop', environment 'env' -> kubernetes(namespace=shop)",
            "Stages run in order; a stage starts when every step of the one before it has succeeded.",
            "",
            "stage build  (nothing to do)",
            "",
            "stage test  (nothing to do)",
            "",
            "stage deploy",
            "  deploy:db  deploy db to kubernetes",
            "      why         service 'db' is part of environment 'env' (deploy.groovy:1)",
            "      image       postgres:16",
            "      target      kubernetes(namespace=shop)",
            "      replicas    1",
            "      ports       5432",
            "      ready when  TCP port 5432 accepts connections (within 60s)",
            "  deploy:api  deploy api to kubernetes",
            "      why           service 'api' is part of environment 'env' (deploy.groovy:1)",
            "      after         deploy:db",
            "      image         ghcr.io/acme/api:1.2",
            "      target        kubernetes(namespace=shop)",
            "      replicas      2",
            "      ports         8000",
            "      ready when    HTTP GET /healthz on port 8000 answers 2xx/3xx (within 30s)",
            "      secrets       API_KEY from environment variable SHOP_API_KEY",
            "      starts after  db healthy",
            "",
            "2 steps (0 build, 0 test, 2 deploy). Nothing has been changed.",
            "warning: secret API_KEY: from $SHOP_API_KEY, not set here — deploy will fail",
            ""),
        PlanText.render(imagesOnly()));
  }

  @Test
  void planText_builtServicePlannedTwice_identicalAndFreeOfLocalPaths() {
    String first = PlanText.render(built());
    String second = PlanText.render(built());

    assertEquals(first, second);
    assertFalse(first.contains(base.toString()), first);
    assertTrue(first.contains("start command from  FastAPI app 'app' in main.py"), first);
  }

  /** A Django project without a production server, from {@code fixtures/detect} at the repository's root. */
  private Plan djangoDevelopmentServer() {
    Path fixtures = Path.of("").toAbsolutePath().getParent().resolve("fixtures/detect");
    return plan(TestModel.project("shop", fixtures, KUBERNETES, service("web").python("django-settings-package", null).port(8000).build()));
  }

  @Test
  void planText_detectedStartCommand_commandReasonWarningAndContainerEnv() {
    String text = PlanText.render(djangoDevelopmentServer());

    assertTrue(
        text.contains(String.join(
            "\n",
            "      start command       python backend/manage.py runserver 0.0.0.0:8000",
            "      start command from  Django project (backend/manage.py; manage.py names settings config.settings.production, whose"
                + " WSGI_APPLICATION is config.wsgi.application); no gunicorn, uvicorn or daphne in pyproject.toml, so Django's development server",
            "      warning             Django's development server (runserver) serves this service: it is not made for production; add gunicorn"
                + " to pyproject.toml and Slipway serves config.wsgi:application with it",
            "      container env       PORT=8000, backend/ on PYTHONPATH",
            "")),
        text);
  }

  @Test
  void planJson_detectedStartCommand_warningAmongTheInputs() throws Exception {
    JsonNode inputs = new ObjectMapper().readTree(PlanJson.render(djangoDevelopmentServer())).at("/steps/0/inputs");

    assertEquals("python backend/manage.py runserver 0.0.0.0:8000", inputs.get("start command").asText());
    assertTrue(inputs.get("warning").asText().startsWith("Django's development server (runserver) serves this service"), inputs.toString());
  }

  @Test
  void planJson_schemaVersion1AndEveryStep() throws Exception {
    JsonNode json = new ObjectMapper().readTree(PlanJson.render(built()));

    assertEquals(1, json.get("schemaVersion").asInt());
    assertEquals("shop", json.get("project").asText());
    assertEquals("env", json.get("environment").asText());
    assertEquals("kubernetes", json.at("/target/type").asText());
    assertEquals("shop", json.at("/target/settings/namespace").asText());
    assertEquals(List.of("build", "test", "deploy"), texts(json.get("stages")));
    assertTrue(json.at("/images/api").asText().matches("localhost:5000/shop/api:src-[0-9a-f]{12}"));
    assertEquals(List.of("build:api", "test:api", "deploy:api"), texts(json.get("steps").findValues("id")));
    assertEquals(List.of("build_image", "run_tests", "deploy"), texts(json.get("steps").findValues("kind")));
    assertEquals(List.of("build:api", "test:api"), texts(json.at("/steps/2/after")));
    assertEquals("uvicorn main:app --host 0.0.0.0 --port 8000", json.at("/steps/0/inputs/start command").asText());
  }

  @Test
  void planJson_secretSourceMissing_aWarningNamingTheSource() throws Exception {
    JsonNode json = new ObjectMapper().readTree(PlanJson.render(imagesOnly()));

    assertEquals(List.of("secret API_KEY: from $SHOP_API_KEY, not set here — deploy will fail"), texts(json.get("warnings")));
  }

  @Test
  void planJson_everySecretSourcePresent_noWarnings() throws Exception {
    JsonNode json = new ObjectMapper().readTree(PlanJson.render(built()));

    assertEquals(List.of(), texts(json.get("warnings")));
  }

  @Test
  void planJson_turkishDefaultLocale_kindsStayAscii() throws Exception {
    Plan plan = built();
    Locale before = Locale.getDefault();
    String rendered;
    try {
      Locale.setDefault(Locale.forLanguageTag("tr-TR"));
      rendered = PlanJson.render(plan);
    } finally {
      Locale.setDefault(before);
    }

    JsonNode json = new ObjectMapper().readTree(rendered);
    assertEquals(List.of("build_image", "run_tests", "deploy"), texts(json.get("steps").findValues("kind")));
  }

  @Test
  void planGraph_mermaidAndDot_oneEdgePerDependency() {
    Plan plan = imagesOnly();

    assertTrue(PlanGraph.render(plan, PlanGraph.Format.MERMAID).contains("  deploy_db --> deploy_api\n"));
    assertTrue(PlanGraph.render(plan, PlanGraph.Format.DOT).contains("  \"deploy:db\" -> \"deploy:api\";\n"));
  }

  private static List<String> texts(Iterable<JsonNode> nodes) {
    List<String> texts = new ArrayList<>();
    nodes.forEach(node -> texts.add(node.asText()));
    return texts;
  }

  private static List<String> texts(List<JsonNode> nodes) {
    return texts((Iterable<JsonNode>) nodes);
  }
}
