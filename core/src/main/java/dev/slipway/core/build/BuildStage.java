package dev.slipway.core.build;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import dev.slipway.core.cache.CacheDirectory;
import dev.slipway.core.event.Event;
import dev.slipway.core.event.EventListener;
import dev.slipway.core.image.DependencyFile;
import dev.slipway.core.model.Port;
import dev.slipway.core.model.Project;
import dev.slipway.core.model.PythonBuild;
import dev.slipway.core.model.Service;
import dev.slipway.core.plan.Plan;
import dev.slipway.core.plan.Planner;
import dev.slipway.core.plan.Step;
import dev.slipway.core.plan.StepKind;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Runs a plan's build steps: dependencies with pip, then the image with jib, one service at a time. */
public final class BuildStage {

  /**
   * @param caches the user's cache directory: resolved dependencies and jib's layers live under it
   * @param python the interpreter whose pip resolves dependencies
   * @param dockerfileEngine what builds Dockerfile services whose images go to a registry or a
   *     tar (those for the engine are built in it); empty when none was found
   */
  public record Options(
      ImageDestination destination, PipOptions pip, String python, CacheDirectory caches, boolean refreshDependencies, Optional<ContainerEngine> dockerfileEngine) {
    public Options(ImageDestination destination, PipOptions pip, String python, CacheDirectory caches, boolean refreshDependencies) {
      this(destination, pip, python, caches, refreshDependencies, Optional.empty());
    }

    public Options(ImageDestination destination, PipOptions pip, String python, CacheDirectory caches) {
      this(destination, pip, python, caches, false);
    }
  }

  /**
   * One built service: its image, the dependency directory that went into it (a Python build's),
   * and how a deploy refers to it: by digest in a registry; by tag in a local engine or a tar,
   * where no registry digest exists.
   */
  public record Built(String service, ImageBuilder.Result image, Optional<Path> sitePackages, String reference) {
    public Built(String service, ImageBuilder.Result image, Path sitePackages, String reference) {
      this(service, image, Optional.of(sitePackages), reference);
    }
  }

  private static final Pattern SHELL_SYNTAX = Pattern.compile("[$|&;<>(){}*?`'\"\\\\~]");
  private static final Pattern ASSIGNMENT = Pattern.compile("\\s*[A-Za-z_][A-Za-z0-9_]*=");

  /**
   * What the dependency layer's console scripts (gunicorn, uvicorn, ...) need to be found by
   * name: the base images' usual PATH with pip's {@code bin} in front. jib cannot extend the base
   * image's own value, so this is the one every Debian-based Python image ships.
   */
  static final String IMAGE_PATH = ImageBuilder.SITE_PACKAGES + "/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private final Options options;
  private final EventListener events;
  private final Map<String, DependencyResolver.Resolved> resolved = new ConcurrentHashMap<>();

  public BuildStage(Options options, EventListener events) {
    this.options = options;
    this.events = events;
  }

  /**
   * Everything one image build reads, taken from the plan once: the build step needs nothing
   * else, and nothing looks the service up again.
   *
   * @param stepId the plan step this build is, for progress events
   * @param image the tag the plan chose from the inputs' content hash
   * @param title {@code project/service}, for the image's title label
   */
  public record ImageBuild(
      String stepId, Service service, PythonBuild python, Planner.PythonInputs inputs, String image, Path baseDir, String title, Optional<SourceRevision> revision) {}

  /**
   * The builds of the plan's build steps, checked before any of them runs. What the plan warns
   * about a start command (a development server, a missing server) is said again here, where a
   * build or deploy run starts, since it is not read from the plan there.
   *
   * @param only services to build; empty builds every service the plan builds
   * @throws BuildFailure when images would be pushed and the project names no registry
   */
  public List<ImageBuild> imageBuilds(Project project, Plan plan, Set<String> only) {
    Optional<SourceRevision> revision = SourceRevision.of(project.baseDir());
    List<ImageBuild> builds = new ArrayList<>();
    for (Step step : plan.steps()) {
      if (step.kind() != StepKind.BUILD_IMAGE || !(only.isEmpty() || only.contains(step.service()))
          || !(plan.builds().get(step.service()) instanceof Planner.PythonInputs inputs)) {
        continue; // a Dockerfile service is DockerfileImageBuild's
      }
      Service service = plan.environment().services().stream().filter(s -> s.name().equals(step.service())).findFirst().orElseThrow();
      if (options.destination() instanceof ImageDestination.Registry && project.registry().isEmpty()) {
        throw new BuildFailure(
            "service '" + service.name() + "': no registry to push to: add registry 'host:port/" + project.name()
                + "' to " + project.location().file() + ", or build with --to-tar DIR or --to-engine");
      }
      service.python().orElseThrow().decided().commandWarnings()
          .forEach(warning -> events.on(new Event.Warning(Instant.now(), "service '" + service.name() + "': " + warning)));
      builds.add(new ImageBuild(step.id(), service, service.python().orElseThrow(), inputs,
          plan.images().get(service.name()), project.baseDir(), ImageLabels.title(project.name(), service.name()), revision));
    }
    return List.copyOf(builds);
  }

  /**
   * Checks that the registry the builds push to answers and will take their pushes, before any
   * dependency is resolved or image built: jib would find out only at its first push. Builds that
   * write tars or load into the engine need no registry.
   *
   * @throws RegistryFailure naming the registry, the cause and the next step, located at the
   *     {@code python} block of a service whose image would go there
   */
  public void checkRegistry(List<ImageBuild> builds) {
    if (!(options.destination() instanceof ImageDestination.Registry registry)) {
      return;
    }
    for (ImageBuild build : builds) {
      try {
        new RegistryAccess(registry.allowInsecure() || ImageBuilder.isLoopbackRegistry(build.image())).check(ImageBuilder.parse(build.image(), "image"));
      } catch (BuildFailure e) {
        throw located(build.python(), build.service(), e);
      }
    }
  }

  /**
   * Resolves every build's dependencies before any image is built, so that one service's bad
   * requirement stops the run before another's image is pushed. Results are kept for the builds.
   *
   * @throws BuildFailure naming the file, the service and the requirement that failed
   */
  public void resolveDependencies(List<ImageBuild> builds) {
    builds.forEach(this::dependenciesOf);
  }

  private DependencyResolver.Resolved dependenciesOf(ImageBuild build) {
    Service service = build.service();
    DependencyResolver.Resolved known = resolved.get(service.name());
    if (known != null) {
      return known;
    }
    Planner.PythonInputs inputs = build.inputs();
    String file = inputs.dependencies().map(DependencyFile::path).orElse("no dependency file");
    try {
      String resolving = "resolving " + file + " with pip";
      events.on(new Event.StepProgress(Instant.now(), build.stepId(), -1, resolving + (options.refreshDependencies() ? " (--refresh-dependencies)" : "")));
      DependencyResolver.Resolved dependencies =
          new DependencyResolver(options.caches().of(CacheDirectory.Kind.DEPS), options.python(), options.refreshDependencies())
              .reporting(collected -> events.on(new Event.Progress(Instant.now(), build.stepId(), resolving, collected, OptionalLong.empty(), "packages collected")))
              .resolve(build.baseDir(), inputs.dependencies(), build.python().version(), DependencyResolver.DEFAULT_PLATFORMS, options.pip());
      events.on(new Event.StepProgress(Instant.now(), build.stepId(), -1,
          (dependencies.cached() ? "dependencies unchanged, reused without pip: " : "resolved: ") + dependencies.pins().size() + " distributions"));
      List<String> unpinned = inputs.unpinned();
      if (!unpinned.isEmpty()) {
        events.on(new Event.Warning(Instant.now(),
            "service '" + service.name() + "': " + file + " does not pin " + String.join(", ", unpinned)
                + ", so its image can change from one resolve to the next; pin what was resolved: " + String.join(" ", dependencies.pins())));
      }
      resolved.put(service.name(), dependencies);
      return dependencies;
    } catch (BuildFailure e) {
      throw located(build.python(), service, e);
    }
  }

  private static BuildFailure located(PythonBuild python, Service service, BuildFailure e) {
    String message = python.location() + ": service '" + service.name() + "': " + e.getMessage();
    return e instanceof RegistryFailure ? new RegistryFailure(message, e) : new BuildFailure(message, e);
  }

  /**
   * Builds and pushes (or loads, or writes) one image; up to date when the destination has it.
   *
   * @throws BuildFailure located at the service's {@code python} block
   */
  public Built build(ImageBuild build) {
    Service service = build.service();
    PythonBuild.Resolution decided = build.python().decided();
    DependencyResolver.Resolved dependencies = dependenciesOf(build);
    try {
      Map<String, String> environment = environment(decided);
      Optional<SourceRevision> revision = build.revision();
      ImageBuilder.Request request =
          new ImageBuilder.Request(
              build.image(),
              revision.map(r -> List.of("git-" + r.shortSha())).orElse(List.of()),
              build.python().effectiveBaseImage(),
              build.baseDir(),
              dependencies.sitePackages(),
              build.inputs().sources(),
              entrypoint(decided.command()),
              service.ports().stream().map(Port::container).toList(),
              environment,
              ImageBuilder.DEFAULT_USER,
              labels(build),
              revision.map(SourceRevision::commitTime).orElse(Instant.EPOCH),
              options.destination(),
              options.caches().of(CacheDirectory.Kind.JIB),
              // A new resolve may change the dependencies under the same content tag: build and push again.
              options.refreshDependencies());
      ImageBuilder.Result result =
          new ImageBuilder()
              .build(
                  request,
                  progress -> events.on(new Event.StepProgress(Instant.now(), build.stepId(), progress.fraction(), progress.activity())),
                  message -> events.on(new Event.StepProgress(Instant.now(), build.stepId(), -1, message)),
                  detail -> events.on(new Event.Debug(Instant.now(), build.stepId(), detail)));
      String reference = options.destination() instanceof ImageDestination.Registry ? result.pinned() : build.image();
      return new Built(service.name(), result, dependencies.sitePackages(), reference);
    } catch (BuildFailure e) {
      throw located(build.python(), service, e);
    }
  }

  /**
   * What a deploy runs of an image this run did not build (its build stage was skipped): the
   * plan's tag pinned to the digest the registry has for it, as the build would have given, so
   * that the release records exactly what ran. An image in a local engine or a tar has no
   * registry digest and keeps its content tag; so does one whose registry wants credentials to
   * answer (with a warning).
   *
   * @throws BuildFailure when the registry does not have the tag: nothing was built for these inputs
   */
  public String pinned(String image) {
    if (!(options.destination() instanceof ImageDestination.Registry registry)) {
      return image;
    }
    ImageReference reference;
    try {
      reference = ImageReference.parse(image);
    } catch (InvalidImageReferenceException e) {
      throw new BuildFailure("image " + image + " is not a valid reference: " + e.getMessage());
    }
    RegistryProbe.Answer answer = new RegistryProbe(registry.allowInsecure() || ImageBuilder.isLoopbackRegistry(image)).lookUp(reference);
    if (answer instanceof RegistryProbe.Answer.Found found) {
      return new ImageBuilder.Result(image, found.digest(), true, Optional.empty()).pinned();
    }
    if (answer instanceof RegistryProbe.Answer.Missing) {
      throw new BuildFailure(image + " is not in the registry, and this deploy builds nothing: run slipway build first, or deploy with the build stage");
    }
    events.on(new Event.Warning(Instant.now(), "cannot pin " + image + " to a digest (" + ((RegistryProbe.Answer.Unknown) answer).why()
        + "): it runs, and is recorded, by its tag"));
    return image;
  }

  /** Where a built image now is, for the step's one-line outcome. */
  public String describe(Built built) {
    return built.image().upToDate()
        ? built.reference() + " is already in the " + options.destination().noun() + " (" + built.image().digest() + ")"
        : built.image().pinned();
  }

  /**
   * The image's environment. {@code PORT} is the service's port on every target, so that an app
   * or a Procfile's {@code $PORT} that reads it binds where the service listens; a src layout's
   * import root goes on {@code PYTHONPATH} before the dependencies.
   */
  static Map<String, String> environment(PythonBuild.Resolution decided) {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("PATH", IMAGE_PATH);
    // The image's user has no passwd entry and so no home: tools that keep files under ~
    // (gunicorn's control socket, matplotlib's cache) then try the read-only /app.
    environment.put("HOME", "/tmp");
    environment.put("PYTHONPATH", decided.importRoot().map(root -> ImageBuilder.APP_DIR + "/" + root + ":").orElse("") + ImageBuilder.SITE_PACKAGES);
    environment.put("PYTHONUNBUFFERED", "1");
    environment.put("PYTHONDONTWRITEBYTECODE", "1");
    environment.put("PORT", String.valueOf(decided.port()));
    return environment;
  }

  /**
   * Plain commands run directly; anything using shell syntax, or starting with a variable
   * assignment ({@code FLASK_APP=app flask run}), runs under {@code sh -c}.
   */
  static List<String> entrypoint(String command) {
    if (SHELL_SYNTAX.matcher(command).find() || ASSIGNMENT.matcher(command).lookingAt()) {
      return List.of("sh", "-c", "exec " + command);
    }
    return List.of(command.strip().split("\\s+"));
  }

  private static Map<String, String> labels(ImageBuild build) {
    return ImageLabels.of(build.title(), build.revision(), build.inputs().contentHash());
  }

}
