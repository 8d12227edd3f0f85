package dev.slipway.core.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

  private static final Pattern REQUIREMENT = Pattern.compile("^\\s*([A-Za-z0-9][A-Za-z0-9._-]*)\\s*(?:\\[([^\\]]*)\\])?(.*)$");
  private static final Pattern LOCKED_NAME = Pattern.compile("(?m)^name\\s*=\\s*\"([^\"]+)\"");
  private static final Pattern LOCKED_VERSION = Pattern.compile("(?m)^version\\s*=\\s*\"([^\"]+)\"");

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
   * One distribution this file asks for, enough to choose a start command, not a resolver.
   *
   * @param name normalised as pip compares names: lower case, runs of {@code -_.} as one {@code -}
   * @param extras the extras asked for, e.g. {@code standard} of {@code uvicorn[standard]}, normalised the same way
   * @param specifier the version constraint as written, e.g. {@code ==1.1.4}, {@code >=2,<3} or
   *     {@code ^2.0}; a lock file's entry gives {@code ==<version>}; empty when any version will do
   */
  public record Requirement(String name, Set<String> extras, String specifier) {
    public Requirement {
      extras = Set.copyOf(extras);
    }

    /** {@code name[extras] specifier ; marker}, or {@code name @ url}, as PEP 508 writes one. */
    public static Optional<Requirement> parse(String requirement) {
      Matcher matcher = REQUIREMENT.matcher(requirement);
      if (!matcher.find()) {
        return Optional.empty();
      }
      Set<String> extras = new LinkedHashSet<>();
      if (matcher.group(2) != null) {
        for (String extra : matcher.group(2).split(",")) {
          if (!extra.isBlank()) {
            extras.add(normalise(extra.strip()));
          }
        }
      }
      String specifier = matcher.group(3).replaceFirst(";.*$", "").replaceAll("[()\\s]", "");
      return Optional.of(new Requirement(normalise(matcher.group(1)), extras, specifier.startsWith("@") ? "" : specifier));
    }
  }

  /** The distribution names this file asks for (see {@link #requirements}). */
  public Set<String> packageNames(Path baseDir) {
    Set<String> names = new LinkedHashSet<>();
    requirements(baseDir).forEach(requirement -> names.add(requirement.name()));
    return names;
  }

  /**
   * What this file asks for, with versions: a requirements file with its {@code -r} includes (its
   * own lines when an include is missing: validation reports that), a {@code pyproject.toml}'s
   * {@code [project] dependencies}, every package of a lock file.
   */
  public List<Requirement> requirements(Path baseDir) {
    Path file = baseDir.resolve(path);
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Requirement> requirements = new ArrayList<>();
    switch (kind) {
      case REQUIREMENTS_TXT -> {
        String expanded;
        try {
          expanded = RequirementsText.expand(file);
        } catch (IOException missingInclude) {
          expanded = text;
        }
        expanded.lines().map(line -> line.replaceFirst("(^|\\s)#.*$", "").strip())
            .filter(line -> !line.isEmpty() && !line.startsWith("-"))
            .forEach(line -> Requirement.parse(line).ifPresent(requirements::add));
      }
      case PYPROJECT -> TomlTables.parse(text).strings("project", "dependencies").forEach(line -> Requirement.parse(line).ifPresent(requirements::add));
      case UV_LOCK, POETRY_LOCK -> {
        for (String entry : text.split("(?m)^\\[\\[package]]\\s*$")) {
          Matcher name = LOCKED_NAME.matcher(entry);
          if (name.find()) {
            Matcher version = LOCKED_VERSION.matcher(entry);
            requirements.add(new Requirement(normalise(name.group(1)), Set.of(), version.find() ? "==" + version.group(1) : ""));
          }
        }
      }
    }
    return List.copyOf(requirements);
  }

  private static String normalise(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
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
      case PYPROJECT -> RequirementsText.unpinned(String.join("\n", TomlTables.parse(lockText).strings("project", "dependencies")));
      case UV_LOCK, POETRY_LOCK -> List.of();
    };
  }

}
