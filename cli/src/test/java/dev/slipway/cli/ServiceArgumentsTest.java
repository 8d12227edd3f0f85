package dev.slipway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.release.FileReleaseStore;
import dev.slipway.core.release.Release;
import dev.slipway.core.target.RenderedFile;
import dev.slipway.core.target.Rendering;
import dev.slipway.core.target.Targets;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Service names on the command line of plan, deploy, scale, status and history: what they select and what they refuse, without an engine. */
class ServiceArgumentsTest {

  @TempDir Path work;
  private Path script;

  @BeforeEach
  void writeScript() throws IOException {
    script = Files.writeString(work.resolve("deploy.groovy"), """
        project 'm1args'
        service('redis') { image 'redis:7' }
        service('api') {
            image 'api:1'
            dependsOn 'redis'
        }
        service('worker') {
            image 'worker:1'
            dependsOn 'api'
        }
        environments { dev { target compose() } }
        """);
  }

  private record Run(int exit, String out, String err) {
    String firstError() {
      return err.lines().findFirst().orElse("");
    }
  }

  private Run slipway(String command, String... extra) {
    List<String> args = new ArrayList<>(List.of(command, "-f", script.toString()));
    args.addAll(Arrays.asList(extra));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = SlipwayCommand.newCommandLine(new Workspace(Targets.discover(), Map.of()))
        .setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void planAndDryRun_withServices_showOnlyTheirSteps() {
    Run plan = slipway("plan", "api");
    assertEquals(ExitCode.OK, plan.exit(), plan.err());
    assertTrue(plan.out().contains("deploy:api"), plan.out());
    assertFalse(plan.out().contains("deploy:redis") || plan.out().contains("deploy:worker"), plan.out());

    Run withDependencies = slipway("deploy", "--dry-run", "--with-dependencies", "api");
    assertTrue(withDependencies.out().contains("deploy:redis") && withDependencies.out().contains("deploy:api"), withDependencies.out());
    assertFalse(withDependencies.out().contains("deploy:worker"), withDependencies.out());
  }

  @Test
  void deploy_unknownService_orDependenciesWithoutServices_isBadInput() {
    Run unknown = slipway("deploy", "apii");
    assertEquals(ExitCode.INVALID_INPUT, unknown.exit());
    assertTrue(unknown.firstError().contains("no service 'apii' in environment 'dev'") && unknown.firstError().contains("did you mean 'api'"), unknown.err());

    Run noServices = slipway("deploy", "--with-dependencies");
    assertEquals(ExitCode.INVALID_INPUT, noServices.exit());
    assertTrue(noServices.firstError().contains("--with-dependencies needs the services to deploy"), noServices.err());
  }

  @Test
  void scale_badCounts_unknownServices_andNoRelease_areOneLineErrors_exit2() {
    assertScaleRefused("'api' is not SERVICE=COUNT, e.g. api=3", "api");
    assertScaleRefused("api=-1: a service runs 1 copy or more", "api=-1");
    assertScaleRefused("api=0: a service runs 1 copy or more", "api=0");
    assertScaleRefused("service 'api' is given twice", "api=2", "api=3");
    assertScaleRefused("no service 'cache' in environment 'dev'; services: redis, api, worker", "cache=2");
    assertScaleRefused("dev runs no release to scale: deploy it first (slipway deploy --env dev)", "api=2");
  }

  @Test
  void scale_serviceTheCurrentReleaseDoesNotRun_isRefused() {
    FileReleaseStore store = new FileReleaseStore(work.resolve(".slipway/state/dev"));
    store.save(store.start(Optional.empty(), Map.of("redis", "redis:7"), rendering()).finished(Release.SUCCEEDED, ""));

    assertScaleRefused("release 1 of dev does not run service 'api': deploy it first (slipway deploy --env dev api)", "api=2");
  }

  @Test
  void history_withServices_listsTheReleasesThatChangedThem_wholeEnvironmentOnesIncluded() {
    FileReleaseStore store = new FileReleaseStore(work.resolve(".slipway/state/dev"));
    Map<String, String> images = Map.of("redis", "redis:7", "api", "api:1", "worker", "worker:1");
    store.save(store.start(Optional.empty(), images, rendering()).finished(Release.SUCCEEDED, ""));
    store.save(store.start(Optional.empty(), images, rendering(), new Release.Change(Set.of("api"), Map.of(), false)).finished(Release.SUCCEEDED, ""));
    store.save(store.start(Optional.empty(), images, rendering(), new Release.Change(Set.of("worker"), Map.of("worker", 3), true))
        .finished(Release.SUCCEEDED, "scale worker=3"));

    Run api = slipway("history", "api");

    assertEquals(ExitCode.OK, api.exit(), api.err());
    assertEquals(List.of("1", "2"), api.out().lines().map(l -> l.strip().split("\\s+")[0]).toList(), api.out());
    assertTrue(api.out().lines().toList().get(1).endsWith("succeeded   [api]"), api.out());
    assertTrue(slipway("history").out().contains("scale worker=3 [worker]"), slipway("history").out());
    assertEquals(ExitCode.INVALID_INPUT, slipway("status", "cache").exit());
  }

  private void assertScaleRefused(String message, String... counts) {
    Run run = slipway("scale", counts);
    assertEquals(ExitCode.INVALID_INPUT, run.exit(), run.out() + run.err());
    assertTrue(run.firstError().endsWith(message), "expected '" + message + "', got: " + run.err());
    assertEquals(1, run.err().lines().count(), run.err());
  }

  private static Rendering rendering() {
    return new Rendering(List.of(new RenderedFile("compose.yaml", "services: {}\n")));
  }
}
