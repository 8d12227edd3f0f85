package dev.slipway.cli;

import dev.slipway.core.build.BuildStage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code slipway build}: the plan's build steps. */
@Command(
    name = "build",
    description = "Build the images of an environment's built services (Python: dependencies, then code, as separate layers; Dockerfile: with the local engine) and push them.")
final class BuildCommand extends EnvironmentCommand {

  @Mixin BuildOptions build;

  @Parameters(paramLabel = "SERVICE", arity = "0..*", description = "Only these services (default: all that are built, from Python source or a Dockerfile).")
  List<String> services = new ArrayList<>();

  @Override
  Integer execute(Workspace workspace) throws Exception {
    workspace.checkServices(plan, services);
    Map<String, BuildStage.Built> built = build.build(workspace, project, plan, new LinkedHashSet<>(services), Optional.empty(), printer(build.json()));
    finishOutput();
    if (!build.json()) {
      // What a deploy runs: the digest in a registry; the content tag in the engine or a tar.
      built.values().forEach(b -> out().println(b.service() + ": " + b.reference()));
    }
    return ExitCode.OK;
  }
}
