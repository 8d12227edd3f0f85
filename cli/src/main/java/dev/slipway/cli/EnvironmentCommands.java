package dev.slipway.cli;

import dev.slipway.core.exec.DeployLock;
import dev.slipway.core.exec.DeployRun;
import dev.slipway.core.model.Project;
import dev.slipway.core.plan.Plan;
import dev.slipway.core.plan.Step;
import dev.slipway.core.plan.StepKind;
import dev.slipway.core.release.Release;
import dev.slipway.core.release.ReleaseStore;
import dev.slipway.core.target.DeployContext;
import dev.slipway.core.target.RenderRequest;
import dev.slipway.core.target.Rendering;
import dev.slipway.core.target.TargetStatus;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The commands that look at or change a deployed environment, after {@code deploy}. */
final class EnvironmentCommands {

  private EnvironmentCommands() {}

  /** The loaded project, its plan and how to reach its target; shared by every command here. */
  abstract static class Base implements Callable<Integer> {
    @Mixin ScriptOptions script;
    @Mixin EnvironmentOption environment;
    @Mixin TargetOptions target;
    @Spec CommandSpec spec;
    @ParentCommand SlipwayCommand root;

    Project project;
    Plan plan;
    DeployContext context;

    @Override
    public final Integer call() throws Exception {
      Workspace workspace = root.workspace();
      project = workspace.load(script);
      plan = workspace.plan(project, environment.name, false);
      context = target.context(workspace, project, plan, new EventPrinter(out(), EventPrinter.styleFor(false)));
      return run(workspace);
    }

    abstract Integer run(Workspace workspace) throws Exception;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    ReleaseStore releases() {
      return new ReleaseStore(context.stateDir());
    }

    /** What is deployed now: the last successful release's images, else the plan's. */
    RenderRequest current() {
      Optional<Release> last = releases().lastSucceeded(-1);
      java.util.Map<String, String> images = new java.util.LinkedHashMap<>(plan.images());
      last.ifPresent(r -> images.putAll(r.images()));
      return new RenderRequest(plan.environment(), images, Optional.empty());
    }

    List<String> deployOrder() {
      return plan.steps().stream().filter(s -> s.kind() == StepKind.DEPLOY).map(Step::service).toList();
    }
  }

  @Command(name = "history", description = "List the environment's releases: number, time, revision, outcome.")
  static final class History extends Base {
    @Override
    Integer run(Workspace workspace) {
      List<Release> all = releases().all();
      if (all.isEmpty()) {
        out().println("no releases of " + plan.environment().name() + " yet");
      }
      for (Release release : all) {
        out().printf("%4d  %s  %-16s %-11s %s%n", release.number(), release.time(), release.revision().orElse("-"), release.outcome(), release.detail());
      }
      return ExitCode.OK;
    }
  }

  @Command(name = "rollback", description = "Restore an earlier successful release (default: the one before the current).")
  static final class Rollback extends Base {
    @Option(names = "--to", paramLabel = "N", description = "The release to restore.")
    Integer to;

    @Override
    Integer run(Workspace workspace) {
      try (DeployLock lock = DeployLock.acquire(context.stateDir().resolve("deploy.lock"))) {
        ReleaseStore store = releases();
        Optional<Release> current = store.lastSucceeded(-1);
        Optional<Release> chosen = to != null ? store.find(to) : current.flatMap(c -> store.lastSucceeded(c.number()));
        if (chosen.isEmpty() || !Release.SUCCEEDED.equals(chosen.get().outcome())) {
          throw new dev.slipway.core.problem.InvalidInputException(new dev.slipway.core.model.SourceLocation("command line", 0, 0),
              (to != null ? "release " + to + " does not exist or did not succeed" : "there is no earlier successful release")
                  + ": see slipway history --env " + plan.environment().name());
        }
        Rendering applied = DeployRun.restore(plan, workspace.liveTargetFor(plan, "rollback"), context, chosen.get(), deployOrder());
        Release restored = store.start(chosen.get().revision(), chosen.get().images(), applied);
        store.save(restored.finished(Release.SUCCEEDED, "rollback to release " + chosen.get().number()));
        out().println("release " + restored.number() + ": restored release " + chosen.get().number());
      }
      return ExitCode.OK;
    }
  }

  @Command(name = "status", description = "Services, images, health, running count and the current release.")
  static final class Status extends Base {
    @Override
    Integer run(Workspace workspace) {
      TargetStatus status = workspace.liveTargetFor(plan, "status").status(current(), context);
      for (TargetStatus.ServiceStatus service : status.services()) {
        String published = service.published().isEmpty() ? "-" : String.join(",", service.published());
        out().printf("%-16s %d/%d %-9s restarts %-3d %-28s %s%n", service.name(), service.running(), service.desired(),
            service.healthy() ? "healthy" : "unhealthy", service.restarts(), published, service.image());
      }
      releases().lastSucceeded(-1).ifPresentOrElse(
          r -> out().println("current release: " + r.number() + " (" + r.time() + ")"), () -> out().println("no successful release yet"));
      return ExitCode.OK;
    }
  }

  @Command(name = "logs", description = "The last log lines of the environment's services (or one service).")
  static final class Logs extends Base {
    @Parameters(paramLabel = "SERVICE", arity = "0..1", description = "Only this service.")
    String service;

    @Option(names = "--tail", paramLabel = "N", description = "Lines per service (default: ${DEFAULT-VALUE}).", defaultValue = "100")
    int tail;

    // Not -f: every command takes -f for the script, as in `slipway logs -f deploy.groovy`.
    @Option(names = "--follow", description = "Keep printing new lines until Ctrl-C.")
    boolean follow;

    @Override
    Integer run(Workspace workspace) {
      if (service != null) {
        workspace.checkServices(plan, List.of(service));
      }
      if (follow) {
        workspace.logsFor(plan, "logs").followLogs(current(), Optional.ofNullable(service), tail, context, line -> {
          out().println(line);
          out().flush();
        });
      } else {
        out().print(workspace.logsFor(plan, "logs").logs(current(), Optional.ofNullable(service), tail, context));
      }
      return ExitCode.OK;
    }
  }

  @Command(name = "destroy", description = "Remove the environment's containers and networks; named volumes stay unless --volumes.")
  static final class Destroy extends Base {
    @Option(names = "--volumes", description = "Also delete named volumes, and the data in them.")
    boolean volumes;

    @Override
    Integer run(Workspace workspace) {
      try (DeployLock lock = DeployLock.acquire(context.stateDir().resolve("deploy.lock"))) {
        workspace.liveTargetFor(plan, "destroy").destroy(current(), volumes, context);
      }
      out().println("removed " + plan.environment().qualifiedName() + (volumes ? " and its volumes" : "; named volumes kept (use --volumes to delete them)"));
      return ExitCode.OK;
    }
  }
}
