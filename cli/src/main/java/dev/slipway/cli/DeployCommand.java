package dev.slipway.cli;

import dev.slipway.core.event.Event;
import dev.slipway.core.event.Event.StepState;
import dev.slipway.core.exec.DeployRun;
import dev.slipway.core.gc.LeftoverCollector;
import dev.slipway.core.plan.Plan;
import dev.slipway.core.plan.PlanText;
import dev.slipway.core.plan.ServiceSelection;
import dev.slipway.core.target.DeployContext;
import dev.slipway.core.target.LiveTarget;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway deploy}: the whole pipeline, under the environment's lock, for the environment or some of its services. */
@Command(
    name = "deploy",
    description = "Build, test and deploy an environment (its declared stages, or build -> test -> deploy), health-gated, recording a release.")
final class DeployCommand extends EnvironmentCommand {

  @Mixin BuildOptions build;

  @Mixin ApplyOptions apply;

  @Option(names = "--only", paramLabel = "STAGE", description = "Run only these stages.")
  List<String> only = new ArrayList<>();

  @Option(names = "--skip", paramLabel = "STAGE", description = "Skip these stages.")
  List<String> skip = new ArrayList<>();

  @Option(names = "--dry-run", description = "Print the plan and stop.")
  boolean dryRun;

  @Option(names = "--no-rollback", description = "Keep a failed release running for debugging instead of restoring the previous one.")
  boolean noRollback;

  @Option(names = "--parallel", paramLabel = "N", description = "Steps run at once (default: the number of CPUs).")
  int parallelism = Runtime.getRuntime().availableProcessors();

  @Parameters(
      paramLabel = "SERVICE",
      arity = "0..*",
      description = "Only these services: built, tested and deployed onto the current release, whose other services keep running as they are"
          + " (what they depend on must run and be healthy).")
  List<String> services = new ArrayList<>();

  @Option(names = "--with-dependencies", description = "With SERVICE: also deploy what the services depend on, transitively.")
  boolean withDependencies;

  @Override
  boolean requiresSecrets() {
    // A deploy of some services needs only their secrets here: checked once they are chosen.
    return services.isEmpty();
  }

  @Override
  Integer execute(Workspace workspace) throws InterruptedException {
    PrintWriter out = out();
    workspace.checkOneOffRuns(plan, "deploy");
    ServiceSelection selection = workspace.selectForDeploy(project, plan, services, withDependencies);
    if (dryRun) {
      out.print(PlanText.render(selection.apply(plan)));
      return ExitCode.OK;
    }
    // Before anything is built: a target that only renders would fail at the first deploy step.
    LiveTarget live = workspace.liveTargetFor(plan, "deploy");
    Set<String> stages = stages(plan);
    EventPrinter printer = printer(build.json());
    DeployRun.Options options =
        new DeployRun.Options(
            build.buildStage(project, workspace.caches()),
            build.testStage(project, workspace.caches()),
            stages,
            !noRollback,
            parallelism,
            selection);
    DeployRun.Outcome outcome;
    // Open until gc has run too: it talks to the engine the deploy found (or started) for this command.
    try (DeployContext context = workspace.deployContext(project, plan, printer, apply.options())) {
      outcome = new DeployRun(options, printer).run(project, plan, live, context);
      printer.finish();
      if (!build.json()) {
        out.println();
        outcome.steps().summary().forEach(line -> out.println("  " + line));
        outcome.release().ifPresent(r -> out.println("release " + r.number() + ": " + r.outcome() + (r.detail().isEmpty() ? "" : " — " + r.detail())));
      }
      if (outcome.succeeded() && outcome.release().isPresent()) {
        collectLeftovers(workspace, context, printer);
      }
    }
    out.flush();
    if (!outcome.succeeded()) {
      String failed = outcome.steps().details().entrySet().stream()
          .filter(e -> outcome.steps().states().get(e.getKey()) == StepState.FAILED)
          .map(e -> e.getKey() + ": " + e.getValue()).findFirst().orElse("a step failed");
      spec.commandLine().getErr().println(TerminalText.plain(failed) + outcome.restored().map(n -> " (release " + n + " restored)").orElse(""));
      return ErrorHandler.ofFailedSteps(outcome.steps().failures().values());
    }
    return ExitCode.OK;
  }

  /**
   * {@code slipway gc} after a release succeeded: one line, and a failure of it is a warning, never
   * a failed deploy (what it would have removed is still there for the next run).
   */
  private void collectLeftovers(Workspace workspace, DeployContext context, EventPrinter printer) {
    try {
      LeftoverCollector.Report report = EnvironmentLeftovers.collect(workspace, plan, context, workspace.deployState(plan, context), false);
      if (!build.json()) {
        out().println(report.summary());
      }
    } catch (RuntimeException e) {
      printer.on(new Event.Warning(Instant.now(), "gc after the deploy failed, nothing of this release is affected: " + e.getMessage()
          + " (run slipway gc --env " + plan.environment().name() + " later)"));
    }
  }

  private Set<String> stages(Plan plan) {
    Set<String> stages = new LinkedHashSet<>(plan.stages());
    for (String stage : concat(only, skip)) {
      if (!plan.stages().contains(stage)) {
        throw Workspace.commandLineError(
            "no stage '" + stage + "' in the pipeline; stages: " + String.join(", ", plan.stages()));
      }
    }
    if (!only.isEmpty()) {
      stages.retainAll(only);
    }
    skip.forEach(stages::remove);
    return stages;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
