package dev.slipway.core.build;

import dev.slipway.core.hash.Sha256;
import dev.slipway.core.image.DependencyFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

/**
 * Installs a service's dependencies with the build machine's real pip into a plain directory
 * (pip {@code --target}) for the image's platform and Python version, never a virtualenv: venvs
 * hold symlinks to one machine's interpreter, which an image cannot use.
 *
 * <p>The result is cached under {@code cacheRoot} by the lock inputs only — the requirements as
 * pip reads them (includes expanded), the Python version and the platforms — so an unchanged lock
 * never runs pip again and needs no network at all, and an image resolved offline from a
 * wheelhouse shares its entry with one resolved online from the same pins. pip's own HTTP cache
 * ({@code ~/.cache/pip}) makes a new resolve of known distributions cheap too. The cache is the
 * user's, shared by every project: requirements that name a local path ({@code ./libs/x}, {@code
 * -e .}, {@code file:}) resolve to what is there, so their directory is part of the key too.
 */
public final class DependencyResolver {

  /**
   * manylinux2014 (glibc 2.17, which pip widens to every older manylinux tag) and manylinux_2_28,
   * which pip does not widen and which newer wheels such as torch's need; both run on the glibc
   * of python:*-slim (bookworm) images.
   */
  public static final List<String> DEFAULT_PLATFORMS = List.of("manylinux2014_x86_64", "manylinux_2_28_x86_64");

  private final Path cacheRoot;
  private final String python;
  private final boolean refresh;
  private final IntConsumer collected;

  /**
   * @param cacheRoot where resolved dependency directories are kept, e.g. {@code ~/.cache/slipway/deps}
   * @param python the interpreter whose pip resolves, e.g. {@code python3}
   */
  public DependencyResolver(Path cacheRoot, String python) {
    this(cacheRoot, python, false);
  }

  /** @param refresh resolve again even when the cache has these lock inputs, and replace the entry */
  public DependencyResolver(Path cacheRoot, String python, boolean refresh) {
    this(cacheRoot, python, refresh, count -> {});
  }

  private DependencyResolver(Path cacheRoot, String python, boolean refresh, IntConsumer collected) {
    this.cacheRoot = cacheRoot;
    this.python = python;
    this.refresh = refresh;
    this.collected = collected;
  }

  /**
   * This resolver, telling {@code collected} how many distributions pip has collected so far each
   * time it collects one more (pip's {@code Collecting} and {@code Processing} lines), so a long
   * resolve shows progress.
   */
  public DependencyResolver reporting(IntConsumer collected) {
    return new DependencyResolver(cacheRoot, python, refresh, collected);
  }

  /**
   * The resolved dependencies of one service.
   *
   * @param pins {@code name==version} of every distribution installed, sorted
   * @param cached they came from the cache, with no pip run
   */
  public record Resolved(Path sitePackages, String key, boolean cached, List<String> pins) {
    public Resolved {
      pins = List.copyOf(pins);
    }
  }

  /**
   * @param baseDir the project directory that {@code file}'s path is relative to
   * @param file the service's dependency file; empty gives an empty directory
   */
  public Resolved resolve(Path baseDir, Optional<DependencyFile> file, String pythonVersion, List<String> platforms, PipOptions pip) {
    if (file.isEmpty()) {
      return resolve(baseDir, "", "no requirements", pythonVersion, platforms, pip);
    }
    DependencyFile dependencies = file.get();
    String requirements = pinnedRequirements(baseDir, dependencies);
    // pip reads relative paths in a requirements file from where it runs: run it where the file is.
    Path workingDirectory = baseDir.resolve(dependencies.path()).getParent();
    return resolve(workingDirectory, requirements, dependencies.path(), pythonVersion, platforms, pip);
  }

  /**
   * @param requirements requirements.txt lines
   * @param describedAs how errors name them, e.g. the file they came from
   */
  public Resolved resolve(Path workingDirectory, String requirements, String describedAs, String pythonVersion, List<String> platforms, PipOptions pip) {
    String key = namesLocalPaths(requirements)
        ? hash(requirements, pythonVersion, String.join(",", platforms), workingDirectory.toAbsolutePath().normalize().toString())
        : hash(requirements, pythonVersion, String.join(",", platforms));
    Path done = cacheRoot.resolve(key);
    Path sitePackages = done.resolve("site-packages");
    if (Files.isDirectory(sitePackages) && !refresh) {
      return new Resolved(sitePackages, key, true, installedPins(sitePackages));
    }
    Path work = null;
    try {
      Files.createDirectories(cacheRoot);
      // Unique per call: two services with the same pins may resolve at once, in one process or two.
      work = Files.createTempDirectory(cacheRoot, key + ".partial-");
      Files.createDirectories(work.resolve("site-packages"));
      if (!requirements.isBlank()) {
        Path requirementsFile = work.resolve("requirements.txt");
        Files.writeString(requirementsFile, requirements);
        install(requirementsFile, work.resolve("site-packages"), pythonVersion, platforms, pip, describedAs, workingDirectory);
      }
      portableScripts(work.resolve("site-packages").resolve("bin"));
      publish(work, done, sitePackages);
      return new Resolved(sitePackages, key, false, installedPins(sitePackages));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (work != null) {
        deleteQuietly(work);
      }
    }
  }

  /** A cache entry is either complete or absent, never half-written. */
  private void publish(Path work, Path done, Path sitePackages) throws IOException {
    if (refresh && Files.isDirectory(done)) {
      Path stale = Files.createTempDirectory(cacheRoot, done.getFileName() + ".stale-");
      Files.move(done, stale.resolve("entry"), StandardCopyOption.ATOMIC_MOVE);
      deleteQuietly(stale);
    }
    try {
      Files.move(work, done, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException publishedMeanwhile) {
      if (!Files.isDirectory(sitePackages)) {
        throw publishedMeanwhile;
      }
      // Another resolve of the same pins finished first; its entry is the same.
    }
  }

  private void install(Path requirements, Path target, String pythonVersion, List<String> platforms, PipOptions pip, String describedAs, Path workingDirectory)
      throws IOException {
    List<String> command = new ArrayList<>(pipForImage(pythonVersion));
    command.addAll(List.of(
        "install",
        "--disable-pip-version-check", "--no-input", "--no-compile", "--no-warn-script-location",
        "--target", target.toString(),
        "--python-version", pythonVersion,
        "--only-binary=:all:",
        "-r", requirements.toString()));
    platforms.forEach(p -> command.addAll(List.of("--platform", p)));
    command.addAll(pip.arguments());
    ProcessResult result = runCounting(command, workingDirectory);
    String localBuild = "";
    if (result.exitCode() != 0 && PipFailures.missingWheel(result.output()) && !PipFailures.indexUnreachable(result.output())) {
      // Some distributions publish only sdists. Pure-Python ones build into py3-none-any wheels
      // that suit any platform, so build them here once and offer them to the platform install.
      Path built = target.getParent().resolve("built-wheels");
      List<String> wheel = new ArrayList<>(pipForImage(pythonVersion));
      wheel.addAll(List.of(
          "wheel", "--disable-pip-version-check", "--no-input",
          "--wheel-dir", built.toString(), "-r", requirements.toString()));
      wheel.addAll(pip.arguments());
      ProcessResult wheels = ProcessResult.run(wheel, workingDirectory);
      if (wheels.exitCode() == 0) {
        List<String> retry = new ArrayList<>(command);
        retry.addAll(List.of("--find-links", built.toString()));
        result = runCounting(retry, workingDirectory);
      } else {
        localBuild = firstError(wheels.output());
      }
    }
    if (result.exitCode() != 0) {
      throw new PipFailures(python, pip, workingDirectory).explain(result.output(), localBuild, describedAs, pythonVersion, platforms);
    }
  }

  /** pip, the distributions it takes in counted for {@link #reporting}; a run again counts from zero. */
  private ProcessResult runCounting(List<String> pip, Path workingDirectory) throws IOException {
    AtomicInteger count = new AtomicInteger();
    // Python buffers what it writes to a pipe; unbuffered, each line arrives as pip gets there.
    return ProcessResult.run(pip, workingDirectory, Map.of("PYTHONUNBUFFERED", "1"), line -> {
      // One line for each distribution pip takes in: "Collecting" from an index, "Processing" from a file.
      if (line.startsWith("Collecting ") || line.startsWith("Processing ")) {
        collected.accept(count.incrementAndGet());
      }
    });
  }

  /**
   * pip with environment markers evaluated for the image rather than this machine. pip's {@code
   * --python-version} and {@code --platform} choose wheels but leave markers to the running
   * interpreter, so a build machine on Python 3.11.7 would drop {@code async-timeout;
   * python_full_version < "3.11.3"} that an image's 3.11.2 needs, and a Mac would pick
   * macOS-only dependencies. A version without a patch level counts as {@code .0}: backports
   * for early patch releases are installed (harmless later), never missed.
   */
  private List<String> pipForImage(String pythonVersion) {
    return List.of(python, "-c", PIP_WITH_IMAGE_MARKERS, pythonVersion);
  }

  private static final String PIP_WITH_IMAGE_MARKERS =
      "import runpy, sys\n"
          + "from pip._vendor.packaging import markers\n"
          + "version = sys.argv.pop(1)\n"
          + "full = version if version.count('.') >= 2 else version + '.0'\n"
          + "image = dict(python_version='.'.join(full.split('.')[:2]), python_full_version=full, implementation_version=full,\n"
          + "             implementation_name='cpython', platform_python_implementation='CPython',\n"
          + "             os_name='posix', sys_platform='linux', platform_system='Linux', platform_machine='x86_64')\n"
          + "host = markers.default_environment\n"
          + "markers.default_environment = lambda: {**host(), **image}\n"
          + "sys.argv[0] = 'pip'\n"
          + "runpy.run_module('pip', run_name='__main__', alter_sys=True)\n";

  /**
   * pip writes console scripts with this machine's interpreter in the shebang; in an image that
   * path does not exist, and it would make the dependency layer differ from machine to machine.
   */
  private static void portableScripts(Path bin) throws IOException {
    if (!Files.isDirectory(bin)) {
      return;
    }
    try (Stream<Path> scripts = Files.list(bin)) {
      for (Path script : scripts.filter(Files::isRegularFile).toList()) {
        byte[] bytes = Files.readAllBytes(script);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (text.startsWith("#!") && text.lines().findFirst().orElse("").contains("python")) {
          String rest = text.substring(text.indexOf('\n') + 1);
          Files.write(script, ("#!/usr/bin/env python3\n" + rest).getBytes(StandardCharsets.ISO_8859_1));
        }
      }
    }
  }

  /** {@code name==version} from each {@code name-version.dist-info} directory pip left. */
  static List<String> installedPins(Path sitePackages) {
    try (Stream<Path> children = Files.list(sitePackages)) {
      return children
          .map(p -> p.getFileName().toString())
          .filter(name -> name.endsWith(".dist-info"))
          .map(name -> name.substring(0, name.length() - ".dist-info".length()))
          .filter(name -> name.indexOf('-') > 0)
          .map(name -> {
            int dash = name.indexOf('-');
            return name.substring(0, dash).toLowerCase(Locale.ROOT).replace('_', '-') + "==" + name.substring(dash + 1);
          })
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The requirements pip installs: the file itself (includes expanded), or pins exported from a project or lock file. */
  private String pinnedRequirements(Path baseDir, DependencyFile file) {
    Path path = baseDir.resolve(file.path());
    try {
      return switch (file.kind()) {
        case REQUIREMENTS_TXT -> file.lockText(baseDir);
        case PYPROJECT -> export(List.of(python, "-c", PEP621_DEPENDENCIES, path.toString()), path.getParent(), file, "python3 11+ (tomllib)");
        case UV_LOCK -> export(
            List.of("uv", "export", "--frozen", "--no-hashes", "--no-emit-project", "--format", "requirements-txt"),
            path.getParent(), file, "uv");
        case POETRY_LOCK -> export(
            List.of("poetry", "export", "--without-hashes", "--format", "requirements.txt"), path.getParent(), file, "poetry (with the export plugin)");
      };
    } catch (IOException e) {
      throw new BuildFailure("cannot read " + file.path() + ": " + e.getMessage(), e);
    }
  }

  private static final String PEP621_DEPENDENCIES =
      "import sys, tomllib\n"
          + "project = tomllib.load(open(sys.argv[1], 'rb')).get('project', {})\n"
          + "print('\\n'.join(project.get('dependencies', [])))\n";

  private static String export(List<String> command, Path directory, DependencyFile file, String tool) throws IOException {
    ProcessResult result;
    try {
      result = ProcessResult.run(command, directory);
    } catch (IOException e) {
      throw new BuildFailure(
          file.path() + " needs " + tool + " to export its pins, and '" + command.get(0) + "' is not installed: install it, or set requirements to an exported requirements.txt");
    }
    if (result.exitCode() != 0) {
      throw new BuildFailure("could not export pins from " + file.path() + " with " + command.get(0) + ": " + firstError(result.output()));
    }
    return result.output();
  }

  /** pip explains itself in its first {@code ERROR:} line; the rest is noise for a one-line report. */
  static String firstError(String output) {
    return output.lines()
        .map(String::strip)
        .filter(l -> l.startsWith("ERROR:"))
        .findFirst()
        .or(() -> output.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce((a, b) -> b))
        .orElse("no output");
  }

  /** Whether a line installs from the file system rather than an index: pins alone do not say what it installs. */
  static boolean namesLocalPaths(String requirements) {
    return requirements.lines().map(String::strip).anyMatch(line -> line.startsWith(".") || line.startsWith("/") || line.startsWith("-e")
        || line.startsWith("--editable") || line.startsWith("file:") || line.contains("@ file:") || line.startsWith("~"));
  }

  private static String hash(String... parts) {
    Sha256 digest = new Sha256();
    for (String part : parts) {
      digest.part(part);
    }
    return digest.hex().substring(0, 24);
  }

  static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private static void deleteQuietly(Path root) {
    try {
      deleteRecursively(root);
    } catch (IOException ignored) {
      // A leftover partial directory is never mistaken for a result: only complete ones are renamed into place.
    }
  }
}
