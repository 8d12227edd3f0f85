package dev.slipway.core.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployLockTest {

  @TempDir Path state;

  @Test
  void acquire_whileHeld_failsNamingTheHolder() {
    Path file = state.resolve("dev/deploy.lock");
    try (DeployLock held = DeployLock.acquire(file)) {
      LockHeld error = assertThrows(LockHeld.class, () -> DeployLock.acquire(file));
      assertTrue(error.getMessage().contains("held by pid " + ProcessHandle.current().pid()), error.getMessage());
    }
  }

  @Test
  void close_releases_soTheNextDeployGetsIt() {
    Path file = state.resolve("dev/deploy.lock");
    DeployLock.acquire(file).close();

    assertFalse(Files.exists(file));
    DeployLock.acquire(file).close();
  }

  @Test
  void acquire_lockOfAProcessThatIsGone_takesItOver() throws IOException, InterruptedException {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Path file = state.resolve("dev/deploy.lock");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "pid=" + gone.pid() + "\nhost=" + InetAddress.getLocalHost().getHostName() + "\nsince=2026-01-01T00:00:00Z\n");

    try (DeployLock lock = DeployLock.acquire(file)) {
      assertTrue(Files.readString(file).contains("pid=" + ProcessHandle.current().pid()));
    }
  }

  @Test
  void acquire_lockFromAnotherHost_isNeverTakenOver() throws IOException {
    Path file = state.resolve("dev/deploy.lock");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "pid=1\nhost=build-agent-7\nsince=2026-01-01T00:00:00Z\n");

    LockHeld error = assertThrows(LockHeld.class, () -> DeployLock.acquire(file));

    assertTrue(error.getMessage().contains("pid 1 on build-agent-7"), error.getMessage());
  }

  /** A lock seen between its creation and its content (or damaged just now) belongs to someone. */
  @Test
  void acquire_lockUnreadableJustNow_isHeldNotStale() throws IOException {
    Path file = state.resolve("dev/deploy.lock");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "");

    LockHeld error = assertThrows(LockHeld.class, () -> DeployLock.acquire(file));

    assertTrue(error.getMessage().contains("is being taken by another deploy right now"), error.getMessage());
    assertEquals("", Files.readString(file), "the other deploy's lock is left alone");
  }

  @Test
  void acquire_lockDamagedLongAgo_isTakenOver() throws IOException {
    Path file = state.resolve("dev/deploy.lock");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "pid=\u0000\u0000");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));

    try (DeployLock lock = DeployLock.acquire(file)) {
      assertTrue(Files.readString(file).contains("pid=" + ProcessHandle.current().pid()));
    }
  }

  /** Deploys that all find the same stale lock must not all win it. */
  @Test
  void acquire_manyAtOnceOverAStaleLock_exactlyOneWins() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    String stale = "pid=" + gone.pid() + "\nhost=" + InetAddress.getLocalHost().getHostName() + "\nsince=2026-01-01T00:00:00Z\n";
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 30; round++) {
        Path file = state.resolve("round-" + round + "/deploy.lock");
        Files.createDirectories(file.getParent());
        Files.writeString(file, stale);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<DeployLock>> attempts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          attempts.add(pool.submit(() -> {
            start.await();
            try {
              return DeployLock.acquire(file);
            } catch (LockHeld held) {
              return null;
            }
          }));
        }
        start.countDown();
        List<DeployLock> won = new ArrayList<>();
        for (Future<DeployLock> attempt : attempts) {
          Optional.ofNullable(attempt.get()).ifPresent(won::add);
        }
        assertEquals(1, won.size(), "round " + round + ": winners");
        assertTrue(Files.readString(file).contains("pid=" + ProcessHandle.current().pid()), "the winner's lock is the file");
        try (Stream<Path> left = Files.list(file.getParent())) {
          assertEquals(List.of(file, file.resolveSibling("deploy.lock.guard")), left.sorted().toList(), "no temporary files are left beside the lock and its guard");
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
