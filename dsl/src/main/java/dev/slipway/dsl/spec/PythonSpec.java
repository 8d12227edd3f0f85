package dev.slipway.dsl.spec;

/** Inside {@code python { ... }}: how to build a Python service's image. */
public interface PythonSpec {

  @Usage("version '3.12'")
  void version(String version);

  @Usage("baseImage 'python:3.12-slim'")
  void baseImage(String reference);

  @Usage("source 'api'")
  void source(String directory);

  @Usage("requirements 'api/requirements.txt'")
  void requirements(String file);

  @Usage("command 'gunicorn -b 0.0.0.0:8000 app:app'")
  void command(String command);

  /** Worker processes for the server Slipway chose (gunicorn, uvicorn, hypercorn): {@code --workers}. */
  @Usage("workers 3")
  void workers(int count);

  /** Seconds a worker may take for one request, gunicorn's {@code --timeout} (daphne's {@code --http-timeout}). */
  @Usage("timeout 60")
  void timeout(int seconds);
}
