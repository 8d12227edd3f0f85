package dev.slipway.dsl;

import dev.slipway.core.model.Project;
import dev.slipway.core.model.SourceLocation;
import dev.slipway.core.problem.InvalidInputException;
import dev.slipway.core.problem.Problem;
import dev.slipway.dsl.internal.DeployScriptRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Evaluates a {@code deploy.groovy} into a {@link Project}. Evaluation only builds the model:
 * the DSL itself touches no network, writes no file and starts no process.
 */
public final class DeployScripts {

  private DeployScripts() {}

  /**
   * @param script the deploy script
   * @param variables {@code --set key=value} pairs, visible to the script as variables
   * @throws InvalidInputException with every problem located in the script
   */
  public static Project evaluate(Path script, Map<String, String> variables) {
    String displayName = script.toString();
    if (!Files.isRegularFile(script)) {
      throw new InvalidInputException(
          new SourceLocation(displayName, 0, 0), "no deploy script here: create it or point at one with -f path/to/deploy.groovy");
    }
    String text;
    try {
      text = Files.readString(script);
    } catch (IOException e) {
      throw new InvalidInputException(java.util.List.of(new Problem(new SourceLocation(displayName, 0, 0), "cannot read: " + e.getMessage())));
    }
    return evaluate(text, script, variables);
  }

  /**
   * Evaluates {@code text} as if it were the script at {@code script}, which need not exist yet:
   * {@code slipway init} checks a script before writing it.
   *
   * @throws InvalidInputException with every problem located in the script
   */
  public static Project evaluate(String text, Path script, Map<String, String> variables) {
    Path baseDir = script.toAbsolutePath().normalize().getParent();
    return DeployScriptRunner.run(text, script.toString(), baseDir, variables);
  }
}
