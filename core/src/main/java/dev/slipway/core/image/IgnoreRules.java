package dev.slipway.core.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Which files of a service's source stay out of its image: a few always-unwanted paths plus
 * {@code .dockerignore} and {@code .slipwayignore} in the source directory, read with gitignore
 * semantics (a pattern without '/' matches at any depth, '!' re-includes, the last match wins).
 */
public final class IgnoreRules {

  static final List<String> DEFAULTS =
      List.of(
          ".git/", "__pycache__/", "*.pyc", ".venv/", "venv/", ".pytest_cache/", ".mypy_cache/",
          "*.egg-info/", ".slipway/", ".dockerignore", ".slipwayignore");
  public static final List<String> FILE_NAMES = List.of(".dockerignore", ".slipwayignore");

  /**
   * What a Python image leaves out besides {@link #DEFAULTS}: files that describe how to build,
   * deploy or test the app rather than the app itself, so that editing {@code deploy.groovy} or a
   * test does not change the image's digest, and {@code .env} files, which tend to hold secrets.
   * Anchored ones only at the source's root. {@code .dockerignore} and {@code .slipwayignore} come
   * after these, so {@code !tests/} there puts a folder back.
   */
  static final List<String> DEPLOY_ONLY =
      List.of(
          "/deploy.groovy", "Dockerfile", "Dockerfile.*", "*.Dockerfile", "Containerfile", "/compose.yaml", "/compose.yml",
          "/compose.*.yaml", "/compose.*.yml", "/docker-compose.yaml", "/docker-compose.yml", "/docker-compose.*.yaml",
          "/docker-compose.*.yml", ".env", ".env.*", "/tests/", "/test/", ".github/", ".gitlab-ci.yml");

  private record Rule(PathMatcher matcher, boolean negated, boolean directoryOnly) {}

  private final List<Rule> rules;

  private IgnoreRules(List<Rule> rules) {
    this.rules = rules;
  }

  /** The rules that apply to {@code sourceDir}. */
  public static IgnoreRules forSource(Path sourceDir) {
    return of(sourceDir, DEFAULTS);
  }

  /**
   * The rules for a Python service's image: {@link #forSource} plus {@link #DEPLOY_ONLY} and
   * {@code alsoLeftOut}, paths relative to {@code sourceDir} (the script itself under another name,
   * the service's pytest paths).
   */
  public static IgnoreRules forPythonImage(Path sourceDir, List<String> alsoLeftOut) {
    List<String> patterns = new ArrayList<>(DEFAULTS);
    patterns.addAll(DEPLOY_ONLY);
    alsoLeftOut.forEach(path -> patterns.add("/" + path.replace('\\', '/')));
    return of(sourceDir, patterns);
  }

  private static IgnoreRules of(Path sourceDir, List<String> defaults) {
    List<String> patterns = new ArrayList<>(defaults);
    for (String fileName : FILE_NAMES) {
      Path file = sourceDir.resolve(fileName);
      if (Files.isRegularFile(file)) {
        try {
          Files.readAllLines(file).stream()
              .map(String::trim)
              .filter(line -> !line.isEmpty() && !line.startsWith("#"))
              .forEach(patterns::add);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return new IgnoreRules(patterns.stream().map(IgnoreRules::compile).toList());
  }

  private static Rule compile(String pattern) {
    boolean negated = pattern.startsWith("!");
    String glob = negated ? pattern.substring(1) : pattern;
    boolean directoryOnly = glob.endsWith("/");
    glob = glob.replaceAll("/+$", "");
    boolean anchored = glob.contains("/");
    glob = glob.replaceAll("^/+", "");
    if (!anchored) {
      glob = "**/" + glob;
    }
    // In gitignore "**/" also matches no directory at all; Java's glob needs at least one.
    List<String> alternatives = new ArrayList<>(List.of(glob));
    if (glob.startsWith("**/")) {
      alternatives.add(glob.substring(3));
    }
    if (glob.contains("/**/")) {
      alternatives.addAll(alternatives.stream().map(g -> g.replace("/**/", "/")).toList());
    }
    glob = alternatives.size() == 1 ? glob : "{" + String.join(",", alternatives) + "}";
    return new Rule(FileSystems.getDefault().getPathMatcher("glob:" + glob), negated, directoryOnly);
  }

  /**
   * Whether {@code relative} (to the source directory) is left out. A file under an ignored
   * directory is ignored too.
   */
  public boolean ignores(Path relative, boolean directory) {
    boolean ignored = false;
    for (Rule rule : rules) {
      if (rule.directoryOnly && !directory) {
        continue;
      }
      if (rule.matcher.matches(relative)) {
        ignored = !rule.negated;
      }
    }
    return ignored;
  }
}
