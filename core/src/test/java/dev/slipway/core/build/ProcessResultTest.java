package dev.slipway.core.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.slipway.core.process.ProcessTimeoutException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build stages' way to run a command: same answers as before, now with a time limit. */
class ProcessResultTest {

  @TempDir Path work;

  @Test
  void run_withoutLimit_exitCodeAndCombinedOutputInItsDirectory() throws IOException {
    ProcessResult result = ProcessResult.run(List.of("sh", "-c", "pwd; echo oops >&2; exit 2"), work);

    assertEquals(2, result.exitCode());
    assertEquals(work.toRealPath() + "\noops\n", result.output());
  }

  @Test
  void run_withEnvironment_addsItToSlipwaysOwn() throws IOException {
    ProcessResult result = ProcessResult.run(List.of("sh", "-c", "echo \"$PIP_INDEX_URL\" \"${PATH:+has-path}\""), work, Map.of("PIP_INDEX_URL", "http://pypi"));

    assertEquals("http://pypi has-path\n", result.output());
  }

  @Test
  void run_pastItsLimit_timeoutNamesTheCommand() {
    ProcessTimeoutException timeout =
        assertThrows(ProcessTimeoutException.class, () -> ProcessResult.run(List.of("sleep", "30"), work, Duration.ofMillis(300)));

    assertEquals("`sleep 30` did not finish within 300 ms; it and the processes it started were stopped", timeout.getMessage());
  }
}
