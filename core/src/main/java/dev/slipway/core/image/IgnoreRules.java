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
 * A Dockerfile's build context is read the way the engine reads it instead: see {@link
 * #forDockerContext}.
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

  /** @param cleaned the pattern as written, without its {@code !}, cleaned as the rules' reader cleans it */
  private record Rule(PathMatcher matcher, boolean negated, boolean directoryOnly, String cleaned) {}

  /** Slipway's own state and caches, which no image should carry, whatever a build context's .dockerignore says. */
  static final String STATE_DIRECTORY = ".slipway";

  private final List<Rule> rules;
  private final boolean parentsMatch;

  private IgnoreRules(List<Rule> rules, boolean parentsMatch) {
    this.rules = rules;
    this.parentsMatch = parentsMatch;
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
    return new IgnoreRules(patterns.stream().map(IgnoreRules::compile).toList(), false);
  }

  /**
   * The files a container engine leaves out of a Dockerfile's build {@code context}: its {@code
   * .dockerignore} read as docker, podman and buildah read it (every pattern is anchored at the
   * context, {@code **} spans directories, a pattern that matches a directory matches everything
   * under it, and {@code !} can re-include a file under an excluded directory), plus Slipway's
   * {@code .slipway} state directory, which never belongs to an image's content.
   */
  public static IgnoreRules forDockerContext(Path context) {
    List<Rule> rules = new ArrayList<>();
    Path file = context.resolve(".dockerignore");
    if (Files.isRegularFile(file)) {
      try {
        Files.readAllLines(file).stream()
            .map(String::trim)
            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
            .map(IgnoreRules::compileDocker)
            .forEach(rules::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    rules.add(compileDocker(STATE_DIRECTORY));
    return new IgnoreRules(List.copyOf(rules), true);
  }

  /**
   * Whether an ignored {@code directory} must still be walked, because a {@code !} pattern under
   * it may take files back: in a build context only a pattern that starts with the directory's
   * path does, as the engines decide it (they skip the directory otherwise).
   */
  public boolean mayReinclude(Path directory) {
    String prefix = directory.toString().replace('\\', '/') + "/";
    return parentsMatch && rules.stream().anyMatch(rule -> rule.negated() && (rule.cleaned() + "/").startsWith(prefix));
  }

  private static Rule compileDocker(String pattern) {
    boolean negated = pattern.startsWith("!");
    String glob = (negated ? pattern.substring(1) : pattern).trim();
    // Go's filepath.Clean, as the engines apply it: no leading "/" or "./", no trailing "/".
    glob = glob.replaceAll("^(\\./|/)+", "").replaceAll("/+$", "").replaceAll("/+", "/");
    String cleaned = glob;
    // Braces are literal in a .dockerignore, alternatives in a Java glob.
    glob = glob.replace("{", "\\{").replace("}", "\\}").replace(",", "\\,");
    return new Rule(globMatcher(glob), negated, false, cleaned);
  }

  private static Rule compile(String pattern) {
    boolean negated = pattern.startsWith("!");
    String glob = negated ? pattern.substring(1) : pattern;
    String cleaned = glob;
    boolean directoryOnly = glob.endsWith("/");
    glob = glob.replaceAll("/+$", "");
    boolean anchored = glob.contains("/");
    glob = glob.replaceAll("^/+", "");
    if (!anchored) {
      glob = "**/" + glob;
    }
    return new Rule(globMatcher(glob), negated, directoryOnly, cleaned);
  }

  /** {@code glob} in Java's syntax, where "**&#47;" also matches no directory at all, as in gitignore and .dockerignore. */
  private static PathMatcher globMatcher(String glob) {
    List<String> alternatives = new ArrayList<>(List.of(glob));
    if (glob.startsWith("**/")) {
      alternatives.add(glob.substring(3));
    }
    if (glob.contains("/**/")) {
      alternatives.addAll(alternatives.stream().map(g -> g.replace("/**/", "/")).toList());
    }
    String combined = alternatives.size() == 1 ? glob : "{" + String.join(",", alternatives) + "}";
    return FileSystems.getDefault().getPathMatcher("glob:" + combined);
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
      if (rule.matcher.matches(relative) || (parentsMatch && anAncestorMatches(rule, relative))) {
        ignored = !rule.negated;
      }
    }
    return ignored;
  }

  private static boolean anAncestorMatches(Rule rule, Path relative) {
    for (Path ancestor = relative.getParent(); ancestor != null; ancestor = ancestor.getParent()) {
      if (rule.matcher.matches(ancestor)) {
        return true;
      }
    }
    return false;
  }
}
