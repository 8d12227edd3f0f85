package dev.slipway.core.detect;

import static dev.slipway.core.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.image.DependencyFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Detection against the small real-looking projects under {@code fixtures/detect} at the
 * repository's root, one per rule, with their own dependency files; and against trees written
 * here for the corners.
 */
class StartCommandDetectorTest {

  /** The repository's {@code fixtures/detect}: tests run in the module's directory, one below the root. */
  static final Path FIXTURES = Path.of("").toAbsolutePath().getParent().resolve("fixtures/detect");

  @TempDir Path app;

  /** Detects a fixture as resolving an environment does: with the dependency file found in it. */
  static StartCommandDetector.Detection fixture(String name) {
    Dependencies dependencies = DependencyFile.detect(FIXTURES, name).map(d -> Dependencies.of(d, FIXTURES)).orElse(Dependencies.NONE);
    return StartCommandDetector.detect(FIXTURES.resolve(name), 8000, dependencies);
  }

  static StartCommand detected(String name) {
    return fixture(name).command().orElseThrow(() -> new AssertionError(name + ": nothing detected: " + fixture(name).searched()));
  }

  private StartCommand detectedHere(String... requirements) {
    return StartCommandDetector.detect(app, 8000, Dependencies.named("requirements.txt", List.of(requirements))).command().orElseThrow();
  }

  // Rule 1: Flask, its own entry point or gunicorn.

  @Test
  void detect_flaskAppThatRunsItselfWithoutGunicorn_runsTheAuthorsEntryPoint() {
    StartCommand command = detected("flask-runs-itself");

    assertEquals("python app.py", command.command());
    assertEquals(
        "Flask app 'app' in app.py runs itself (app.run under if __name__ == '__main__', line 36); no gunicorn in requirements.txt", command.reason());
    assertEquals(Server.DEVELOPMENT, command.server());
    assertTrue(command.warnings().get(0).startsWith("Flask's development server serves this service"), command.warnings().toString());
  }

  @Test
  void detect_flaskInAPackageWithGunicorn_gunicornOnTheModulePath() {
    StartCommand command = detected("flask-package-gunicorn");

    assertEquals("gunicorn --bind 0.0.0.0:8000 web.app:app", command.command());
    assertEquals("Flask app 'app' in web/app.py; gunicorn in requirements.txt", command.reason());
    assertEquals(Server.GUNICORN, command.server());
    assertEquals(List.of(), command.warnings());
  }

  @Test
  void detect_flaskInAPackageThatRunsItselfWithoutGunicorn_runAsAModuleSoItsImportsWork() {
    StartCommand command =
        StartCommandDetector.detect(FIXTURES.resolve("flask-package-gunicorn"), 8000, Dependencies.named("requirements.txt", List.of("flask")))
            .command().orElseThrow();

    assertEquals("python -m web.app", command.command());
  }

  @Test
  void detect_flaskAppFactoryInPyproject_gunicornCallsTheFactory() {
    StartCommand command = detected("flask-factory-pyproject");

    assertEquals("gunicorn --bind 0.0.0.0:8000 'notes:create_app()'", command.command());
    assertEquals("Flask app factory create_app() in notes/__init__.py; gunicorn in pyproject.toml", command.reason());
  }

  @Test
  void detect_factoryCalledInWsgiPy_servesTheAppThatModuleMakes() {
    write(app, "blog/__init__.py", "from flask import Flask\n\ndef create_app():\n    app = Flask(__name__)\n    return app\n");
    write(app, "wsgi.py", "from blog import create_app\n\napp = create_app()\n");

    StartCommand command = detectedHere("flask", "gunicorn");

    assertEquals("gunicorn --bind 0.0.0.0:8000 wsgi:app", command.command());
    assertTrue(command.reason().contains("chosen over blog:create_app() in blog/__init__.py (an app object comes before a factory)"), command.reason());
  }

  // Rule 2: flask --app only from Flask 2.2.

  @Test
  void detect_flaskOlderThan22_flaskAppVariableInsteadOfTheAppOption() {
    StartCommand command = detected("flask-old");

    assertEquals("FLASK_APP=hello:app flask run --host 0.0.0.0 --port 8000", command.command());
    assertTrue(command.reason().endsWith("flask==1.1.4 predates flask --app (Flask 2.2), so FLASK_APP"), command.reason());
  }

  @Test
  void detect_flaskUpperBoundBelow22_flaskAppVariable() {
    write(app, "app.py", "from flask import Flask\napp = Flask(__name__)\n");

    assertEquals("FLASK_APP=app:app flask run --host 0.0.0.0 --port 8000", detectedHere("flask<2.2").command());
    assertEquals("FLASK_APP=app:app flask run --host 0.0.0.0 --port 8000", detectedHere("flask~=2.1.3").command());
  }

  @Test
  void detect_flask22OrUnpinned_flaskAppOption() {
    write(app, "app.py", "from flask import Flask\napp = Flask(__name__)\n");

    assertEquals("flask --app app:app run --host 0.0.0.0 --port 8000", detectedHere("flask>=2.0").command());
    assertEquals("flask --app app:app run --host 0.0.0.0 --port 8000", detectedHere("flask==2.2.0").command());
    assertEquals("flask --app app:app run --host 0.0.0.0 --port 8000", detectedHere("flask").command());
  }

  // Rule 3: Django, found through manage.py and the settings.

  @Test
  void detect_djangoWithGunicorn_wsgiApplicationFromTheSettings() {
    StartCommand command = detected("django-gunicorn");

    assertEquals("gunicorn --bind 0.0.0.0:8000 mysite.wsgi:application", command.command());
    assertEquals(
        "Django project (manage.py; manage.py names settings mysite.settings, whose WSGI_APPLICATION is mysite.wsgi.application);"
            + " gunicorn in requirements.txt",
        command.reason());
    assertEquals(Optional.empty(), command.importRoot());
  }

  @Test
  void detect_djangoWithoutServer_runserverWithADevelopmentServerWarning() {
    StartCommand command = detected("django-settings-package");

    assertEquals("python backend/manage.py runserver 0.0.0.0:8000", command.command());
    assertTrue(command.reason().contains("manage.py names settings config.settings.production, whose WSGI_APPLICATION is config.wsgi.application"),
        command.reason());
    assertEquals(Server.DEVELOPMENT, command.server());
    assertEquals(
        List.of("Django's development server (runserver) serves this service: it is not made for production; add gunicorn to pyproject.toml"
            + " and Slipway serves config.wsgi:application with it"),
        command.warnings());
  }

  @Test
  void detect_djangoInASubfolderWithGunicorn_importsFromThatFolder() {
    StartCommand command =
        StartCommandDetector.detect(FIXTURES.resolve("django-settings-package"), 8000, Dependencies.named("requirements.txt", List.of("django", "gunicorn")))
            .command().orElseThrow();

    assertEquals("gunicorn --bind 0.0.0.0:8000 config.wsgi:application", command.command());
    assertEquals(Optional.of("backend"), command.importRoot());
  }

  @Test
  void detect_djangoSettingsWithoutWsgiApplication_wsgiPyBesideTheSettingsPackage() {
    write(app, "manage.py", "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_config.settings.local')\n");
    write(app, "site_config/settings/local.py", "DEBUG = True\n");
    write(app, "site_config/wsgi.py", "application = None\n");

    StartCommand command = detectedHere("django", "gunicorn");

    assertEquals("gunicorn --bind 0.0.0.0:8000 site_config.wsgi:application", command.command());
    assertTrue(command.reason().contains("sets no WSGI_APPLICATION, site_config.wsgi.application is beside it"), command.reason());
  }

  @Test
  void detect_managePyThatIsNotDjangos_notTakenForDjango() {
    write(app, "manage.py", "from flask_script import Manager\nfrom app import app\nmanager = Manager(app)\n");
    write(app, "app.py", "from flask import Flask\napp = Flask(__name__)\n");

    assertEquals("gunicorn --bind 0.0.0.0:8000 app:app", detectedHere("flask", "gunicorn").command());
  }

  @Test
  void detect_djangoWithUvicornAndAsgiPy_uvicornOnTheAsgiApplication() {
    assertEquals("uvicorn chat.asgi:application --host 0.0.0.0 --port 8000", detected("django-asgi").command());
  }

  @Test
  void detect_djangoWithOnlyDaphne_daphne() {
    StartCommand command =
        StartCommandDetector.detect(FIXTURES.resolve("django-asgi"), 8000, Dependencies.named("requirements.txt", List.of("django", "channels[daphne]")))
            .command().orElseThrow();

    assertEquals("daphne -b 0.0.0.0 -p 8000 chat.asgi:application", command.command());
    assertEquals(Server.DAPHNE, command.server());
  }

  @Test
  void detect_djangoWithGunicornAndUvicorn_uvicornWorkersUnderGunicorn() {
    StartCommand command =
        StartCommandDetector.detect(FIXTURES.resolve("django-asgi"), 8000, Dependencies.named("requirements.txt", List.of("django", "gunicorn", "uvicorn")))
            .command().orElseThrow();

    assertEquals("gunicorn -k uvicorn.workers.UvicornWorker --bind 0.0.0.0:8000 chat.asgi:application", command.command());
  }

  // Rule 4: FastAPI and Starlette inside packages and src layouts.

  @Test
  void detect_fastApiInAPackage_uvicornOnTheModulePathIgnoringDocstringsAndTests() {
    StartCommand command = detected("fastapi-package");

    assertEquals("uvicorn app.main:app --host 0.0.0.0 --port 8000", command.command());
    assertEquals("FastAPI app 'app' in app/main.py; uvicorn in requirements.txt", command.reason());
  }

  @Test
  void detect_fastApiInSrcLayoutWithGunicorn_uvicornWorkersImportingFromSrc() {
    StartCommand command = detected("fastapi-src-gunicorn");

    assertEquals("gunicorn -k uvicorn.workers.UvicornWorker --bind 0.0.0.0:8000 ledger.api:app", command.command());
    assertEquals(Optional.of("src"), command.importRoot());
    assertEquals(Server.GUNICORN, command.server());
  }

  @Test
  void detect_starletteWithPoetryLock_uvicornFromTheLockFile() {
    StartCommand command = detected("starlette-poetry");

    assertEquals("uvicorn feeds.asgi:application --host 0.0.0.0 --port 8000", command.command());
    assertEquals("Starlette app 'application' in feeds/asgi.py; uvicorn in poetry.lock", command.reason());
  }

  @Test
  void detect_severalApps_prefersEntryPointNamesThenTheShallowestAndSaysWhy() {
    write(app, "admin/tools.py", "from fastapi import FastAPI\ntools = FastAPI()\n");
    write(app, "service/api/main.py", "from fastapi import FastAPI\napp = FastAPI()\n");
    write(app, "service/main.py", "from fastapi import FastAPI\napp = FastAPI()\n");

    StartCommand command = detectedHere("fastapi", "uvicorn");

    assertEquals("uvicorn service.main:app --host 0.0.0.0 --port 8000", command.command());
    assertTrue(
        command.reason().endsWith(
            "; chosen over service.api.main:app in service/api/main.py (it is less deep), admin.tools:tools in admin/tools.py"
                + " (main.py is named like an entry point)"),
        command.reason());
  }

  @Test
  void detect_fastApiFactory_uvicornFactoryOption() {
    write(app, "api/__init__.py", "");
    write(app, "api/factory.py", "from fastapi import FastAPI\n\n\ndef create_app(\n    debug: bool = False,\n) -> FastAPI:\n    return FastAPI(debug=debug)\n");

    assertEquals("uvicorn api.factory:create_app --factory --host 0.0.0.0 --port 8000", detectedHere("fastapi", "uvicorn").command());
  }

  @Test
  void detect_fastApiWithoutAnAsgiServer_uvicornWithAWarning() {
    write(app, "main.py", "from fastapi import FastAPI\napp = FastAPI()\n");

    StartCommand command = detectedHere("fastapi");

    assertEquals("uvicorn main:app --host 0.0.0.0 --port 8000", command.command());
    assertTrue(command.warnings().get(0).startsWith("uvicorn is not in requirements.txt"), command.warnings().toString());
  }

  @Test
  void detect_fastApiStandardExtra_bringsUvicornWithoutWarning() {
    write(app, "main.py", "from fastapi import FastAPI\napp = FastAPI()\n");

    assertEquals(List.of(), detectedHere("fastapi[standard]").warnings());
  }

  // Rule 5: the author's own statements before guesses.

  @Test
  void detect_procfileWebEntry_winsOverDjangoAndKeepsPort() {
    StartCommand command = detected("procfile-port");

    assertEquals("gunicorn blog.wsgi --bind 0.0.0.0:$PORT --access-logfile - --log-file -", command.command());
    assertEquals("the web: entry of Procfile", command.reason());
    assertEquals(Server.AUTHORS, command.server());
  }

  @Test
  void detect_procfileWithoutWebEntry_fallsBackToTheSource() {
    write(app, "Procfile", "worker: celery -A tasks worker\n");
    write(app, "main.py", "print('hi')\n");

    assertEquals("python main.py", detectedHere().command());
  }

  @Test
  void detect_projectScripts_callsTheServeScriptsFunctionFromSrc() {
    StartCommand command = detected("project-scripts");

    assertEquals("python -c 'import sys; from quotes.server import main; sys.exit(main())'", command.command());
    assertTrue(command.reason().startsWith("[project.scripts] 'serve' in pyproject.toml (quotes.server:main, the script named serve)"), command.reason());
    assertEquals(Optional.of("src"), command.importRoot());
  }

  @Test
  void detect_projectScriptsNoneNamedToStart_notDecisiveAndSaysWhy() {
    write(app, "pyproject.toml", "[project]\nname = \"tools\"\n\n[project.scripts]\nexport = \"tools.cli:export\"\nimport-data = \"tools.cli:load\"\n");
    write(app, "main.py", "print('tools')\n");

    StartCommandDetector.Detection detection = StartCommandDetector.detect(app, 8000, Dependencies.NONE);

    assertEquals("python main.py", detection.command().orElseThrow().command());
    assertTrue(detection.searched().contains(
        "[project.scripts] in pyproject.toml has 2 scripts (export, import-data), none of them named like the project (tools), serve, start or web"),
        detection.searched().toString());
  }

  @Test
  void detect_dockerfileEntrypointAndCmd_combinedAsDockerDoesOverAFlaskGuess() {
    StartCommand command = detected("dockerfile-cmd");

    assertEquals("gunicorn --config gunicorn.conf.py api:app", command.command());
    assertEquals(
        "the author's choice in Dockerfile (ENTRYPOINT [\"gunicorn\", \"--config\", \"gunicorn.conf.py\"] + CMD [\"api:app\"])", command.reason());
  }

  // Rule 8: what was looked for, and where.

  @Test
  void detect_nothingRecognisable_listsWhatWasLookedFor() {
    StartCommandDetector.Detection detection = fixture("nothing");

    assertEquals(Optional.empty(), detection.command());
    assertEquals(
        List.of(
            "a Procfile with a web: entry (there is no Procfile)",
            "a [project.scripts] or [tool.poetry.scripts] entry in pyproject.toml (none)",
            "ENTRYPOINT or CMD of a Dockerfile (none, or only a shell)",
            "a Django manage.py, up to 2 folders down (none that imports django)",
            "a Flask, FastAPI or Starlette app object (none in 1 module: top-level files, packages; tests, docs and virtualenvs skipped)",
            "a top-level main.py or app.py (none)"),
        detection.searched());
  }

  @Test
  void detect_plainScripts_mainPyBeforeAppPy() {
    write(app, "app.py", "print('app')\n");
    write(app, "main.py", "print('main')\n");

    StartCommand command = detectedHere();

    assertEquals("python main.py", command.command());
    assertEquals("main.py found, no web framework detected", command.reason());
  }
}
