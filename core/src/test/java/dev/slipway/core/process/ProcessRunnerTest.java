package dev.slipway.core.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against real processes: {@code sh}, {@code sleep} and their children. */
class ProcessRunnerTest {

  @TempDir Path work;

  private final ProcessRunner runner = ProcessRunner.withGrace(Duration.ofMillis(500));

  private ExternalCommand shell(String script) {
    return ExternalCommand.of(List.of("sh", "-c", script), work);
  }

  /** The pids a script printed first, {@code $$} (the shell) and {@code $!} (its child). */
  private static List<Long> pids(String output) {
    return Arrays.stream(output.lines().findFirst().orElseThrow().trim().split(" ")).map(Long::parseLong).toList();
  }

  private static void assertAllGone(List<Long> pids) throws InterruptedException {
    for (long pid : pids) {
      // Killed processes can take a moment to be reaped by their parent or init.
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < end) {
        Thread.sleep(20);
      }
      assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " still runs");
    }
  }

  @Test
  void run_finishingCommand_exitCodeAndOutputOfBothStreams() throws IOException {
    ProcessRunner.Finished finished = runner.run(shell("echo out; echo err >&2; echo \"$GREETING\"; exit 3").withEnvironment(Map.of("GREETING", "hi")));

    assertEquals(3, finished.exitCode());
    assertEquals(List.of("err", "hi", "out"), finished.output().lines().sorted().toList());
  }

  @Test
  void run_commandWithAChildOutlivesItsTimeout_wholeTreeStoppedAndErrorNamesCommandAndLimit() throws Exception {
    ExternalCommand hung = shell("sleep 60 & echo $$ $!; wait").withTimeout(Duration.ofSeconds(1));
    long start = System.nanoTime();

    ProcessTimeoutException timeout =
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(ProcessTimeoutException.class, () -> runner.run(hung)));

    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(4), "took " + (System.nanoTime() - start) / 1_000_000 + " ms");
    assertEquals(
        "`sh -c sleep 60 & echo $$ $!; wait` did not finish within 1 s; it and the processes it started were stopped",
        timeout.getMessage());
    assertAllGone(pids(timeout.output()));
  }

  @Test
  void run_childIgnoresTerminate_killedAfterTheGracePeriod() throws Exception {
    ExternalCommand stubborn = shell("trap '' TERM; sh -c \"trap '' TERM; sleep 60\" & echo $$ $!; wait").withTimeout(Duration.ofMillis(500));
    long start = System.nanoTime();

    ProcessTimeoutException timeout =
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(ProcessTimeoutException.class, () -> runner.run(stubborn)));

    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(4), "took " + (System.nanoTime() - start) / 1_000_000 + " ms");
    assertAllGone(pids(timeout.output()));
  }

  @Test
  void run_callerInterrupted_treeStoppedAndInterruptKept() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    CountDownLatch started = new CountDownLatch(1);
    CompletableFuture<Throwable> thrown = new CompletableFuture<>();
    Thread caller = new Thread(() -> {
      try {
        runner.run(shell("sleep 60 & echo $$ $!; wait"), line -> {
          lines.add(line);
          started.countDown();
        });
        thrown.complete(null);
      } catch (IOException e) {
        thrown.complete(Thread.currentThread().isInterrupted() ? e : new AssertionError("interrupt flag lost", e));
      }
    });
    caller.start();
    assertTrue(started.await(10, TimeUnit.SECONDS));

    caller.interrupt();

    Throwable error = thrown.get(10, TimeUnit.SECONDS);
    assertTrue(error instanceof InterruptedIOException, String.valueOf(error));
    assertTrue(error.getMessage().startsWith("`sh -c sleep 60 & echo $$ $!; wait` was interrupted"), error.getMessage());
    assertAllGone(pids(lines.get(0)));
  }

  @Test
  void run_moreThanAMebibyteOnBothStreams_noDeadlock() {
    ExternalCommand chatty =
        shell("head -c 1500000 /dev/zero | tr '\\0' o; head -c 1500000 /dev/zero | tr '\\0' e >&2").withTimeout(Duration.ofSeconds(30));

    ProcessRunner.Finished finished = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> runner.run(chatty));

    assertEquals(0, finished.exitCode());
    assertEquals(3_000_000, finished.output().length());
  }

  @Test
  void run_eachLine_handedOverAsItComesWithoutLineEnds() throws IOException {
    List<String> lines = new ArrayList<>();

    runner.run(shell("printf 'one\\r\\ntwo\\nthree'"), lines::add);

    assertEquals(List.of("one", "two", "three"), lines);
  }

  @Test
  void run_lineConsumerFails_commandStoppedAndItsErrorThrown() throws Exception {
    IllegalStateException full = new IllegalStateException("disk full");

    IllegalStateException thrown =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10),
            () -> assertThrows(IllegalStateException.class, () -> runner.run(shell("echo first; sleep 60"), line -> {
              throw full;
            })));

    assertEquals(full, thrown);
  }

  @Test
  void run_programMissing_errorNamesTheCommandLine() {
    IOException error = assertThrows(IOException.class, () -> runner.run(ExternalCommand.of(List.of("no-such-program-slipway", "--flag"), work)));

    assertTrue(error.getMessage().startsWith("cannot run `no-such-program-slipway --flag`: "), error.getMessage());
  }

  @Test
  void describe_limits_inTheLargestWholeUnit() {
    assertEquals(
        List.of("30 min", "20 s", "90 s", "250 ms"),
        List.of(Duration.ofMinutes(30), Duration.ofSeconds(20), Duration.ofSeconds(90), Duration.ofMillis(250)).stream()
            .map(ExternalCommand::describe).toList());
  }

  @Test
  void background_runsUntilStopped_outputInItsDirectory_andStopEndsItsWholeTreeAndRemovesTheDirectory() throws Exception {
    Path privateDir = java.nio.file.Files.createDirectories(work.resolve("service"));
    ProcessRunner.Background service = ProcessRunner.standard().background(ExternalCommand.of(List.of("sh", "-c", "echo started; sleep 300"), work), privateDir);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!service.output().contains("started") && System.nanoTime() < end) {
      Thread.sleep(50);
    }
    List<ProcessHandle> tree = ProcessHandle.of(service.pid()).orElseThrow().descendants().toList();

    assertTrue(service.isAlive());
    assertEquals("started\n", service.output());
    service.stop();

    assertFalse(service.isAlive());
    assertTrue(tree.stream().noneMatch(ProcessHandle::isAlive), "the program and its children are gone: " + tree);
    assertFalse(java.nio.file.Files.exists(privateDir));
  }
}
