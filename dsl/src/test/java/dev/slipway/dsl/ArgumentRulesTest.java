package dev.slipway.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.slipway.core.model.Service;
import dev.slipway.core.problem.InvalidInputException;
import dev.slipway.core.problem.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

  @ParameterizedTest
  @CsvSource(
      delimiter = '#',
      quoteCharacter = '"',
      textBlock =
          """
          registry 'a.io/x' | registry 'b.io/x'                                    # 3: registry given twice (first at line 2): keep one
          registry 'a.io/x' | registry 'b.io/x', insecure: true                    # 3: registry given twice (first at line 2): keep one
          pip { indexUrl 'https://a/simple' | indexUrl 'https://b/simple' }       # 3: indexUrl given twice in pip { } (first at line 2): keep one
          service('w') { python { source 'a' | source 'b' } }                      # 3: source given twice in python { } of service 'w' (first at line 2): keep one
          service('w') { python { source 'a'; version '3.11'; version '3.12' } }   # 2: version given twice in python { } of service 'w' (first at line 2): keep one
          service('w') { python { source 'a'; baseImage 'a:1' | baseImage 'b:1' } } # 3: baseImage given twice in python { } of service 'w' (first at line 2): keep one
          service('w') { python { source 'a'; requirements 'r.txt' | requirements 's.txt' } } # 3: requirements given twice in python { } of service 'w' (first at line 2): keep one
          service('w') { python { source 'a'; command 'a' | command 'b' } }       # 3: command given twice in python { } of service 'w' (first at line 2): keep one
          service('w') { python { source 'a' } | python { source 'b' } }           # 3: python given twice in service 'w' (first at line 2): keep one
          service('w') { image 'redis:7' | image 'redis:8' }                       # 3: image given twice in service 'w' (first at line 2): keep one
          service('w') { image 'redis:7'; health tcp(1) | health http('/'), deadline: 5 } # 3: health given twice in service 'w' (first at line 2): keep one
          service('w') { python { source 'a' }; test { pytest 't' } | test { pytest 'u' } } # 3: test given twice in service 'w' (first at line 2): keep one
          service('w') { image 'redis:7'; replicas 2 | replicas 3 }                # 3: replicas given twice in service 'w' (first at line 2): keep one
          service('w') { image 'redis:7'; autoscale min: 1, max: 2 | autoscale min: 1, max: 3 } # 3: autoscale given twice in service 'w' (first at line 2): keep one
          service('w') { image 'redis:7'; resources cpu: '1' | resources memory: '1Gi' } # 3: resources given twice in service 'w' (first at line 2): keep one
          service('w') { image 'redis:7'; restart 'no' | restart 'always' }        # 3: restart given twice in service 'w' (first at line 2): keep one
          service('w') { image 'redis:7'; rolling true | rolling false }           # 3: rolling given twice in service 'w' (first at line 2): keep one
          environments { prod { target compose() | target kubernetes() } }        # 3: target given twice in environment 'prod' (first at line 2): keep one
          environments { prod { target compose(); service('w') { replicas 2 | replicas 3 } } } # 3: replicas given twice in service 'w' of environment 'prod' (first at line 2): keep one
          """)
  void oneValueKeywordGivenTwice_isAnErrorAtTheSecondNamingTheFirst(String lines, String expected) throws IOException {
    assertEquals(expected, problemOf(lines));
  }

  /** What the README calls additive adds up: ports, env, secrets, dependencies, volumes, pytest paths, wheel directories. */
  @Test
  void additiveKeywordsGivenTwice_addUp() throws IOException {
    Path file = dir.resolve("deploy.groovy");
    Files.writeString(
        file,
        """
        project 'shop'
        pip { findLinks 'a'; findLinks 'b' }
        service('w') {
            python { source 'a' }
            port 8000; port 9000
            env A: '1'; env B: '2'
            secret 'S', fromEnv: 'S'; secret 'T', fromEnv: 'T'
            dependsOn 'x'; dependsOn 'y'
            volume 'v', '/v'; volume 'u', '/u'
            test { pytest 't'; pytest 'u' }
        }
        """);

    Service service = DeployScripts.evaluate(file, Map.of()).service("w").orElseThrow();

    assertEquals(
        List.of(2, 2, 2, 2, 2, 2),
        List.of(
            service.ports().size(), service.env().size(), service.secrets().size(), service.dependsOn().size(),
            service.volumes().size(), service.test().orElseThrow().pytestPaths().size()));
  }
}
