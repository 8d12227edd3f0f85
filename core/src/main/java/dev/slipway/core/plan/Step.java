package dev.slipway.core.plan;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One node of the plan's DAG.
 *
 * @param summary what it does, e.g. {@code build image localhost:5000/shop/api:src-1a2b}
 * @param reason why it exists, pointing at the script
 * @param inputs what it reads, in display order (base image, start command, ...)
 * @param after ids of steps that must succeed first
 */
public record Step(
    String id,
    StepKind kind,
    String service,
    String stage,
    String summary,
    String reason,
    Map<String, String> inputs,
    List<String> after) {

  public Step {
    inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    after = List.copyOf(after);
  }

  /** This step, also waiting for {@code more}. */
  public Step withAfter(Collection<String> more) {
    Set<String> all = new LinkedHashSet<>(after);
    all.addAll(more);
    return new Step(id, kind, service, stage, summary, reason, inputs, List.copyOf(all));
  }
}
