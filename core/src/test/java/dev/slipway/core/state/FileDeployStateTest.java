package dev.slipway.core.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.process.ProcessId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDeployStateTest {

  @TempDir Path stateDir;

  private void lockFileOf(long pid, String host) throws IOException {
    Files.writeString(DeployLock.file(stateDir), "pid=" + pid + "\nhost=" + host + "\nsince=2026-01-01T00:00:00Z\n");
  }

  @Test
  void otherHolder_isWhoeverElseHoldsTheLock_byTheLocksOwnRule() throws Exception {
    DeployState state = DeployState.inFiles(stateDir);
    assertEquals(Optional.empty(), state.otherHolder(), "free");

    try (EnvironmentLock mine = state.lock()) {
      assertEquals(Optional.empty(), state.otherHolder(), "held by this process");
    }

    Process running = new ProcessBuilder("sleep", "60").start();
    try {
      lockFileOf(running.pid(), ProcessId.thisHost());
      assertEquals(Optional.of("pid " + running.pid() + " on " + ProcessId.thisHost() + " since 2026-01-01T00:00:00Z"), state.otherHolder());
    } finally {
      running.destroyForcibly().waitFor();
    }
    assertEquals(Optional.empty(), state.otherHolder(), "its process is gone: the lock is stale");

    lockFileOf(1, "build-agent-7");
    assertTrue(state.otherHolder().isPresent(), "a process elsewhere is never second-guessed");
    assertFalse(state.lockExpires());
  }
}
