package dev.slipway.cli;

import dev.slipway.core.model.Project;
import dev.slipway.core.plan.Plan;
import dev.slipway.core.target.RenderRequest;
import dev.slipway.core.target.RenderedFile;
import dev.slipway.core.target.Rendering;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code slipway render}: write the files the target would apply. */
@Command(
    name = "render",
    description = "Write the files an environment's target would apply (compose.yaml or Kubernetes manifests); deploy nothing.")
final class RenderCommand implements Callable<Integer> {

  @Mixin ScriptOptions script;
  @Mixin EnvironmentOption environment;

  @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR", required = true, description = "Where to write the files.")
  Path outputDir;

  @Option(
      names = "--include-secrets",
      description = "Write secret values into targets that can hold them (Kubernetes Secrets); by default they are placeholders.")
  boolean includeSecrets;

  @Spec CommandSpec spec;
  @ParentCommand SlipwayCommand root;

  @Override
  public Integer call() throws IOException {
    Workspace workspace = root.workspace();
    Project project = workspace.load(script);
    Plan plan = workspace.plan(project, environment.name, includeSecrets);
    RenderRequest request =
        new RenderRequest(plan.environment(), plan.images(), includeSecrets ? Optional.of(workspace.secrets(project)) : Optional.empty());
    Rendering rendering = workspace.targetFor(plan).render(request);
    rendering.writeTo(outputDir);
    PrintWriter out = spec.commandLine().getOut();
    for (RenderedFile file : rendering.files()) {
      out.println("wrote " + outputDir.resolve(file.path()));
    }
    return ExitCode.OK;
  }
}
