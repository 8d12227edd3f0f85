package dev.slipway.cli;

import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code slipway test}: build what is out of date, then run each service's pytest suite against its image. */
@Command(
    name = "test",
    description = "Build (what is out of date) and run each service's pytest suite against exactly its image's dependencies.")
final class TestCommand extends EnvironmentCommand {

  @Mixin BuildOptions build;

  @Override
  Integer execute(Workspace workspace) throws Exception {
    build.build(workspace, project, plan, Set.of(), Optional.of(build.testStage(project, workspace.caches())), printer(build.json()));
    return ExitCode.OK;
  }
}
