package dev.slipway.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.cli.ExitCode;
import dev.slipway.cli.Slipway;
import dev.slipway.cli.SlipwayCommand;
import dev.slipway.core.plan.Plan;
import dev.slipway.core.plan.PlanText;
import dev.slipway.core.plan.Step;
import dev.slipway.core.problem.InvalidInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Use as a library" sample, run as it is written there (from this module's directory). */
class LibraryUseTest {

  @TempDir Path work;

  @Test
  void readmeSample_plansAndRendersHelloFlask_asTheCommandLineDoes() throws IOException {
    Path out = work.resolve("hello-flask-dev");

    // The sample.
    Slipway slipway = Slipway.load(Path.of("hello-flask/deploy.groovy"));
    Plan plan = slipway.plan("dev");
    String planText = PlanText.render(plan);
    slipway.render("dev").writeTo(out);

    assertEquals(List.of("build:web", "test:web", "deploy:web"), plan.steps().stream().map(Step::id).toList());
    assertTrue(planText.contains("start command       gunicorn --bind 0.0.0.0:8000 app:app"), planText);
    Path byCommand = work.resolve("by-command");
    StringWriter printed = new StringWriter();
    int exit = SlipwayCommand.newCommandLine().setOut(new PrintWriter(printed)).execute("plan", "-f", "hello-flask/deploy.groovy");
    assertEquals(ExitCode.OK, exit);
    assertEquals(printed.toString(), planText, "the library's plan reads as `slipway plan` prints it");
    assertEquals(ExitCode.OK, SlipwayCommand.newCommandLine().execute("render", "-f", "hello-flask/deploy.groovy", "-o", byCommand.toString()));
    assertEquals(Files.readString(byCommand.resolve("compose.yaml")), Files.readString(out.resolve("compose.yaml")));
    assertTrue(Files.readString(out.resolve("compose.yaml")).contains("name: hello-flask-dev"));
  }

  @Test
  void load_withSettings_theScriptSeesThem() {
    Slipway slipway = Slipway.load(Path.of("hello-flask/deploy.groovy"), Map.of("registry", "registry.example:5000/team"));

    assertEquals("registry.example:5000/team/web", slipway.plan("dev").images().get("web").replaceAll(":src-.*", ""));
  }

  @Test
  void load_brokenScript_throwsWithTheFileAndLine() throws IOException {
    Path script = work.resolve("deploy.groovy");
    Files.writeString(script, "project 'broken'\nservice('web') {\n    image 'nginx:1.27'\n    dependsOn 'db'\n}\n");

    InvalidInputException error = assertThrows(InvalidInputException.class, () -> Slipway.load(script));

    String problem = error.problems().get(0).toString();
    assertTrue(problem.startsWith(script + ":4:"), problem);
  }

  @Test
  void plan_unknownEnvironment_isInvalidInput() {
    Slipway slipway = Slipway.load(Path.of("hello-flask/deploy.groovy"));

    InvalidInputException error = assertThrows(InvalidInputException.class, () -> slipway.plan("staging"));

    assertTrue(error.getMessage().contains("staging"), error.getMessage());
  }
}
