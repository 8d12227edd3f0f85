package dev.slipway.dsl.internal;

import dev.slipway.core.model.Environment;
import dev.slipway.dsl.spec.EnvironmentsSpec;
import groovy.lang.Closure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Records {@code environments { ... }}. Environment names are user-chosen, so every call with a
 * block here declares one: {@code dev { ... }}, {@code staging(extends: 'prod') { ... }}.
 */
public final class EnvironmentsBacking implements EnvironmentsSpec {

  private final ScriptContext context;
  private final List<Environment> environments = new ArrayList<>();

  EnvironmentsBacking(ScriptContext context) {
    this.context = context;
  }

  public Object methodMissing(String name, Object args) {
    Object[] arguments = args instanceof Object[] array ? array : new Object[] {args};
    if (arguments.length == 1 && arguments[0] instanceof Closure<?> body) {
      declare(name, null, body);
      return null;
    }
    if (arguments.length == 2 && arguments[0] instanceof Map<?, ?> options && arguments[1] instanceof Closure<?> body) {
      @SuppressWarnings("unchecked")
      Map<String, ?> named = (Map<String, ?>) options;
      String block = "environment '" + name + "'";
      context.onlyOptions(named, block, List.of("extends"));
      String extendsFrom = context.stringOption(named, "extends", block);
      declare(name, context.nonEmpty(extendsFrom, block + ": extends", "name the environment to extend, e.g. staging(extends: 'prod')"), body);
      return null;
    }
    return context.missingMethod(
        "environments { } (each entry is name { target ... }, e.g. dev { target compose() })", EnvironmentsSpec.class, name, args);
  }

  private void declare(String name, String extendsFrom, Closure<?> body) {
    EnvironmentBacking backing = new EnvironmentBacking(context, name, extendsFrom, context.here());
    ScriptContext.configure(body, backing);
    environments.add(backing.build());
  }

  public Object propertyMissing(String name) {
    throw context.error("environment '" + name + "' has no body: write " + name + " { target compose() }");
  }

  List<Environment> build() {
    return environments;
  }
}
