package dev.slipway.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A process a test started, waited for to its end, with what it printed to the files its output
 * went to: for tests that run {@code bin/slipway} as a user's shell would.
 */
record FinishedProcess(int exit, String out, String err) {

  /** @param what the command, for the message when it hangs */
  static FinishedProcess await(Process process, Path out, Path err, String what) {
    try {
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError(what + " did not end within 10 minutes");
      }
      return new FinishedProcess(process.exitValue(), Files.readString(out), Files.readString(err));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
