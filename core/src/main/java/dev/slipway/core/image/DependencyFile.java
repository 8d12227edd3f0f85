package dev.slipway.core.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file that pins a Python service's dependencies, and what kind it is.
 *
 * @param path relative to the project directory, as the user wrote or as detected
 */
public record DependencyFile(String path, Kind kind, boolean detected) {

  public enum Kind {
    UV_LOCK("uv.lock"),
    POETRY_LOCK("poetry.lock"),
    REQUIREMENTS_TXT("requirements.txt"),
    PYPROJECT("pyproject.toml");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** Detection order: lock files pin more precisely than declarations, so they win. */
  private static final List<String> DETECTION_ORDER =
      List.of("uv.lock", "poetry.lock", "requirements.txt", "pyproject.toml");

  private static final Pattern REQUIREMENT_NAME = Pattern.compile("^\\s*([A-Za-z0-9][A-Za-z0-9._-]*)");
  private static final Pattern PYPROJECT_DEPENDENCIES =
      Pattern.compile("(?ms)^\\s*dependencies\\s*=\\s*\\[((?:\"[^\"]*\"|'[^']*'|[^\\]\"'])*)\\]");
  private static final Pattern QUOTED = Pattern.compile("[\"']([^\"']+)[\"']");

  /** The kind a file name says, or empty when Slipway cannot read such a file. */
  public static Optional<Kind> kindOf(String fileName) {
    String name = Path.of(fileName).getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.equals("uv.lock")) {
      return Optional.of(Kind.UV_LOCK);
    }
    if (name.equals("poetry.lock")) {
      return Optional.of(Kind.POETRY_LOCK);
    }
    if (name.equals("pyproject.toml")) {
      return Optional.of(Kind.PYPROJECT);
    }
    if (name.endsWith(".txt") || name.endsWith(".in")) {
      return Optional.of(Kind.REQUIREMENTS_TXT);
    }
    return Optional.empty();
  }

  /** Finds the dependency file in {@code sourceDir}, if there is one. */
  public static Optional<DependencyFile> detect(Path baseDir, String sourceDir) {
    for (String candidate : DETECTION_ORDER) {
      Path file = baseDir.resolve(sourceDir).resolve(candidate);
      if (Files.isRegularFile(file)) {
        String relative = baseDir.relativize(file).toString().replace('\\', '/');
        return Optional.of(new DependencyFile(relative, kindOf(candidate).orElseThrow(), true));
      }
    }
    return Optional.empty();
  }

  /**
   * The distribution names this file asks for, lower-cased; enough to choose a start command,
   * not a resolver.
   */
  public Set<String> packageNames(Path baseDir) {
    String text;
    try {
      text = Files.readString(baseDir.resolve(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Set<String> names = new LinkedHashSet<>();
    switch (kind) {
      case REQUIREMENTS_TXT -> text.lines()
          .filter(line -> !line.isBlank() && !line.trim().startsWith("#") && !line.trim().startsWith("-"))
          .forEach(line -> addName(line, names));
      case PYPROJECT -> {
        Matcher block = PYPROJECT_DEPENDENCIES.matcher(text);
        if (block.find()) {
          Matcher quoted = QUOTED.matcher(block.group(1));
          while (quoted.find()) {
            addName(quoted.group(1), names);
          }
        }
      }
      case UV_LOCK, POETRY_LOCK -> {
        Matcher entry = Pattern.compile("(?m)^name\\s*=\\s*\"([^\"]+)\"").matcher(text);
        while (entry.find()) {
          names.add(entry.group(1).toLowerCase(Locale.ROOT));
        }
      }
    }
    return names;
  }

  /**
   * What decides the installed set, as text: a requirements file with its {@code -r} includes
   * inlined and constraint files fingerprinted (see {@link RequirementsText#expand}), any other
   * kind as it is. The image's content tag and the dependency cache are both keyed by it.
   */
  public String lockText(Path baseDir) throws IOException {
    Path file = baseDir.resolve(path);
    return kind == Kind.REQUIREMENTS_TXT ? RequirementsText.expand(file) : Files.readString(file);
  }

  /**
   * The requirements that {@code lockText} (this file's {@link #lockText}) asks for without one
   * exact version (see {@link RequirementsText#unpinned}); lock files pin everything, so they
   * have none.
   */
  public List<String> unpinned(String lockText) {
    return switch (kind) {
      case REQUIREMENTS_TXT -> RequirementsText.unpinned(lockText);
      case PYPROJECT -> {
        Matcher block = PYPROJECT_DEPENDENCIES.matcher(lockText);
        StringBuilder lines = new StringBuilder();
        if (block.find()) {
          Matcher quoted = QUOTED.matcher(block.group(1));
          while (quoted.find()) {
            lines.append(quoted.group(1)).append('\n');
          }
        }
        yield RequirementsText.unpinned(lines.toString());
      }
      case UV_LOCK, POETRY_LOCK -> List.of();
    };
  }

  private static void addName(String requirement, Set<String> names) {
    Matcher name = REQUIREMENT_NAME.matcher(requirement);
    if (name.find()) {
      names.add(name.group(1).toLowerCase(Locale.ROOT).replace('_', '-'));
    }
  }
}
