package dev.slipway.core.detect;

import static dev.slipway.core.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartCommandDetectorTest {

  @TempDir Path app;

  private static final String FLASK_APP = "from flask import Flask\n\napp = Flask(__name__)\n";
  private static final String FASTAPI_APP = "import fastapi\n\napi = fastapi.FastAPI(title='shop')\n";

  private Optional<StartCommand> detect(String... packages) {
    return StartCommandDetector.detect(app, 8000, Set.of(packages));
  }

  @Test
  void detect_procfileWithWebEntry_usesItOverAnyFramework() {
    write(app, "Procfile", "worker: celery -A tasks worker\nweb: gunicorn shop:app --workers 4\n");
    write(app, "main.py", FASTAPI_APP);

    assertEquals(
        Optional.of(new StartCommand("gunicorn shop:app --workers 4", "the web: entry of Procfile")), detect());
  }

  @Test
  void detect_procfileWithoutWebEntry_fallsBackToTheSource() {
    write(app, "Procfile", "worker: celery -A tasks worker\n");
    write(app, "main.py", "print('hi')\n");

    assertEquals("python main.py", detect().orElseThrow().command());
  }

  @Test
  void detect_djangoProject_gunicornOnTheWsgiModule() {
    write(app, "manage.py", "import django\n");
    write(app, "shop/wsgi.py", "application = get_wsgi_application()\n");
    write(app, "shop/settings.py", "");

    StartCommand command = StartCommandDetector.detect(app, 8080, Set.of()).orElseThrow();

    assertEquals("gunicorn --bind 0.0.0.0:8080 shop.wsgi:application", command.command());
    assertEquals("Django project (manage.py and shop/wsgi.py)", command.reason());
  }

  @Test
  void detect_fastApi_uvicornModuleAndVariable() {
    write(app, "main.py", FASTAPI_APP);

    assertEquals(
        Optional.of(
            new StartCommand("uvicorn main:api --host 0.0.0.0 --port 8000", "FastAPI app 'api' in main.py")),
        detect());
  }

  @Test
  void detect_flaskWithGunicornDependency_gunicorn() {
    write(app, "server.py", FLASK_APP);

    assertEquals(
        Optional.of(
            new StartCommand(
                "gunicorn --bind 0.0.0.0:8000 server:app", "Flask app 'app' in server.py, gunicorn in dependencies")),
        detect("flask", "gunicorn"));
  }

  @Test
  void detect_flaskWithoutGunicorn_flasksOwnServerAndSaysWhy() {
    write(app, "app.py", FLASK_APP);

    StartCommand command = detect("flask").orElseThrow();

    assertEquals("python -m flask --app app:app run --host 0.0.0.0 --port 8000", command.command());
    assertTrue(command.reason().startsWith("Flask app 'app' in app.py; gunicorn is not in dependencies"), command.reason());
    assertTrue(command.reason().contains("add gunicorn for production"), command.reason());
  }

  @Test
  void detect_plainScripts_mainPyBeforeAppPy() {
    write(app, "app.py", "print('app')\n");
    write(app, "main.py", "print('main')\n");

    assertEquals(
        Optional.of(new StartCommand("python main.py", "main.py found, no web framework detected")), detect());
  }

  @Test
  void detect_onlyAppPy_pythonAppPy() {
    write(app, "app.py", "print('app')\n");

    assertEquals("python app.py", detect().orElseThrow().command());
  }

  @Test
  void detect_nothingRecognisable_empty() {
    write(app, "worker.py", "print('working')\n");
    write(app, "README.md", "# shop\n");

    assertEquals(Optional.empty(), detect());
  }
}
