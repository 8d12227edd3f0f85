package dev.slipway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.target.Targets;
import dev.slipway.core.testing.ContainerTools;
import dev.slipway.core.testing.LocalRegistry;
import dev.slipway.core.testing.PythonFixtures;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slipway build} and {@code slipway test} on the real hello-flask example, with real
 * components only: pip against an offline wheelhouse, jib pushing to Debian's docker-registry,
 * a Debian-built Python base image, and podman running the result.
 */
class BuildEndToEndTest {

  private static LocalRegistry registry;
  private static String base;
  private static Path wheelhouse;

  @TempDir Path work;
  private Path project;

  @BeforeAll
  static void startRegistry() {
    ContainerTools.require("podman", "docker-registry", "skopeo", "mmdebstrap");
    registry = LocalRegistry.start();
    base = PythonFixtures.baseImageIn(registry);
    wheelhouse = PythonFixtures.wheelhouse();
  }

  @AfterAll
  static void stopRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  @BeforeEach
  void copyExample() throws IOException {
    project = ExampleCopy.of("hello-flask", work);
  }

  @Test
  void build_pushesAnImageThatServesItsHealthEndpoint() throws Exception {
    Run build = slipway("build", "--set", "registry=" + registry.address() + "/hello-flask");

    assertEquals(ExitCode.OK, build.exit, build.err);
    String pinned = build.out.lines().filter(l -> l.startsWith("web: ")).findFirst().orElseThrow().substring(5);
    assertTrue(pinned.startsWith(registry.address() + "/hello-flask/web@sha256:"), pinned);

    int port = LocalRegistry.closedPort(); // free now; podman binds it next
    String container = "slipway-e2e-" + ProcessHandle.current().pid();
    ContainerTools.run(List.of("podman", "run", "-d", "--rm", "--name", container, "--tls-verify=false",
        "-p", "127.0.0.1:" + port + ":8000", pinned));
    try {
      HttpResponse<String> response = awaitHttp("http://127.0.0.1:" + port + "/healthz", Duration.ofSeconds(60));
      assertEquals(200, response.statusCode());
      assertEquals("ok", response.body());
    } finally {
      ContainerTools.run(List.of("podman", "rm", "-f", "-t", "0", container));
    }
  }

  @Test
  void test_runsPytestInsideTheImage_andSkipsAnUnchangedImage() throws IOException {
    String registryFlag = "registry=" + registry.address() + "/hello-flask-test";

    Run first = slipway("test", "--set", registryFlag);
    Run second = slipway("test", "--set", registryFlag);

    assertEquals(ExitCode.OK, first.exit, first.err);
    assertTrue(first.out.contains("[test:web] done: 2 tests passed"), first.out);
    assertTrue(first.out.contains("inside the built image with podman"), first.out);
    assertTrue(Files.readString(project.resolve("build/slipway/test-results/web.xml")).contains("test_healthz_is_ok"));
    assertEquals(ExitCode.OK, second.exit, second.err);
    assertTrue(second.out.contains("[test:web] up to date"), second.out);
  }

  @Test
  void test_failingTest_exits1NamingIt() throws IOException {
    Path tests = project.resolve("app/tests/test_app.py");
    Files.writeString(tests, Files.readString(tests).replace("== \"ok\"", "== \"not ok\""));

    Run run = slipway("test", "--set", "registry=" + registry.address() + "/hello-flask-failing");

    assertEquals(ExitCode.FAILED, run.exit, run.out);
    assertEquals(
        "1 of 2 tests of service 'web' failed: test_app::test_healthz_is_ok (report: build/slipway/test-results/web.xml)",
        run.err.lines().findFirst().orElse(""));
  }

  @Test
  void build_unresolvableDependency_oneLine_nothingPushed() throws IOException {
    Files.writeString(project.resolve("app/requirements.txt"), "Flask>=3.0\nno-such-distribution==9.9\n");

    Run run = slipway("build", "--set", "registry=" + registry.address() + "/unresolvable");

    assertEquals(ExitCode.FAILED, run.exit);
    assertOneLine(run, "pip could not install app/requirements.txt for Python 3.11: ERROR: Could not find a version that satisfies the requirement no-such-distribution==9.9");
    assertFalse(registry.catalog().contains("unresolvable"), registry.catalog());
  }

  @Test
  void build_registryUnreachable_exits3() {
    Run run = slipway("build", "--set", "registry=127.0.0.1:" + LocalRegistry.closedPort() + "/nowhere");

    assertEquals(ExitCode.TARGET_UNREACHABLE, run.exit, run.err);
    assertOneLine(run, "is unreachable (connection refused)");
  }

  @Test
  void build_baseImageNotFound_nothingPushed() {
    Run run = slipway("build", "--set", "registry=" + registry.address() + "/baseless", "--set", "baseImage=" + registry.address() + "/slipway/python:0.0");

    assertEquals(ExitCode.FAILED, run.exit, run.err);
    assertOneLine(run, "base image " + registry.address() + "/slipway/python:0.0 not found in registry");
    assertFalse(registry.catalog().contains("baseless"), registry.catalog());
  }

  @Test
  void build_registryRefusesCredentials_exits3_nothingPushed() {
    try (LocalRegistry locked = LocalRegistry.startWithLogin("ci", "s3cret-pass")) {
      // The base comes from the open registry; only the push needs the locked one.
      Run run = slipway("build", "--set", "registry=" + locked.address() + "/private");

      assertEquals(ExitCode.TARGET_UNREACHABLE, run.exit, run.err);
      assertOneLine(run, "(unauthorized)");
    }
  }

  private void assertOneLine(Run run, String expectedPart) {
    List<String> lines = run.err.lines().toList();
    assertEquals(1, lines.size(), "exactly one error line:\n" + run.err);
    assertTrue(lines.get(0).contains(expectedPart), lines.get(0));
    assertTrue(lines.get(0).startsWith(project.resolve("deploy.groovy") + ":"), "the line names the script: " + lines.get(0));
  }

  private Run slipway(String command, String... extra) {
    List<String> args = new ArrayList<>(List.of(command, "-f", project.resolve("deploy.groovy").toString(),
        "--set", "baseImage=" + base, "--find-links", wheelhouse.toString(), "--no-index"));
    args.addAll(Arrays.asList(extra));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        SlipwayCommand.newCommandLine(new Workspace(Targets.discover(), System.getenv()))
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(args.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  private record Run(int exit, String out, String err) {}

  private static HttpResponse<String> awaitHttp(String url, Duration timeout) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    IOException last = null;
    while (System.nanoTime() < deadline) {
      try {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        last = e;
        Thread.sleep(250);
      }
    }
    throw new AssertionError("no answer from " + url + " within " + timeout, last);
  }
}
