package dev.slipway.core.process;

import java.io.IOException;

/** A command ran past its time limit and was stopped with everything it started. */
public final class ProcessTimeoutException extends IOException {

  private final transient ExternalCommand command;
  private final String output;

  ProcessTimeoutException(ExternalCommand command, String output) {
    super(
        "`" + command.commandLine() + "` did not finish within "
            + ExternalCommand.describe(command.timeout().orElseThrow())
            + "; it and the processes it started were stopped");
    this.command = command;
    this.output = output;
  }

  public ExternalCommand command() {
    return command;
  }

  /** What the command had written before it was stopped, which often says where it hung. */
  public String output() {
    return output;
  }
}
