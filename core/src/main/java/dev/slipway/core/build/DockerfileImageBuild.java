package dev.slipway.core.build;

import dev.slipway.core.event.Event;
import dev.slipway.core.event.EventListener;
import dev.slipway.core.model.DockerfileBuild;
import dev.slipway.core.model.Project;
import dev.slipway.core.model.Service;
import dev.slipway.core.plan.DockerfileInputs;
import dev.slipway.core.plan.Plan;
import dev.slipway.core.plan.Step;
import dev.slipway.core.plan.StepKind;
import dev.slipway.core.process.ExternalCommand;
import dev.slipway.core.process.ProcessRunner;
import dev.slipway.core.process.ProcessTimeoutException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds the services that bring their own Dockerfile, with the local engine (podman, docker, or
 * buildah, which builds and pushes but runs nothing), and sends each image where a Python
 * service's would go: pushed to the registry and run by digest, left in the engine ({@code
 * --to-engine}), or saved as a docker-archive tar ({@code --to-tar}). The engine's output becomes
 * events; a failure is one line naming the service, the Dockerfile and the engine's last error
 * lines.
 */
public final class DockerfileImageBuild {

  /**
   * Everything one build reads, taken from the plan once.
   *
   * @param stepId the plan step this build is, for progress events
   * @param image the tag the plan chose from the inputs' content hash
   * @param title {@code project/service}, for the image's title label
   */
  public record Build(String stepId, Service service, DockerfileInputs inputs, String image, String title, Optional<SourceRevision> revision) {

    DockerfileBuild dockerfile() {
      return inputs.build();
    }
  }

  /** podman's and buildah's {@code [2/3] STEP 1/4: COPY ...}, docker's classic {@code Step 1/4 : COPY ...}. */
  private static final Pattern STEP_LINE = Pattern.compile("(?:\\[(\\d+)/(\\d+)\\] )?(?i:step) (\\d+)/(\\d+) ?: .*");

  /** docker's last line of a push: {@code src-1a2b: digest: sha256:... size: 1234}. */
  private static final Pattern DOCKER_PUSHED = Pattern.compile(".*digest: (sha256:[0-9a-f]{64}) size: \\d+.*");

  /** What a push's output says when the registry itself went away: a registry failure, not a build failure. */
  private static final Pattern REGISTRY_GONE =
      Pattern.compile("(?i).*(connection refused|no such host|i/o timeout|connection reset|server misbehaving).*");

  private static final int ERROR_LINES = 3;

  private final BuildStage.Options options;
  private final Optional<ContainerEngine> engine;
  private final EventListener events;

  /** @param events progress (the Dockerfile's steps), and the engine's other output as debug events */
  public DockerfileImageBuild(BuildStage.Options options, EventListener events) {
    this.options = options;
    this.events = events;
    // Images for the engine are built in it, so that nothing has to be loaded afterwards.
    this.engine = options.destination() instanceof ImageDestination.Engine target
        ? Optional.of(new ContainerEngine(target.executable()))
        : options.dockerfileEngine();
  }

  /** Which engine builds Dockerfiles, or why none does, as the plan shows it. */
  public static String describeEngine(Optional<ContainerEngine> engine) {
    return engine.map(e -> e.name() + " (found at " + e.executable() + ")").orElseGet(() -> "none: " + ContainerEngine.noBuilder());
  }

  /**
   * The builds of the plan's build steps for Dockerfile services.
   *
   * @param only services to build; empty builds every service the plan builds
   * @throws BuildFailure when images would be pushed and the project names no registry
   */
  public List<Build> builds(Project project, Plan plan, Set<String> only) {
    Optional<SourceRevision> revision = Optional.empty();
    List<Build> builds = new ArrayList<>();
    for (Step step : plan.steps()) {
      if (step.kind() != StepKind.BUILD_IMAGE || !(only.isEmpty() || only.contains(step.service()))
          || !(plan.builds().get(step.service()) instanceof DockerfileInputs inputs)) {
        continue;
      }
      Service service = plan.environment().services().stream().filter(s -> s.name().equals(step.service())).findFirst().orElseThrow();
      if (options.destination() instanceof ImageDestination.Registry && project.registry().isEmpty()) {
        throw new BuildFailure(inputs.build().location() + ": service '" + service.name() + "': no registry to push to: add registry 'host:port/"
            + project.name() + "' to " + project.location().file() + ", or build with --to-tar DIR or --to-engine");
      }
      if (builds.isEmpty()) {
        revision = SourceRevision.of(project.baseDir());
      }
      builds.add(new Build(step.id(), service, inputs, plan.images().get(service.name()), ImageLabels.title(project.name(), service.name()), revision));
    }
    return List.copyOf(builds);
  }

  /**
   * Checks that an engine will build them, before anything is built or pushed.
   *
   * @throws EngineUnavailable naming the services, what was looked for and what to install,
   *     located at the first one's {@code dockerfile} line
   */
  public void checkEngine(List<Build> builds) {
    if (builds.isEmpty() || engine.isPresent()) {
      return;
    }
    List<String> services = builds.stream().map(b -> "'" + b.service().name() + "'").toList();
    throw new EngineUnavailable(builds.get(0).dockerfile().location() + ": " + (services.size() == 1 ? "service " : "services ")
        + String.join(", ", services) + (services.size() == 1 ? " is" : " are") + " built from a Dockerfile, which needs a container engine: "
        + ContainerEngine.noBuilder());
  }

  /**
   * Checks that the registry the builds push to answers and will take their pushes, as for Python
   * builds; images for the engine or a tar need none.
   *
   * @throws RegistryFailure located at the {@code dockerfile} line of a service whose image would go there
   */
  public void checkRegistry(List<Build> builds) {
    if (!(options.destination() instanceof ImageDestination.Registry)) {
      return;
    }
    for (Build build : builds) {
      try {
        new RegistryAccess(insecure(build.image())).check(ImageBuilder.parse(build.image(), "image"));
      } catch (BuildFailure e) {
        throw new RegistryFailure(build.dockerfile().location() + ": service '" + build.service().name() + "': " + e.getMessage(), e);
      }
    }
  }

  /**
   * Builds one image and sends it where the destination says; up to date, with nothing built,
   * when the registry or the engine already has the plan's tag (the tag names every input).
   *
   * @throws BuildFailure located at the service's {@code dockerfile} line
   */
  public BuildStage.Built build(Build build) {
    ContainerEngine builder = engine.orElseThrow(() -> new IllegalStateException("checkEngine comes first"));
    String image = build.image();
    ImageDestination destination = options.destination();
    // Asked to refresh, the engine's layer cache is not trusted either: RUN steps that download run again.
    boolean rebuild = options.refreshDependencies();
    if (!rebuild) {
      Optional<String> existing = existing(image);
      if (existing.isPresent()) {
        return built(build, new ImageBuilder.Result(image, existing.get(), true, Optional.empty()));
      }
    }
    Path scratch;
    try {
      scratch = Files.createTempDirectory("slipway-dockerfile-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      Path idFile = scratch.resolve("image-id");
      progress(build, "building with " + builder.name() + " from " + build.dockerfile().dockerfile());
      run(build, buildCommand(builder, build, rebuild, idFile), "build of " + build.dockerfile().dockerfile(), false);
      String id = Files.readString(idFile).strip();
      String digest = id;
      if (destination instanceof ImageDestination.Registry) {
        progress(build, "pushing " + image);
        Path digestFile = scratch.resolve("digest");
        String output = run(build, pushCommand(builder, image, insecure(image), digestFile), "push of " + image, true);
        digest = isDocker(builder)
            ? dockerPushedDigest(output).orElseThrow(() -> new BuildFailure(
                located(build, builder.name(), "pushed " + image + " but printed no digest: " + lastErrorLines(output))))
            : Files.readString(digestFile).strip();
      } else if (destination instanceof ImageDestination.Tar tar) {
        Path file = tar.directory().resolve(ImageBuilder.fileNameFor(ImageBuilder.parse(image, "image")));
        Files.createDirectories(tar.directory());
        Files.deleteIfExists(file);
        progress(build, "saving " + file);
        run(build, saveCommand(builder, image, file), "save of " + image, false);
      }
      return built(build, new ImageBuilder.Result(image, digest, false, Optional.empty()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteTree(scratch);
    }
  }

  /** Where a built image now is, for the step's one-line outcome, worded as for Python images. */
  public String describe(BuildStage.Built built) {
    return new BuildStage(options, events).describe(built);
  }

  private BuildStage.Built built(Build build, ImageBuilder.Result result) {
    String reference = options.destination() instanceof ImageDestination.Registry ? result.pinned() : build.image();
    return new BuildStage.Built(build.service().name(), result, Optional.empty(), reference);
  }

  /** The digest (registry) or image id (engine) the destination already has under {@code image}; a tar is always written. */
  private Optional<String> existing(String image) {
    if (options.destination() instanceof ImageDestination.Registry) {
      return RegistryProbe.digest(new RegistryProbe(insecure(image)).lookUp(ImageBuilder.parse(image, "image")));
    }
    if (options.destination() instanceof ImageDestination.Engine target) {
      return ImageBuilder.engineImageId(target, image, Path.of("."));
    }
    return Optional.empty();
  }

  private boolean insecure(String image) {
    return (options.destination() instanceof ImageDestination.Registry registry && registry.allowInsecure()) || ImageBuilder.isLoopbackRegistry(image);
  }

  /**
   * Runs one engine command, its output as events, in the build context.
   *
   * @param push whether it talks to the registry, whose going away is a registry failure
   * @return the command's output
   * @throws BuildFailure (a {@link RegistryFailure} for a push whose registry went away) with the engine's last error lines
   */
  private String run(Build build, List<String> command, String what, boolean push) {
    String engine = Path.of(command.get(0)).getFileName().toString();
    ProcessRunner.Finished finished;
    try {
      finished = ProcessRunner.standard().run(ExternalCommand.of(command, build.inputs().context().root()), line -> report(build, line));
    } catch (InterruptedIOException e) {
      throw new BuildFailure(located(build, engine, what + " was interrupted"), e);
    } catch (ProcessTimeoutException e) {
      throw new BuildFailure(located(build, engine, what + " took too long: " + e.getMessage() + "; last output: " + lastErrorLines(e.output())), e);
    } catch (IOException e) {
      // The engine was found when the run began; one that no longer starts is as good as missing.
      throw new EngineUnavailable(located(build, engine, what + " could not run: " + e.getMessage()));
    }
    if (finished.ok()) {
      return finished.output();
    }
    String message = located(build, engine, what + " failed (exit " + finished.exitCode() + "): " + lastErrorLines(finished.output()));
    if (push && REGISTRY_GONE.matcher(finished.output()).find()) {
      throw new RegistryFailure(message + "; nothing was deployed");
    }
    throw new BuildFailure(message);
  }

  private static String located(Build build, String engine, String what) {
    return build.dockerfile().location() + ": service '" + build.service().name() + "': " + engine + " " + what;
  }

  /** A Dockerfile step is progress; the rest of the engine's output is for --debug. */
  private void report(Build build, String line) {
    Matcher step = STEP_LINE.matcher(line);
    if (step.matches()) {
      double stages = step.group(2) == null ? 1 : Integer.parseInt(step.group(2));
      double stage = step.group(1) == null ? 0 : Integer.parseInt(step.group(1)) - 1;
      double fraction = (stage + (Integer.parseInt(step.group(3)) - 1) / (double) Integer.parseInt(step.group(4))) / stages;
      events.on(new Event.StepProgress(Instant.now(), build.stepId(), Math.max(0, Math.min(1, fraction)), line));
      progress(build, line);
    } else if (!line.isBlank()) {
      events.on(new Event.Debug(Instant.now(), build.stepId(), line));
    }
  }

  private void progress(Build build, String message) {
    events.on(new Event.StepProgress(Instant.now(), build.stepId(), -1, message));
  }

  /**
   * {@code ENGINE build -f DOCKERFILE --build-arg K=V --target T --label ... -t IMAGE CONTEXT},
   * the same for podman, docker and buildah.
   *
   * @param noCache build every step again rather than from the engine's layer cache
   * @param idFile where the engine writes the built image's id
   */
  static List<String> buildCommand(ContainerEngine engine, Build build, boolean noCache, Path idFile) {
    List<String> command = new ArrayList<>(List.of(engine.executable().toString(), "build", "-f", build.inputs().dockerfile().toString()));
    build.dockerfile().args().forEach((key, value) -> command.addAll(List.of("--build-arg", key + "=" + value)));
    build.dockerfile().target().ifPresent(target -> command.addAll(List.of("--target", target)));
    ImageLabels.of(build.title(), build.revision(), build.inputs().contentHash())
        .forEach((key, value) -> command.addAll(List.of("--label", key + "=" + value)));
    if (noCache) {
      command.add("--no-cache");
    }
    command.addAll(List.of("--iidfile", idFile.toString(), "-t", build.image(), build.inputs().context().root().toString()));
    return List.copyOf(command);
  }

  /**
   * podman and buildah write the pushed manifest's digest to {@code digestFile}, and are told
   * when the registry may use plain HTTP; docker prints the digest, and decides about plain
   * HTTP in its daemon's settings (loopback registries are allowed there).
   */
  static List<String> pushCommand(ContainerEngine engine, String image, boolean insecure, Path digestFile) {
    if (isDocker(engine)) {
      return List.of(engine.executable().toString(), "push", image);
    }
    List<String> command = new ArrayList<>(List.of(engine.executable().toString(), "push", "--digestfile", digestFile.toString()));
    if (insecure) {
      command.add("--tls-verify=false");
    }
    command.add(image);
    return List.copyOf(command);
  }

  /** A docker-archive tar, as {@code docker load} and {@code podman load} read it, named like a Python image's. */
  static List<String> saveCommand(ContainerEngine engine, String image, Path tar) {
    String executable = engine.executable().toString();
    if (isBuildah(engine)) {
      return List.of(executable, "push", image, "docker-archive:" + tar + ":" + image);
    }
    if (isDocker(engine)) {
      return List.of(executable, "save", "-o", tar.toString(), image);
    }
    return List.of(executable, "save", "--format", "docker-archive", "-o", tar.toString(), image);
  }

  /**
   * The lines that say why an engine command failed, as one line: the last few that are neither
   * a Dockerfile step nor a warning (for a failed {@code RUN}: its own last output, then the
   * engine's error).
   */
  static String lastErrorLines(String output) {
    List<String> lines = output.lines()
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !STEP_LINE.matcher(line).matches() && !line.startsWith("-->")
            && !line.toLowerCase(Locale.ROOT).contains("level=warning"))
        .toList();
    if (lines.isEmpty()) {
      return "no output";
    }
    return String.join(" / ", lines.subList(Math.max(0, lines.size() - ERROR_LINES), lines.size()));
  }

  static Optional<String> dockerPushedDigest(String output) {
    return output.lines().map(DOCKER_PUSHED::matcher).filter(Matcher::matches).map(m -> m.group(1)).reduce((first, last) -> last);
  }

  private static boolean isDocker(ContainerEngine engine) {
    return engine.name().startsWith("docker");
  }

  private static boolean isBuildah(ContainerEngine engine) {
    return engine.name().startsWith("buildah");
  }

  private static void deleteTree(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a temporary directory; the OS reclaims it
    }
  }

}
