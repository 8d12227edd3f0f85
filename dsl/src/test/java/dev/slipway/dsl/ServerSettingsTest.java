package dev.slipway.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.slipway.core.model.Project;
import dev.slipway.core.model.PythonBuild;
import dev.slipway.core.plan.Environments;
import dev.slipway.core.problem.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code workers} and {@code timeout} in {@code python { }}: recorded with their lines, checked where written, applied by the server. */
class ServerSettingsTest {

  @TempDir Path dir;

  private Path script(String text) throws IOException {
    Path file = dir.resolve("deploy.groovy");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void workersAndTimeout_recordedWithTheirLines() throws IOException {
    Path file = script("project 'shop'\nservice('api') {\n  python {\n    source 'api'\n    workers 3\n    timeout 60\n  }\n}\n");

    PythonBuild python = DeployScripts.evaluate(file, Map.of()).service("api").orElseThrow().python().orElseThrow();

    assertEquals(Optional.of(3), python.workers().map(PythonBuild.ServerSetting::value));
    assertEquals(5, python.workers().orElseThrow().location().line());
    assertEquals(Optional.of(60), python.timeout().map(PythonBuild.ServerSetting::value));
    assertEquals(6, python.timeout().orElseThrow().location().line());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '#',
      quoteCharacter = '"',
      textBlock =
          """
          workers 0                 # python { } of service 'api': workers 0 must be a positive whole number, e.g. workers 3
          timeout(-5)               # python { } of service 'api': timeout -5 must be a positive whole number, e.g. timeout 60 (seconds)
          timeout -5                # 'timeout' in python { } of service 'api' needs its arguments: write timeout 60
          workers '3'               # 'workers' in python { } of service 'api' got wrong arguments: write workers 3
          timeout 1.5               # 'timeout' in python { } of service 'api' got wrong arguments: write timeout 60
          worker 3                  # unknown keyword 'worker' in python { } of service 'api' (did you mean 'workers'?)
          workers 2; workers 4      # workers given twice in python { } of service 'api' (first at line 3): keep one
          """)
  void badServerSetting_errorAtItsLine(String line, String expected) throws IOException {
    Path file = script("project 'shop'\nservice('api') {\n  python { source 'api'; " + line + " }\n}\n");

    InvalidInputException error = assertThrows(InvalidInputException.class, () -> DeployScripts.evaluate(file, Map.of()));

    assertEquals(List.of("3: " + expected), error.problems().stream().map(p -> p.location().line() + ": " + p.message()).toList());
  }

  @Test
  void workersWithAProcfileCommand_resolvingTheEnvironmentFailsAtTheWorkersLine() throws IOException {
    Files.createDirectories(dir.resolve("api"));
    Files.writeString(dir.resolve("api/Procfile"), "web: gunicorn app:app --bind 0.0.0.0:$PORT\n");
    Path file = script("project 'shop'\nservice('api') {\n  python {\n    source 'api'\n    workers 3\n  }\n  port 8000\n}\n");
    Project project = DeployScripts.evaluate(file, Map.of());

    InvalidInputException error = assertThrows(InvalidInputException.class, () -> Environments.resolve(project, "dev"));

    assertEquals(5, error.problems().get(0).location().line());
    assertEquals(
        "service 'api': workers 3 cannot apply: the start command `gunicorn app:app --bind 0.0.0.0:$PORT` is the author's own (the web: entry"
            + " of Procfile), which Slipway runs as written: put the server's option into it (gunicorn's is --workers 3), or remove workers",
        error.problems().get(0).message());
  }
}
