package dev.slipway.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.slipway.core.problem.InvalidInputException;
import dev.slipway.core.problem.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the DSL rejects in a keyword's arguments before any rule runs: empty names and paths, one-value keywords given twice. */
class ArgumentRulesTest {

  @TempDir Path dir;

  /** The one problem of {@code project 'shop'} followed by {@code lines}, as {@code line: message}. */
  private String problemOf(String lines) throws IOException {
    Path file = dir.resolve("deploy.groovy");
    Files.writeString(file, "project 'shop'\n" + lines.replace(" | ", "\n") + "\n");
    InvalidInputException error = assertThrows(InvalidInputException.class, () -> DeployScripts.evaluate(file, Map.of()));
    assertEquals(1, error.problems().size(), error.getMessage());
    Problem problem = error.problems().get(0);
    return problem.location().line() + ": " + problem.message();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '#',
      quoteCharacter = '"',
      textBlock =
          """
          def r = setting('', 'x')                                   # 2: setting name is empty: name the --set key to read, e.g. setting('registry', 'localhost:5000/shop')
          def r = setting('  ', 'x')                                 # 2: setting name is empty: name the --set key to read, e.g. setting('registry', 'localhost:5000/shop')
          registry ''                                                # 2: registry is empty: write registry 'localhost:5000/shop', or leave it out to name images <project>/<service>
          service('') { image 'redis:7' }                            # 2: service name is empty: name it, e.g. service('api') { ... }
          service('w') { python { source '' } }                      # 2: python { } of service 'w': source is empty: name the app directory, e.g. source 'api' (or '.' for the script's own)
          service('w') { python { source 'a'; requirements '' } }    # 2: python { } of service 'w': requirements is empty: name the dependency file, e.g. requirements 'api/requirements.txt', or leave it out to detect it
          service('w') { python { source 'a'; command ' ' } }        # 2: python { } of service 'w': command is empty: write the start command, e.g. command 'gunicorn -b 0.0.0.0:8000 app:app', or leave it out to detect it
          service('w') { image 'redis:7'; secret 'A', fromEnv: '' }  # 2: service 'w': secret 'A': fromEnv is empty: name the variable that holds it, e.g. fromEnv: 'SHOP_DB_PASSWORD'
          service('w') { image 'redis:7'; secret 'A', fromFile: '' } # 2: service 'w': secret 'A': fromFile is empty: name the file that holds it, e.g. fromFile: 'secrets/db.txt'
          service('w') { image 'redis:7'; dependsOn 'db', '' }       # 2: service 'w': dependsOn name is empty: name the service to start after, e.g. dependsOn 'db'
          service('w') { image 'redis:7'; volume '', '/data' }       # 2: service 'w': volume name is empty: name it, e.g. volume 'pgdata', '/var/lib/postgresql/data'
          service('w') { image 'redis:7' | test { pytest 't', '' } } # 3: test { } of service 'w': pytest path is empty: name the tests' directory, relative to deploy.groovy, e.g. pytest 'api/tests'
          pip { findLinks '' }                                       # 2: pip { }: findLinks is empty: name a wheel directory or URL, e.g. findLinks 'wheels'
          pip { indexUrl '' }                                        # 2: pip { }: indexUrl is empty: write the index's URL, e.g. indexUrl 'https://pypi.internal/simple', or leave it out for PyPI
          pipeline { stage('') { deploy() } }                        # 2: pipeline { }: stage name is empty: name it, e.g. stage('deploy') { deploy() }
          environments { prod(extends: '') { target compose() } }    # 2: environment 'prod': extends is empty: name the environment to extend, e.g. staging(extends: 'prod')
          environments { prod { service('') { replicas 2 } } }       # 2: environment 'prod': service name is empty: name the service to override, e.g. service('api') { replicas 3 }
          """)
  void emptyNameOrPath_isALocatedError(String lines, String expected) throws IOException {
    assertEquals(expected, problemOf(lines));
  }

  @Test
  void emptyProjectName_isALocatedError() throws IOException {
    Path file = dir.resolve("deploy.groovy");
    Files.writeString(file, "service('db') { image 'redis:7' }\nproject ''\n");
    Problem problem = assertThrows(InvalidInputException.class, () -> DeployScripts.evaluate(file, Map.of())).problems().get(0);
    assertEquals("2: project name is empty: name the project, e.g. project 'shop'", problem.location().line() + ": " + problem.message());
  }
}
