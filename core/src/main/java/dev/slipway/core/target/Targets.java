package dev.slipway.core.target;

import dev.slipway.core.model.TargetSpec;
import dev.slipway.core.problem.InvalidInputException;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** The targets installed on the class path, and what each of them can do. */
public final class Targets {

  private final List<Target> installed;

  public Targets(List<Target> installed) {
    this.installed = List.copyOf(installed);
  }

  public static Targets discover() {
    return new Targets(ServiceLoader.load(Target.class).stream().map(ServiceLoader.Provider::get).toList());
  }

  public Optional<Target> forSpec(TargetSpec spec) {
    return installed.stream().filter(t -> t.supports(spec)).findFirst();
  }

  /** Type names, sorted, for error messages and help. */
  public List<String> types() {
    return installed.stream().map(Target::type).sorted().toList();
  }

  /**
   * The live side of the target {@code spec} names, for {@code command}.
   *
   * @throws InvalidInputException at the script's {@code target} line when that target only renders
   */
  public LiveTarget live(TargetSpec spec, String command) {
    if (forSpec(spec).orElseThrow(() -> unknown(spec)) instanceof LiveTarget live) {
      return live;
    }
    throw new InvalidInputException(
        spec.location(),
        "target " + spec.type() + "() only renders here, so `slipway " + command + "` cannot use it: render its files with"
            + " `slipway render` and apply them with the target's own tools, or deploy to a target that applies (" + String.join(", ", liveTypes()) + ")");
  }

  /** Where {@code command} reads logs from, for the target {@code spec} names. */
  public LogSource logs(TargetSpec spec, String command) {
    if (live(spec, command) instanceof LogSource logs) {
      return logs;
    }
    throw new InvalidInputException(spec.location(), "target " + spec.type() + "() cannot show logs: use the target's own tools to read them");
  }

  /** What {@code command} asks for a diff against the live target, for the target {@code spec} names. */
  public DiffSource diffs(TargetSpec spec, String command) {
    if (live(spec, command) instanceof DiffSource diffs) {
      return diffs;
    }
    throw new InvalidInputException(spec.location(), "target " + spec.type() + "() cannot compare a rendering with what runs: use"
        + " `slipway render` and the target's own tools");
  }

  /**
   * What runs the one-off commands ({@code run service: ..., command: ...}) of a pipeline, for the
   * target {@code spec} names.
   *
   * @throws InvalidInputException at the script's {@code target} line when that target cannot run them
   */
  public OneOffRunner oneOffRunner(TargetSpec spec, String command) {
    if (forSpec(spec).orElseThrow(() -> unknown(spec)) instanceof OneOffRunner runner) {
      return runner;
    }
    List<String> able = installed.stream().filter(OneOffRunner.class::isInstance).map(Target::type).sorted().toList();
    throw new InvalidInputException(spec.location(), "target " + spec.type() + "() cannot run the pipeline's one-off commands (`run service:"
        + " ..., command: ...`), so `slipway " + command + "` cannot use it here: drop the run from the pipeline or deploy to a target"
        + " that can (" + String.join(", ", able) + ")");
  }

  private List<String> liveTypes() {
    return installed.stream().filter(LiveTarget.class::isInstance).map(Target::type).sorted().toList();
  }

  private InvalidInputException unknown(TargetSpec spec) {
    return new InvalidInputException(spec.location(), "no target '" + spec.type() + "' is installed; installed: " + String.join(", ", types()));
  }
}
