package dev.slipway.core.detect;

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
import java.util.Optional;
import java.util.Set;

/**
 * The importable Python modules of an application directory: its top-level files, its packages,
 * and a src layout's packages (imported from {@code src}). Tests, virtual environments,
 * migrations and other directories that hold no app are left out, and the walk is bounded, so a
 * large tree is searched quickly and the same way every time.
 */
final class Modules {

  /** Directories that hold no app to start, by name. */
  static final Set<String> NOT_APP_DIRECTORIES =
      Set.of(
          "tests", "test", "testing", "docs", "doc", "examples", "example", "migrations", "alembic", "venv", "env", "virtualenv",
          "node_modules", "site-packages", "build", "dist", "static", "templates", "media", "__pycache__", "scripts", "bin");

  /** How deep below the import root modules are looked for: {@code pkg/sub/module.py} at most. */
  static final int MAX_DEPTH = 3;

  private static final int MAX_FILE_BYTES = 1 << 20;

  /**
   * One module.
   *
   * @param name dotted, e.g. {@code app.main}; a package's {@code __init__.py} is the package
   * @param importRoot the directory below the source that imports start from: {@code ""} or {@code src}
   * @param depth how many packages it is inside, 0 for a top-level file
   */
  record Module(PythonSource source, String name, String importRoot, int depth) {

    /** The file's name without {@code .py}, e.g. {@code main} or {@code __init__}. */
    String stem() {
      String file = source.path.substring(source.path.lastIndexOf('/') + 1);
      return file.substring(0, file.length() - ".py".length());
    }

    /** {@code python app.py} for a top-level file; {@code python -m web.app} inside a package, so its imports work. */
    String runCommand() {
      return depth == 0 && importRoot.isEmpty() ? "python " + source.path : "python -m " + name;
    }
  }

  private Modules() {}

  static List<Module> of(Path sourceDir) {
    List<Module> modules = new ArrayList<>();
    Path src = sourceDir.resolve("src");
    boolean srcLayout = Files.isDirectory(src) && !Files.isRegularFile(src.resolve("__init__.py"));
    collect(sourceDir, sourceDir, "", srcLayout ? Set.of("src") : Set.of(), modules);
    if (srcLayout) {
      collect(sourceDir, src, "src", Set.of(), modules);
    }
    modules.sort(Comparator.comparing((Module m) -> m.source().path));
    return List.copyOf(modules);
  }

  private static void collect(Path sourceDir, Path root, String importRoot, Set<String> skipped, List<Module> modules) {
    try {
      Files.walkFileTree(root, Set.of(), MAX_DEPTH + 1, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
          if (dir.equals(root)) {
            return FileVisitResult.CONTINUE;
          }
          String name = dir.getFileName().toString();
          boolean importable = name.matches("[A-Za-z_]\\w*") && !NOT_APP_DIRECTORIES.contains(name) && !skipped.contains(name);
          return importable && !Files.isRegularFile(dir.resolve("pyvenv.cfg")) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
          module(sourceDir, root, importRoot, file, attributes).ifPresent(modules::add);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<Module> module(Path sourceDir, Path root, String importRoot, Path file, BasicFileAttributes attributes) {
    String fileName = file.getFileName().toString();
    if (!attributes.isRegularFile() || !fileName.endsWith(".py") || attributes.size() > MAX_FILE_BYTES || isNotApp(fileName)) {
      return Optional.empty();
    }
    String stem = fileName.substring(0, fileName.length() - ".py".length());
    if (!stem.matches("[A-Za-z_]\\w*")) {
      return Optional.empty();
    }
    List<String> parts = new ArrayList<>();
    root.relativize(file.getParent()).forEach(part -> {
      if (!part.toString().isEmpty()) {
        parts.add(part.toString());
      }
    });
    int depth = parts.size();
    if (!stem.equals("__init__")) {
      parts.add(stem);
    }
    if (parts.isEmpty()) {
      return Optional.empty(); // an __init__.py at the root makes the source a package, not a module
    }
    return Optional.of(new Module(PythonSource.read(sourceDir, file), String.join(".", parts), importRoot, depth));
  }

  private static boolean isNotApp(String fileName) {
    return fileName.startsWith("test_") || fileName.endsWith("_test.py") || fileName.equals("conftest.py") || fileName.equals("setup.py")
        || fileName.equals("noxfile.py") || fileName.equals("manage.py") || fileName.equals("__main__.py");
  }
}
