package dev.slipway.core.build;

import dev.slipway.core.cache.CacheDirectory;
import dev.slipway.core.event.Event;
import dev.slipway.core.event.EventListener;
import dev.slipway.core.hash.Sha256;
import dev.slipway.core.image.SourceSet;
import dev.slipway.core.model.Project;
import dev.slipway.core.model.PythonBuild;
import dev.slipway.core.model.Service;
import dev.slipway.core.plan.Plan;
import dev.slipway.core.plan.Step;
import dev.slipway.core.plan.StepKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Runs each service's pytest suite against exactly the dependencies that went into its image:
 * inside the built image when a container engine is available, else on the host with the same
 * resolved dependency directory first on {@code PYTHONPATH}. JUnit XML lands in {@code
 * build/slipway/test-results/SERVICE.xml}; a passing suite for an unchanged image and unchanged
 * tests is not run again.
 */
public final class TestStage {

  static final String TEST_PACKAGES = "/opt/slipway/test-packages";
  private static final String TESTS_MOUNT = "/slipway/tests";
  private static final String RESULTS_MOUNT = "/slipway/results";

  /**
   * @param engine where tests run in the image; empty runs them on the host
   * @param python the host interpreter: resolves pytest for images, runs tests on the host
   * @param caches the user's cache directory: passed runs, pytest's dependencies, scratch space
   */
  public record Options(Optional<ContainerEngine> engine, String python, CacheDirectory caches, PipOptions pip) {}

  /** What happened to one service's tests. */
  public record Outcome(String service, boolean upToDate, int tests, Path junitXml) {}

  /** Where tests run and why, as the plan shows it. */
  public static String describeWhere(Optional<ContainerEngine> engine) {
    return engine
        .map(e -> "inside the built image with " + e.name() + " (found at " + e.executable() + ")")
        .orElse("on the host with python3 and the image's resolved dependencies (no working podman or docker found)");
  }

  private final Options options;
  private final EventListener events;

  public TestStage(Options options, EventListener events) {
    this.options = options;
    this.events = events;
  }

  /**
   * One service's tests, as the plan describes them: the test step needs nothing else.
   *
   * @param testPaths the script's {@code pytest} paths, resolved against {@code baseDir}
   */
  public record Suite(String stepId, Service service, Path baseDir, List<Path> testPaths) {
    public Suite {
      testPaths = List.copyOf(testPaths);
    }
  }

  /** The plan's test steps, for {@code services} (empty: all). */
  public static List<Suite> suites(Project project, Plan plan, Set<String> services) {
    List<Suite> suites = new ArrayList<>();
    for (Step step : plan.steps()) {
      if (step.kind() != StepKind.RUN_TESTS || !(services.isEmpty() || services.contains(step.service()))) {
        continue;
      }
      Service service = plan.environment().services().stream().filter(s -> s.name().equals(step.service())).findFirst().orElseThrow();
      List<Path> paths = service.test().orElseThrow().pytestPaths().stream().map(p -> project.baseDir().resolve(p).normalize()).toList();
      suites.add(new Suite(step.id(), service, project.baseDir(), paths));
    }
    return List.copyOf(suites);
  }

  /**
   * Runs a suite against the image it tests; up to date when the same tests passed on the same
   * image before.
   *
   * @throws TestFailure naming the failed tests
   */
  public Outcome run(Suite suite, BuildStage.Built built) {
    Service service = suite.service();
    Path baseDir = suite.baseDir();
    Path results = baseDir.resolve("build/slipway/test-results");
    Path junit = results.resolve(service.name() + ".xml");
    List<Path> testPaths = suite.testPaths();
    Path passed = options.caches().of(CacheDirectory.Kind.TESTS).resolve(service.name() + "-" + fingerprint(built, testPaths) + ".passed");
    if (Files.isRegularFile(passed) && Files.isRegularFile(junit)) {
      return new Outcome(service.name(), true, countTests(junit), junit);
    }
    events.on(new Event.StepProgress(Instant.now(), suite.stepId(), -1, "running pytest " + describeWhere(options.engine())));
    try {
      Files.createDirectories(results);
      Files.createDirectories(options.caches().scratch());
      Path scratch = Files.createTempDirectory(options.caches().scratch(), "test-");
      try {
        // The image runs as an unprivileged user; the results directory must accept its writes.
        Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwxrwxrwx"));
        ProcessResult run =
            options.engine().isPresent()
                ? inImage(baseDir, service, built, testPaths, scratch)
                : onHost(baseDir, service, built, testPaths, scratch);
        Path produced = scratch.resolve("junit.xml");
        if (!Files.isRegularFile(produced)) {
          String cause = DependencyResolver.firstError(run.output());
          throw new BuildFailure("tests of service '" + service.name() + "' could not run: " + cause);
        }
        Files.copy(produced, junit, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        DependencyResolver.deleteRecursively(scratch);
      }
      List<String> failed = failedTests(junit);
      int total = countTests(junit);
      if (!failed.isEmpty()) {
        String message =
            failed.size() + " of " + total + " tests of service '" + service.name() + "' failed: " + String.join(", ", failed)
                + " (report: " + baseDir.relativize(junit) + ")";
        throw new TestFailure(message, failed);
      }
      Files.createDirectories(passed.getParent());
      Files.writeString(passed, built.image().digest() + "\n");
      return new Outcome(service.name(), false, total, junit);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ProcessResult inImage(Path baseDir, Service service, BuildStage.Built built, List<Path> testPaths, Path scratch) throws IOException {
    PythonBuild python = service.python().orElseThrow();
    Path testPackages =
        new DependencyResolver(options.caches().of(CacheDirectory.Kind.DEPS), options.python())
            .resolve(baseDir, "pytest\n", "pytest (the test runner)", python.version(), DependencyResolver.DEFAULT_PLATFORMS, options.pip())
            .sitePackages();
    ContainerEngine engine = options.engine().orElseThrow();
    List<String> command = new ArrayList<>(List.of(engine.executable().toString(), "run", "--rm"));
    // Loopback registries speak plain HTTP (as they do for the build); elsewhere TLS is verified.
    if (engine.name().equals("podman") && ImageBuilder.isLoopbackRegistry(built.reference())) {
      command.add("--tls-verify=false");
    }
    command.addAll(List.of(
        "-v", testPackages.toAbsolutePath() + ":" + TEST_PACKAGES + ":ro",
        "-v", scratch.toAbsolutePath() + ":" + RESULTS_MOUNT,
        "-e", "PYTHONPATH=" + ImageBuilder.SITE_PACKAGES + ":" + TEST_PACKAGES));
    List<String> containerPaths = new ArrayList<>();
    java.util.Set<Path> mounted = new java.util.LinkedHashSet<>();
    for (Path path : testPaths) {
      // A test file is mounted with its directory, so that the conftest.py beside it comes too.
      Path directory = Files.isDirectory(path) ? path : path.getParent();
      if (mounted.add(directory)) {
        command.addAll(List.of("-v", directory + ":" + inside(baseDir, directory) + ":ro"));
      }
      containerPaths.add(inside(baseDir, path));
    }
    command.addAll(List.of("--entrypoint", "python", built.reference(),
        "-m", "pytest", "-p", "no:cacheprovider", "--junitxml=" + RESULTS_MOUNT + "/junit.xml", "-q"));
    command.addAll(containerPaths);
    return ProcessResult.run(command, baseDir);
  }

  private static String inside(Path baseDir, Path path) {
    return TESTS_MOUNT + "/" + baseDir.relativize(path).toString().replace('\\', '/');
  }

  private ProcessResult onHost(Path baseDir, Service service, BuildStage.Built built, List<Path> testPaths, Path scratch) throws IOException {
    Path source = baseDir.resolve(service.python().orElseThrow().source());
    List<String> command = new ArrayList<>(List.of(
        options.python(), "-m", "pytest", "-p", "no:cacheprovider", "--junitxml=" + scratch.resolve("junit.xml"), "-q"));
    testPaths.forEach(p -> command.add(p.toString()));
    return ProcessResult.run(command, source, Map.of("PYTHONPATH", built.sitePackages().orElseThrow().toAbsolutePath().toString(), "PYTHONDONTWRITEBYTECODE", "1"));
  }

  private static String fingerprint(BuildStage.Built built, List<Path> testPaths) {
    try {
      Sha256 digest = new Sha256().update(built.image().digest());
      for (Path path : testPaths) {
        digest.update(path.toString());
        digest.update(Files.isDirectory(path) ? SourceSet.of(path).digest() : HexFormat.of().formatHex(Files.readAllBytes(path)));
      }
      return digest.hex().substring(0, 24);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code tests/test_app.py::test_health} for every failed or erroring test case. */
  static List<String> failedTests(Path junitXml) {
    Document document = parse(junitXml);
    List<String> failed = new ArrayList<>();
    NodeList cases = document.getElementsByTagName("testcase");
    for (int i = 0; i < cases.getLength(); i++) {
      Element testCase = (Element) cases.item(i);
      if (testCase.getElementsByTagName("failure").getLength() > 0 || testCase.getElementsByTagName("error").getLength() > 0) {
        String className = testCase.getAttribute("classname");
        failed.add((className.isEmpty() ? "" : className + "::") + testCase.getAttribute("name"));
      }
    }
    return failed;
  }

  static int countTests(Path junitXml) {
    return parse(junitXml).getElementsByTagName("testcase").getLength();
  }

  private static Document parse(Path xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return factory.newDocumentBuilder().parse(xml.toFile());
    } catch (Exception e) {
      throw new BuildFailure("cannot read test report " + xml + ": " + e.getMessage(), e);
    }
  }
}
