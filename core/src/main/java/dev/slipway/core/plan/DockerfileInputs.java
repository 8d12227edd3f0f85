package dev.slipway.core.plan;

import dev.slipway.core.hash.Sha256;
import dev.slipway.core.image.IgnoreRules;
import dev.slipway.core.image.SourceSet;
import dev.slipway.core.model.DockerfileBuild;
import dev.slipway.core.model.Project;
import dev.slipway.core.model.Stage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a Dockerfile service's image is made of: the Dockerfile's text, the files of its build
 * context that the engine would send (its {@code .dockerignore} applied), the build args and the
 * target stage. A base image named by a moving tag ({@code FROM nginx:1.27}) is not pinned: the
 * tag stays the same when only the base moves, as it does for {@code docker build} users.
 *
 * @param dockerfile the absolute path of the Dockerfile
 * @param context the files of the build context, rooted at its absolute path
 */
public record DockerfileInputs(DockerfileBuild build, Path dockerfile, SourceSet context, String contentHash) implements ImageInputs {

  /** Reads and hashes what {@code build} names; the validator has checked that both exist. */
  public static DockerfileInputs of(Project project, DockerfileBuild build) {
    Path dockerfile = project.baseDir().resolve(build.dockerfile()).toAbsolutePath().normalize();
    Path contextDir = project.baseDir().resolve(build.context()).toAbsolutePath().normalize();
    SourceSet context = SourceSet.of(contextDir, IgnoreRules.forDockerContext(contextDir));
    Sha256 digest = new Sha256().part("dockerfile");
    try {
      digest.part(Files.readString(dockerfile));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    digest.part(context.digest());
    build.args().forEach((key, value) -> digest.part(key).part(value));
    digest.part(build.target().orElse(""));
    return new DockerfileInputs(build, dockerfile, context, digest.hex());
  }

  /**
   * The plan step that builds it.
   *
   * @param engine the engine that will build it, or why there is none, as {@code slipway plan} shows it
   */
  Step buildStep(Stage stage, String service, String image, String engine) {
    Map<String, String> shown = new LinkedHashMap<>();
    shown.put("dockerfile", build.dockerfile());
    shown.put("context", build.context() + "/ (" + context.files().size() + " files" + (hasIgnoreFile() ? ", .dockerignore applied" : "") + ")");
    if (!build.args().isEmpty()) {
      shown.put("build args", build.args().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")));
    }
    build.target().ifPresent(target -> shown.put("target stage", target));
    shown.put("engine", engine);
    shown.put("content hash", contentHash);
    return new Step(
        StepKind.BUILD_IMAGE.idFor(service),
        StepKind.BUILD_IMAGE,
        service,
        stage.name(),
        "build image " + image,
        "service '" + service + "' is built from " + build.dockerfile() + " (" + build.location() + ")",
        shown,
        List.of());
  }

  private boolean hasIgnoreFile() {
    return Files.isRegularFile(context.root().resolve(".dockerignore"));
  }
}
