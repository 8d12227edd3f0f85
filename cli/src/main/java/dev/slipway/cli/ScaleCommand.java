package dev.slipway.cli;

import dev.slipway.core.exec.ScaleRun;
import dev.slipway.core.release.Release;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code slipway scale}: how many copies of some services run, changed now and recorded as a
 * release, without a build. The script's {@code replicas} stays the truth: the next deploy of such
 * a service applies it again (with a warning naming the count it replaces).
 */
@Command(
    name = "scale",
    description = "Run SERVICE=COUNT copies of services now, through the same health-gated path as a deploy, recorded as a release;"
        + " the next deploy of a scaled service applies the script's replicas again.")
final class ScaleCommand extends DeployedEnvironmentCommand {

  @Parameters(paramLabel = "SERVICE=COUNT", arity = "1..*", description = "A service and how many copies of it should run (1 or more).")
  List<String> counts = new ArrayList<>();

  @Override
  Integer run(Workspace workspace) {
    Map<String, Integer> replicas = replicas();
    workspace.checkServices(plan, List.copyOf(replicas.keySet()));
    Release release = ScaleRun.run(plan, workspace.liveTargetFor(plan, "scale"), context, state, replicas, deployOrder());
    out().println("release " + release.number() + ": " + release.outcome() + " — "
        + replicas.entrySet().stream().map(e -> e.getKey() + " runs " + e.getValue() + (e.getValue() == 1 ? " copy" : " copies")).collect(Collectors.joining(", ")));
    return ExitCode.OK;
  }

  private Map<String, Integer> replicas() {
    Map<String, Integer> replicas = new LinkedHashMap<>();
    for (String count : counts) {
      int equals = count.indexOf('=');
      if (equals <= 0 || !count.substring(equals + 1).matches("-?\\d{1,6}")) {
        throw Workspace.commandLineError("'" + count + "' is not SERVICE=COUNT, e.g. api=3");
      }
      String service = count.substring(0, equals);
      int copies = Integer.parseInt(count.substring(equals + 1));
      if (copies < 1) {
        // Zero would leave a service that others may depend on without a copy to pass its check: destroy stops an environment.
        throw Workspace.commandLineError(count + ": a service runs 1 copy or more");
      }
      if (replicas.put(service, copies) != null) {
        throw Workspace.commandLineError("service '" + service + "' is given twice");
      }
    }
    return replicas;
  }
}
