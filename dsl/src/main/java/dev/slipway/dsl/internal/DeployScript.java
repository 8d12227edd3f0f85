package dev.slipway.dsl.internal;

import dev.slipway.core.model.Environment;
import dev.slipway.core.model.PipSettings;
import dev.slipway.core.model.Pipeline;
import dev.slipway.core.model.Service;
import dev.slipway.core.model.SourceLocation;
import dev.slipway.core.problem.Suggestions;
import dev.slipway.dsl.spec.ProjectSpec;
import groovy.lang.Closure;
import groovy.lang.Script;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The base class of every compiled {@code deploy.groovy}: its top-level keywords, recording
 * into fields that {@link dev.slipway.dsl.DeployScripts} reads after the script has run.
 */
public abstract class DeployScript extends Script implements ProjectSpec {

  private ScriptContext context;
  private SingleValues singleValues;
  String projectName;
  SourceLocation projectLocation;
  String registry;
  boolean insecureRegistry;
  PipSettings pip = PipSettings.DEFAULTS;
  private SourceLocation pipLocation;
  final List<Service> services = new ArrayList<>();
  final List<Environment> environments = new ArrayList<>();
  Pipeline pipeline = Pipeline.DEFAULT;
  private SourceLocation environmentsLocation;
  private SourceLocation pipelineLocation;

  void attach(ScriptContext scriptContext) {
    this.context = scriptContext;
    this.singleValues = new SingleValues(scriptContext, "");
    scriptContext.attach(this);
  }

  @Override
  public void project(String name) {
    if (projectLocation != null) {
      throw context.error("project is named twice (first at line " + projectLocation.line() + "): keep one `project '...'`");
    }
    projectName = context.nonEmpty(name, "project name", "name the project, e.g. project 'shop'");
    projectLocation = context.here();
  }

  @Override
  public void registry(String repository) {
    singleValues.given("registry");
    registry =
        context.nonEmpty(
            repository, "registry", "write registry 'localhost:5000/shop', or leave it out to name images <project>/<service>");
  }

  @Override
  public void registry(Map<String, Object> options, String repository) {
    for (Map.Entry<String, Object> option : options.entrySet()) {
      if (!option.getKey().equals("insecure")) {
        throw context.error(
            "registry: unknown option '" + option.getKey() + "'" + Suggestions.didYouMean(option.getKey(), List.of("insecure")) + "; known: insecure");
      }
      if (!(option.getValue() instanceof Boolean)) {
        throw context.error("registry: insecure must be true or false, not '" + option.getValue() + "'");
      }
      insecureRegistry = (Boolean) option.getValue();
    }
    registry(repository);
  }

  @Override
  public void pip(Closure<?> body) {
    pipLocation = once("pip", pipLocation);
    PipBacking backing = new PipBacking(context);
    ScriptContext.configure(body, backing);
    pip = backing.build();
  }

  @Override
  public String setting(String name, String fallback) {
    context.nonEmpty(name, "setting name", "name the --set key to read, e.g. setting('registry', 'localhost:5000/shop')");
    return getBinding().hasVariable(name) ? String.valueOf(getBinding().getVariable(name)) : fallback;
  }

  @Override
  public void service(String name, Closure<?> body) {
    context.nonEmpty(name, "service name", "name it, e.g. service('api') { ... }");
    ServiceBacking backing = ServiceBacking.forService(context, name, context.here());
    ScriptContext.configure(body, backing);
    services.add(backing.toService());
  }

  @Override
  public void environments(Closure<?> body) {
    environmentsLocation = once("environments", environmentsLocation);
    EnvironmentsBacking backing = new EnvironmentsBacking(context);
    ScriptContext.configure(body, backing);
    environments.addAll(backing.build());
  }

  @Override
  public void pipeline(Closure<?> body) {
    pipelineLocation = once("pipeline", pipelineLocation);
    PipelineBacking backing = new PipelineBacking(context);
    ScriptContext.configure(body, backing);
    pipeline = backing.build();
  }

  private SourceLocation once(String block, SourceLocation earlier) {
    if (earlier != null) {
      throw context.error(block + " { } appears twice (first at line " + earlier.line() + "): merge them into one");
    }
    return context.here();
  }

  public Object methodMissing(String name, Object args) {
    return context.missingMethod("the top level", ProjectSpec.class, name, args);
  }

  public Object propertyMissing(String name) {
    return context.missingProperty("the top level", ProjectSpec.class, name);
  }
}
