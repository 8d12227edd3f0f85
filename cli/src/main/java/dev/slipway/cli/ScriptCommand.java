package dev.slipway.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every subcommand has: {@code -h/--help} and {@code -V/--version} (picocli applies a
 * superclass's command attributes to its subclasses), the deploy script's options, the workspace
 * and where its output goes.
 */
@Command(mixinStandardHelpOptions = true, versionProvider = Version.class)
abstract class ScriptCommand implements Callable<Integer> {

  @Mixin ScriptOptions script;
  @Spec CommandSpec spec;
  @ParentCommand SlipwayCommand root;

  Workspace workspace() {
    return root.workspace();
  }

  /** Whether {@code --debug} was given, before the command's name or after it. */
  boolean debug() {
    return root.debug || spec.commandLine().getParseResult().hasMatchedOption("--debug");
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** What {@link #out()} is connected to, for the looks of the output. */
  Terminal terminal() {
    return Terminal.of(workspace().environment());
  }
}
