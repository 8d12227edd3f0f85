package dev.slipway.core.plan;

import dev.slipway.core.hash.Sha256;
import dev.slipway.core.image.DependencyFile;
import dev.slipway.core.image.SourceSet;
import dev.slipway.core.model.Dependency;
import dev.slipway.core.model.HealthCheck;
import dev.slipway.core.model.OneOffRun;
import dev.slipway.core.model.Port;
import dev.slipway.core.model.Project;
import dev.slipway.core.model.PythonBuild;
import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.model.SecretRef;
import dev.slipway.core.model.Service;
import dev.slipway.core.model.ServiceAction;
import dev.slipway.core.model.Stage;
import dev.slipway.core.model.StageAction;
import dev.slipway.core.problem.InvalidInputException;
import dev.slipway.core.problem.Problem;
import dev.slipway.core.secret.SecretValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns a validated project and an environment into a {@link Plan}. Reads the project's files
 * (to detect and hash) but changes nothing.
 */
public final class Planner {

  /**
   * @param secrets where secret values would come from
   * @param testRunner where test steps will run and why, shown in the plan; empty to leave it out
   * @param requireSecrets whether a missing secret source is an error now (deploy, {@code plan
   *     --strict}) or a warning in the plan, so that CI can plan an environment without its secrets
   * @param dockerfileEngine the engine that will build Dockerfile services, or why there is none
   */
  public record Options(SecretValues secrets, boolean requireSecrets, String testRunner, String dockerfileEngine) {
    /** Options for a plan that does not say where tests will run. */
    public Options(SecretValues secrets, boolean requireSecrets) {
      this(secrets, requireSecrets, "");
    }

    /** Options for a plan that does not say which engine builds Dockerfiles. */
    public Options(SecretValues secrets, boolean requireSecrets, String testRunner) {
      this(secrets, requireSecrets, testRunner, "not looked for");
    }
  }

  private final Options options;

  public Planner(Options options) {
    this.options = options;
  }

  public Plan plan(Project project, String environmentName) {
    ResolvedEnvironment environment = Environments.resolve(project, environmentName);
    List<String> warnings = checkSecretSources(environment);
    Map<String, ImageInputs> built = new LinkedHashMap<>();
    Map<String, String> images = new LinkedHashMap<>();
    for (Service service : environment.services()) {
      if (service.python().isPresent()) {
        PythonInputs inputs = PythonInputs.of(project, service.python().get());
        built.put(service.name(), inputs);
        images.put(service.name(), imageName(project, service.name()) + ":" + inputs.tag());
      } else if (service.dockerfile().isPresent()) {
        DockerfileInputs inputs = DockerfileInputs.of(project, service.dockerfile().get());
        built.put(service.name(), inputs);
        images.put(service.name(), imageName(project, service.name()) + ":" + inputs.tag());
      } else {
        images.put(service.name(), service.image().orElseThrow());
      }
    }
    List<Step> steps = new ArrayList<>();
    List<String> stageNames = new ArrayList<>();
    for (Stage stage : project.pipeline().stages()) {
      stageNames.add(stage.name());
      int stageStart = steps.size();
      List<String> lastRun = List.of();
      for (StageAction action : stage.actions()) {
        int actionStart = steps.size();
        if (action instanceof OneOffRun run) {
          List<String> before = steps.subList(stageStart, actionStart).stream().map(Step::id).toList();
          steps.add(runStep(stage, environment, run, images.get(run.service()), steps, before));
          lastRun = List.of(steps.get(actionStart).id());
          continue;
        }
        switch ((ServiceAction) action) {
          case BUILD_IMAGES -> built.forEach((name, inputs) -> steps.add(inputs instanceof DockerfileInputs dockerfile
              ? dockerfile.buildStep(stage, name, images.get(name), options.dockerfileEngine())
              : buildStep(stage, name, (PythonInputs) inputs, images.get(name))));
          case RUN_TESTS -> environment.services().stream()
              .filter(s -> s.test().isPresent() && s.python().isPresent())
              .forEach(s -> steps.add(testStep(stage, s, (PythonInputs) built.get(s.name()), steps, options.testRunner())));
          case DEPLOY -> deployOrder(environment.services())
              .forEach(s -> steps.add(deployStep(stage, environment, s, images.get(s.name()), steps)));
        }
        // What a stage lists after a run waits for it: `run ...migrate; deploy()` migrates first.
        for (int i = actionStart; i < steps.size(); i++) {
          steps.set(i, steps.get(i).withAfter(lastRun));
        }
      }
    }
    return new Plan(environment, stageNames, steps, images, built, warnings);
  }

  private static String imageName(Project project, String service) {
    return project.registry().map(r -> r.replaceAll("/+$", "") + "/" + service).orElse(project.name() + "/" + service);
  }

  /**
   * The one rule for secrets whose source is missing on this machine: an error when they are
   * required now, else a warning in the plan, once per secret and source.
   */
  private List<String> checkSecretSources(ResolvedEnvironment environment) {
    List<Problem> problems = missingSecrets(environment, options.secrets(), service -> true);
    if (options.requireSecrets() && !problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    Set<String> warnings = new LinkedHashSet<>();
    environment.services().forEach(service -> service.secrets().stream().filter(secret -> !options.secrets().available(secret))
        .forEach(secret -> warnings.add(missingSecretWarning(secret))));
    return List.copyOf(warnings);
  }

  /**
   * The secrets of the services {@code deployed} accepts whose source is missing here, each located
   * where the script declares it: what a deploy of those services needs on this machine.
   */
  public static List<Problem> missingSecrets(ResolvedEnvironment environment, SecretValues values, Predicate<String> deployed) {
    List<Problem> problems = new ArrayList<>();
    for (Service service : environment.services()) {
      if (!deployed.test(service.name())) {
        continue;
      }
      for (SecretRef secret : service.secrets()) {
        if (!values.available(secret)) {
          String fix =
              secret.fromEnv().isPresent()
                  ? "which is not set: export it before planning or deploying"
                  : "which does not exist (" + values.fileOf(secret) + ")";
          problems.add(
              new Problem(
                  secret.location(),
                  "secret '" + secret.name() + "' of service '" + service.name() + "' comes from "
                      + secret.describeSource() + ", " + fix));
        }
      }
    }
    return problems;
  }

  /** Says where the value would come from, relative as the script writes it, so that a plan reads the same on every machine. */
  private static String missingSecretWarning(SecretRef secret) {
    String source =
        secret.fromEnv()
            .map(variable -> "from $" + variable + ", not set here")
            .orElseGet(() -> "from file " + secret.fromFile().orElseThrow() + ", which does not exist here");
    return "secret " + secret.name() + ": " + source + " — deploy will fail";
  }

  private static Step buildStep(Stage stage, String service, PythonInputs inputs, String image) {
    Map<String, String> shown = new LinkedHashMap<>();
    PythonBuild python = inputs.python();
    shown.put(
        "base image",
        python.effectiveBaseImage() + (python.baseImage().isPresent() ? " (given)" : " (from python version " + python.version() + ")"));
    shown.put("source", python.source() + "/ (" + inputs.sources().files().size() + " files)");
    shown.put(
        "dependencies",
        inputs.dependencies()
            .map(d -> d.path() + " (" + d.kind().label() + (d.detected() ? ", detected" : "") + ")")
            .orElse("none (no requirements.txt, pyproject.toml, uv.lock or poetry.lock in " + python.source() + "/)"));
    if (!inputs.unpinned().isEmpty()) {
      shown.put("not pinned", String.join(", ", inputs.unpinned())
          + " (the image can change from one resolve to the next; `slipway build` prints the versions to pin)");
    }
    PythonBuild.Resolution decided = python.decided();
    shown.put("start command", decided.command());
    shown.put("start command from", decided.commandReason());
    decided.commandWarnings().forEach(warning -> shown.merge("warning", warning, (a, b) -> a + "; " + b));
    shown.put("container env", "PORT=" + decided.port() + decided.importRoot().map(r -> ", " + r + "/ on PYTHONPATH").orElse(""));
    shown.put("content hash", inputs.contentHash());
    return new Step(
        StepKind.BUILD_IMAGE.idFor(service),
        StepKind.BUILD_IMAGE,
        service,
        stage.name(),
        "build image " + image,
        "service '" + service + "' is built from Python source (" + python.location() + ")",
        shown,
        List.of());
  }

  private static Step testStep(Stage stage, Service service, PythonInputs inputs, List<Step> earlier, String runner) {
    Map<String, String> shown = new LinkedHashMap<>();
    shown.put("pytest", String.join(" ", service.test().orElseThrow().pytestPaths()));
    shown.put("dependencies", inputs.dependencies().map(DependencyFile::path).orElse("none"));
    if (!runner.isEmpty()) {
      shown.put("runs", runner);
    }
    List<String> after = new ArrayList<>();
    String build = StepKind.BUILD_IMAGE.idFor(service.name());
    if (earlier.stream().anyMatch(s -> s.id().equals(build))) {
      after.add(build);
    }
    return new Step(
        StepKind.RUN_TESTS.idFor(service.name()),
        StepKind.RUN_TESTS,
        service.name(),
        stage.name(),
        "run pytest for " + service.name(),
        "service '" + service.name() + "' declares tests (" + service.test().get().location() + ")",
        shown,
        after);
  }

  private static Step deployStep(Stage stage, ResolvedEnvironment environment, Service service, String image, List<Step> earlier) {
    Map<String, String> shown = new LinkedHashMap<>();
    shown.put("image", image);
    shown.put("target", environment.target().describe());
    shown.put("replicas", service.autoscale().map(a -> a.min() + "-" + a.max() + " (autoscale at " + a.cpuPercent() + "% cpu)").orElse(String.valueOf(service.replicas())));
    service.ports().forEach(p -> shown.merge("ports", describe(p), (a, b) -> a + ", " + b));
    shown.put("ready when", service.health().map(h -> describe(h, service)).orElse("started (no health check)"));
    if (!service.secrets().isEmpty()) {
      shown.put("secrets", String.join(", ", service.secrets().stream().map(s -> s.name() + " from " + s.describeSource()).toList()));
    }
    List<String> after = new ArrayList<>();
    for (String prerequisite : List.of(StepKind.BUILD_IMAGE.idFor(service.name()), StepKind.RUN_TESTS.idFor(service.name()))) {
      if (earlier.stream().anyMatch(s -> s.id().equals(prerequisite))) {
        after.add(prerequisite);
      }
    }
    List<String> waitsFor = new ArrayList<>();
    for (Dependency dependency : service.dependsOn()) {
      after.add(StepKind.DEPLOY.idFor(dependency.service()));
      waitsFor.add(dependency.service());
    }
    if (!waitsFor.isEmpty()) {
      shown.put("starts after", String.join(", ", waitsFor) + " healthy");
    }
    return new Step(
        StepKind.DEPLOY.idFor(service.name()),
        StepKind.DEPLOY,
        service.name(),
        stage.name(),
        "deploy " + service.name() + " to " + environment.target().type(),
        "service '" + service.name() + "' is part of environment '" + environment.name() + "' (" + service.location() + ")",
        shown,
        after);
  }

  /**
   * @param before the steps its stage lists before it, which it waits for: a stage reads top to
   *     bottom where a run is concerned
   */
  private static Step runStep(Stage stage, ResolvedEnvironment environment, OneOffRun run, String image, List<Step> earlier, List<String> before) {
    Service service = environment.services().stream().filter(s -> s.name().equals(run.service())).findFirst().orElseThrow();
    Map<String, String> shown = new LinkedHashMap<>();
    shown.put("command", run.command());
    shown.put("image", image);
    shown.put("target", environment.target().describe());
    shown.put("environment", "service " + service.name() + "'s env, secrets and volumes; nothing else is started for it");
    shown.put("deadline", run.deadline(service).toSeconds() + "s" + (run.timeout().isPresent() ? " (timeout)" : " (the service's health deadline)"));
    Set<String> after = new LinkedHashSet<>(before);
    String build = StepKind.BUILD_IMAGE.idFor(service.name());
    if (earlier.stream().anyMatch(s -> s.id().equals(build))) {
      after.add(build);
    }
    return new Step(
        StepKind.RUN_ONCE.idFor(stage.name(), service.name()),
        StepKind.RUN_ONCE,
        service.name(),
        stage.name(),
        "run `" + run.command() + "` once in " + service.name() + " on " + environment.target().type(),
        "stage '" + stage.name() + "' runs it (" + run.location() + "); a non-zero exit fails the stage",
        shown,
        List.copyOf(after));
  }

  private static String describe(Port port) {
    return port.container() == port.published() ? String.valueOf(port.container()) : port.published() + "->" + port.container();
  }

  static String describe(HealthCheck health, Service service) {
    String check;
    if (health instanceof HealthCheck.Http http) {
      check = "HTTP GET " + http.path() + " on port " + http.port() + " answers 2xx/3xx";
    } else if (health instanceof HealthCheck.Tcp tcp) {
      check = "TCP port " + tcp.port() + " accepts connections";
    } else {
      check = "`" + ((HealthCheck.Command) health).command() + "` exits 0";
    }
    return check + " (within " + health.deadline().toSeconds() + "s)";
  }

  /** Dependencies first; otherwise the order the script declares services in. */
  static List<Service> deployOrder(List<Service> services) {
    Map<String, Service> byName = new LinkedHashMap<>();
    services.forEach(s -> byName.put(s.name(), s));
    Set<String> placed = new LinkedHashSet<>();
    while (placed.size() < services.size()) {
      boolean progressed = false;
      for (Service service : services) {
        if (!placed.contains(service.name())
            && service.dependsOn().stream().allMatch(d -> placed.contains(d.service()) || !byName.containsKey(d.service()))) {
          placed.add(service.name());
          progressed = true;
          break;
        }
      }
      if (!progressed) {
        throw new IllegalStateException("dependency cycle left for the planner; validation should have caught it");
      }
    }
    return placed.stream().map(byName::get).toList();
  }

  /** What a Python service's image is made of, and the tag that content gives it. */
  public record PythonInputs(
      PythonBuild python, SourceSet sources, Optional<DependencyFile> dependencies, String contentHash, List<String> unpinned)
      implements ImageInputs {

    public PythonInputs {
      unpinned = List.copyOf(unpinned);
    }

    /** Reads and hashes what the resolved build names; decides nothing (see {@link Environments#resolve}). */
    public static PythonInputs of(Project project, PythonBuild python) {
      Path baseDir = project.baseDir();
      PythonBuild.Resolution decided = python.decided();
      Optional<DependencyFile> dependencies =
          decided.dependencyFile().map(path -> new DependencyFile(path, DependencyFile.kindOf(path).orElseThrow(), decided.dependencyFileDetected()));
      Path source = baseDir.resolve(python.source());
      SourceSet sources = SourceSet.ofPythonImage(source, deployOnlyPaths(project, source));
      // The start command, PORT and PYTHONPATH are in the image's config: a change is a new image.
      Sha256 digest = new Sha256().part(python.version()).part(python.effectiveBaseImage()).part(decided.command())
          .part(String.valueOf(decided.port())).part(decided.importRoot().orElse("")).part(sources.digest());
      List<String> unpinned = List.of();
      if (dependencies.isPresent()) {
        DependencyFile file = dependencies.get();
        String lockText = lockText(baseDir, file, python);
        digest.part(file.path()).part(lockText);
        unpinned = file.unpinned(lockText);
      }
      return new PythonInputs(python, sources, dependencies, digest.hex(), unpinned);
    }

    /**
     * The script and every pytest path of the project that lie inside {@code source}: they
     * describe the deploy, not the app, whatever they are called.
     */
    private static List<String> deployOnlyPaths(Project project, Path source) {
      List<Path> paths = new ArrayList<>();
      // The script lies in the base directory by definition; its location names it, maybe with a path for messages.
      Path scriptName = Path.of(project.script().file()).getFileName();
      paths.add(project.baseDir().resolve(scriptName == null ? Path.of("deploy.groovy") : scriptName));
      project.services().stream()
          .flatMap(service -> service.test().stream())
          .flatMap(test -> test.pytestPaths().stream())
          .forEach(path -> paths.add(project.baseDir().resolve(path)));
      Path root = source.toAbsolutePath().normalize();
      return paths.stream()
          .map(path -> path.toAbsolutePath().normalize())
          .filter(path -> path.startsWith(root) && !path.equals(root))
          .map(path -> root.relativize(path).toString())
          .toList();
    }

    private static String lockText(Path baseDir, DependencyFile file, PythonBuild python) {
      try {
        return file.lockText(baseDir);
      } catch (java.nio.file.NoSuchFileException e) {
        // Validation checks the file itself; what it includes is only read here.
        throw new InvalidInputException(List.of(new Problem(python.location(),
            file.path() + " names " + e.getFile() + ", which does not exist: fix the -r/-c line or add the file")));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
