package dev.slipway.cli;

import dev.slipway.core.build.BuildStage;
import dev.slipway.core.build.ContainerEngine;
import dev.slipway.core.build.ImageDestination;
import dev.slipway.core.build.PipOptions;
import dev.slipway.core.build.TestStage;
import dev.slipway.core.cache.CacheDirectory;
import dev.slipway.core.exec.BuildRun;
import dev.slipway.core.model.Project;
import dev.slipway.core.plan.Plan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Where images go, where pip looks and what builds Dockerfiles, shared by {@code build}, {@code test} and {@code deploy}. */
final class BuildOptions {

  static final class Destination {
    @Option(names = "--to-tar", paramLabel = "DIR", description = "Write each image as a docker-archive tar into DIR instead of pushing.")
    Path tarDirectory;

    @Option(names = "--to-engine", description = "Load images into the local engine (podman or docker) instead of pushing; Dockerfile services are built in it.")
    boolean engine;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Destination destination;

  @Option(
      names = "--insecure-registry",
      paramLabel = "HOST[:PORT]",
      description = "Allow plain HTTP or an unverified certificate for this registry (loopback registries always are).")
  List<String> insecureRegistries = new ArrayList<>();

  @Option(names = "--find-links", paramLabel = "DIR|URL", description = "Passed to pip: look for wheels here (an offline wheelhouse).")
  List<String> findLinks = new ArrayList<>();

  @Option(names = "--index-url", paramLabel = "URL", description = "Passed to pip: the package index to use.")
  String indexUrl;

  @Option(names = "--no-index", description = "Passed to pip: use only --find-links, never an index.")
  boolean noIndex;

  @Option(
      names = "--refresh-dependencies",
      description = "Resolve Python dependencies again even when their lock inputs (requirements, Python version, platform) are unchanged.")
  boolean refreshDependencies;

  @Option(names = "--output", paramLabel = "FORMAT", description = "text or json: json prints one event per line.", defaultValue = "text")
  PlanCommand.Output output;

  /** No option given, except {@code --to-engine} when {@code toEngine}: what {@link Slipway#deploy} builds with. */
  static BuildOptions defaults(boolean toEngine) {
    BuildOptions options = new BuildOptions();
    if (toEngine) {
      options.destination = new Destination();
      options.destination.engine = true;
    }
    return options;
  }

  String python() {
    return Optional.ofNullable(System.getenv("SLIPWAY_PYTHON")).orElse("python3");
  }

  /** The script's pip { } settings, with the command line's flags added (and its --index-url winning). */
  PipOptions pip(Project project) {
    List<String> links = new ArrayList<>();
    // Script paths are relative to the script; command-line paths to the working directory.
    project.pip().findLinks().forEach(l -> links.add(l.contains("://") ? l : project.baseDir().resolve(l).toAbsolutePath().normalize().toString()));
    findLinks.forEach(l -> links.add(l.contains("://") ? l : Path.of(l).toAbsolutePath().normalize().toString()));
    return new PipOptions(Optional.ofNullable(indexUrl).or(() -> project.pip().indexUrl()), links, noIndex || project.pip().noIndex());
  }

  BuildStage.Options buildStage(Project project, CacheDirectory caches) {
    // Finding an engine may start a process: only a project with a Dockerfile service looks.
    Optional<ContainerEngine> dockerfileEngine = Workspace.buildsDockerfiles(project) ? ContainerEngine.detectBuilder() : Optional.empty();
    return new BuildStage.Options(destination(project), pip(project), python(), caches, refreshDependencies, dockerfileEngine);
  }

  TestStage.Options testStage(Project project, CacheDirectory caches) {
    return new TestStage.Options(ContainerEngine.detect(), python(), caches, pip(project));
  }

  /**
   * Builds what is out of date of the plan's images ({@code only} these services, or all when
   * empty), and runs their tests when {@code test} is given: the deploy's steps on its executor.
   *
   * @throws Exception the first failed step's cause, which picks the exit code
   */
  Map<String, BuildStage.Built> build(Workspace workspace, Project project, Plan plan, Set<String> only, Optional<TestStage.Options> test, EventPrinter printer)
      throws Exception {
    BuildRun.Outcome outcome =
        new BuildRun(buildStage(project, workspace.caches()), test, Runtime.getRuntime().availableProcessors(), printer).run(project, plan, only);
    Optional<Throwable> failure = outcome.steps().failures().values().stream().findFirst();
    if (failure.isPresent() && failure.get() instanceof Exception cause) {
      throw cause;
    }
    return outcome.built();
  }

  ImageDestination destination(Project project) {
    if (destination != null && destination.tarDirectory != null) {
      return new ImageDestination.Tar(destination.tarDirectory.toAbsolutePath());
    }
    if (destination != null && destination.engine) {
      ContainerEngine engine =
          ContainerEngine.detect()
              .orElseThrow(() -> Workspace.commandLineError(
                  "--to-engine needs podman or a docker daemon, and none was found: install one (scripts/setup-containers) or push to a registry"));
      return new ImageDestination.Engine(engine.executable());
    }
    String registryHost = project.registry().map(r -> r.split("/", 2)[0]).orElse("");
    return new ImageDestination.Registry(project.insecureRegistry() || insecureRegistries.contains(registryHost));
  }

  boolean json() {
    return output == PlanCommand.Output.json;
  }
}
