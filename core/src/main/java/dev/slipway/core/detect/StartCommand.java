package dev.slipway.core.detect;

/**
 * How a Python service starts, and why Slipway chose it, so the plan can show both.
 *
 * @param reason e.g. {@code Flask app in app.py, gunicorn in requirements}
 */
public record StartCommand(String command, String reason) {}
