package dev.slipway.core.build;

import static dev.slipway.core.model.TestModel.HERE;
import static dev.slipway.core.model.TestModel.service;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slipway.core.cache.CacheDirectory;
import dev.slipway.core.event.Event;
import dev.slipway.core.model.Project;
import dev.slipway.core.model.PythonBuild;
import dev.slipway.core.model.TargetSpec;
import dev.slipway.core.model.TestModel;
import dev.slipway.core.plan.Plan;
import dev.slipway.core.plan.Planner;
import dev.slipway.core.secret.SecretValues;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildStageTest {

  @TempDir Path state;

  private static PythonBuild.Resolution decided(String command, int port, Optional<String> importRoot) {
    return new PythonBuild.Resolution(Optional.empty(), false, command, "test", List.of(), port, importRoot);
  }

  @Test
  void entrypoint_plainCommand_splitIntoArguments() {
    assertEquals(List.of("gunicorn", "--bind", "0.0.0.0:8000", "app:app"), BuildStage.entrypoint("gunicorn --bind 0.0.0.0:8000 app:app"));
  }

  @Test
  void entrypoint_variableAssignmentFirst_runsUnderShell() {
    assertEquals(
        List.of("sh", "-c", "exec FLASK_APP=hello:app flask run --host 0.0.0.0 --port 8000"),
        BuildStage.entrypoint("FLASK_APP=hello:app flask run --host 0.0.0.0 --port 8000"));
  }

  @Test
  void entrypoint_procfilePort_runsUnderShellWhichExpandsIt() {
    assertEquals(List.of("sh", "-c", "exec gunicorn blog.wsgi --bind 0.0.0.0:$PORT"), BuildStage.entrypoint("gunicorn blog.wsgi --bind 0.0.0.0:$PORT"));
  }

  @Test
  void environment_portAlwaysAndTheImportRootBeforeTheDependencies() {
    Map<String, String> environment = BuildStage.environment(decided("uvicorn ledger.api:app", 9000, Optional.of("src")));

    assertEquals("9000", environment.get("PORT"));
    assertEquals("/app/src:" + ImageBuilder.SITE_PACKAGES, environment.get("PYTHONPATH"));
    assertEquals(ImageBuilder.SITE_PACKAGES, BuildStage.environment(decided("python app.py", 8000, Optional.empty())).get("PYTHONPATH"));
  }

  /** The plan shows a start command's warnings; a build or deploy run says them again as events before it builds. */
  @Test
  void imageBuilds_startCommandWithWarnings_warningEvents() {
    Path fixtures = Path.of("").toAbsolutePath().getParent().resolve("fixtures/detect");
    Project project = TestModel.project("shop", fixtures, new TargetSpec("compose", Map.of(), HERE),
        service("web").python("flask-runs-itself", null).port(8000).build());
    Plan plan = new Planner(new Planner.Options(new SecretValues(Map.of(), fixtures), false)).plan(project, "env");
    List<String> warnings = new ArrayList<>();
    BuildStage stage = new BuildStage(
        new BuildStage.Options(new ImageDestination.Tar(state), PipOptions.DEFAULTS, "python3", new CacheDirectory(state)),
        event -> {
          if (event instanceof Event.Warning warning) {
            warnings.add(warning.message());
          }
        });

    stage.imageBuilds(project, plan, Set.of());

    assertEquals(
        List.of("service 'web': Flask's development server serves this service: it is not made for production; add gunicorn to requirements.txt"
            + " and Slipway serves the app with it"),
        warnings);
  }
}
