package dev.slipway.cli;

import dev.slipway.core.build.BuildStage;
import dev.slipway.core.build.TestStage;
import dev.slipway.core.exec.BuildRun;
import dev.slipway.core.model.Project;
import dev.slipway.core.plan.Plan;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code slipway build}: the plan's build steps. */
@Command(
    name = "build",
    description = "Build the images of an environment's Python services (dependencies, then code, as separate layers) and push them.")
final class BuildCommand implements Callable<Integer> {

  @Mixin ScriptOptions script;
  @Mixin EnvironmentOption environment;
  @Mixin BuildOptions build;

  @Parameters(paramLabel = "SERVICE", arity = "0..*", description = "Only these services (default: all that are built from source).")
  List<String> services = new ArrayList<>();

  @Spec CommandSpec spec;
  @ParentCommand SlipwayCommand root;

  @Override
  public Integer call() throws Exception {
    Workspace workspace = root.workspace();
    Project project = workspace.load(script);
    Plan plan = workspace.plan(project, environment.name, false);
    workspace.checkServices(plan, services);
    Map<String, BuildStage.Built> built = build(workspace, project, plan, build, new LinkedHashSet<>(services), Optional.empty(), spec);
    PrintWriter out = spec.commandLine().getOut();
    if (!build.json()) {
      built.values().forEach(b -> out.println(b.service() + ": " + b.image().pinned()));
    }
    return ExitCode.OK;
  }

  /**
   * Runs the build steps (and the test steps when {@code test} is given) on the executor.
   *
   * @throws Exception the first failed step's cause, which picks the exit code
   */
  static Map<String, BuildStage.Built> build(
      Workspace workspace, Project project, Plan plan, BuildOptions build, Set<String> only, Optional<TestStage.Options> test, CommandSpec spec)
      throws Exception {
    EventPrinter printer = new EventPrinter(spec.commandLine().getOut(), EventPrinter.styleFor(build.json()));
    BuildRun.Outcome outcome = new BuildRun(build.buildStage(project, workspace.stateDir(project)), test, Runtime.getRuntime().availableProcessors(), printer)
        .run(project, plan, only);
    Optional<Throwable> failure = outcome.steps().failures().values().stream().findFirst();
    if (failure.isPresent() && failure.get() instanceof Exception cause) {
      throw cause;
    }
    return outcome.built();
  }
}
