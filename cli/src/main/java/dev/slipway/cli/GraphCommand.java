package dev.slipway.cli;

import dev.slipway.core.plan.Plan;
import dev.slipway.core.plan.PlanGraph;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code slipway graph}: the plan's DAG for diagram tools. */
@Command(name = "graph", description = "Print the plan's step graph as Mermaid or Graphviz dot.")
final class GraphCommand implements Callable<Integer> {

  enum Format {
    mermaid,
    dot
  }

  @Mixin ScriptOptions script;
  @Mixin EnvironmentOption environment;

  @Option(names = "--format", paramLabel = "FORMAT", description = "mermaid or dot (default: ${DEFAULT-VALUE}).", defaultValue = "mermaid")
  Format format;

  @Spec CommandSpec spec;
  @ParentCommand SlipwayCommand root;

  @Override
  public Integer call() {
    Workspace workspace = root.workspace();
    Plan plan = workspace.plan(workspace.load(script), environment.name, false);
    spec.commandLine().getOut().print(
        PlanGraph.render(plan, format == Format.mermaid ? PlanGraph.Format.MERMAID : PlanGraph.Format.DOT));
    return ExitCode.OK;
  }
}
