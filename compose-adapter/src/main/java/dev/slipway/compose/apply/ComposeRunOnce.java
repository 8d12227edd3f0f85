package dev.slipway.compose.apply;

import dev.slipway.core.event.Event;
import dev.slipway.core.event.EventListener;
import dev.slipway.core.io.AtomicFiles;
import dev.slipway.core.plan.StepKind;
import dev.slipway.core.target.OneOffRunner;
import dev.slipway.core.target.TargetFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A pipeline's one-off command on Compose: {@code compose run --rm --no-deps -T --entrypoint sh
 * <service> -c <command>}, with the project's name, so it joins the service's networks and
 * volumes, and gets its env, secrets, project files and host mounts from the release's compose
 * file, as the service's own containers do.
 *
 * <p>{@code --no-deps}: nothing else is started for it, as on Kubernetes; a command that needs the
 * database must come after the stage that deploys it. {@code --entrypoint sh}: a built image's
 * entrypoint is the start command, which would otherwise take the command as its arguments; a
 * Kubernetes Job's {@code command} replaces the entrypoint the same way.
 */
final class ComposeRunOnce {

  /** Where the release's compose file is written for runs: not the applied one, which status reads while the previous release still runs. */
  static final String FILE = "one-off/compose.yaml";

  private final ComposeCli cli;
  private final EventListener events;

  ComposeRunOnce(ComposeCli cli, EventListener events) {
    this.cli = cli;
    this.events = events;
  }

  static Path write(Path stateDir, String content) {
    Path file = stateDir.resolve(FILE);
    try {
      Files.createDirectories(file.getParent());
      AtomicFiles.write(file, content);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  void run(ComposeProject project, OneOffRunner.OneOff run) {
    String container = containerName(project, run);
    String what = "`" + run.command() + "` in service '" + run.service() + "' (stage '" + run.stage() + "')";
    // A run whose Slipway was killed leaves its container behind, and its name would be taken.
    removeContainer(project, container);
    events.on(new Event.StepProgress(Instant.now(), stepId(run), -1,
        project.cli.describe() + " run " + run.service() + ", up to " + run.deadline().toSeconds() + " s"));
    long started = System.nanoTime();
    ComposeCli.Result result;
    try {
      result = project.run(List.of("run", "--rm", "--no-deps", "-T", "--name", container, "--entrypoint", "sh", run.service(), "-c", run.command()),
          Math.max(1, run.deadline().toSeconds()));
    } catch (TargetFailure interrupted) {
      if (Thread.interrupted()) {
        // Stopping the Compose client leaves the container running; the engine stops it.
        removeContainer(project, container);
        Thread.currentThread().interrupt();
      }
      throw interrupted;
    }
    if (result.ok()) {
      return;
    }
    if (ComposeCli.saysUnreachable(result.output())) {
      throw ComposeCli.engineUnreachable(project.cli.describe());
    }
    if (Duration.ofNanos(System.nanoTime() - started).compareTo(run.deadline()) >= 0) {
      removeContainer(project, container);
      showLastLines(what, result.output());
      throw new TargetFailure(what + " did not finish within " + run.deadline().toSeconds() + " s and was stopped: its last output lines are above;"
          + " give it more time with timeout: (seconds) on the run", false);
    }
    showLastLines(what, result.output());
    throw new TargetFailure(what + " exited with code " + result.exitCode() + ": " + ComposeProject.lastLine(result.output())
        + " (its last output lines are above): fix it and deploy again", false);
  }

  private void showLastLines(String what, String output) {
    List<String> lines = output.lines().toList();
    List<String> last = lines.subList(Math.max(0, lines.size() - ComposeLogs.ON_FAILURE), lines.size());
    events.on(new Event.Warning(Instant.now(), "last " + last.size() + " output lines of " + what + ":\n" + String.join("\n", last)));
  }

  private void removeContainer(ComposeProject project, String container) {
    cli.engine(project.environment.project().baseDir(), List.of("rm", "-f", container), 60);
  }

  /** {@code <project>-<env>-<service>-<stage>-run}: what an engine accepts as a container name, one per run of a deploy. */
  static String containerName(ComposeProject project, OneOffRunner.OneOff run) {
    String name = project.environment.qualifiedName() + "-" + run.service() + "-" + run.stage() + "-run";
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]+", "-");
  }

  /** The run's step in the plan, which its progress belongs to. */
  static String stepId(OneOffRunner.OneOff run) {
    return StepKind.RUN_ONCE.idFor(run.stage(), run.service());
  }
}
