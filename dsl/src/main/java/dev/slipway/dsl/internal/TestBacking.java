package dev.slipway.dsl.internal;

import dev.slipway.core.model.SourceLocation;
import dev.slipway.dsl.spec.TestSpec;
import java.util.ArrayList;
import java.util.List;

/** Records a {@code test { ... }} block. */
public final class TestBacking implements TestSpec {

  private final ScriptContext context;
  private final String block;
  private final SourceLocation location;
  private final List<String> pytest = new ArrayList<>();

  TestBacking(ScriptContext context, String service, SourceLocation location) {
    this.context = context;
    this.block = "test { } of service '" + service + "'";
    this.location = location;
  }

  @Override
  public void pytest(String... paths) {
    if (paths.length == 0) {
      throw context.error(block + ": pytest needs a path relative to deploy.groovy, e.g. pytest 'api/tests'");
    }
    for (String path : paths) {
      pytest.add(context.nonEmpty(path, block + ": pytest path", "name the tests' directory, relative to deploy.groovy, e.g. pytest 'api/tests'"));
    }
  }

  dev.slipway.core.model.TestSpec build() {
    if (pytest.isEmpty()) {
      throw new dev.slipway.core.problem.InvalidInputException(location, block + " runs nothing: add pytest 'api/tests' (relative to deploy.groovy)");
    }
    return new dev.slipway.core.model.TestSpec(pytest, location);
  }

  public Object methodMissing(String name, Object args) {
    return context.missingMethod(block, TestSpec.class, name, args);
  }

  public Object propertyMissing(String name) {
    return context.missingProperty(block, TestSpec.class, name);
  }
}
