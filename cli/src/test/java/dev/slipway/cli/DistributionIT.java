package dev.slipway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.testing.ContainerTools;
import dev.slipway.core.testing.LocalRegistry;
import dev.slipway.core.testing.PythonFixtures;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release tarball as a user gets it: {@code slipway-VERSION.tar.gz} from {@code mvn package},
 * unpacked with tar into a temporary directory and run by its own {@code bin/slipway} as a
 * separate process, with no Maven and no {@code java} on {@code PATH}: the Java is this JVM's,
 * found through {@code JAVA_HOME} (or, in one test, through {@code PATH}).
 */
class DistributionIT {

  /** Not on the PATH a release runs with: it must need no Maven, and find Java as it is told. */
  private static final Set<String> HIDDEN = Set.of("mvn", "mvnDebug", "java");

  private static final String VERSION = System.getProperty("slipway.projectVersion");

  @TempDir static Path machine;
  /** Links to tools, apart from the @TempDirs: JUnit warns about every link it deletes there. */
  private static Path links;
  private static Path release;
  private static String pathWithoutMavenOrJava;

  @TempDir Path work;

  @BeforeAll
  static void unpack() throws IOException {
    Path tarball = Path.of(System.getProperty("slipway.distribution"));
    assertTrue(Files.isRegularFile(tarball), tarball + " is missing: mvn package makes it");
    Path opt = Files.createDirectories(machine.resolve("opt"));
    ContainerTools.run(List.of("tar", "-xzf", tarball.toString(), "-C", opt.toString()));
    release = opt.resolve("slipway-" + VERSION);
    links = Files.createTempDirectory("slipway-distribution-links-");
    pathWithoutMavenOrJava = pathWithout(HIDDEN);
  }

  @AfterAll
  static void deleteLinks() throws IOException {
    if (links != null) {
      try (Stream<Path> files = Files.walk(links)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      }
    }
  }

  @Test
  void version_withJavaHome_andNeitherMavenNorJavaOnPath() {
    FinishedProcess which = run(List.of("bash", "-c", "command -v mvn; command -v java; true"), releaseEnvironment());
    assertEquals("", which.out(), "the PATH the release runs with has no mvn and no java");

    FinishedProcess version = slipway("--version");

    assertEquals(0, version.exit(), version.err());
    assertEquals("slipway " + VERSION + "\n", version.out());
  }

  @Test
  void version_javaFoundOnPath_slipwayRunThroughASymlink() throws IOException {
    Path bin = Files.createDirectories(links.resolve("usr-local-bin"));
    Files.createSymbolicLink(bin.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
    Files.createSymbolicLink(bin.resolve("slipway"), release.resolve("bin/slipway"));
    Map<String, String> environment = new HashMap<>(releaseEnvironment());
    environment.remove("JAVA_HOME");
    environment.put("PATH", bin + File.pathSeparator + pathWithoutMavenOrJava);

    // By name, as a user types it: bash looks it up on the PATH given here.
    FinishedProcess version = run(List.of("bash", "-c", "slipway --version"), environment);

    assertEquals(0, version.exit(), version.err());
    assertEquals("slipway " + VERSION + "\n", version.out());
  }

  @Test
  void javaOlderThan17_isRefusedWithWhatToDo() throws IOException {
    Path oldJava = work.resolve("jdk-11");
    Files.createDirectories(oldJava.resolve("bin"));
    Files.writeString(oldJava.resolve("release"), "JAVA_VERSION=\"11.0.2\"\n");
    Path java = Files.writeString(oldJava.resolve("bin/java"), "#!/bin/sh\necho 'must not run' >&2\nexit 99\n");
    assertTrue(java.toFile().setExecutable(true));
    Map<String, String> environment = new HashMap<>(releaseEnvironment());
    environment.put("JAVA_HOME", oldJava.toString());

    FinishedProcess version = run(List.of(release.resolve("bin/slipway").toString(), "--version"), environment);

    assertEquals(1, version.exit());
    assertEquals("slipway: needs Java 17 or newer, and " + java + " is Java 11.0.2: set JAVA_HOME to a Java 17+\n", version.err());
  }

  @Test
  void validatePlanRender_helloFlask() throws IOException {
    Path project = ExampleCopy.of("hello-flask", work);
    String script = project.resolve("deploy.groovy").toString();

    FinishedProcess validate = slipway("validate", "-f", script);
    FinishedProcess plan = slipway("plan", "-f", script, "--output", "json");
    FinishedProcess render = slipway("render", "-f", script, "-o", work.resolve("rendered").toString());

    assertEquals(0, validate.exit(), validate.err());
    assertEquals(script + " is valid: project 'hello-flask', 1 service(s), environments: dev, prod\n", validate.out());
    assertEquals(0, plan.exit(), plan.err());
    assertTrue(plan.out().contains("\"schemaVersion\" : 1") && plan.out().contains("\"id\" : \"deploy:web\""), plan.out());
    assertEquals(0, render.exit(), render.err());
    String compose = Files.readString(work.resolve("rendered/compose.yaml"));
    assertTrue(compose.contains("name: hello-flask-dev") && compose.contains("published: '8000'"), compose);
  }

  @Test
  void invalidScript_exits2_withTheLine() throws IOException {
    Path script = Files.writeString(work.resolve("deploy.groovy"), "project 'x'\nservice('web') {\n    image 'nginx:1.27'\n    dependsOn 'db'\n}\n");

    FinishedProcess validate = slipway("validate", "-f", script.toString());

    assertEquals(ExitCode.INVALID_INPUT, validate.exit());
    assertTrue(validate.err().startsWith(script + ":4:"), validate.err());
  }

  @Test
  void deploy_helloFlask_onCompose_servesIt() throws Exception {
    ContainerTools.require("podman", "docker-registry", "skopeo", "mmdebstrap");
    Path project = ExampleCopy.of("hello-flask", work);
    Path script = project.resolve("deploy.groovy");
    // Its own Compose project and host port, beside other tests' deploys of the same example.
    Files.writeString(script, Files.readString(script)
        .replace("project 'hello-flask'", "project 'dist-hello-flask'")
        .replace("port 8000", "port 8000, publish: 18200"));
    try (LocalRegistry registry = LocalRegistry.start();
        PodmanSocket engine = PodmanSocket.start()) {
      Map<String, String> environment = new HashMap<>(releaseEnvironment());
      environment.put("DOCKER_HOST", engine.dockerHost());
      List<String> options = List.of("-f", script.toString(), "--set", "baseImage=" + PythonFixtures.baseImageIn(registry),
          "--set", "registry=localhost:5000/dist-hello-flask");
      try {
        FinishedProcess deploy = run(command("deploy", options, "--to-engine"), environment);

        assertEquals(0, deploy.exit(), deploy.out() + deploy.err());
        assertEquals("ok", get("http://127.0.0.1:18200/healthz"));
        FinishedProcess status = run(command("status", options), environment);
        assertEquals(0, status.exit(), status.out() + status.err());
        assertTrue(status.out().contains("127.0.0.1:18200->8000/tcp"), status.out());
      } finally {
        run(command("destroy", options), environment);
      }
    }
  }

  private List<String> command(String name, List<String> options, String... more) {
    List<String> command = new ArrayList<>(List.of(release.resolve("bin/slipway").toString(), name));
    command.addAll(options);
    command.addAll(Arrays.asList(more));
    return command;
  }

  private FinishedProcess slipway(String... args) {
    List<String> command = new ArrayList<>(List.of(release.resolve("bin/slipway").toString()));
    command.addAll(Arrays.asList(args));
    return run(command, releaseEnvironment());
  }

  /** This process's environment with Maven and java off PATH, and JAVA_HOME this JVM's. */
  private static Map<String, String> releaseEnvironment() {
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.keySet().removeIf(name -> name.startsWith("MAVEN") || name.startsWith("M2_"));
    environment.put("PATH", pathWithoutMavenOrJava);
    environment.put("JAVA_HOME", System.getProperty("java.home"));
    return environment;
  }

  /**
   * This process's PATH, where each directory that holds one of {@code hidden} is replaced by a
   * directory of links to everything else in it (python3, podman and the Compose CLI stay).
   */
  private static String pathWithout(Set<String> hidden) throws IOException {
    List<String> directories = new ArrayList<>();
    int shims = 0;
    for (String entry : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
      Path directory = Path.of(entry);
      if (hidden.stream().noneMatch(name -> Files.exists(directory.resolve(name)))) {
        directories.add(entry);
        continue;
      }
      Path shim = Files.createDirectories(links.resolve("path-" + shims++));
      try (Stream<Path> files = Files.list(directory)) {
        for (Path file : files.toList()) {
          if (!hidden.contains(file.getFileName().toString())) {
            Files.createSymbolicLink(shim.resolve(file.getFileName()), file);
          }
        }
      }
      directories.add(shim.toString());
    }
    return String.join(File.pathSeparator, directories);
  }

  private FinishedProcess run(List<String> command, Map<String, String> environment) {
    try {
      Path out = Files.createTempFile(work, "out", ".txt");
      Path err = Files.createTempFile(work, "err", ".txt");
      ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().clear();
      builder.environment().putAll(environment);
      Process process = builder.start();
      process.getOutputStream().close();
      return FinishedProcess.await(process, out, err, String.join(" ", command));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String get(String url) throws IOException, InterruptedException {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
        .send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
