package dev.slipway.core.detect;

/**
 * What serves the app a start command runs: a server Slipway chose and can pass {@code workers}
 * and {@code timeout} to, a development server, or a command the author wrote, which Slipway
 * does not change.
 */
public enum Server {
  GUNICORN("gunicorn"),
  UVICORN("uvicorn"),
  HYPERCORN("hypercorn"),
  DAPHNE("daphne"),
  WAITRESS("waitress"),
  /** Flask's or Django's own server, or an app's {@code app.run()}: not made for production. */
  DEVELOPMENT("a development server"),
  /** A command from the script, a Procfile, a Dockerfile or {@code [project.scripts]}. */
  AUTHORS("the author's own command");

  private final String label;

  Server(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
