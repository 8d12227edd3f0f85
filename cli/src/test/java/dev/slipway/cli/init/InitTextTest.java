package dev.slipway.cli.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.model.ShellWords;
import groovy.lang.GroovyShell;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The text conversions init relies on: Groovy literals, shell words, Compose's variables and durations, Dockerfiles. */
class InitTextTest {

  private static final GroovyShell GROOVY = new GroovyShell();

  @Test
  void groovyStrings_evaluateBackToTheSameText() {
    List<String> texts = List.of("plain", "it's", "back\\slash", "$HOME and ${HOME}", "line\nbreak\ttab", "\u0001 control", "'", "\\'", "ünïcode");
    String script = texts.stream().map(GroovyLiterals::string).collect(Collectors.joining(", ", "[", "]"));

    assertEquals(texts, GROOVY.evaluate(script));
    assertEquals(texts, GROOVY.evaluate(GroovyLiterals.list(texts)));
  }

  @Test
  void groovyKeys() {
    assertEquals("NAME", GroovyLiterals.key("NAME"));
    assertEquals("'com.example'", GroovyLiterals.key("com.example"));
  }

  @Test
  void shellQuoting_joinsWordsIntoALineThatSplitsBackIntoThem() {
    List<String> words = List.of("python", "-c", "print('x y')", "", "a&b", "$HOME", "back\\slash");
    assertEquals(Optional.of(words), ShellWords.split(ShellQuoting.join(words)));
    assertEquals("gunicorn --bind 0.0.0.0:8000 app:app", ShellQuoting.join(List.of("gunicorn", "--bind", "0.0.0.0:8000", "app:app")));
    assertEquals("python3 -c \"print('hi')\"", ShellQuoting.join(List.of("python3", "-c", "print('hi')")));
  }

  @Test
  void interpolation_defaultsDotEnvEscapesAndUnsetVariables() {
    Interpolation withDefault = Interpolation.of("postgres://${USER:-app}@${HOST-db}:$$5", Map.of());
    assertEquals(
        List.of(new ConfigValue.Text("postgres://"), new ConfigValue.Setting("USER", "app"), new ConfigValue.Text("@"), new ConfigValue.Setting("HOST", "db"), new ConfigValue.Text(":$5")),
        withDefault.value().orElseThrow().parts());
    assertEquals(Optional.of(ConfigValue.literal("a $ b")), Interpolation.of("a $$ b", Map.of()).value());
    assertEquals(List.of("TOKEN", "OTHER"), Interpolation.of("${TOKEN}/$OTHER", Map.of()).unset());
    assertEquals(List.of("REQUIRED"), Interpolation.of("${REQUIRED:?set it}", Map.of()).unset());
    assertEquals("from-dotenv", Interpolation.of("${NAME:-default}", Map.of("NAME", "from-dotenv")).value().orElseThrow().defaultText());
    assertEquals("x--y", Interpolation.substitute("x-${UNSET}-y", Map.of()));
    assertEquals(Optional.of("DB_PASSWORD"), Interpolation.soleVariable("${DB_PASSWORD}"));
    assertEquals(Optional.empty(), Interpolation.soleVariable("pw-${DB_PASSWORD}"));
  }

  @Test
  void durations_goSyntax_roundedUpToSeconds() {
    assertEquals(Duration.ofSeconds(90), ComposeDurations.parse("1m30s").orElseThrow());
    assertEquals(Duration.ofSeconds(3600), ComposeDurations.parse("1h").orElseThrow());
    assertEquals(Duration.ofSeconds(10), ComposeDurations.parse("10").orElseThrow());
    assertEquals(1, ComposeDurations.wholeSeconds(ComposeDurations.parse("500ms").orElseThrow()));
    assertEquals(2, ComposeDurations.wholeSeconds(ComposeDurations.parse("1.5s").orElseThrow()));
    assertEquals(Optional.empty(), ComposeDurations.parse("ten seconds"));
    assertEquals(Optional.empty(), ComposeDurations.parse("10s garbage"));
  }

  @Test
  void dockerfile_finalStage_commands_env_workdir_andHealthcheck() {
    Dockerfile dockerfile = Dockerfile.parse("""
        # syntax=docker/dockerfile:1
        ARG BASE=python:3.12-slim
        FROM node:20 AS assets
        CMD ["node"]
        FROM ${BASE}
        WORKDIR /srv
        WORKDIR app
        ENV A=1 B="two words" \\
            C=3
        ENV LEGACY value with spaces
        RUN --mount=type=cache,target=/root/.cache \\
            pip install -r requirements.txt
        HEALTHCHECK --interval=30s --timeout=3s CMD curl -f http://localhost:8000/ || exit 1
        CMD gunicorn app:app
        """);

    assertEquals(2, dockerfile.stages());
    assertEquals("python:3.12-slim", dockerfile.baseImage());
    assertEquals("/srv/app", dockerfile.workdir());
    assertEquals(Map.of("A", "1", "B", "two words", "C", "3", "LEGACY", "value with spaces"), dockerfile.env());
    assertEquals(List.of("pip install -r requirements.txt"), dockerfile.run());
    assertEquals(Optional.of("gunicorn app:app"), dockerfile.startCommand());
    Dockerfile.Healthcheck check = dockerfile.healthcheck().orElseThrow();
    assertEquals(List.of("CMD-SHELL", "curl -f http://localhost:8000/ || exit 1"), check.test());
    assertEquals(Map.of("interval", "30s", "timeout", "3s"), check.options());
  }

  @Test
  void dockerfile_entrypointResetsCmd_andCombinesWithALaterOne() {
    assertEquals(Optional.of("./run.sh"), Dockerfile.parse("FROM x\nCMD [\"a\"]\nENTRYPOINT [\"./run.sh\"]\n").startCommand());
    assertEquals(Optional.of("./run.sh serve --port 80"), Dockerfile.parse("FROM x\nENTRYPOINT [\"./run.sh\"]\nCMD [\"serve\", \"--port\", \"80\"]\n").startCommand());
    assertEquals(Optional.of("python app.py"), Dockerfile.parse("FROM x\nENTRYPOINT python app.py\nCMD [\"ignored\"]\n").startCommand());
  }

  @Test
  void pythonBuilds_versionProbesAndInstallSteps() {
    assertEquals(Optional.of("3.11"), PythonBuilds.version("docker.io/library/python:3.11.9-slim-bookworm"));
    assertEquals(Optional.empty(), PythonBuilds.version("python:3"));
    assertEquals(Optional.empty(), PythonBuilds.version("node:20"));
    assertEquals(Optional.of(new Draft.HttpCheck("/health", 8000)), PythonBuilds.httpProbe("curl -fsS -m 3 -o /dev/null http://127.0.0.1:8000/health || exit 1"));
    assertEquals(Optional.of(new Draft.HttpCheck("/", 80)), PythonBuilds.httpProbe("wget -q --spider http://localhost"));
    assertEquals(Optional.empty(), PythonBuilds.httpProbe("curl -f http://example.com/health"));
    assertEquals(Optional.of(new Draft.HttpCheck("/healthz", 8000)),
        PythonBuilds.httpProbe("python3 -c \"import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=3)\""));
    assertEquals(Optional.empty(), PythonBuilds.httpProbe("python3 -c \"import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/'); print(1)\""));
    assertEquals(Optional.empty(), PythonBuilds.httpProbe("curl -f http://localhost/ && touch /tmp/ok"));
    assertTrue(PythonBuilds.installsProjectOrPip("pip install --upgrade pip && pip install --no-cache-dir -r requirements.txt"));
    assertTrue(PythonBuilds.installsProjectOrPip("python -m pip install ."));
    assertTrue(PythonBuilds.installsProjectOrPip("pip install poetry && poetry config virtualenvs.create false && poetry install --no-root"));
    assertFalse(PythonBuilds.installsProjectOrPip("pip install -r requirements.txt gunicorn"));
    assertFalse(PythonBuilds.installsProjectOrPip("apt-get update && apt-get install -y libpq-dev"));
    assertEquals(Optional.of("requirements/prod.txt"), PythonBuilds.requirementsInstalled("pip install --requirement=requirements/prod.txt"));
  }
}
