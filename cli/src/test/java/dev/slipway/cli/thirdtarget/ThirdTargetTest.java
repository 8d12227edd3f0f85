package dev.slipway.cli.thirdtarget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.cli.ExitCode;
import dev.slipway.cli.SlipwayCommand;
import dev.slipway.cli.Workspace;
import dev.slipway.core.target.Targets;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A target found on the class path, with no change to the DSL, the CLI or core, goes through every
 * command: validate, plan, render, deploy (with a release), status, history, destroy; and what it
 * cannot do is refused before anything runs.
 */
class ThirdTargetTest {

  @TempDir Path project;

  private record Run(int exit, String out, String err) {}

  private Path script(String environment) throws IOException {
    return Files.writeString(project.resolve("deploy.groovy"), """
        project 'shelf'
        service('cache') { image 'redis:7.4' }
        service('web') {
          image 'nginx:1.27'
          port 80
          dependsOn 'cache'
        }
        environments {
          dev { target compose() }
        %s
        }
        """.formatted(environment));
  }

  private Run slipway(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> argv = new ArrayList<>(List.of(args));
    argv.addAll(List.of("-f", project.resolve("deploy.groovy").toString()));
    int exit = SlipwayCommand.newCommandLine(new Workspace(Targets.discover(), Map.of()))
        .setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(argv.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  /** A one-off run needs a target that can run one; this one cannot, and says so at its line before anything is built. */
  @Test
  void pipelineWithARun_isRefusedAtTheTargetLineByPlanAndDeploy() throws IOException {
    Files.writeString(project.resolve("deploy.groovy"), """
        project 'shelf'
        service('web') { image 'nginx:1.27' }
        pipeline {
          stage('migrate') { run service: 'web', command: 'nginx -t' }
          stage('deploy') { deploy() }
        }
        environments {
          lab { target directory(path: 'out') }
        }
        """);

    assertEquals(ExitCode.OK, slipway("validate").exit(), "other environments and render may still use the target");
    for (String command : List.of("plan", "deploy")) {
      Run refused = slipway(command, "--env", "lab");
      assertEquals(ExitCode.INVALID_INPUT, refused.exit(), refused.err());
      assertTrue(refused.err().startsWith(project.resolve("deploy.groovy") + ":8: target directory() cannot run the pipeline's one-off commands"),
          refused.err());
      assertTrue(refused.err().contains("`slipway " + command + "`") && refused.err().contains("(compose, kubernetes)"), refused.err());
    }
    assertFalse(Files.exists(project.resolve("out")), "nothing was applied");
  }

  @Test
  void targetOnTheClassPath_deploysThroughEveryCommand() throws IOException {
    script("  lab { target directory(path: 'out') }");

    assertEquals(ExitCode.OK, slipway("validate").exit());
    Run plan = slipway("plan", "--env", "lab");
    assertEquals(ExitCode.OK, plan.exit(), plan.err());
    assertTrue(plan.out().contains("directory(path=out)"), plan.out());
    Run render = slipway("render", "--env", "lab", "-o", project.resolve("rendered").toString());
    assertEquals(ExitCode.OK, render.exit(), render.err());
    assertEquals("cache=redis:7.4\nweb=nginx:1.27\n", Files.readString(project.resolve("rendered/services.txt")));

    Run deploy = slipway("deploy", "--env", "lab");
    assertEquals(ExitCode.OK, deploy.exit(), deploy.out() + deploy.err());
    assertEquals(List.of("cache", "web"), Files.readAllLines(project.resolve("out").resolve(DirectoryTarget.APPLIED_LOG)),
        "dependencies are applied first");
    Run status = slipway("status", "--env", "lab");
    assertEquals(ExitCode.OK, status.exit(), status.err());
    assertTrue(status.out().lines().anyMatch(l -> l.startsWith("web") && l.contains("1/1") && l.contains("nginx:1.27")), status.out());
    assertTrue(status.out().contains("current release: 1"), status.out());
    Run history = slipway("history", "--env", "lab");
    assertTrue(history.out().lines().anyMatch(l -> l.trim().startsWith("1 ") && l.contains("succeeded")), history.out());

    Run destroy = slipway("destroy", "--env", "lab");
    assertEquals(ExitCode.OK, destroy.exit(), destroy.err());
    assertFalse(Files.exists(project.resolve("out")));
  }

  @Test
  void whatTheTargetCannotDo_isRefusedAtItsLine() throws IOException {
    script("  lab { target directory(path: 'out') }");

    Run logs = slipway("logs", "--env", "lab");
    assertEquals(ExitCode.INVALID_INPUT, logs.exit());
    assertEquals(project.resolve("deploy.groovy") + ":10: target directory() cannot show logs: use the target's own tools to read them",
        logs.err().lines().findFirst().orElseThrow());
  }

  @Test
  void targetThatOnlyRenders_isRefusedBeforeAnythingIsBuilt() throws IOException {
    script("  prod { target sketch() }");

    Run deploy = slipway("deploy", "--env", "prod");
    assertEquals(ExitCode.INVALID_INPUT, deploy.exit());
    assertTrue(deploy.err().startsWith(project.resolve("deploy.groovy") + ":10: target sketch() only renders here, so `slipway deploy` cannot use it"), deploy.err());
    assertTrue(deploy.err().contains("(compose, directory, kubernetes)"), deploy.err());
    assertEquals("", deploy.out());
  }

  @Test
  void misspelledOrMisusedTarget_isALocatedError() throws IOException {
    script("  lab { target directroy(path: 'out') }");
    Run typo = slipway("validate");
    assertEquals(ExitCode.INVALID_INPUT, typo.exit());
    assertTrue(typo.err().startsWith(project.resolve("deploy.groovy") + ":10:"), typo.err());
    assertTrue(typo.err().contains("no target 'directroy' is installed (did you mean 'directory'?)"), typo.err());

    script("  lab { target directory() }");
    Run missing = slipway("validate");
    assertEquals(project.resolve("deploy.groovy") + ":10: directory(): needs path: 'out', the folder to deploy into", missing.err().lines().findFirst().orElseThrow());

    script("  lab {\n    directory(path: 'out')\n  }");
    Run stray = slipway("validate");
    assertEquals(ExitCode.INVALID_INPUT, stray.exit());
    assertTrue(stray.err().startsWith(project.resolve("deploy.groovy") + ":11: environment 'lab': directory() on its own does nothing: write `target directory(...)`"), stray.err());
  }
}
