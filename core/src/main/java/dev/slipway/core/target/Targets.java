package dev.slipway.core.target;

import dev.slipway.core.model.TargetSpec;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** The targets installed on the class path. */
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
}
