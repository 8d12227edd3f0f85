package dev.slipway.cli;

import picocli.CommandLine.Option;

/** {@code --env}, shared by the commands that work on one environment. */
public final class EnvironmentOption {

  @Option(
      names = {"-e", "--env"},
      paramLabel = "ENV",
      description = "The environment (default: ${DEFAULT-VALUE}).",
      defaultValue = "dev")
  String name;
}
