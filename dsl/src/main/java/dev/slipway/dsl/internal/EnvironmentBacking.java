package dev.slipway.dsl.internal;

import dev.slipway.core.model.Environment;
import dev.slipway.core.model.ServicePatch;
import dev.slipway.core.model.SourceLocation;
import dev.slipway.core.model.TargetSpec;
import dev.slipway.core.problem.InvalidInputException;
import dev.slipway.dsl.spec.EnvironmentSpec;
import groovy.lang.Closure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Records one environment, e.g. {@code prod { target kubernetes(...); service('api') { ... } }}. */
public final class EnvironmentBacking implements EnvironmentSpec {

  private final ScriptContext context;
  private final String name;
  private final String extendsFrom;
  private final SourceLocation location;
  private final String block;
  private final SingleValues singleValues;
  private TargetSpec target;
  /** Target names written without {@code target} in front: nothing would deploy there. */
  private final List<TargetSpec> unused = new ArrayList<>();
  private final List<ServicePatch> overrides = new ArrayList<>();

  EnvironmentBacking(ScriptContext context, String name, String extendsFrom, SourceLocation location) {
    this.context = context;
    this.name = name;
    this.extendsFrom = extendsFrom;
    this.location = location;
    this.block = "environment '" + name + "'";
    this.singleValues = new SingleValues(context, block);
  }

  @Override
  public void target(TargetSpec spec) {
    if (spec == null) {
      throw context.error(block + ": target needs a target, e.g. target compose() or target kubernetes(namespace: 'shop')");
    }
    singleValues.given("target");
    unused.remove(spec);
    target = spec;
  }

  @Override
  public void service(String serviceName, Closure<?> body) {
    context.nonEmpty(serviceName, block + ": service name", "name the service to override, e.g. service('api') { replicas 3 }");
    ServiceBacking backing = ServiceBacking.forOverride(context, serviceName, context.here(), name);
    ScriptContext.configure(body, backing);
    overrides.add(backing.toPatch());
  }

  Environment build() {
    if (!unused.isEmpty()) {
      TargetSpec stray = unused.get(0);
      throw new InvalidInputException(stray.location(), block + ": " + stray.type() + "() on its own does nothing: write `target " + stray.type() + "(...)`"
          + " if it names a target, or use a keyword of " + block + " (" + String.join(", ", ScriptContext.keywordsOf(EnvironmentSpec.class)) + ")");
    }
    return new Environment(name, Optional.ofNullable(extendsFrom), Optional.ofNullable(target), overrides, location);
  }

  /**
   * {@code compose()}, {@code kubernetes(namespace: 'shop')}, or any other installed target's name
   * with named settings: the DSL does not list targets, so a target added on the class path needs
   * no change here. Whether one by that name exists is checked with the rest of the model.
   */
  public Object methodMissing(String method, Object args) {
    Object[] arguments = args instanceof Object[] array ? array : new Object[] {args};
    boolean namedSettingsOnly = arguments.length == 0 || (arguments.length == 1 && arguments[0] instanceof Map<?, ?>);
    if (!namedSettingsOnly || context.scriptDefines(method, arguments)) {
      return context.missingMethod(block, EnvironmentSpec.class, method, args);
    }
    Map<String, String> settings = new LinkedHashMap<>();
    if (arguments.length == 1) {
      ((Map<?, ?>) arguments[0]).forEach((key, value) -> settings.put(String.valueOf(key), String.valueOf(value)));
    }
    TargetSpec spec = new TargetSpec(ClosureMethodShadowing.keywordOf(method), settings, context.here());
    unused.add(spec);
    return spec;
  }

  public Object propertyMissing(String property) {
    return context.missingProperty(block, EnvironmentSpec.class, property);
  }
}
