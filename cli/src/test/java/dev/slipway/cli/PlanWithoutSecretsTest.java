package dev.slipway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.target.Targets;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI plans and renders production without production's secrets: a missing source is a warning
 * and exit 0, an error with {@code --strict}; a deploy still stops before it changes anything.
 */
class PlanWithoutSecretsTest {

  private static final String PASSWORD = "hunter2-xyzzy-3f1a";
  private static final List<String> WARNINGS = List.of(
      "warning: secret DB_PASSWORD: from $NOTES_DB_PASSWORD, not set here \u2014 deploy will fail",
      "warning: secret API_KEY: from file secrets/api-key.txt, which does not exist here \u2014 deploy will fail");

  @TempDir Path project;

  private record Run(int exit, String out, String err) {}

  @BeforeEach
  void script() throws IOException {
    Files.writeString(project.resolve("deploy.groovy"), """
        project 'notes'
        service('db') {
          image 'postgres:16'
          port 5432
          secret 'DB_PASSWORD', fromEnv: 'NOTES_DB_PASSWORD'
        }
        service('web') {
          image 'nginx:1.27'
          secret 'DB_PASSWORD', fromEnv: 'NOTES_DB_PASSWORD'
          secret 'API_KEY', fromFile: 'secrets/api-key.txt'
          dependsOn 'db'
        }
        environments {
          lab { target directory(path: 'out') }
          prod { target kubernetes(namespace: 'notes') }
        }
        """);
  }

  private Run slipway(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> argv = new ArrayList<>(List.of(args));
    argv.addAll(List.of("-f", project.resolve("deploy.groovy").toString()));
    int exit = SlipwayCommand.newCommandLine(new Workspace(Targets.discover(), environment))
        .setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(argv.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  private Run slipway(String... args) {
    return slipway(Map.of(), args);
  }

  @Test
  void plan_secretSourcesMissing_warnsOncePerSecret_andExits0() {
    Run plan = slipway("plan", "--env", "prod");

    assertEquals(ExitCode.OK, plan.exit(), plan.err());
    assertEquals(WARNINGS, plan.out().lines().filter(line -> line.startsWith("warning:")).toList(), plan.out());
    assertEquals("", plan.err());
  }

  @Test
  void planJson_secretSourcesMissing_warningsInTheDocument() throws IOException {
    Run plan = slipway("plan", "--env", "prod", "--output", "json");

    assertEquals(ExitCode.OK, plan.exit(), plan.err());
    List<String> warnings = new ArrayList<>();
    new ObjectMapper().readTree(plan.out()).get("warnings").forEach((JsonNode warning) -> warnings.add("warning: " + warning.asText()));
    assertEquals(WARNINGS, warnings);
  }

  @Test
  void planStrict_secretSourceMissing_exits2WithTheLocatedError() {
    Run plan = slipway("plan", "--env", "prod", "--strict");

    assertEquals(ExitCode.INVALID_INPUT, plan.exit());
    assertEquals(project.resolve("deploy.groovy") + ":5: secret 'DB_PASSWORD' of service 'db' comes from environment variable NOTES_DB_PASSWORD,"
        + " which is not set: export it before planning or deploying", plan.err().lines().findFirst().orElseThrow());
    assertEquals("", plan.out());
  }

  @Test
  void plan_everySourcePresent_noWarning_andNoValueShown() throws IOException {
    Files.createDirectories(project.resolve("secrets"));
    Files.writeString(project.resolve("secrets/api-key.txt"), PASSWORD + "-key");
    Map<String, String> environment = Map.of("NOTES_DB_PASSWORD", PASSWORD);

    for (List<String> args : List.of(List.of("plan", "--env", "prod", "--strict"), List.of("plan", "--env", "prod", "--output", "json"))) {
      Run plan = slipway(environment, args.toArray(String[]::new));

      assertEquals(ExitCode.OK, plan.exit(), plan.err());
      assertFalse(plan.out().contains("deploy will fail"), plan.out());
      assertFalse(plan.out().contains(PASSWORD), "a secret's value is never printed");
    }
  }

  @Test
  void render_secretSourcesMissing_writesPlaceholdersAndWarnsOnStderr_exits0() {
    Path rendered = project.resolve("rendered");

    Run render = slipway("render", "--env", "prod", "-o", rendered.toString());

    assertEquals(ExitCode.OK, render.exit(), render.err());
    assertTrue(Files.isDirectory(rendered) && render.out().startsWith("wrote "), render.out());
    assertEquals(WARNINGS, render.err().lines().toList());
  }

  @Test
  void renderStrictOrWithSecretValues_secretSourceMissing_exits2AndWritesNothing() {
    for (String option : List.of("--strict", "--include-secrets")) {
      Path rendered = project.resolve("rendered" + option);

      Run render = slipway("render", "--env", "prod", "-o", rendered.toString(), option);

      assertEquals(ExitCode.INVALID_INPUT, render.exit(), option + ": " + render.err());
      assertTrue(render.err().startsWith(project.resolve("deploy.groovy") + ":5: secret 'DB_PASSWORD'"), render.err());
      assertFalse(Files.exists(rendered), option + ": nothing written");
    }
  }

  @Test
  void deploy_secretSourceMissing_exits2BeforeAnythingChanges() {
    Run deploy = slipway("deploy", "--env", "lab");

    assertEquals(ExitCode.INVALID_INPUT, deploy.exit(), deploy.out() + deploy.err());
    assertTrue(deploy.err().startsWith(project.resolve("deploy.groovy") + ":5: secret 'DB_PASSWORD' of service 'db' comes from environment"), deploy.err());
    assertFalse(Files.exists(project.resolve("out")), "nothing was applied");
    assertFalse(Files.exists(project.resolve(".slipway/state")), "no release was recorded, no lock taken");
  }

  @Test
  void deploySomeServices_onlyTheirSecretsMustBeHere() {
    Map<String, String> environment = Map.of("NOTES_DB_PASSWORD", PASSWORD);

    Run db = slipway(environment, "deploy", "--env", "lab", "db", "--dry-run");
    Run web = slipway(environment, "deploy", "--env", "lab", "web", "--dry-run");

    assertEquals(ExitCode.OK, db.exit(), "web's API_KEY is not db's to need: " + db.err());
    assertEquals(ExitCode.INVALID_INPUT, web.exit(), web.out() + web.err());
    assertEquals(project.resolve("deploy.groovy") + ":10: secret 'API_KEY' of service 'web' comes from file secrets/api-key.txt, which does not exist ("
        + project.resolve("secrets/api-key.txt") + ")", web.err().lines().findFirst().orElseThrow());
    assertFalse(Files.exists(project.resolve(".slipway/state")), "no release was recorded, no lock taken");
  }
}
