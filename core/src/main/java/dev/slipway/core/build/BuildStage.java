package dev.slipway.core.build;

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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Runs a plan's build steps: dependencies with pip, then the image with jib, one service at a time. */
public final class BuildStage {

  /**
   * @param stateDir the project's {@code .slipway} directory: caches live under it
   * @param python the interpreter whose pip resolves dependencies
   */
  public record Options(ImageDestination destination, PipOptions pip, String python, Path stateDir, boolean refreshDependencies) {
    public Options(ImageDestination destination, PipOptions pip, String python, Path stateDir) {
      this(destination, pip, python, stateDir, false);
    }
  }

  /**
   * One built service: its image, the dependency directory that went into it, and how a deploy
   * refers to it: by digest in a registry; by tag in a local engine or a tar, where no registry
   * digest exists.
   */
  public record Built(String service, ImageBuilder.Result image, Path sitePackages, String reference) {}

  private static final Pattern SHELL_SYNTAX = Pattern.compile("[$|&;<>(){}*?`'\"\\\\~]");

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
   * @param only services to build; empty builds every service the plan builds
   * @throws BuildFailure at the first step that fails; later steps do not run
   */
  public Map<String, Built> run(Project project, Plan plan, Set<String> only) {
    resolveDependencies(project, plan, only);
    Optional<SourceRevision> revision = SourceRevision.of(project.baseDir());
    Map<String, Built> built = new LinkedHashMap<>();
    for (Step step : buildSteps(plan, only)) {
      built.put(step.service(), build(project, plan, step, serviceOf(plan, step), revision));
    }
    return built;
  }

  /**
   * Resolves every service's dependencies before any image is built, so that one service's bad
   * requirement stops the run before another's image is pushed. Results are kept for the builds.
   *
   * @throws BuildFailure naming the file, the service and the requirement that failed
   */
  public void resolveDependencies(Project project, Plan plan, Set<String> only) {
    for (Step step : buildSteps(plan, only)) {
      dependenciesOf(project, plan, step, serviceOf(plan, step));
    }
  }

  private static List<Step> buildSteps(Plan plan, Set<String> only) {
    return plan.steps().stream()
        .filter(step -> step.kind() == StepKind.BUILD_IMAGE && (only.isEmpty() || only.contains(step.service())))
        .toList();
  }

  private static Service serviceOf(Plan plan, Step step) {
    return plan.environment().services().stream().filter(s -> s.name().equals(step.service())).findFirst().orElseThrow();
  }

  private DependencyResolver.Resolved dependenciesOf(Project project, Plan plan, Step step, Service service) {
    DependencyResolver.Resolved known = resolved.get(service.name());
    if (known != null) {
      return known;
    }
    PythonBuild python = service.python().orElseThrow();
    Planner.PythonInputs inputs = plan.builds().get(service.name());
    String file = inputs.dependencies().map(DependencyFile::path).orElse("no dependency file");
    try {
      events.on(new Event.StepProgress(Instant.now(), step.id(), -1, "resolving " + file + " with pip"
          + (options.refreshDependencies() ? " (--refresh-dependencies)" : "")));
      DependencyResolver.Resolved dependencies =
          new DependencyResolver(options.stateDir().resolve("cache/deps"), options.python(), options.refreshDependencies())
              .resolve(project.baseDir(), inputs.dependencies(), python.version(), DependencyResolver.DEFAULT_PLATFORMS, options.pip());
      events.on(new Event.StepProgress(Instant.now(), step.id(), -1,
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
      events.on(new Event.StepChanged(Instant.now(), step.id(), Event.StepState.FAILED, e.getMessage()));
      throw located(python, service, e);
    }
  }

  private static BuildFailure located(PythonBuild python, Service service, BuildFailure e) {
    String message = python.location() + ": service '" + service.name() + "': " + e.getMessage();
    return e instanceof RegistryFailure ? new RegistryFailure(message, e) : new BuildFailure(message, e);
  }

  private Built build(Project project, Plan plan, Step step, Service service, Optional<SourceRevision> revision) {
    PythonBuild python = service.python().orElseThrow();
    Planner.PythonInputs inputs = plan.builds().get(service.name());
    String image = plan.images().get(service.name());
    if (options.destination() instanceof ImageDestination.Registry && project.registry().isEmpty()) {
      throw new BuildFailure(
          "service '" + service.name() + "': no registry to push to: add registry 'host:port/" + project.name()
              + "' to " + project.location().file() + ", or build with --to-tar DIR or --to-engine");
    }
    events.on(new Event.StepChanged(Instant.now(), step.id(), Event.StepState.STARTED, step.summary()));
    DependencyResolver.Resolved dependencies = dependenciesOf(project, plan, step, service);
    try {
      Map<String, String> environment = new LinkedHashMap<>();
      environment.put("PATH", IMAGE_PATH);
      // The image's user has no passwd entry and so no home: tools that keep files under ~
      // (gunicorn's control socket, matplotlib's cache) then try the read-only /app.
      environment.put("HOME", "/tmp");
      environment.put("PYTHONPATH", ImageBuilder.SITE_PACKAGES);
      environment.put("PYTHONUNBUFFERED", "1");
      environment.put("PYTHONDONTWRITEBYTECODE", "1");
      ImageBuilder.Request request =
          new ImageBuilder.Request(
              image,
              revision.map(r -> List.of("git-" + r.shortSha())).orElse(List.of()),
              python.effectiveBaseImage(),
              project.baseDir(),
              dependencies.sitePackages(),
              inputs.sources(),
              entrypoint(inputs.command().command()),
              service.ports().stream().map(Port::container).toList(),
              environment,
              ImageBuilder.DEFAULT_USER,
              labels(project, service, inputs, revision),
              revision.map(SourceRevision::commitTime).orElse(Instant.EPOCH),
              options.destination(),
              options.stateDir().resolve("cache/jib"),
              // A new resolve may change the dependencies under the same content tag: build and push again.
              options.refreshDependencies());
      ImageBuilder.Result result =
          new ImageBuilder()
              .build(
                  request,
                  fraction -> events.on(new Event.StepProgress(Instant.now(), step.id(), fraction, "building")),
                  message -> events.on(new Event.StepProgress(Instant.now(), step.id(), -1, message)));
      events.on(
          new Event.StepChanged(
              Instant.now(), step.id(), result.upToDate() ? Event.StepState.UP_TO_DATE : Event.StepState.SUCCEEDED,
              result.upToDate() ? image + " is already in the " + options.destination().noun() + " (" + result.digest() + ")" : result.pinned()));
      String reference = options.destination() instanceof ImageDestination.Registry ? result.pinned() : image;
      return new Built(service.name(), result, dependencies.sitePackages(), reference);
    } catch (BuildFailure e) {
      events.on(new Event.StepChanged(Instant.now(), step.id(), Event.StepState.FAILED, e.getMessage()));
      throw located(python, service, e);
    }
  }

  /** Plain commands run directly; anything using shell syntax runs under {@code sh -c}. */
  static List<String> entrypoint(String command) {
    if (SHELL_SYNTAX.matcher(command).find()) {
      return List.of("sh", "-c", "exec " + command);
    }
    return List.of(command.strip().split("\\s+"));
  }

  private static Map<String, String> labels(Project project, Service service, Planner.PythonInputs inputs, Optional<SourceRevision> revision) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("org.opencontainers.image.title", project.name() + "/" + service.name());
    revision.ifPresent(r -> {
      labels.put("org.opencontainers.image.revision", r.shortSha());
      labels.put("org.opencontainers.image.created", r.commitTime().toString());
      r.remote().ifPresent(remote -> labels.put("org.opencontainers.image.source", remote));
    });
    labels.put("dev.slipway.content-hash", inputs.contentHash());
    return labels;
  }

}
