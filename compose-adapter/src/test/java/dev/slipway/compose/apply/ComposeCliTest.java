package dev.slipway.compose.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.process.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Running the Compose CLI, against a stand-in: a shell script that behaves as a stuck or chatty Compose would. */
class ComposeCliTest {

  @TempDir Path work;

  private ComposeCli cliRunning(String script) throws IOException {
    Path cli = work.resolve("fake-compose");
    Files.writeString(cli, "#!/bin/sh\n" + script + "\n");
    Files.setPosixFilePermissions(cli, PosixFilePermissions.fromString("rwxr-xr-x"));
    return ComposeCli.choose(Optional.of(cli.toString()), new HashMap<>(System.getenv()));
  }

  @Test
  void through_engineSocket_composeRunsWithItsDockerHost() throws IOException {
    ComposeCli cli = cliRunning("echo \"$DOCKER_HOST\"");
    try (FakeEngineApi engine = FakeEngineApi.at(work.resolve("engine/podman.sock"), FakeEngineApi.PODMAN)) {
      ComposeCli through = cli.through(EngineSocket.find(java.util.Map.of("DOCKER_HOST", engine.host())));

      assertEquals(engine.host() + "\n", through.run(work, List.of("ps"), 20).output());
    }
  }

  @Test
  void needsEngineSocket_podmanComposeRunsPodmanItself_theOthersNeedOne() {
    java.util.Map<String, String> environment = new HashMap<>(System.getenv());

    assertFalse(ComposeCli.choose(Optional.of("/usr/local/bin/podman-compose"), environment).needsEngineSocket());
    assertTrue(ComposeCli.choose(Optional.of("docker compose"), environment).needsEngineSocket());
    assertTrue(ComposeCli.choose(Optional.of("docker-compose"), environment).needsEngineSocket());
  }

  @Test
  void run_composeUpHangs_stoppedAtItsTimeoutWithEveryProcessItStarted() throws Exception {
    // Like a `compose up` waiting on an engine that never answers: a child of its own, and no output after the first line.
    ComposeCli cli = cliRunning("sleep 60 & echo $$ $!; wait");
    long start = System.nanoTime();

    ComposeCli.Result up = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> cli.run(work, List.of("up", "-d", "web"), 1));

    long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    // The one-second limit, at most the grace a stopped Compose gets, and slack for a busy machine.
    assertTrue(took < 1000 + ProcessRunner.DEFAULT_GRACE.toMillis() + 3000, "took " + took + " ms");
    assertFalse(up.ok());
    assertEquals(
        "`" + cli.describe() + " up -d web` did not finish within 1 s; it and the processes it started were stopped",
        ComposeProject.lastLine(up.output()));
    for (String pid : up.output().lines().findFirst().orElseThrow().split(" ")) {
      awaitGone(Long.parseLong(pid));
    }
  }

  @Test
  void run_moreOutputThanAPipeHolds_readWhileItRuns() throws Exception {
    ComposeCli cli = cliRunning("head -c 2000000 /dev/zero | tr '\\0' x; echo; echo done >&2");

    ComposeCli.Result ps = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> cli.run(work, List.of("ps"), 20));

    assertTrue(ps.ok());
    assertEquals(2_000_000 + "\ndone\n".length(), ps.output().length());
  }

  @Test
  void stream_handsOverEachLine() throws IOException {
    ComposeCli cli = cliRunning("echo \"$@\"; echo second");
    List<String> lines = new ArrayList<>();

    cli.stream(work, List.of("logs", "--follow"), lines::add);

    assertEquals(List.of("logs --follow", "second"), lines);
  }

  private static void awaitGone(long pid) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < end) {
      Thread.sleep(20);
    }
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " still runs");
  }
}
