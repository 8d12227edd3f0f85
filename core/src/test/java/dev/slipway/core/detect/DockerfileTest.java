package dev.slipway.core.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DockerfileTest {

  private static Optional<String> command(String dockerfile) {
    return Dockerfile.start("Dockerfile", dockerfile).map(Dockerfile.Start::command);
  }

  @Test
  void start_shellFormCmd_asWritten() {
    assertEquals(
        Optional.of("gunicorn app:app --bind 0.0.0.0:$PORT"),
        command("FROM python:3.12-slim\nCOPY . .\nCMD gunicorn app:app \\\n    --bind 0.0.0.0:$PORT\n"));
  }

  @Test
  void start_execEntrypointAndShellCmd_cmdRunsUnderShellAsArguments() {
    assertEquals(
        Optional.of("/entrypoint.sh /bin/sh -c 'python app.py'"),
        command("FROM python:3.12\nENTRYPOINT [\"/entrypoint.sh\"]\nCMD python app.py\n"));
  }

  @Test
  void start_shellEntrypoint_ignoresCmd() {
    assertEquals(Optional.of("exec uvicorn main:app"), command("FROM python\nCMD [\"--reload\"]\nENTRYPOINT exec uvicorn main:app\n"));
  }

  @Test
  void start_finalStageWithoutCmd_inheritsFromTheStageItIsBuiltFrom() {
    String dockerfile =
        "FROM python:3.12 AS base\n# the app\nCMD [\"python\", \"-m\", \"shop\"]\n\nFROM base AS prod\nRUN pip install gunicorn\n";

    assertEquals(Optional.of("python -m shop"), command(dockerfile));
  }

  @Test
  void start_entrypointInFinalStage_resetsTheBaseStagesCmd() {
    String dockerfile = "FROM python:3.12 AS base\nCMD [\"python\", \"app.py\"]\nFROM base\nENTRYPOINT [\"hypercorn\", \"app:app\"]\n";

    assertEquals(Optional.of("hypercorn app:app"), command(dockerfile));
  }

  @Test
  void start_finalStageFromAnImageWithoutCmd_nothing() {
    assertEquals(Optional.empty(), command("FROM python:3.12 AS build\nCMD [\"python\", \"x.py\"]\nFROM python:3.12-slim\nCOPY --from=build /x /x\n"));
  }

  @Test
  void start_onlyAShell_notAStartCommand() {
    assertEquals(Optional.empty(), command("FROM python:3.12\nCMD [\"bash\"]\n"));
  }

  @Test
  void start_execArgumentWithSpaces_quoted() {
    assertEquals(
        Optional.of("gunicorn -b 0.0.0.0:8000 'app:create_app()'"),
        command("FROM python:3.12\nCMD [\"gunicorn\", \"-b\", \"0.0.0.0:8000\", \"app:create_app()\"]\n"));
  }
}
