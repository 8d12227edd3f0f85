package dev.slipway.core.detect;

import dev.slipway.core.image.DependencyFile;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a service's dependency file installs, as much as choosing its server needs: whether a
 * distribution is there, and which versions of it it allows.
 *
 * @param file the file's name as reasons give it, e.g. {@code requirements.txt}; empty when the
 *     service has no dependency file
 */
public record Dependencies(String file, Map<String, DependencyFile.Requirement> byName) {

  public static final Dependencies NONE = new Dependencies("", Map.of());

  public Dependencies {
    byName = Map.copyOf(byName);
  }

  public static Dependencies of(DependencyFile file, Path baseDir) {
    Map<String, DependencyFile.Requirement> byName = new LinkedHashMap<>();
    file.requirements(baseDir).forEach(requirement -> byName.putIfAbsent(requirement.name(), requirement));
    return new Dependencies(Path.of(file.path()).getFileName().toString(), byName);
  }

  /** Requirements as a requirements file would list them, e.g. {@code flask<2.2}; for callers without a file to read. */
  public static Dependencies named(String file, List<String> requirements) {
    Map<String, DependencyFile.Requirement> byName = new LinkedHashMap<>();
    requirements.forEach(line -> DependencyFile.Requirement.parse(line).ifPresent(r -> byName.putIfAbsent(r.name(), r)));
    return new Dependencies(file, byName);
  }

  /**
   * Whether {@code distribution} is installed: asked for by name, or as an extra that brings it,
   * e.g. {@code channels[daphne]} or {@code fastapi[standard]}, which installs uvicorn.
   */
  public boolean has(String distribution) {
    if (byName.containsKey(distribution)) {
      return true;
    }
    return byName.values().stream().anyMatch(r -> r.extras().contains(distribution))
        || (distribution.equals("uvicorn")
            && Optional.ofNullable(byName.get("fastapi")).map(f -> f.extras().contains("standard") || f.extras().contains("all")).orElse(false));
  }

  /** Whether the file asks for {@code distribution} and every version it allows is older than {@code version}. */
  public boolean onlyOlderThan(String distribution, String version) {
    DependencyFile.Requirement requirement = byName.get(distribution);
    return requirement != null && VersionSpecifier.onlyBelow(requirement.specifier(), version);
  }

  /** {@code Flask==1.1.4}, as the file asks for it. */
  public String describe(String distribution) {
    DependencyFile.Requirement requirement = byName.get(distribution);
    return requirement == null ? distribution : distribution + requirement.specifier();
  }

  /** {@code requirements.txt}, or {@code dependencies} when there is no file, for reasons. */
  public String where() {
    return file.isEmpty() ? "the dependencies (there is no dependency file)" : file;
  }
}
