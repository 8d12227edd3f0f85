package dev.slipway.dsl.internal;

import dev.slipway.core.model.OneOffRun;
import dev.slipway.core.model.Pipeline;
import dev.slipway.core.model.ServiceAction;
import dev.slipway.core.model.SourceLocation;
import dev.slipway.core.model.Stage;
import dev.slipway.core.model.StageAction;
import dev.slipway.dsl.spec.PipelineSpec;
import dev.slipway.dsl.spec.StageSpec;
import groovy.lang.Closure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
      add(ServiceAction.BUILD_IMAGES);
    }

    @Override
    public void runTests() {
      add(ServiceAction.RUN_TESTS);
    }

    @Override
    public void deploy() {
      add(ServiceAction.DEPLOY);
    }

    @Override
    public void run(Map<String, ?> options) {
      String keyword = block + ": run";
      context.onlyOptions(options, keyword, List.of("service", "command", "timeout"));
      String example = "e.g. run service: 'api', command: 'python manage.py migrate'";
      String service = context.stringOption(options, "service", keyword);
      String command = context.stringOption(options, "command", keyword);
      if (service == null || command == null) {
        throw context.error(keyword + " needs " + (service == null ? "service:" : "command:") + ", " + example);
      }
      context.nonEmpty(service, keyword + ": service", "name the service whose image runs the command, " + example);
      context.nonEmpty(command, keyword + ": command", "give the shell command to run, " + example);
      Integer timeout = context.intOption(options, "timeout", keyword);
      // Unknown services and timeouts below one second are the model's rules, reported with every other problem.
      actions.add(new OneOffRun(service, command, Optional.ofNullable(timeout).map(Duration::ofSeconds), context.here()));
    }

    /** {@code run 'python manage.py migrate'}: the service is what a run cannot do without. */
    public void run(String command) {
      throw context.error(block + ": run needs the service to run it in: run service: 'api', command: '" + command + "'");
    }

    private void add(ServiceAction action) {
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
