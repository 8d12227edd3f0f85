package dev.slipway.cli;

import dev.slipway.core.release.Release;
import dev.slipway.core.release.ReleaseStore;
import dev.slipway.core.target.TargetStatus;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code slipway status}: what runs now, asked of the target, and which release that is: per
 * service its instances, health, restarts, CPU and memory against their limits, uptime, last
 * health check and metrics endpoint. Exits 1 unless every service runs and is healthy, so that a
 * script can tell from the exit code alone; {@code --watch} reads it again and again.
 */
@Command(name = "status", description = "Services, images, health, restarts, CPU, memory, uptime and the current release; exits 1 unless every service runs and is healthy.")
final class StatusCommand extends DeployedEnvironmentCommand {

  @Parameters(paramLabel = "SERVICE", arity = "0..*", description = "Only these services; the exit code judges only them.")
  List<String> services = new ArrayList<>();

  enum Output {
    text,
    json
  }

  /** Clear the screen and go home, as {@code watch} and {@code top} redraw. */
  private static final String CLEAR = "\033[H\033[2J";

  @Option(names = "--output", paramLabel = "FORMAT", description = "text or json (default: ${DEFAULT-VALUE}).", defaultValue = "text")
  Output output;

  @Option(names = "--watch", description = "Read the status again every --interval seconds until Ctrl-C; exits with the last reading's code.")
  boolean watch;

  @Option(names = "--interval", paramLabel = "SECONDS", description = "Seconds between readings with --watch (default: ${DEFAULT-VALUE}).", defaultValue = "2")
  int interval;

  @Option(names = "--count", paramLabel = "N", description = "With --watch: stop after N readings (for scripts); 0 means until Ctrl-C (default).", defaultValue = "0")
  int count;

  @Override
  PrintWriter eventsOut() {
    // Warnings (an interrupted release) must not break the JSON a script reads from standard output.
    return output == Output.json ? spec.commandLine().getErr() : out();
  }

  @Override
  Integer run(Workspace workspace) throws InterruptedException {
    workspace.checkServices(plan, services);
    if (!watch) {
      return show(read(workspace), false);
    }
    if (interval < 1 || count < 0) {
      spec.commandLine().getErr().println("--interval must be at least 1 second and --count at least 0");
      return ExitCode.INVALID_INPUT;
    }
    AtomicInteger last = new AtomicInteger(ExitCode.FAILED);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread watcher = Thread.currentThread();
    // Ctrl-C ends the watch: the exit code is the last reading's, as a script that stops it expects.
    // The watcher is interrupted so that a reading under way stops its processes; the hook does not
    // wait for the JVM's own exit, which blocks while hooks run.
    Thread onCtrlC = new Thread(() -> {
      watcher.interrupt();
      try {
        stopped.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      out().flush();
      Runtime.getRuntime().halt(last.get());
    }, "status-watch-stop");
    Runtime.getRuntime().addShutdownHook(onCtrlC);
    try {
      for (int reading = 1; count == 0 || reading <= count; reading++) {
        if (reading > 1) {
          Thread.sleep(interval * 1000L);
        }
        last.set(show(read(workspace), true));
      }
      return last.get();
    } catch (InterruptedException stoppedByCtrlC) {
      return last.get();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(onCtrlC);
      } catch (IllegalStateException alreadyShuttingDown) {
        // the hook runs and exits with the last reading's code
      }
      stopped.countDown();
    }
  }

  /** Prints one reading; on a terminal a watch redraws the screen, elsewhere it adds a block (text) or a line (JSON) per reading. */
  private int show(StatusReport report, boolean watching) {
    if (output == Output.json) {
      out().print(watching ? report.jsonLine() : report.json());
    } else if (watching) {
      String header = "every " + interval + "s, " + report.readAt() + " (Ctrl-C to stop)\n";
      out().print((terminal().redraws() ? CLEAR : "\n") + header + report.text());
    } else {
      out().print(report.text());
    }
    out().flush();
    if (report.state().equals("deployed") && !report.problems().isEmpty()) {
      spec.commandLine().getErr().println(report.environment() + ": " + String.join("; ", report.problems()));
      spec.commandLine().getErr().flush();
    }
    return report.exitCode();
  }

  private StatusReport read(Workspace workspace) {
    ReleaseStore store = releases();
    List<Release> all = store.all();
    String environment = plan.environment().name();
    if (all.isEmpty() && store.damaged().isEmpty()) {
      return StatusReport.notDeployed(environment, Instant.now());
    }
    Optional<Release> lastDestroy = all.stream().filter(r -> Release.DESTROYED.equals(r.outcome())).reduce((a, b) -> b);
    Optional<Release> current = store.current();
    if (current.isEmpty() && lastDestroy.isPresent()) {
      return StatusReport.destroyed(environment, lastDestroy.get(), newer(all, lastDestroy.get().number()), Instant.now());
    }
    TargetStatus status = workspace.liveTargetFor(plan, "status").status(current(), context);
    return StatusReport.deployed(environment, current, newer(all, current.map(Release::number).orElse(0)), status.about(), rows(status), Instant.now());
  }

  /** The services the reading shows, in the target's order: those named, or all. */
  private List<TargetStatus.ServiceStatus> rows(TargetStatus status) {
    return status.services().stream().filter(s -> services.isEmpty() || services.contains(s.name())).toList();
  }

  /** A newer release that did not succeed may have changed part of what runs: never keep quiet about it. */
  private static Optional<Release> newer(List<Release> all, int than) {
    return all.stream().reduce((a, b) -> b).filter(newest -> newest.number() > than);
  }
}
