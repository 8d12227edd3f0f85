package dev.slipway.core.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * The files of a service's source that go into its image, in a stable order, with a digest of
 * their paths, modes and contents: the same sources give the same digest on any machine.
 */
public record SourceSet(Path root, List<Path> files, String digest) {

  public SourceSet {
    files = List.copyOf(files);
  }

  /** Collects {@code root} minus what {@link IgnoreRules} leaves out. */
  public static SourceSet of(Path root) {
    IgnoreRules ignore = IgnoreRules.forSource(root);
    List<Path> files = new ArrayList<>();
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              return !dir.equals(root) && ignore.ignores(root.relativize(dir), true)
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
    MessageDigest digest = sha256();
    for (Path relative : files) {
      Path file = root.resolve(relative);
      digest.update(relative.toString().replace('\\', '/').getBytes(java.nio.charset.StandardCharsets.UTF_8));
      digest.update((byte) 0);
      digest.update((byte) (Files.isExecutable(file) ? 'x' : '-'));
      try {
        digest.update(sha256().digest(Files.readAllBytes(file)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
