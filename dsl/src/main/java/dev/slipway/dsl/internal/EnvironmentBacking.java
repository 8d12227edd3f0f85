package dev.slipway.dsl.internal;

import dev.slipway.core.model.Environment;
import dev.slipway.core.model.ServicePatch;
import dev.slipway.core.model.SourceLocation;
import dev.slipway.core.model.TargetSpec;
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
  private TargetSpec target;
  private final List<ServicePatch> overrides = new ArrayList<>();

  EnvironmentBacking(ScriptContext context, String name, String extendsFrom, SourceLocation location) {
    this.context = context;
    this.name = name;
    this.extendsFrom = extendsFrom;
    this.location = location;
    this.block = "environment '" + name + "'";
  }

  @Override
  public void target(TargetSpec spec) {
    if (spec == null) {
      throw context.error(block + ": target needs a target, e.g. target compose() or target kubernetes(namespace: 'shop')");
    }
    target = spec;
  }

  @Override
  public TargetSpec compose() {
    return compose(Map.of());
  }

  @Override
  public TargetSpec compose(Map<String, ?> settings) {
    return spec("compose", settings);
  }

  /** What {@code compose()} compiles to; see {@link ClosureMethodShadowing}. */
  public TargetSpec composeTarget() {
    return compose();
  }

  /** What {@code compose(bind: ...)} compiles to; see {@link ClosureMethodShadowing}. */
  public TargetSpec composeTarget(Map<String, ?> settings) {
    return compose(settings);
  }

  @Override
  public TargetSpec kubernetes(Map<String, ?> settings) {
    return spec("kubernetes", settings);
  }

  @Override
  public TargetSpec kubernetes() {
    return kubernetes(Map.of());
  }

  private TargetSpec spec(String type, Map<String, ?> settings) {
    Map<String, String> values = new LinkedHashMap<>();
    settings.forEach((key, value) -> values.put(key, String.valueOf(value)));
    return new TargetSpec(type, values, context.here());
  }

  @Override
  public void service(String serviceName, Closure<?> body) {
    ServiceBacking backing = ServiceBacking.forOverride(context, serviceName, context.here(), name);
    ScriptContext.configure(body, backing);
    overrides.add(backing.toPatch());
  }

  Environment build() {
    return new Environment(name, Optional.ofNullable(extendsFrom), Optional.ofNullable(target), overrides, location);
  }

  public Object methodMissing(String method, Object args) {
    return context.missingMethod(block, EnvironmentSpec.class, method, args);
  }

  public Object propertyMissing(String property) {
    return context.missingProperty(block, EnvironmentSpec.class, property);
  }
}
