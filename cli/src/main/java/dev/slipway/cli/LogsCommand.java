package dev.slipway.cli;

import dev.slipway.core.target.LogSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway logs}: the services' recent log lines, or a live tail of them. */
@Command(name = "logs", description = "The last log lines of the environment's services (or of those named).")
final class LogsCommand extends DeployedEnvironmentCommand {

  @Parameters(paramLabel = "SERVICE", arity = "0..*", description = "Only these services.")
  List<String> services = new ArrayList<>();

  @Option(names = "--tail", paramLabel = "N", description = "Lines per service (default: ${DEFAULT-VALUE}).", defaultValue = "100")
  int tail;

  // Not -f: every command takes -f for the script, as in `slipway logs -f deploy.groovy`.
  @Option(names = "--follow", description = "Keep printing new lines until Ctrl-C.")
  boolean follow;

  /** Each named service followed on a thread of its own (the target follows one service or all), their lines interleaved as they come. */
  private void followed(LogSource logs) {
    if (services.size() <= 1) {
      logs.followLogs(current(), services.stream().findFirst(), tail, context, this::printLine);
      return;
    }
    List<Thread> followers = new ArrayList<>();
    for (String service : services) {
      Thread follower = new Thread(() -> logs.followLogs(current(), Optional.of(service), tail, context, this::printLine), "slipway-logs-" + service);
      follower.setDaemon(true);
      follower.start();
      followers.add(follower);
    }
    try {
      for (Thread follower : followers) {
        follower.join();
      }
    } catch (InterruptedException e) {
      followers.forEach(Thread::interrupt);
      Thread.currentThread().interrupt();
    }
  }

  private synchronized void printLine(String line) {
    out().println(line);
    out().flush();
  }

  @Override
  Integer run(Workspace workspace) {
    workspace.checkServices(plan, services);
    LogSource logs = workspace.logsFor(plan, "logs");
    if (follow) {
      followed(logs);
    } else if (services.isEmpty()) {
      out().print(logs.logs(current(), Optional.empty(), tail, context));
    } else {
      services.forEach(service -> out().print(logs.logs(current(), Optional.of(service), tail, context)));
    }
    return ExitCode.OK;
  }
}
