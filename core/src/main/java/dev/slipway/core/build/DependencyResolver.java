package dev.slipway.core.build;

import dev.slipway.core.image.DependencyFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Installs a service's dependencies with the build machine's real pip into a plain directory
 * (pip {@code --target}) for the image's platform and Python version, never a virtualenv: venvs
 * hold symlinks to one machine's interpreter, which an image cannot use.
 *
 * <p>The result is cached under {@code cacheRoot} by a hash of the pinned requirements, the
 * Python version, the platform and where pip looks, so an unchanged lock never runs pip again.
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

  /**
   * @param cacheRoot where resolved dependency directories are kept, e.g. {@code .slipway/cache/deps}
   * @param python the interpreter whose pip resolves, e.g. {@code python3}
   */
  public DependencyResolver(Path cacheRoot, String python) {
    this.cacheRoot = cacheRoot;
    this.python = python;
  }

  /** The resolved dependencies of one service and whether they came from the cache. */
  public record Resolved(Path sitePackages, String key, boolean cached) {}

  /**
   * @param baseDir the project directory that {@code file}'s path is relative to
   * @param file the service's dependency file; empty gives an empty directory
   */
  public Resolved resolve(Path baseDir, Optional<DependencyFile> file, String pythonVersion, List<String> platforms, PipOptions pip) {
    String requirements = file.map(f -> pinnedRequirements(baseDir, f)).orElse("");
    return resolve(baseDir, requirements, file.map(DependencyFile::path).orElse("no requirements"), pythonVersion, platforms, pip);
  }

  /**
   * @param requirements requirements.txt lines
   * @param describedAs how errors name them, e.g. the file they came from
   */
  public Resolved resolve(Path baseDir, String requirements, String describedAs, String pythonVersion, List<String> platforms, PipOptions pip) {
    String key = hash(requirements, pythonVersion, String.join(",", platforms), String.join(" ", pip.arguments()));
    Path done = cacheRoot.resolve(key);
    Path sitePackages = done.resolve("site-packages");
    if (Files.isDirectory(sitePackages)) {
      return new Resolved(sitePackages, key, true);
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
        install(requirementsFile, work.resolve("site-packages"), pythonVersion, platforms, pip, describedAs, baseDir);
      }
      portableScripts(work.resolve("site-packages").resolve("bin"));
      // Publish all at once: a cache entry is either complete or absent, never half-written.
      try {
        Files.move(work, done, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException publishedMeanwhile) {
        if (!Files.isDirectory(sitePackages)) {
          throw publishedMeanwhile;
        }
        // Another resolve of the same pins finished first; its entry is the same.
      }
      return new Resolved(sitePackages, key, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (work != null) {
        deleteQuietly(work);
      }
    }
  }

  private void install(Path requirements, Path target, String pythonVersion, List<String> platforms, PipOptions pip, String describedAs, Path baseDir)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(
        python, "-m", "pip", "install",
        "--disable-pip-version-check", "--no-input", "--no-compile", "--no-warn-script-location",
        "--target", target.toString(),
        "--python-version", pythonVersion,
        "--only-binary=:all:",
        "-r", requirements.toString()));
    platforms.forEach(p -> command.addAll(List.of("--platform", p)));
    command.addAll(pip.arguments());
    ProcessResult result = ProcessResult.run(command, baseDir);
    if (result.exitCode() != 0 && mentionsMissingWheel(result.output())) {
      // Some distributions publish only sdists. Pure-Python ones build into py3-none-any wheels
      // that suit any platform, so build them here once and offer them to the platform install.
      Path built = target.getParent().resolve("built-wheels");
      List<String> wheel = new ArrayList<>(List.of(
          python, "-m", "pip", "wheel", "--disable-pip-version-check", "--no-input",
          "--wheel-dir", built.toString(), "-r", requirements.toString()));
      wheel.addAll(pip.arguments());
      if (ProcessResult.run(wheel, baseDir).exitCode() == 0) {
        List<String> retry = new ArrayList<>(command);
        retry.addAll(List.of("--find-links", built.toString()));
        result = ProcessResult.run(retry, baseDir);
      }
    }
    if (result.exitCode() != 0) {
      throw new BuildFailure(
          "pip could not install " + describedAs + " for Python " + pythonVersion + ": "
              + firstError(result.output())
              + " (check the pins; offline, point findLinks at a wheelhouse that has them)");
    }
  }

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

  private static boolean mentionsMissingWheel(String output) {
    return output.contains("No matching distribution found") || output.contains("Could not find a version that satisfies");
  }

  /** The requirements pip installs: the file itself, or pins exported from a project or lock file. */
  private String pinnedRequirements(Path baseDir, DependencyFile file) {
    Path path = baseDir.resolve(file.path());
    try {
      return switch (file.kind()) {
        case REQUIREMENTS_TXT -> Files.readString(path);
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

  private static String hash(String... parts) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (String part : parts) {
      digest.update(part.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
    }
    return HexFormat.of().formatHex(digest.digest()).substring(0, 24);
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
