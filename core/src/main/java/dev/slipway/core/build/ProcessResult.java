package dev.slipway.core.build;

import dev.slipway.core.process.ExternalCommand;
import dev.slipway.core.process.ProcessRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A finished external command: its exit code and its combined output. Runs go through {@link
 * ProcessRunner}; one that passes its limit throws {@link dev.slipway.core.process.ProcessTimeoutException}.
 */
record ProcessResult(int exitCode, String output) {

  /** Runs with {@link ExternalCommand#DEFAULT_TIMEOUT}. */
  static ProcessResult run(List<String> command, Path directory) throws IOException {
    return run(command, directory, Map.of());
  }

  /** Runs with {@link ExternalCommand#DEFAULT_TIMEOUT}. */
  static ProcessResult run(List<String> command, Path directory, Map<String, String> environment) throws IOException {
    return run(ExternalCommand.of(command, directory).withEnvironment(environment));
  }

  /** Runs with {@link ExternalCommand#DEFAULT_TIMEOUT}, handing each line of output to {@code eachLine} as it comes. */
  static ProcessResult run(List<String> command, Path directory, Map<String, String> environment, Consumer<String> eachLine) throws IOException {
    ProcessRunner.Finished finished = ProcessRunner.standard().run(ExternalCommand.of(command, directory).withEnvironment(environment), eachLine);
    return new ProcessResult(finished.exitCode(), finished.output());
  }

  static ProcessResult run(List<String> command, Path directory, Duration timeout) throws IOException {
    return run(command, directory, Map.of(), timeout);
  }

  static ProcessResult run(List<String> command, Path directory, Map<String, String> environment, Duration timeout) throws IOException {
    return run(ExternalCommand.of(command, directory).withEnvironment(environment).withTimeout(timeout));
  }

  private static ProcessResult run(ExternalCommand command) throws IOException {
    ProcessRunner.Finished finished = ProcessRunner.standard().run(command);
    return new ProcessResult(finished.exitCode(), finished.output());
  }
}
