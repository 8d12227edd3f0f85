package dev.slipway.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every command that reads a deploy script shares. */
public final class ScriptOptions {

  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      description = "The deploy script (default: ${DEFAULT-VALUE}).",
      defaultValue = "deploy.groovy")
  Path file;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "A variable for the script, e.g. --set version=1.2 (repeatable).")
  Map<String, String> variables = new LinkedHashMap<>();
}
