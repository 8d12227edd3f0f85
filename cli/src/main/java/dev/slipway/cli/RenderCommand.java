package dev.slipway.cli;

import dev.slipway.core.target.RenderRequest;
import dev.slipway.core.target.RenderedFile;
import dev.slipway.core.target.Rendering;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code slipway render}: write the files the target would apply. */
@Command(
    name = "render",
    description = "Write the files an environment's target would apply (compose.yaml or Kubernetes manifests); deploy nothing.")
final class RenderCommand extends EnvironmentCommand {

  @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR", required = true, description = "Where to write the files.")
  Path outputDir;

  @Option(
      names = "--include-secrets",
      description = "Write secret values into targets that can hold them (Kubernetes Secrets); by default they are placeholders.")
  boolean includeSecrets;

  @Mixin StrictOption strictness;

  @Override
  boolean requiresSecrets() {
    return includeSecrets || strictness.strict;
  }

  @Override
  Integer execute(Workspace workspace) throws IOException {
    RenderRequest request =
        new RenderRequest(plan.environment(), plan.images(), includeSecrets ? Optional.of(workspace.secrets(project)) : Optional.empty());
    Rendering rendering = workspace.targetFor(plan).render(request);
    rendering.writeTo(outputDir);
    plan.warnings().forEach(warning -> spec.commandLine().getErr().println("warning: " + warning));
    for (RenderedFile file : rendering.files()) {
      out().println("wrote " + outputDir.resolve(file.path()));
    }
    return ExitCode.OK;
  }
}
