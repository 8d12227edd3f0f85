package dev.slipway.core.plan;

import dev.slipway.core.model.ResolvedEnvironment;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a deploy of one environment would do, before anything is done: steps in stage order,
 * each after the steps it needs. Stages run in order; a stage starts when every step of the one
 * before it has succeeded.
 *
 * @param images the image every service runs: planned tags for built services, as written for others
 * @param builds what each built service's image is made of, as hashed for its tag; the build
 *     stage uses these rather than reading the sources again
 * @param warnings what would make a deploy fail that the plan itself could do without, such as a
 *     secret whose source is missing on this machine; never a secret's value
 */
public record Plan(
    ResolvedEnvironment environment, List<String> stages, List<Step> steps, Map<String, String> images, Map<String, ImageInputs> builds,
    List<String> warnings) {

  public Plan {
    stages = List.copyOf(stages);
    steps = List.copyOf(steps);
    images = Map.copyOf(images);
    builds = Map.copyOf(builds);
    warnings = List.copyOf(warnings);
  }

  public Optional<Step> step(String id) {
    return steps.stream().filter(s -> s.id().equals(id)).findFirst();
  }

  public List<Step> stepsOf(String stage) {
    return steps.stream().filter(s -> s.stage().equals(stage)).toList();
  }
}
