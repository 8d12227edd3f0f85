package dev.slipway.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.cli.ExitCode;
import dev.slipway.cli.SlipwayCommand;
import dev.slipway.cli.Workspace;
import dev.slipway.compose.render.ComposeSchema;
import dev.slipway.core.model.Project;
import dev.slipway.core.model.SecretRef;
import dev.slipway.core.model.Service;
import dev.slipway.core.plan.Environments;
import dev.slipway.core.target.Targets;
import dev.slipway.dsl.DeployScripts;
import dev.slipway.k8s.render.KubernetesManifests;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example, in every environment it defines, goes through the commands a user runs first:
 * validate, plan (text and JSON) and render, and what it renders must satisfy the official
 * validators: the Compose Specification schema and client-java's strict model checks. Each
 * service's own pytest suite runs too, so an example never ships broken Python.
 */
class ExamplesTest {

  /** Relative to this module's directory, the working directory under surefire. */
  private static final Path EXAMPLES = Path.of("").toAbsolutePath();

  @TempDir Path work;

  @TestFactory
  Stream<DynamicNode> everyExample() throws IOException {
    List<Path> scripts;
    try (Stream<Path> dirs = Files.list(EXAMPLES)) {
      scripts = dirs.map(d -> d.resolve("deploy.groovy")).filter(Files::isRegularFile).sorted().toList();
    }
    assertTrue(scripts.size() >= 3, "expected at least three examples under " + EXAMPLES + ", found " + scripts);
    return scripts.stream().map(this::example);
  }

  private DynamicContainer example(Path script) {
    String name = script.getParent().getFileName().toString();
    Project project = load(script);
    Map<String, String> secrets = fakeSecretValues(project);
    List<DynamicNode> nodes = new ArrayList<>();
    nodes.add(DynamicTest.dynamicTest("validate", () -> assertRuns(secrets, "validate", "-f", script.toString())));
    for (String environment : Environments.names(project)) {
      nodes.add(DynamicTest.dynamicTest(environment + ": plan, render, validators, determinism, secrets",
          () -> checkEnvironment(script, environment, secrets)));
    }
    for (Service service : project.services()) {
      if (service.python().isPresent() && service.test().isPresent()) {
        nodes.add(DynamicTest.dynamicTest("pytest " + service.name(), () -> runPytest(project, service)));
      }
    }
    return DynamicContainer.dynamicContainer(name, nodes);
  }

  private void checkEnvironment(Path script, String environment, Map<String, String> secrets) throws IOException {
    String f = script.toString();
    assertTrue(assertRuns(secrets, "plan", "-f", f, "--env", environment).contains("deploy"));
    assertTrue(assertRuns(secrets, "plan", "-f", f, "--env", environment, "--output", "json").contains("\"schemaVersion\""));
    assertRuns(secrets, "graph", "-f", f, "--env", environment, "--format", "mermaid");

    Path first = work.resolve(environment + "-1");
    Path second = work.resolve(environment + "-2");
    assertRuns(secrets, "render", "-f", f, "--env", environment, "-o", first.toString());
    assertRuns(secrets, "render", "-f", f, "--env", environment, "-o", second.toString());
    Map<String, String> files = read(first);
    assertFalse(files.isEmpty(), "render wrote nothing for " + environment);
    assertEquals(files, read(second), "renders of the same input must be byte-identical");

    for (Map.Entry<String, String> file : files.entrySet()) {
      List<String> violations =
          file.getKey().equals("compose.yaml") ? ComposeSchema.violations(file.getValue()) : KubernetesManifests.violations(file.getValue());
      assertEquals(List.of(), violations, environment + "/" + file.getKey() + ":\n" + file.getValue());
      for (String value : secrets.values()) {
        assertFalse(file.getValue().contains(value), "secret value leaked into " + file.getKey());
        assertFalse(file.getValue().contains(base64(value)), "secret value leaked into " + file.getKey());
      }
    }
  }

  private void runPytest(Project project, Service service) throws IOException, InterruptedException {
    Path source = project.baseDir().resolve(service.python().orElseThrow().source());
    List<String> command = new ArrayList<>(List.of("python3", "-m", "pytest", "-q", "-p", "no:cacheprovider"));
    service.test().orElseThrow().pytestPaths().forEach(p -> command.add(project.baseDir().resolve(p).toString()));
    // Run from the source directory, as inside the image: the app's modules import by their own names.
    Process process = new ProcessBuilder(command).directory(source.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "pytest did not finish");
    assertEquals(0, process.exitValue(), String.join(" ", command) + " in " + source + ":\n" + output);
  }

  private static Project load(Path script) {
    return DeployScripts.evaluate(script, Map.of());
  }

  /** Distinctive values for every secret read from the environment, so a leak is unmistakable. */
  private static Map<String, String> fakeSecretValues(Project project) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Service service : project.services()) {
      for (SecretRef secret : service.secrets()) {
        secret.fromEnv().ifPresent(variable -> values.put(variable, "example-secret-" + variable.toLowerCase() + "-9c1e"));
      }
    }
    return values;
  }

  private static String assertRuns(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        SlipwayCommand.newCommandLine(new Workspace(Targets.discover(), environment))
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(args);
    assertEquals(ExitCode.OK, exit, "slipway " + String.join(" ", args) + " failed:\n" + err);
    return out.toString();
  }

  private static Map<String, String> read(Path directory) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.filter(Files::isRegularFile).toList()) {
        files.put(directory.relativize(path).toString(), Files.readString(path));
      }
    }
    return files;
  }

  private static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
