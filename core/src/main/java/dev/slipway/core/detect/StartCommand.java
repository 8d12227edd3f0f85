package dev.slipway.core.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a Python service starts, and why Slipway chose it, so the plan can show both.
 *
 * @param reason e.g. {@code Flask app 'app' in app.py; gunicorn in requirements.txt}
 * @param server what runs the app, which decides what {@code workers} and {@code timeout} become
 * @param importRoot the directory below the source that imports start from, e.g. {@code src} of a
 *     src layout or the folder holding Django's {@code manage.py}; the image puts it on {@code
 *     PYTHONPATH}
 * @param warnings what the user should know about this choice, e.g. that it is a development server
 */
public record StartCommand(String command, String reason, Server server, Optional<String> importRoot, List<String> warnings) {

  public StartCommand {
    warnings = List.copyOf(warnings);
  }

  /** A command the author wrote, run as written. */
  public static StartCommand authors(String command, String reason) {
    return new StartCommand(command, reason, Server.AUTHORS, Optional.empty(), List.of());
  }

  /** This command with {@code options} appended, e.g. {@code --workers 3}. */
  StartCommand with(String options) {
    return new StartCommand(command + " " + options, reason, server, importRoot, warnings);
  }

  /** This command with one more warning. */
  StartCommand warning(String warning) {
    List<String> more = new ArrayList<>(warnings);
    more.add(warning);
    return new StartCommand(command, reason, server, importRoot, more);
  }

  /** This command with {@code more} added to its reason, e.g. what else was found. */
  StartCommand reason(String more) {
    return new StartCommand(command, reason + more, server, importRoot, warnings);
  }
}
