package dev.slipway.core.plan;

import java.util.List;

/** The plan's DAG as Mermaid or Graphviz dot, one cluster per stage. */
public final class PlanGraph {

  public enum Format {
    MERMAID,
    DOT
  }

  private PlanGraph() {}

  public static String render(Plan plan, Format format) {
    return format == Format.MERMAID ? mermaid(plan) : dot(plan);
  }

  private static String mermaid(Plan plan) {
    StringBuilder text = new StringBuilder("flowchart LR\n");
    for (String stage : plan.stages()) {
      List<Step> steps = plan.stepsOf(stage);
      text.append("  subgraph ").append(node("stage:" + stage)).append("[\"stage ").append(stage).append("\"]\n");
      steps.forEach(s -> text.append("    ").append(node(s.id())).append("[\"").append(s.id()).append("\"]\n"));
      text.append("  end\n");
    }
    for (Step step : plan.steps()) {
      step.after().forEach(a -> text.append("  ").append(node(a)).append(" --> ").append(node(step.id())).append('\n'));
    }
    return text.toString();
  }

  private static String dot(Plan plan) {
    StringBuilder text = new StringBuilder("digraph plan {\n  rankdir=LR;\n  node [shape=box];\n");
    for (String stage : plan.stages()) {
      text.append("  subgraph \"cluster_").append(stage).append("\" {\n    label=\"stage ").append(stage).append("\";\n");
      plan.stepsOf(stage).forEach(s -> text.append("    \"").append(s.id()).append("\";\n"));
      text.append("  }\n");
    }
    for (Step step : plan.steps()) {
      step.after().forEach(a -> text.append("  \"").append(a).append("\" -> \"").append(step.id()).append("\";\n"));
    }
    return text.append("}\n").toString();
  }

  /** Mermaid ids cannot hold ':'. */
  private static String node(String id) {
    return id.replaceAll("[^A-Za-z0-9_]", "_");
  }
}
