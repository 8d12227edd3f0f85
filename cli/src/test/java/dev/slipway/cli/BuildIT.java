package dev.slipway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.target.Targets;
import dev.slipway.core.testing.ContainerTools;
import dev.slipway.core.testing.LocalRegistry;
import dev.slipway.core.testing.PythonFixtures;
import dev.slipway.core.testing.RegistryThatStops;
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
 * components only: pip against PyPI (and, for air-gapped builds, a wheelhouse that {@code pip
 * download} filled, and a local index served by {@code python3 -m http.server}), jib pushing to
 * Debian's docker-registry, a Debian-built Python base image, and podman running the result.
 */
class BuildIT {

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
      assertTrue(response.headers().firstValue("Server").orElse("").startsWith("gunicorn"), "served by gunicorn: " + response.headers().map());
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

  /** Flask and gunicorn with every dependency pinned, as in the repository's requirements-test.txt. */
  private static final String ALL_PINNED = String.join("\n", "Flask==3.1.3", "blinker==1.9.0", "click==8.5.1", "itsdangerous==2.2.0",
      "Jinja2==3.1.6", "MarkupSafe==3.0.4", "Werkzeug==3.1.9", "gunicorn==27.0.1", "packaging==26.4", "");

  @Test
  void build_offlineFromAWheelhouse_givesTheSameDependencyLayerAsOnline() throws IOException {
    Files.writeString(project.resolve("app/requirements.txt"), ALL_PINNED);

    Run online = slipway("build", "--set", "registry=" + registry.address() + "/online");
    Run offline = slipway("build", "--set", "registry=" + registry.address() + "/offline",
        "--find-links", wheelhouse.toString(), "--no-index", "--refresh-dependencies");

    assertEquals(ExitCode.OK, online.exit, online.err);
    assertEquals(ExitCode.OK, offline.exit, offline.err);
    assertTrue(offline.out.contains("[build:web] resolved: 9 distributions"), "pip ran offline: " + offline.out);
    assertEquals(dependencyLayer(online, "online"), dependencyLayer(offline, "offline"));
  }

  @Test
  void build_unchangedLockInputs_reuseTheLayerWithoutTheNetwork_untilRefreshed() throws IOException {
    Files.writeString(project.resolve("app/requirements.txt"), ALL_PINNED);
    String nowhere = "http://127.0.0.1:" + LocalRegistry.closedPort() + "/simple";

    Run first = slipway("build", "--set", "registry=" + registry.address() + "/reuse");
    Run cached = slipway("build", "--set", "registry=" + registry.address() + "/reuse-again", "--index-url", nowhere);
    Run refreshed = slipway("build", "--set", "registry=" + registry.address() + "/reuse-refreshed", "--index-url", nowhere, "--refresh-dependencies");

    assertEquals(ExitCode.OK, first.exit, first.err);
    assertEquals(ExitCode.OK, cached.exit, cached.err);
    assertTrue(cached.out.contains("dependencies unchanged, reused without pip: 9 distributions"), cached.out);
    assertEquals(ExitCode.TARGET_UNREACHABLE, refreshed.exit, refreshed.out + refreshed.err);
    assertOneLine(refreshed, "service 'web': package index " + nowhere + " unreachable while resolving 'Flask==3.1.3' in app/requirements.txt (connection refused)");
    assertFalse(registry.catalog().contains("reuse-refreshed"), registry.catalog());
  }

  @Test
  void build_unpinnedRequirements_warn_andShowThePinsToWrite() throws IOException {
    Files.writeString(project.resolve("app/requirements.txt"), "Flask>=3.0\ngunicorn==27.0.1\n");

    Run plan = slipway("plan");
    Run build = slipway("build", "--set", "registry=" + registry.address() + "/unpinned");

    assertTrue(plan.out.lines().anyMatch(l -> l.matches("\\s+not pinned\\s+flask \\(the image can change from one resolve to the next.*")), plan.out);
    assertEquals(ExitCode.OK, build.exit, build.err);
    String warning = build.out.lines().filter(l -> l.startsWith("warning: ")).findFirst().orElse("");
    assertTrue(warning.startsWith("warning: service 'web': app/requirements.txt does not pin flask, so its image can change"), build.out);
    assertTrue(warning.matches(".*pin what was resolved: .*flask==3\\.[0-9.]+ .*gunicorn==27\\.0\\.1 .*werkzeug==.*"), warning);
  }

  @Test
  void build_distributionNotOnPyPI_oneLineNamingIt_nothingPushed() throws IOException {
    Files.writeString(project.resolve("app/requirements.txt"), "Flask==3.1.3\nslipway-no-such-distribution==1.0\n");

    Run run = slipway("build", "--set", "registry=" + registry.address() + "/unknown-name");

    assertEquals(ExitCode.FAILED, run.exit, run.out);
    assertOneLine(run, "service 'web': requirement 'slipway-no-such-distribution==1.0' in app/requirements.txt:"
        + " no distribution named 'slipway-no-such-distribution' on https://pypi.org/simple");
    assertFalse(registry.catalog().contains("unknown-name"), registry.catalog());
  }

  @Test
  void build_versionNotOnPyPI_oneLineWithTheNewestVersions_nothingPushed() throws IOException {
    Files.writeString(project.resolve("app/requirements.txt"), "Flask==99.0\ngunicorn==27.0.1\n");

    Run run = slipway("build", "--set", "registry=" + registry.address() + "/unknown-version");

    assertEquals(ExitCode.FAILED, run.exit, run.out);
    assertOneLine(run, "service 'web': requirement 'Flask==99.0' in app/requirements.txt: no such version of Flask on https://pypi.org/simple (newest: 3.1.3");
    assertFalse(registry.catalog().contains("unknown-version"), registry.catalog());
  }

  @Test
  void build_sourceOnlyDistributionThatNeedsACompiler_oneLine_nothingPushed() throws Exception {
    // A local index as `python3 -m http.server` serves one: a folder per project, its files listed.
    Path index = work.resolve("index");
    Path source = Files.createDirectories(work.resolve("nativepkg-1.0"));
    Files.writeString(source.resolve("setup.py"),
        "from setuptools import Extension, setup\nsetup(name='nativepkg', version='1.0', ext_modules=[Extension('nativepkg', ['nativepkg.c'])])\n");
    Files.writeString(source.resolve("nativepkg.c"),
        "#include <Python.h>\nstatic struct PyModuleDef m = {PyModuleDef_HEAD_INIT, \"nativepkg\"};\nPyMODINIT_FUNC PyInit_nativepkg(void) { return PyModule_Create(&m); }\n");
    Files.writeString(source.resolve("PKG-INFO"), "Metadata-Version: 2.1\nName: nativepkg\nVersion: 1.0\n");
    Files.createDirectories(index.resolve("nativepkg"));
    ContainerTools.run(List.of("tar", "-czf", index.resolve("nativepkg/nativepkg-1.0.tar.gz").toString(), "-C", work.toString(), "nativepkg-1.0"));
    for (String backend : List.of("setuptools", "wheel")) {
      Files.createDirectories(index.resolve(backend));
      try (var wheels = Files.list(wheelhouse)) {
        for (Path wheel : wheels.filter(w -> w.getFileName().toString().startsWith(backend + "-")).toList()) {
          Files.copy(wheel, index.resolve(backend).resolve(wheel.getFileName()));
        }
      }
    }
    Files.writeString(project.resolve("app/requirements.txt"), "nativepkg==1.0\n");
    int port = LocalRegistry.closedPort();
    Process server = new ProcessBuilder("python3", "-m", "http.server", String.valueOf(port), "--bind", "127.0.0.1", "--directory", index.toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      awaitHttp("http://127.0.0.1:" + port + "/", Duration.ofSeconds(20));

      Run run = slipway("build", "--set", "registry=" + registry.address() + "/native", "--index-url", "http://127.0.0.1:" + port + "/");

      assertEquals(ExitCode.FAILED, run.exit, run.out);
      assertOneLine(run, "service 'web': requirement 'nativepkg==1.0' in app/requirements.txt: nativepkg 1.0 has no wheel for the image"
          + " (CPython 3.11, manylinux2014_x86_64 or manylinux_2_28_x86_64)");
      assertFalse(registry.catalog().contains("native"), registry.catalog());
    } finally {
      server.destroy();
      server.waitFor();
    }
  }

  private static String dependencyLayer(Run build, String repository) throws IOException {
    String pinned = build.out.lines().filter(l -> l.startsWith("web: ")).findFirst().orElseThrow();
    String digest = pinned.substring(pinned.indexOf('@') + 1);
    com.fasterxml.jackson.databind.JsonNode layers =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(registry.get("/v2/" + repository + "/web/manifests/" + digest)).get("layers");
    // base layers, then dependencies, then the application
    return layers.get(layers.size() - 2).get("digest").asText();
  }

  @Test
  void build_registryUnreachable_exits3() {
    Run run = slipway("build", "--set", "registry=127.0.0.1:" + LocalRegistry.closedPort() + "/nowhere");

    assertEquals(ExitCode.TARGET_UNREACHABLE, run.exit, run.err);
    assertOneLine(run, "is unreachable (connection refused)");
  }

  @Test
  void build_registryStopsDuringThePush_exits3InOneLineWithTheNextStep_withoutJibsRetries() {
    try (RegistryThatStops stopping = RegistryThatStops.start()) {
      Run run = slipway("build", "--set", "registry=" + stopping.address() + "/stopping");

      assertTrue(stopping.stopped(), "the push got as far as an upload");
      assertEquals(ExitCode.TARGET_UNREACHABLE, run.exit, run.out + run.err);
      assertOneLine(run, "registry " + stopping.address() + " stopped answering while pushing stopping/web: start it again");
      assertFalse(run.out.contains("will be retried"), "jib's retries only with --debug:\n" + run.out);
    }
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

  /** pip resolves from PyPI, as for users; pip's own cache keeps the repeats cheap. */
  private Run slipway(String command, String... extra) {
    List<String> args = new ArrayList<>(List.of(command, "-f", project.resolve("deploy.groovy").toString(), "--set", "baseImage=" + base));
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
