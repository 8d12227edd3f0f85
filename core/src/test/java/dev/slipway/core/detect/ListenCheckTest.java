package dev.slipway.core.detect;

import static dev.slipway.core.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListenCheckTest {

  @TempDir Path app;

  private List<ListenCheck.Kind> kinds(String command, Integer... ports) {
    return ListenCheck.check(app, Optional.empty(), command, List.of(ports)).stream().map(ListenCheck.Finding::kind).toList();
  }

  @Test
  void check_serverBindsTheServicePortOnAllInterfaces_nothing() {
    assertEquals(List.of(), kinds("gunicorn --bind 0.0.0.0:8000 app:app", 8000));
    assertEquals(List.of(), kinds("uvicorn main:app --host 0.0.0.0 --port 8000", 8000));
    assertEquals(List.of(), kinds("daphne -b 0.0.0.0 -p 8000 chat.asgi:application", 8000));
    assertEquals(List.of(), kinds("python manage.py migrate && python manage.py runserver 0:8000", 8000));
    assertEquals(List.of(), kinds("FLASK_APP=app flask run --host 0.0.0.0 --port 8000", 8000));
  }

  @Test
  void check_portFromTheEnvironment_trusted() {
    assertEquals(List.of(), kinds("gunicorn app:app --bind 0.0.0.0:$PORT", 8000));
    assertEquals(List.of(), kinds("uvicorn main:app --host 0.0.0.0 --port ${PORT:-8000}", 8000));
  }

  @Test
  void check_anotherLiteralPort_portFinding() {
    assertEquals(List.of(ListenCheck.Kind.PORT), kinds("gunicorn -b 0.0.0.0:5000 app:app", 8000));
    assertEquals(List.of(ListenCheck.Kind.PORT), kinds("python -m uvicorn main:app --host=0.0.0.0 --port=9000", 8000));
  }

  @Test
  void check_oneOfSeveralServicePorts_fine() {
    assertEquals(List.of(), kinds("gunicorn -b 0.0.0.0:9090 app:app", 8000, 9090));
  }

  @Test
  void check_loopbackHost_hostFinding() {
    assertEquals(List.of(ListenCheck.Kind.HOST), kinds("uvicorn main:app --host 127.0.0.1 --port 8000", 8000));
    assertEquals(List.of(ListenCheck.Kind.HOST), kinds("python manage.py runserver 8000", 8000));
  }

  @Test
  void check_runserverWithoutAddress_djangosDefaultIsLoopback() {
    assertEquals(List.of(ListenCheck.Kind.HOST), kinds("python manage.py runserver", 8000));
  }

  @Test
  void check_serviceWithoutPorts_nothingToCompare() {
    assertEquals(List.of(), kinds("gunicorn -b 127.0.0.1:5000 app:app"));
  }

  @Test
  void check_scriptReadingPortThroughAVariable_trusted() {
    write(app, "main.py", "import os\nimport uvicorn\nfrom fastapi import FastAPI\napp = FastAPI()\n\n"
        + "def main():\n    port = int(os.getenv('PORT', '8000'))\n    uvicorn.run(app, host='0.0.0.0', port=port)\n\n"
        + "if __name__ == '__main__':\n    main()\n");

    assertEquals(List.of(), kinds("python main.py", 9000));
  }

  @Test
  void check_scriptWithUvicornRunDefaults_hostFinding() {
    write(app, "main.py", "import uvicorn\nfrom fastapi import FastAPI\napp = FastAPI()\nif __name__ == '__main__':\n    uvicorn.run('main:app')\n");

    List<ListenCheck.Finding> findings = ListenCheck.check(app, Optional.empty(), "python main.py", List.of(8000));

    assertEquals(1, findings.size());
    assertEquals(ListenCheck.Kind.HOST, findings.get(0).kind());
    assertEquals("main.py:5 (uvicorn.run) listens on 127.0.0.1 (its default), which only the container itself reaches: pass host='0.0.0.0'",
        findings.get(0).message());
  }

  @Test
  void check_moduleInAPackageWithPositionalArguments_read() {
    write(app, "web/__init__.py", "");
    write(app, "web/app.py", "from flask import Flask\napp = Flask(__name__)\nHOST = '0.0.0.0'\n"
        + "if __name__ == \"__main__\":\n    app.run(HOST, 5001)  # port: see README\n");

    assertEquals(List.of(ListenCheck.Kind.PORT), kinds("python -m web.app", 8000));
  }

  @Test
  void commands_splitAtShellOperatorsWithQuotesKept() {
    assertEquals(
        List.of(List.of("python", "-c", "import a; a.b()"), List.of("gunicorn", "x:y")),
        ListenCheck.commands("python -c 'import a; a.b()' && gunicorn x:y"));
  }
}
