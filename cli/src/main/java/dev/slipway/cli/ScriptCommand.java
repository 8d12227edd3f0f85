package dev.slipway.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
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

  private final List<EventPrinter> printers = new ArrayList<>();

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

  /** A printer of the run's events to {@link #out()}, finished by {@link #finishOutput()}. */
  EventPrinter printer(boolean json) {
    return printer(out(), json);
  }

  /** A printer of the run's events to {@code to}, finished by {@link #finishOutput()}. */
  EventPrinter printer(PrintWriter to, boolean json) {
    EventPrinter printer = EventPrinter.to(to, terminal(), json, debug());
    printers.add(printer);
    return printer;
  }

  /** Erases the progress lines the printers still show: before the command's summary, or an error when it failed. */
  void finishOutput() {
    printers.forEach(EventPrinter::finish);
  }
}
