package dev.slipway.core.plan;

import dev.slipway.core.model.ResolvedEnvironment;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The plan as people read it: stable, aligned, one step per block, its warnings last. */
public final class PlanText {

  private PlanText() {}

  public static String render(Plan plan) {
    ResolvedEnvironment environment = plan.environment();
    StringBuilder text = new StringBuilder();
    text.append("Plan for project '").append(environment.project().name())
        .append("', environment '").append(environment.name())
        .append("' -> ").append(environment.target().describe()).append('\n');
    text.append("Stages run in order; a stage starts when every step of the one before it has succeeded.\n");
    for (String stage : plan.stages()) {
      List<Step> steps = plan.stepsOf(stage);
      text.append('\n').append("stage ").append(stage);
      if (steps.isEmpty()) {
        text.append("  (nothing to do)");
      }
      text.append('\n');
      for (Step step : steps) {
        text.append("  ").append(step.id()).append("  ").append(step.summary()).append('\n');
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("why", step.reason());
        if (!step.after().isEmpty()) {
          rows.put("after", String.join(", ", step.after()));
        }
        rows.putAll(step.inputs());
        int width = rows.keySet().stream().mapToInt(String::length).max().orElse(0);
        rows.forEach(
            (key, value) -> text.append("      ").append(key).append(" ".repeat(width - key.length() + 2)).append(value).append('\n'));
      }
    }
    Map<StepKind, Long> counts =
        plan.steps().stream().collect(Collectors.groupingBy(Step::kind, LinkedHashMap::new, Collectors.counting()));
    String summary =
        Arrays.stream(StepKind.values())
            // Most pipelines run no one-off command; their summary need not say so.
            .filter(kind -> kind != StepKind.RUN_ONCE || counts.containsKey(kind))
            .map(kind -> counts.getOrDefault(kind, 0L) + " " + kind.idFor("").replace(":", ""))
            .collect(Collectors.joining(", "));
    text.append('\n').append(plan.steps().size()).append(" steps (").append(summary).append("). Nothing has been changed.\n");
    plan.warnings().forEach(warning -> text.append("warning: ").append(warning).append('\n'));
    return text.toString();
  }
}
