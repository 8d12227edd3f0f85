package dev.slipway.compose.apply;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The log lines of a project's services, as {@code compose logs} prints them. */
final class ComposeLogs {

  /** How many lines a deploy shows of a service that failed to start. */
  static final int ON_FAILURE = 50;

  private final ComposeProject project;

  ComposeLogs(ComposeProject project) {
    this.project = project;
  }

  /** The last {@code lines} lines of {@code service}, or of all services when it is empty. */
  String tail(Optional<String> service, int lines) {
    List<String> args = new ArrayList<>(List.of("logs", "--no-color", "--tail", String.valueOf(lines)));
    service.ifPresent(args::add);
    return project.run(args, 60).output();
  }

  /** The last {@code lines} lines, then each new one, until the services stop or this thread is interrupted. */
  void follow(Optional<String> service, int lines, Consumer<String> sink) {
    List<String> args = new ArrayList<>(List.of("logs", "--no-color", "--follow", "--tail", String.valueOf(lines)));
    service.ifPresent(args::add);
    project.stream(args, sink);
  }
}
