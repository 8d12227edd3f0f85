package dev.slipway.core.plan;

import static dev.slipway.core.TestFiles.write;
import static dev.slipway.core.model.TestModel.HERE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.model.Pipeline;
import dev.slipway.core.model.Port;
import dev.slipway.core.model.Project;
import dev.slipway.core.model.PythonBuild;
import dev.slipway.core.model.PythonBuild.ServerSetting;
import dev.slipway.core.model.Service;
import dev.slipway.core.model.ServiceBuilder;
import dev.slipway.core.model.SourceLocation;
import dev.slipway.core.problem.InvalidInputException;
import dev.slipway.core.problem.Problem;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resolving an environment decides each Python service's start command once: detected or given,
 * with {@code workers} and {@code timeout} applied, checked against the port the service
 * declares, and with the {@code PORT} the container gets.
 */
class StartCommandResolutionTest {

  private static final Path FIXTURES = Path.of("").toAbsolutePath().getParent().resolve("fixtures/detect");
  private static final SourceLocation PYTHON_LINE = SourceLocation.at("deploy.groovy", 3);
  private static final SourceLocation WORKERS_LINE = SourceLocation.at("deploy.groovy", 4);
  private static final SourceLocation TIMEOUT_LINE = SourceLocation.at("deploy.groovy", 5);
  private static final SourceLocation PORT_LINE = SourceLocation.at("deploy.groovy", 7);

  @TempDir Path base;

  private static PythonBuild python(String source, String command, Integer workers, Integer timeout) {
    return new PythonBuild(
        PythonBuild.DEFAULT_VERSION, Optional.empty(), source, Optional.empty(), Optional.ofNullable(command),
        Optional.ofNullable(workers).map(w -> new ServerSetting(w, WORKERS_LINE)), Optional.ofNullable(timeout).map(t -> new ServerSetting(t, TIMEOUT_LINE)),
        PYTHON_LINE);
  }

  private static ServiceBuilder web(PythonBuild python) {
    return ServiceBuilder.service("web", HERE).python(python);
  }

  private static PythonBuild.Resolution decided(Path baseDir, Service service) {
    Project project = new Project("shop", Optional.empty(), List.of(service), List.of(), Pipeline.DEFAULT, baseDir, HERE, HERE);
    return Environments.resolve(project, "dev").services().get(0).python().orElseThrow().decided();
  }

  private static List<Problem> problems(Path baseDir, Service service) {
    Project project = new Project("shop", Optional.empty(), List.of(service), List.of(), Pipeline.DEFAULT, baseDir, HERE, HERE);
    return assertThrows(InvalidInputException.class, () -> Environments.resolve(project, "dev")).problems();
  }

  @Test
  void resolve_gunicornWithWorkersAndTimeout_bothBecomeGunicornOptions() {
    PythonBuild.Resolution decided = decided(FIXTURES, web(python("flask-package-gunicorn", null, 3, 60)).port(new Port(8000, 8000, PORT_LINE)).build());

    assertEquals("gunicorn --bind 0.0.0.0:8000 web.app:app --workers 3 --timeout 60", decided.command());
    assertEquals(8000, decided.port());
  }

  @Test
  void resolve_uvicornWithWorkers_workersOption() {
    PythonBuild.Resolution decided = decided(FIXTURES, web(python("fastapi-package", null, 4, null)).port(8000).build());

    assertEquals("uvicorn app.main:app --host 0.0.0.0 --port 8000 --workers 4", decided.command());
  }

  @Test
  void resolve_uvicornWithTimeout_errorAtTheTimeoutLineSayingItIsGunicorns() {
    List<Problem> problems = problems(FIXTURES, web(python("fastapi-package", null, null, 30)).port(8000).build());

    assertEquals(
        List.of(new Problem(TIMEOUT_LINE, "service 'web': timeout 30 cannot apply: uvicorn has no request timeout (timeout is gunicorn's --timeout 30):"
            + " add gunicorn to requirements.txt (Slipway then runs uvicorn workers under gunicorn --timeout 30), or remove timeout")),
        problems);
  }

  @Test
  void resolve_workersWithTheAuthorsOwnCommand_errorAtTheWorkersLine() {
    List<Problem> problems = problems(FIXTURES, web(python("procfile-port", null, 2, null)).port(8000).build());

    assertEquals(1, problems.size());
    assertEquals(WORKERS_LINE, problems.get(0).location());
    assertEquals(
        "service 'web': workers 2 cannot apply: the start command `gunicorn blog.wsgi --bind 0.0.0.0:$PORT --access-logfile - --log-file -` is"
            + " the author's own (the web: entry of Procfile), which Slipway runs as written: put the server's option into it (gunicorn's is"
            + " --workers 2), or remove workers",
        problems.get(0).message());
  }

  @Test
  void resolve_workersWithAGivenCommand_errorAtTheWorkersLine() {
    write(base, "app/worker.py", "print('working')\n");

    List<Problem> problems = problems(base, web(python("app", "python worker.py", 2, null)).build());

    assertEquals(WORKERS_LINE, problems.get(0).location());
    assertTrue(problems.get(0).message().contains("the author's own (given in deploy.groovy:3)"), problems.get(0).message());
  }

  @Test
  void resolve_workersWithDjangosDevelopmentServer_errorSuggestingGunicorn() {
    List<Problem> problems = problems(FIXTURES, web(python("django-settings-package", null, 2, null)).port(8000).build());

    assertEquals(
        List.of(new Problem(WORKERS_LINE, "service 'web': workers 2 cannot apply: `python backend/manage.py runserver 0.0.0.0:8000` runs a"
            + " development server, which has no workers: add gunicorn to pyproject.toml (Slipway then runs gunicorn --workers 2), or remove workers")),
        problems);
  }

  @Test
  void resolve_appHardCodesAnotherPortAndLocalhost_locatedErrorsNamingFileLineAndBothPorts() {
    List<Problem> problems = problems(FIXTURES, web(python("flask-hardcoded-port", null, null, null)).port(new Port(8000, 8000, PORT_LINE)).build());

    assertEquals(
        List.of(
            new Problem(PYTHON_LINE, "service 'web': nothing would answer on its port: server.py:12 (app.run) listens on 127.0.0.1 (its default),"
                + " which only the container itself reaches: pass host='0.0.0.0'"),
            new Problem(PORT_LINE, "service 'web': nothing would answer on its port: server.py:12 (app.run) serves on port 5000, but the service's"
                + " port is 8000: write `port 5000` for the service, or read the PORT variable the container gets:"
                + " port=int(os.environ.get('PORT', 5000))")),
        problems);
  }

  @Test
  void resolve_appReadsPort_noProblemAndThePortInTheContainer() {
    PythonBuild.Resolution decided = decided(FIXTURES, web(python("flask-runs-itself", null, null, null)).port(9000).build());

    assertEquals("python app.py", decided.command());
    assertEquals(9000, decided.port());
    assertEquals(1, decided.commandWarnings().size());
  }

  @Test
  void resolve_givenCommandBindsAnotherPort_errorAtThePortLine() {
    write(base, "app/app.py", "print('x')\n");

    List<Problem> problems =
        problems(base, web(python("app", "gunicorn --bind 0.0.0.0:5000 app:app", null, null)).port(new Port(8000, 8000, PORT_LINE)).build());

    assertEquals(PORT_LINE, problems.get(0).location());
    assertTrue(problems.get(0).message().contains("`gunicorn --bind 0.0.0.0:5000 app:app` serves on port 5000, but the service's port is 8000"),
        problems.get(0).message());
  }

  @Test
  void resolve_serviceWithoutPort_containerPortIsTheServersDefault() {
    write(base, "app/main.py", "from fastapi import FastAPI\napp = FastAPI()\n");
    write(base, "app/requirements.txt", "fastapi\nuvicorn\n");

    PythonBuild.Resolution decided = decided(base, web(python("app", null, null, null)).build());

    assertEquals(Environments.DEFAULT_PORT, decided.port());
    assertEquals("uvicorn main:app --host 0.0.0.0 --port 8000", decided.command());
  }

  @Test
  void resolve_srcLayout_importRootDecidedForTheImage() {
    PythonBuild.Resolution decided = decided(FIXTURES, web(python("fastapi-src-gunicorn", null, 2, 30)).port(8000).build());

    assertEquals("gunicorn -k uvicorn.workers.UvicornWorker --bind 0.0.0.0:8000 ledger.api:app --workers 2 --timeout 30", decided.command());
    assertEquals(Optional.of("src"), decided.importRoot());
    assertEquals(Optional.of("fastapi-src-gunicorn/pyproject.toml"), decided.dependencyFile());
  }
}
