package dev.slipway.core.image;

import dev.slipway.core.hash.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The files of a service's source that go into its image, in a stable order, with a digest of
 * their paths, modes and contents: the same sources give the same digest on any machine.
 */
public record SourceSet(Path root, List<Path> files, String digest) {

  public SourceSet {
    files = List.copyOf(files);
  }

  /** Collects {@code root} minus what {@link IgnoreRules#forSource} leaves out. */
  public static SourceSet of(Path root) {
    return of(root, IgnoreRules.forSource(root));
  }

  /** What a Python image takes of {@code root}: {@link IgnoreRules#forPythonImage}. */
  public static SourceSet ofPythonImage(Path root, List<String> alsoLeftOut) {
    return of(root, IgnoreRules.forPythonImage(root, alsoLeftOut));
  }

  /** Collects {@code root} minus what {@code ignore} leaves out, e.g. a Dockerfile's build context. */
  public static SourceSet of(Path root, IgnoreRules ignore) {
    List<Path> files = new ArrayList<>();
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              return !dir.equals(root) && ignore.ignores(root.relativize(dir), true) && !ignore.mayReinclude(root.relativize(dir))
                  ? FileVisitResult.SKIP_SUBTREE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              Path relative = root.relativize(file);
              if (!ignore.ignores(relative, false)) {
                files.add(relative);
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    files.sort(Comparator.comparing(p -> p.toString().replace('\\', '/')));
    return new SourceSet(root, files, digestOf(root, files));
  }

  private static String digestOf(Path root, List<Path> files) {
    Sha256 digest = new Sha256();
    for (Path relative : files) {
      Path file = root.resolve(relative);
      digest.part(relative.toString().replace('\\', '/'));
      digest.update((byte) (Files.isExecutable(file) ? 'x' : '-'));
      try {
        if (Files.isSymbolicLink(file) && !Files.exists(file)) {
          // An engine sends a dangling link as a link; there is no content to read.
          digest.part("-> " + Files.readSymbolicLink(file));
          continue;
        }
        digest.update(Sha256.digest(file));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return digest.hex();
  }
}
