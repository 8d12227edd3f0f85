package dev.slipway.dsl.internal;

import dev.slipway.core.cache.CacheDirectory;
import dev.slipway.core.hash.Sha256;
import groovy.lang.GroovyClassLoader;
import groovy.lang.GroovySystem;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.Phases;
import org.codehaus.groovy.tools.GroovyClass;

/**
 * Compiler output for deploy scripts, kept by a hash of the script text and of the Groovy and
 * DSL builds, in the user's cache directory (never in the project). Groovy's parser costs close
 * to a second on a cold JVM; an unchanged script skips it. Only bytecode is cached: the script
 * still runs on every evaluation, so loops, {@code --set} values and environment variables are
 * always current. {@code SLIPWAY_CACHE_DIR=off} turns it off.
 */
final class CompiledScriptCache {

  private static final String MAIN_CLASS_FILE = "main-class";

  private final Path root;

  private CompiledScriptCache(Path root) {
    this.root = root;
  }

  /** In the user's cache directory ({@link CacheDirectory}); none when {@code SLIPWAY_CACHE_DIR=off}. */
  static Optional<CompiledScriptCache> forUser() {
    if (CacheDirectory.scriptsOff(System.getenv())) {
      return Optional.empty();
    }
    return Optional.of(new CompiledScriptCache(CacheDirectory.forUser().of(CacheDirectory.Kind.SCRIPTS)));
  }

  /**
   * The compiled script class: from the cache, or compiled now and stored. Compilation errors
   * propagate as Groovy reports them; empty when the cache cannot be used at all.
   */
  Optional<Class<?>> load(String text, String compiledName, CompilerConfiguration configuration, ClassLoader parent) {
    Path entry = root.resolve(key(text));
    try {
      if (!Files.isRegularFile(entry.resolve(MAIN_CLASS_FILE))) {
        store(entry, text, compiledName, configuration, parent);
      }
      String mainClass = Files.readString(entry.resolve(MAIN_CLASS_FILE)).strip();
      // A loader per evaluation, as GroovyShell would make: nothing of one run leaks into the next.
      URLClassLoader loader = new URLClassLoader(new URL[] {entry.toUri().toURL()}, parent);
      return Optional.of(loader.loadClass(mainClass));
    } catch (IOException | ClassNotFoundException e) {
      return Optional.empty();
    }
  }

  private void store(Path entry, String text, String compiledName, CompilerConfiguration configuration, ClassLoader parent)
      throws IOException {
    CompilationUnit unit = new CompilationUnit(configuration, null, new GroovyClassLoader(parent, configuration));
    unit.addSource(compiledName, text);
    unit.compile(Phases.CLASS_GENERATION);
    Files.createDirectories(root);
    Path partial = Files.createTempDirectory(root, "partial-");
    try {
      String mainClass = null;
      for (GroovyClass compiled : unit.getClasses()) {
        Path file = partial.resolve(compiled.getName().replace('.', '/') + ".class");
        Files.createDirectories(file.getParent());
        Files.write(file, compiled.getBytes());
        // Closure classes are named <script>$_run_closure1 and so on: the shortest name is the script.
        if (mainClass == null || compiled.getName().length() < mainClass.length()) {
          mainClass = compiled.getName();
        }
      }
      Files.writeString(partial.resolve(MAIN_CLASS_FILE), String.valueOf(mainClass));
      try {
        Files.move(partial, entry, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException storedMeanwhile) {
        // Another evaluation stored the same script first; its entry is identical.
      }
    } finally {
      deleteRecursively(partial);
    }
  }

  private static String key(String text) {
    return new Sha256().part(text).part(GroovySystem.getVersion()).part(dslBuild()).hex().substring(0, 32);
  }

  /** Where the DSL's classes come from and when they were built: a new build compiles afresh. */
  private static String dslBuild() {
    URL own = DeployScript.class.getResource("DeployScript.class");
    try {
      URLConnection connection = own.openConnection();
      return own + "@" + connection.getLastModified() + "/" + connection.getContentLengthLong();
    } catch (IOException e) {
      return String.valueOf(own);
    }
  }

  private static void deleteRecursively(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a leftover partial directory has its own name and is never read as an entry
    }
  }
}
