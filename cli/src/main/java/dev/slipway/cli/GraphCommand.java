package dev.slipway.cli;

import dev.slipway.core.plan.PlanGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slipway graph}: the plan's DAG for diagram tools. */
@Command(name = "graph", description = "Print the plan's step graph as Mermaid or Graphviz dot.")
final class GraphCommand extends EnvironmentCommand {

  enum Format {
    mermaid,
    dot
  }

  @Option(names = "--format", paramLabel = "FORMAT", description = "mermaid or dot (default: ${DEFAULT-VALUE}).", defaultValue = "mermaid")
  Format format;

  @Override
  Integer execute(Workspace workspace) {
    out().print(PlanGraph.render(plan, format == Format.mermaid ? PlanGraph.Format.MERMAID : PlanGraph.Format.DOT));
    return ExitCode.OK;
  }
}
