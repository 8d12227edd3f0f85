package dev.slipway.core.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The user's cache directory and what lives in it: {@code $SLIPWAY_CACHE_DIR}, else {@code
 * $XDG_CACHE_HOME/slipway}, else {@code ~/.cache/slipway}. Everything in it can be deleted at any
 * time between commands; a build then does the work again. {@code SLIPWAY_CACHE_DIR=off} turns
 * off only the compiled-script cache (a build needs somewhere to put dependencies and layers),
 * which the other caches then keep in the default place.
 *
 * @param root the directory every cache is under
 */
public record CacheDirectory(Path root) {

  public static final String VARIABLE = "SLIPWAY_CACHE_DIR";
  static final String OFF = "off";

  /** One cache: its directory name under the root and what it holds, for {@code slipway cache info}. */
  public enum Kind {
    SCRIPTS("scripts", "compiled deploy scripts, by script text"),
    DEPS("deps", "resolved Python dependencies, by lock inputs (requirements, Python version, platform, pip options)"),
    JIB("jib", "image layers jib built or pulled (base layers are shared by every project)"),
    TESTS("tests", "passed test runs, by image digest and the test files' paths and contents");

    private final String directory;
    private final String holds;

    Kind(String directory, String holds) {
      this.directory = directory;
      this.holds = holds;
    }

    /** The word {@code slipway cache clean} takes: {@code deps}. */
    public String word() {
      return directory;
    }

    public String holds() {
      return holds;
    }

    public static Optional<Kind> named(String word) {
      return List.of(values()).stream().filter(kind -> kind.directory.equals(word)).findFirst();
    }
  }

  /** Where the user's caches are, from {@code environment} (the process's own, or a test's) and the user's home. */
  public static CacheDirectory forUser(Map<String, String> environment, Path home) {
    String explicit = environment.get(VARIABLE);
    if (explicit != null && !explicit.isBlank() && !OFF.equals(explicit)) {
      return new CacheDirectory(Path.of(explicit).toAbsolutePath());
    }
    String xdg = environment.get("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".cache");
    return new CacheDirectory(base.resolve("slipway").toAbsolutePath());
  }

  /** {@link #forUser(Map, Path)} of this process. */
  public static CacheDirectory forUser() {
    return forUser(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /** Whether {@code environment} turns the compiled-script cache off. */
  public static boolean scriptsOff(Map<String, String> environment) {
    return OFF.equals(environment.get(VARIABLE));
  }

  public Path of(Kind kind) {
    return root.resolve(kind.directory);
  }

  /** What {@code kind} takes on disk: the sizes of its files, links not followed; 0 when it does not exist. */
  public long size(Kind kind) {
    Path directory = of(kind);
    if (!Files.isDirectory(directory)) {
      return 0;
    }
    long[] total = {0};
    try {
      Files.walkFileTree(directory, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
          if (attributes.isRegularFile()) {
            total[0] += attributes.size();
          }
          return FileVisitResult.CONTINUE;
        }

        // A build may delete an entry while this counts (a partial resolve, say): what is gone takes nothing.
        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot measure " + directory + ": " + e.getMessage(), e);
    }
    return total[0];
  }

  /**
   * Deletes {@code kind}'s cache. It is first renamed away in one step, so a build that starts
   * meanwhile finds either the whole cache or none (and makes a new one), never half of one; a
   * build already reading from it may fail with a missing file, and succeeds when run again.
   *
   * @return how many bytes it took
   */
  public long clean(Kind kind) {
    Path directory = of(kind);
    long size = size(kind);
    if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
      return 0;
    }
    try {
      Path doomed = root.resolve("." + kind.directory + ".deleting-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
      Files.move(directory, doomed, StandardCopyOption.ATOMIC_MOVE);
      try (Stream<Path> paths = Files.walk(doomed)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + directory + ": " + e.getMessage(), e);
    }
    return size;
  }

  /**
   * Scratch space for a command's own use (a test run's results), removed by the command: here
   * rather than in {@code /tmp} because a podman machine (macOS, Windows) shares the home
   * directory with its VM, not {@code /tmp}. Never cleaned by {@code slipway cache clean}.
   */
  public Path scratch() {
    return root.resolve("tmp");
  }
}
