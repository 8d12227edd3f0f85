package dev.slipway.dsl.internal;

import dev.slipway.core.model.Pipeline;
import dev.slipway.core.model.SourceLocation;
import dev.slipway.core.model.Stage;
import dev.slipway.core.model.StageAction;
import dev.slipway.dsl.spec.PipelineSpec;
import dev.slipway.dsl.spec.StageSpec;
import groovy.lang.Closure;
import java.util.ArrayList;
import java.util.List;

/** Records {@code pipeline { stage('build') { buildImages() } ... }}. */
public final class PipelineBacking implements PipelineSpec {

  private final ScriptContext context;
  private final List<Stage> stages = new ArrayList<>();

  PipelineBacking(ScriptContext context) {
    this.context = context;
  }

  @Override
  public void stage(String name, Closure<?> body) {
    context.nonEmpty(name, "pipeline { }: stage name", "name it, e.g. stage('deploy') { deploy() }");
    StageBacking backing = new StageBacking(context, name);
    SourceLocation here = context.here();
    ScriptContext.configure(body, backing);
    stages.add(new Stage(name, backing.actions, here));
  }

  Pipeline build() {
    return new Pipeline(stages, true);
  }

  public Object methodMissing(String name, Object args) {
    return context.missingMethod("pipeline { }", PipelineSpec.class, name, args);
  }

  public Object propertyMissing(String name) {
    return context.missingProperty("pipeline { }", PipelineSpec.class, name);
  }

  /** Records what one stage does. */
  public static final class StageBacking implements StageSpec {

    private final ScriptContext context;
    private final String block;
    private final List<StageAction> actions = new ArrayList<>();

    StageBacking(ScriptContext context, String name) {
      this.context = context;
      this.block = "stage '" + name + "'";
    }

    @Override
    public void buildImages() {
      add(StageAction.BUILD_IMAGES);
    }

    @Override
    public void runTests() {
      add(StageAction.RUN_TESTS);
    }

    @Override
    public void deploy() {
      add(StageAction.DEPLOY);
    }

    private void add(StageAction action) {
      if (actions.contains(action)) {
        throw context.error(block + " calls " + action.keyword() + "() twice");
      }
      actions.add(action);
    }

    public Object methodMissing(String name, Object args) {
      return context.missingMethod(block, StageSpec.class, name, args);
    }

    public Object propertyMissing(String name) {
      return context.missingProperty(block, StageSpec.class, name);
    }
  }
}
