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
}
