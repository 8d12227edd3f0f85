package dev.slipway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.build.BuildFailure;
import dev.slipway.core.build.EngineUnavailable;
import dev.slipway.core.build.RegistryFailure;
import dev.slipway.core.model.SourceLocation;
import dev.slipway.core.problem.InvalidInputException;
import dev.slipway.core.state.DeployLock;
import dev.slipway.core.state.LockHeld;
import dev.slipway.core.target.TargetFailure;
import dev.slipway.core.target.Targets;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Every failure reaches the user as the README's "Exit codes" table says, through the one {@link ErrorHandler}. */
class ExitCodeTest {

  /** Stands for any command: throws what the case gives it, from inside the configured command line. */
  @Command(name = "fail")
  static final class Failing implements Callable<Integer> {
    private final Exception error;

    Failing(Exception error) {
      this.error = error;
    }

    @Override
    public Integer call() throws Exception {
      throw error;
    }
  }

  record Run(int exit, String out, String err) {}

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of(
            new InvalidInputException(new SourceLocation("deploy.groovy", 14, 5), "service 'api' dependsOn 'dbb'"),
            ExitCode.INVALID_INPUT,
            "deploy.groovy:14:5: service 'api' dependsOn 'dbb'"),
        Arguments.of(new BuildFailure("2 of 5 tests failed in service 'web'"), ExitCode.FAILED, "2 of 5 tests failed in service 'web'"),
        Arguments.of(new RegistryFailure("registry localhost:5000 is unreachable"), ExitCode.TARGET_UNREACHABLE, "registry localhost:5000 is unreachable"),
        Arguments.of(new EngineUnavailable("deploy.groovy:4:5: service 'proxy' is built from a Dockerfile, which needs a container engine: no container engine was found"),
            ExitCode.TARGET_UNREACHABLE, "deploy.groovy:4:5: service 'proxy' is built from a Dockerfile, which needs a container engine: no container engine was found"),
        Arguments.of(new TargetFailure("no Compose CLI works", true), ExitCode.TARGET_UNREACHABLE, "no Compose CLI works"),
        Arguments.of(new TargetFailure("compose up failed", false), ExitCode.FAILED, "compose up failed"),
        Arguments.of(new TargetFailure("compose could not start service 'web': \u001b[31mError\u001b[0m response from daemon", false), ExitCode.FAILED,
            "compose could not start service 'web': Error response from daemon"),
        Arguments.of(new LockHeld("the deploy lock is held by pid 7"), ExitCode.LOCKED, "the deploy lock is held by pid 7"),
        Arguments.of(new IllegalStateException("surprise"), ExitCode.FAILED, "slipway: surprise"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("failures")
  void aThrownFailure_printsItsLine_andExitsWithItsCode(Exception error, int exit, String line) {
    Run run = run(Map.of("fail", new Failing(error)), "fail");

    assertEquals(exit, run.exit());
    assertEquals(line, run.err().lines().findFirst().orElse(""), "stderr was:\n" + run.err());
    assertEquals("", run.out());
    assertTrue(!run.err().contains("\tat "), "no stack trace without --debug:\n" + run.err());
  }

  @Test
  void anUnexpectedFailure_pointsAtDebug_whichShowsTheStackTrace() {
    Run plain = run(Map.of("fail", new Failing(new IllegalStateException("surprise"))), "fail");
    Run debug = run(Map.of("fail", new Failing(new IllegalStateException("surprise"))), "--debug", "fail");

    assertEquals(List.of("slipway: surprise", "(run again with --debug for details)"), plain.err().lines().toList());
    assertEquals(ExitCode.FAILED, debug.exit());
    assertTrue(debug.err().contains("\tat "), "--debug shows the stack trace:\n" + debug.err());
  }

  @Test
  void aCommandLineThatDoesNotParse_isInvalidInput() {
    assertEquals(ExitCode.INVALID_INPUT, run(Map.of(), "plan", "--no-such-option").exit());
    assertEquals(ExitCode.INVALID_INPUT, run(Map.of(), "no-such-command").exit());
  }

  @Test
  void aDeployWhoseStepsFailed_isUnreachableOnlyWhenAStepCouldNotReachItsRegistryOrTarget() {
    assertEquals(ExitCode.FAILED, ErrorHandler.ofFailedSteps(List.of(new BuildFailure("tests failed"), new TargetFailure("unhealthy", false))));
    assertEquals(ExitCode.TARGET_UNREACHABLE, ErrorHandler.ofFailedSteps(List.of(new BuildFailure("tests failed"), new RegistryFailure("refused"))));
    assertEquals(ExitCode.TARGET_UNREACHABLE, ErrorHandler.ofFailedSteps(List.of(new TargetFailure("no engine", true))));
  }

  @Test
  void destroyAndRollback_whileTheLockIsHeld_exit4_namingTheHolder(@TempDir Path dir) throws IOException {
    Path script = project(dir);
    try (DeployLock held = DeployLock.acquire(dir.resolve(".slipway/state/dev/deploy.lock"))) {
      for (String command : List.of("destroy", "rollback")) {
        Run run = run(Map.of(), command, "-f", script.toString());

        assertEquals(ExitCode.LOCKED, run.exit(), command + ": " + run.err());
        assertTrue(run.err().startsWith("the deploy lock "), run.err());
        assertTrue(run.err().contains("is held by pid " + ProcessHandle.current().pid()), run.err());
        assertEquals("", run.out());
      }
    }
  }

  @Test
  void anUnknownServiceOnTheCommandLine_isOneLocatedLine_exit2(@TempDir Path dir) throws IOException {
    Run run = run(Map.of(), "logs", "-f", project(dir).toString(), "dbb");

    assertEquals(ExitCode.INVALID_INPUT, run.exit());
    assertEquals(List.of("command line: no service 'dbb' in environment 'dev' (did you mean 'db'?); services: db"), run.err().lines().toList());
  }

  /** A project whose commands reach no engine, registry or network before they fail. */
  private static Path project(Path dir) throws IOException {
    return Files.writeString(dir.resolve("deploy.groovy"), """
        project 'shop'
        service('db') { image 'postgres:16' }
        environments {
            dev { target compose() }
        }
        """);
  }

  private static Run run(Map<String, Object> extraCommands, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = SlipwayCommand.newCommandLine(new Workspace(Targets.discover(), Map.of()));
    extraCommands.forEach(commandLine::addSubcommand);
    int exit = commandLine.setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    return new Run(exit, out.toString(), err.toString());
  }
}
