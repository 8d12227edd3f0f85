package dev.slipway.k8s.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The preStop hook's script run by a real shell against a real process standing in for the
 * container's PID 1: the process gets the signal, and the hook returns only once it has exited,
 * so the kubelet's SIGTERM never overtakes a graceful stop.
 */
class StopSignalsTest {

  @Test
  void script_signalsTheProcessAndReturnsOnlyOnceItHasExited(@TempDir Path dir) throws Exception {
    Path got = dir.resolve("got");
    // USR1, not INT: a shell started in the background may have INT ignored, and then cannot trap it.
    Process main = new ProcessBuilder("sh", "-c", "trap 'echo USR1 > " + got + "; sleep 1; exit 7' USR1; echo ready; while :; do sleep 0.1; done")
        .redirectErrorStream(true)
        .start();
    try {
      assertEquals("ready", new String(main.getInputStream().readNBytes(5), StandardCharsets.UTF_8));

      long started = System.nanoTime();
      Process hook = new ProcessBuilder("sh", "-c", StopSignals.script("USR1", main.pid())).redirectErrorStream(true).start();
      assertTrue(hook.waitFor(20, TimeUnit.SECONDS), "the hook returns once the process is gone");

      assertEquals(0, hook.exitValue(), output(hook));
      assertFalse(main.isAlive(), "the hook returned while the process still ran: SIGTERM would overtake its graceful stop");
      assertEquals(7, main.exitValue(), "ended by its own USR1 handler");
      assertEquals("USR1\n", Files.readString(got));
      assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 1000, "waited out the handler's second");
    } finally {
      main.destroyForcibly();
    }
  }

  private static String output(Process process) throws IOException {
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
