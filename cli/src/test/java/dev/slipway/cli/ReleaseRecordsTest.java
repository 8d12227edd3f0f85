package dev.slipway.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.process.ProcessId;
import dev.slipway.core.release.FileReleaseStore;
import dev.slipway.core.release.Release;
import dev.slipway.core.release.ReleaseStore;
import dev.slipway.core.target.Targets;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands on a deployed environment with release records that a crash, a killed deploy or a
 * hand edit left behind, through the test-only {@code directory()} target.
 */
class ReleaseRecordsTest {

  @TempDir Path project;

  private record Run(int exit, String out, String err) {
    String all() {
      return out + err;
    }
  }

  @BeforeEach
  void script() throws IOException {
    Files.writeString(project.resolve("deploy.groovy"), """
        project 'shelf'
        service('cache') { image 'redis:7.4' }
        service('web') {
          image 'nginx:1.27'
          dependsOn 'cache'
        }
        environments {
          lab { target directory(path: 'out') }
        }
        """);
  }

  private Run slipway(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> argv = new ArrayList<>(List.of(args));
    argv.addAll(List.of("--env", "lab", "-f", project.resolve("deploy.groovy").toString()));
    int exit = SlipwayCommand.newCommandLine(new Workspace(Targets.discover(), Map.of()))
        .setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(argv.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  private Path record(int number) {
    return project.resolve(".slipway/state/lab/releases").resolve(String.format("%04d", number)).resolve("release.json");
  }

  private void deploy(int times) {
    for (int i = 0; i < times; i++) {
      Run deploy = slipway("deploy");
      assertEquals(ExitCode.OK, deploy.exit(), deploy.all());
    }
  }

  @Test
  void damagedRecord_isNamedOnce_andBlocksNoCommand() throws IOException {
    deploy(3);
    String good = Files.readString(record(3));
    Files.writeString(record(3), good.substring(0, good.length() / 2));
    String warning = "warning: " + record(3) + " is damaged (truncated): skipped";

    Run history = slipway("history");
    assertEquals(ExitCode.OK, history.exit(), history.all());
    assertEquals(1, history.out().lines().filter(warning::equals).count(), history.all());
    assertEquals(List.of("1", "2"), history.out().lines().filter(l -> l.matches("\\s*\\d+\\s+.*")).map(l -> l.trim().split("\\s+")[0]).toList(), history.out());

    Run status = slipway("status");
    assertEquals(ExitCode.OK, status.exit(), status.all());
    assertTrue(status.out().contains(warning), status.all());
    assertTrue(status.out().contains("current release: 2 "), status.out());

    Run rollbackToDamaged = slipway("rollback", "--to", "3");
    assertEquals(ExitCode.INVALID_INPUT, rollbackToDamaged.exit(), rollbackToDamaged.all());
    assertTrue(rollbackToDamaged.err().contains("release 3 does not exist or did not succeed"), rollbackToDamaged.all());

    Run rollback = slipway("rollback");
    assertEquals(ExitCode.OK, rollback.exit(), rollback.all());
    assertTrue(rollback.out().contains("release 4: restored release 1"), rollback.out());

    byte[] damaged = Files.readAllBytes(record(3));
    deploy(1);
    assertTrue(Files.isRegularFile(record(5)), "the next deploy is release 5");
    assertArrayEquals(damaged, Files.readAllBytes(record(3)), "the damaged record is left as it was, for whoever looks into it");
  }

  private ReleaseStore store() {
    return new FileReleaseStore(project.resolve(".slipway/state/lab"));
  }

  /** What a deploy by {@code owner} that never finished leaves: release 2 in progress. */
  private void releaseTwoInProgress(ProcessId owner) {
    store().save(new Release(2, Instant.now(), Optional.empty(), Map.of("web", "nginx:1.28"), Release.IN_PROGRESS, "", Optional.of(owner)));
  }

  @Test
  void killedDeploy_isNamedByTheNextCommand_markedInterrupted_andStatusKeepsToTheCurrentRelease() throws Exception {
    deploy(1);
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    ProcessId owner = new ProcessId(gone.pid(), ProcessId.thisHost());
    releaseTwoInProgress(owner);

    Run status = slipway("status");
    assertEquals(ExitCode.OK, status.exit(), status.all());
    assertEquals(1, status.out().lines().filter(("warning: release 2 was interrupted (its deploy, pid " + owner.pid() + " on " + owner.host() + ", is gone)")::equals).count(), status.out());
    assertTrue(status.out().contains("current release: 1 "), status.out());
    assertTrue(status.out().contains("newer release 2: interrupted — its deploy, pid " + owner.pid()), status.out());

    Run history = slipway("history");
    assertTrue(history.out().lines().anyMatch(l -> l.trim().startsWith("2 ") && l.contains("interrupted")), history.out());
    assertTrue(history.out().lines().noneMatch(l -> l.startsWith("warning:")), "said once, by the first command after the deploy died:\n" + history.out());
  }

  @Test
  void deployInProgress_isNamedByStatus_besideTheCurrentRelease() throws Exception {
    deploy(1);
    Process running = new ProcessBuilder("sleep", "60").start();
    try {
      releaseTwoInProgress(new ProcessId(running.pid(), ProcessId.thisHost()));

      Run status = slipway("status");

      assertTrue(status.out().contains("current release: 1 "), status.out());
      assertTrue(status.out().contains("newer release 2: in progress (its deploy is pid " + running.pid() + " on " + ProcessId.thisHost() + ")"), status.out());
      assertEquals(Release.IN_PROGRESS, store().find(2).orElseThrow().outcome());
    } finally {
      running.destroyForcibly();
    }
  }

  @Test
  void status_ofAnEnvironmentNeverDeployed_saysSo_andFails() {
    Run status = slipway("status");

    assertEquals(ExitCode.FAILED, status.exit(), status.all());
    assertEquals(List.of("lab: not deployed"), status.out().lines().toList());
  }

  /** Like {@code kubectl rollout status}: a script can tell from the exit code alone. */
  @Test
  void status_withAServiceNotRunning_failsNamingIt() throws IOException {
    deploy(1);
    assertEquals(ExitCode.OK, slipway("status").exit());
    Path services = project.resolve("out/services.txt");
    Files.writeString(services, Files.readString(services).replaceAll("(?m)^web=.*\n", ""));

    Run status = slipway("status");

    assertEquals(ExitCode.FAILED, status.exit(), status.all());
    assertTrue(status.out().contains("current release: 1 "), status.out());
    assertEquals(List.of("lab: web is not running (0/1)"), status.err().lines().toList());
  }

  @Test
  void destroy_isAnEntryInHistory_statusSaysDestroyed_andRollbackBringsTheLastReleaseBack() {
    deploy(1);

    Run destroy = slipway("destroy");
    assertEquals(ExitCode.OK, destroy.exit(), destroy.all());
    assertTrue(destroy.out().contains("release 2: destroyed"), destroy.out());

    Run history = slipway("history");
    assertTrue(history.out().lines().anyMatch(l -> l.trim().startsWith("2 ") && l.contains("destroyed")), history.out());
    Run status = slipway("status");
    assertEquals(ExitCode.FAILED, status.exit(), status.all());
    assertTrue(status.out().startsWith("lab: destroyed (release 2, "), status.out());

    Run rollback = slipway("rollback");
    assertEquals(ExitCode.OK, rollback.exit(), rollback.all());
    assertTrue(rollback.out().contains("release 3: restored release 1"), rollback.out());
    Run after = slipway("status");
    assertEquals(ExitCode.OK, after.exit(), after.all());
    assertTrue(after.out().contains("current release: 3 "), after.out());
  }

  @Test
  void releaseDirectoryWithoutItsRecord_isNamedAndNumberedAround() throws IOException {
    deploy(1);
    Files.delete(record(1));

    Run status = slipway("status");
    assertTrue(status.out().contains("warning: " + record(1) + " is damaged (missing): skipped"), status.all());

    deploy(1);
    assertTrue(Files.isRegularFile(record(2)));
  }
}
