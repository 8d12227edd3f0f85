package dev.slipway.core.exec;

import dev.slipway.core.build.BuildStage;
import dev.slipway.core.build.DockerfileImageBuild;
import dev.slipway.core.build.TestStage;
import dev.slipway.core.event.Event;
import dev.slipway.core.event.EventListener;
import dev.slipway.core.model.Project;
import dev.slipway.core.plan.Plan;
import dev.slipway.core.plan.Step;
import dev.slipway.core.plan.StepKind;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The build and test steps of one run, prepared from the plan: a {@link BuildImageStep} per image
 * build (Python or Dockerfile), a {@link RunTestsStep} per suite,
 * sharing what was built.
 */
final class BuildAndTest {

  private final Map<String, StepAction> builds = new LinkedHashMap<>();
  private final Map<String, RunTestsStep> tests = new LinkedHashMap<>();
  private final Map<String, BuildStage.Built> built = new ConcurrentHashMap<>();
  private final BuildStage.Options build;
  private final EventListener progressOnly;

  /**
   * Checks the engine (for Dockerfile services) and the registry and resolves every build's
   * dependencies now, before any step runs, so that a missing engine, a registry that cannot be
   * pushed to or one bad requirement stops the run before anything is built or pushed.
   *
   * @param services the services whose build and test steps will run
   * @param test how to run tests; empty when no test step will run
   * @param events progress and warnings only: the executor reports the steps' states
   */
  BuildAndTest(Project project, Plan plan, Set<String> services, BuildStage.Options build, Optional<TestStage.Options> test, EventListener events) {
    this.build = build;
    this.progressOnly = event -> {
      if (!(event instanceof Event.StepChanged)) {
        events.on(event);
      }
    };
    if (services.isEmpty()) {
      return;
    }
    BuildStage buildStage = new BuildStage(build, progressOnly);
    DockerfileImageBuild dockerfiles = new DockerfileImageBuild(build, progressOnly);
    var imageBuilds = buildStage.imageBuilds(project, plan, services);
    var dockerfileBuilds = dockerfiles.builds(project, plan, services);
    dockerfiles.checkEngine(dockerfileBuilds);
    buildStage.checkRegistry(imageBuilds);
    dockerfiles.checkRegistry(dockerfileBuilds);
    buildStage.resolveDependencies(imageBuilds);
    imageBuilds.forEach(b -> builds.put(b.stepId(), new BuildImageStep(() -> buildStage.build(b), buildStage::describe, one -> built.put(one.service(), one))));
    dockerfileBuilds.forEach(b -> builds.put(b.stepId(), new BuildImageStep(() -> dockerfiles.build(b), dockerfiles::describe, one -> built.put(one.service(), one))));
    test.ifPresent(options -> {
      TestStage testStage = new TestStage(options, progressOnly);
      TestStage.suites(project, plan, services).forEach(suite ->
          tests.put(suite.stepId(), new RunTestsStep(testStage, suite, () -> Optional.ofNullable(built.get(suite.service().name())))));
    });
  }

  /** The services of {@code plan} that {@code steps} build or test. */
  static Set<String> servicesOf(java.util.List<Step> steps) {
    return steps.stream().filter(s -> s.kind() == StepKind.BUILD_IMAGE || s.kind() == StepKind.RUN_TESTS)
        .map(Step::service).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
  }

  /** The build or test step with this id, or empty for other steps. */
  Optional<StepAction> action(Step step) {
    return Optional.<StepAction>ofNullable(builds.get(step.id())).or(() -> Optional.ofNullable(tests.get(step.id())));
  }

  Map<String, BuildStage.Built> built() {
    return Map.copyOf(built);
  }

  /**
   * The images a release runs: the plan's, with each built service's pinned to its digest: as
   * built in this run, or as the registry has it when this run built none.
   */
  Map<String, String> images(Plan plan) {
    Map<String, String> images = new LinkedHashMap<>(plan.images());
    for (String service : plan.builds().keySet()) {
      BuildStage.Built image = built.get(service);
      images.put(service, image != null ? image.reference() : new BuildStage(build, progressOnly).pinned(images.get(service)));
    }
    return images;
  }
}
