package dev.slipway.dsl.internal;

import dev.slipway.core.model.PythonBuild;
import dev.slipway.core.model.SourceLocation;
import dev.slipway.dsl.spec.PythonSpec;
import java.util.Optional;

/** Records a {@code python { ... }} block. */
public final class PythonBacking implements PythonSpec {

  private final ScriptContext context;
  private final String block;
  private final SourceLocation location;
  private final SingleValues singleValues;
  private String version = PythonBuild.DEFAULT_VERSION;
  private String baseImage;
  private String source;
  private String requirements;
  private String command;
  // Not named after their keywords: Groovy would read a private field for `timeout -5`.
  private PythonBuild.ServerSetting workersSetting;
  private PythonBuild.ServerSetting timeoutSetting;

  PythonBacking(ScriptContext context, String service, SourceLocation location) {
    this.context = context;
    this.block = "python { } of service '" + service + "'";
    this.location = location;
    this.singleValues = new SingleValues(context, block);
  }

  @Override
  public void version(String version) {
    singleValues.given("version");
    this.version = version;
  }

  @Override
  public void baseImage(String reference) {
    singleValues.given("baseImage");
    this.baseImage = reference;
  }

  @Override
  public void source(String directory) {
    singleValues.given("source");
    this.source = context.nonEmpty(directory, block + ": source", "name the app directory, e.g. source 'api' (or '.' for the script's own)");
  }

  @Override
  public void requirements(String file) {
    singleValues.given("requirements");
    this.requirements =
        context.nonEmpty(
            file, block + ": requirements", "name the dependency file, e.g. requirements 'api/requirements.txt', or leave it out to detect it");
  }

  @Override
  public void command(String command) {
    singleValues.given("command");
    this.command =
        context.nonEmpty(
            command, block + ": command", "write the start command, e.g. command 'gunicorn -b 0.0.0.0:8000 app:app', or leave it out to detect it");
  }

  @Override
  public void workers(int count) {
    singleValues.given("workers");
    workersSetting = positive(count, "workers", "workers 3");
  }

  @Override
  public void timeout(int seconds) {
    singleValues.given("timeout");
    timeoutSetting = positive(seconds, "timeout", "timeout 60 (seconds)");
  }

  private PythonBuild.ServerSetting positive(int value, String keyword, String example) {
    if (value < 1) {
      throw context.error(block + ": " + keyword + " " + value + " must be a positive whole number, e.g. " + example);
    }
    return new PythonBuild.ServerSetting(value, context.here());
  }

  PythonBuild build() {
    if (source == null) {
      throw new dev.slipway.core.problem.InvalidInputException(
          location, block + " needs its app directory: add source 'dir' (relative to " + context.displayName() + ")");
    }
    return new PythonBuild(
        version, Optional.ofNullable(baseImage), source, Optional.ofNullable(requirements), Optional.ofNullable(command),
        Optional.ofNullable(workersSetting), Optional.ofNullable(timeoutSetting), location);
  }

  public Object methodMissing(String name, Object args) {
    return context.missingMethod(block, PythonSpec.class, name, args);
  }

  public Object propertyMissing(String name) {
    return context.missingProperty(block, PythonSpec.class, name);
  }
}
