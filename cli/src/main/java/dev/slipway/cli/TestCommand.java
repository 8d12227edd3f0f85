package dev.slipway.cli;

import dev.slipway.core.build.BuildStage;
import dev.slipway.core.build.ContainerEngine;
import dev.slipway.core.build.TestStage;
import dev.slipway.core.model.Project;
import dev.slipway.core.plan.Plan;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code slipway test}: build what is out of date, then run each service's pytest suite against its image. */
@Command(
    name = "test",
    description = "Build (what is out of date) and run each service's pytest suite against exactly its image's dependencies.")
final class TestCommand implements Callable<Integer> {

  @Mixin ScriptOptions script;
  @Mixin EnvironmentOption environment;
  @Mixin BuildOptions build;

  @Spec CommandSpec spec;
  @ParentCommand SlipwayCommand root;

  @Override
  public Integer call() throws Exception {
    Workspace workspace = root.workspace();
    Project project = workspace.load(script);
    Plan plan = workspace.plan(project, environment.name, false);
    TestStage.Options options =
        new TestStage.Options(ContainerEngine.detect(), build.python(), workspace.stateDir(project), build.pip(project));
    BuildCommand.build(workspace, project, plan, build, Set.of(), Optional.of(options), spec);
    return ExitCode.OK;
  }
}
