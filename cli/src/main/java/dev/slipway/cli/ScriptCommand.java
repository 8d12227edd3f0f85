package dev.slipway.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** What every subcommand has: the deploy script's options, the workspace and where its output goes. */
abstract class ScriptCommand implements Callable<Integer> {

  @Mixin ScriptOptions script;
  @Spec CommandSpec spec;
  @ParentCommand SlipwayCommand root;

  Workspace workspace() {
    return root.workspace();
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }
}
