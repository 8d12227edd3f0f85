package dev.slipway.core.exec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
