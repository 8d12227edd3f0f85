package dev.slipway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.cli.init.InitFixtures;
import dev.slipway.core.target.Targets;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slipway init} as a user runs it: what it writes, prints and refuses. */
class InitCommandTest {

  private static final String COMPOSE = """
      services:
        web:
          image: nginx:1.27
          ports: ["8080:80"]
          privileged: true
          cap_add: [NET_ADMIN]
          environment:
            GREETING: hello
      """;

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void init_writesTheScript_listsWhatItLeftOut_onStderrOneLineEach() throws IOException {
    Files.writeString(dir.resolve("compose.yaml"), COMPOSE);

    int exit = run("init", "-C", dir.toString());

    assertEquals(ExitCode.OK, exit, err.toString());
    String script = Files.readString(dir.resolve("deploy.groovy"));
    assertTrue(script.contains("image 'nginx:1.27'\n    port 80, publish: 8080\n    env GREETING: 'hello'\n"), script);
    assertTrue(script.contains("    // not translated: privileged: true\n"), script);
    List<String> untranslated = err.toString().lines().filter(line -> line.endsWith("(not translated)")).toList();
    assertEquals(
        List.of(
            dir.resolve("compose.yaml") + ":5:5: service 'web': privileged: true (not translated)",
            dir.resolve("compose.yaml") + ":6:5: service 'web': cap_add: [NET_ADMIN] (not translated)"),
        untranslated);
    assertTrue(out.toString().contains("wrote " + dir.resolve("deploy.groovy") + " (1 service(s))"), out.toString());
  }

  @Test
  void compose_namesAnotherFile_andAnOverrideFileOfTheFoundOneIsSaidToBeUnread() throws IOException {
    Files.writeString(dir.resolve("compose.yaml"), "services:\n  other:\n    image: busybox\n");
    Files.writeString(dir.resolve("docker-compose.prod.yml"), COMPOSE);
    Files.writeString(dir.resolve("compose.override.yaml"), "services:\n  web:\n    ports: [\"9090:80\"]\n");

    int exit = run("init", "-C", dir.toString(), "--compose", dir.resolve("docker-compose.prod.yml").toString());

    assertEquals(ExitCode.OK, exit, err.toString());
    String script = Files.readString(dir.resolve("deploy.groovy"));
    assertTrue(script.contains("service('web') {") && !script.contains("service('other')"), script);
    assertFalse(err.toString().contains("compose.override.yaml"), "Compose merges no override into a file named with -f:\n" + err);

    assertEquals(ExitCode.OK, run("init", "-C", dir.toString(), "--force"), err.toString());
    assertTrue(err.toString().contains(dir.resolve("compose.override.yaml") + ": not read (Compose merges it over compose.yaml)"), err.toString());
  }

  @Test
  void anExistingScript_isNotReplacedWithoutForce_exit1() throws IOException {
    Files.writeString(dir.resolve("compose.yaml"), COMPOSE);
    Files.writeString(dir.resolve("deploy.groovy"), "// mine\n");

    int exit = run("init", "-C", dir.toString());

    assertEquals(ExitCode.FAILED, exit);
    assertEquals(
        List.of(dir.resolve("deploy.groovy") + " already exists: run slipway init --force to replace it, or --dry-run to see what it would write"),
        err.toString().lines().toList());
    assertEquals("", out.toString());
    assertEquals("// mine\n", Files.readString(dir.resolve("deploy.groovy")));
  }

  @Test
  void force_replacesAnExistingScript() throws IOException {
    Files.writeString(dir.resolve("compose.yaml"), COMPOSE);
    Files.writeString(dir.resolve("deploy.groovy"), "// mine\n");

    int exit = run("init", "-C", dir.toString(), "--force");

    assertEquals(ExitCode.OK, exit, err.toString());
    assertTrue(Files.readString(dir.resolve("deploy.groovy")).contains("image 'nginx:1.27'"));
  }

  @Test
  void dryRun_printsOnlyTheScriptOnStdout_andWritesNothing() throws IOException {
    Files.writeString(dir.resolve("compose.yaml"), COMPOSE);
    Files.writeString(dir.resolve("deploy.groovy"), "// mine\n");

    int exit = run("init", "-C", dir.toString(), "--dry-run");

    assertEquals(ExitCode.OK, exit, err.toString());
    assertTrue(out.toString().startsWith("// Written by `slipway init` from "), out.toString());
    assertTrue(out.toString().endsWith("}\n"), out.toString());
    assertTrue(out.toString().contains("image 'nginx:1.27'"), out.toString());
    assertTrue(err.toString().contains("privileged: true (not translated)"), err.toString());
    assertEquals("// mine\n", Files.readString(dir.resolve("deploy.groovy")));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(2, files.count(), "nothing but the two files that were there");
    }
  }

  @Test
  void brokenYaml_isOneLineWithFileLineAndColumn_exit2_andNothingWritten() throws IOException {
    Files.writeString(dir.resolve("docker-compose.yml"), "services:\n  web:\n    image: app\n   ports: [80]\n");

    int exit = run("init", "-C", dir.toString());

    assertEquals(ExitCode.INVALID_INPUT, exit);
    List<String> lines = err.toString().lines().toList();
    assertEquals(1, lines.size(), err.toString());
    assertTrue(lines.get(0).startsWith(dir.resolve("docker-compose.yml") + ":4:"), lines.get(0));
    assertTrue(lines.get(0).contains(": not valid YAML: "), lines.get(0));
    assertEquals("", out.toString());
    assertFalse(Files.exists(dir.resolve("deploy.groovy")));
  }

  @Test
  void aBarePythonProject_getsOneService_andTheStartCommandSlipwayDetects() throws IOException {
    Path bare = InitFixtures.of("bare-flask");
    for (String file : List.of("app.py", "requirements.txt", ".python-version")) {
      Files.copy(bare.resolve(file), dir.resolve(file));
    }

    int exit = run("init", "-C", dir.toString());

    assertEquals(ExitCode.OK, exit, err.toString());
    String script = Files.readString(dir.resolve("deploy.groovy"));
    String name = dev.slipway.core.validate.Names.toDnsLabel(dir.getFileName().toString());
    assertTrue(script.contains("service('" + name + "') {\n"), script);
    assertTrue(script.contains("python {\n        source '.'\n        version '3.12'\n    }\n"), script);
    assertTrue(script.contains("port 8000\n"), script);
    assertTrue(script.contains("health http('/healthz')\n"), script);
    String startLine = out.toString().lines().filter(line -> line.startsWith(name + ": starts with `")).findFirst().orElse("");
    assertTrue(startLine.contains("gunicorn") && startLine.contains("app:app") && startLine.contains("("), "the detected command and its reason:\n" + out);
  }

  @Test
  void aFolderWithNothingToTranslate_exit2() throws IOException {
    Files.writeString(dir.resolve("README.md"), "# notes\n");

    int exit = run("init", "-C", dir.toString());

    assertEquals(ExitCode.INVALID_INPUT, exit);
    assertTrue(err.toString().startsWith(dir + ": no Compose file (compose.yaml, "), err.toString());
    assertFalse(Files.exists(dir.resolve("deploy.groovy")));
  }

  private int run(String... args) {
    return SlipwayCommand.newCommandLine(new Workspace(Targets.discover(), Map.of()))
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
  }
}
