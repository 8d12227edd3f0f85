package dev.slipway.cli;

import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway logs}: the services' recent log lines, or a live tail of them. */
@Command(name = "logs", description = "The last log lines of the environment's services (or one service).")
final class LogsCommand extends DeployedEnvironmentCommand {

  @Parameters(paramLabel = "SERVICE", arity = "0..1", description = "Only this service.")
  String service;

  @Option(names = "--tail", paramLabel = "N", description = "Lines per service (default: ${DEFAULT-VALUE}).", defaultValue = "100")
  int tail;

  // Not -f: every command takes -f for the script, as in `slipway logs -f deploy.groovy`.
  @Option(names = "--follow", description = "Keep printing new lines until Ctrl-C.")
  boolean follow;

  @Override
  Integer run(Workspace workspace) {
    if (service != null) {
      workspace.checkServices(plan, List.of(service));
    }
    if (follow) {
      workspace.logsFor(plan, "logs").followLogs(current(), Optional.ofNullable(service), tail, context, line -> {
        out().println(line);
        out().flush();
      });
    } else {
      out().print(workspace.logsFor(plan, "logs").logs(current(), Optional.ofNullable(service), tail, context));
    }
    return ExitCode.OK;
  }
}
