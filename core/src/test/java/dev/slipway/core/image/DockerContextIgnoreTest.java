package dev.slipway.core.image;

import static dev.slipway.core.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Dockerfile's build context, left out of as docker, podman and buildah leave it out: not as gitignore does. */
class DockerContextIgnoreTest {

  @TempDir Path context;

  private IgnoreRules rules(String dockerignore) {
    write(context, ".dockerignore", dockerignore);
    return IgnoreRules.forDockerContext(context);
  }

  private List<String> files() {
    return SourceSet.of(context, IgnoreRules.forDockerContext(context)).files().stream().map(p -> p.toString().replace('\\', '/')).toList();
  }

  @Test
  void ignores_patternWithoutSlash_onlyAtTheContextRoot() {
    IgnoreRules rules = rules("*.md\n");

    assertTrue(rules.ignores(Path.of("README.md"), false));
    assertFalse(rules.ignores(Path.of("docs/guide.md"), false), "unlike gitignore, a .dockerignore pattern is anchored");
  }

  @Test
  void ignores_doubleStar_matchesAtAnyDepthIncludingTheRoot() {
    IgnoreRules rules = rules("**/*.log\n");

    assertTrue(rules.ignores(Path.of("debug.log"), false));
    assertTrue(rules.ignores(Path.of("var/log/debug.log"), false));
  }

  @Test
  void ignores_leadingSlashAndTrailingSlash_cleanedAway() {
    IgnoreRules rules = rules("/build/\n./tmp\n");

    assertTrue(rules.ignores(Path.of("build"), true));
    assertTrue(rules.ignores(Path.of("build"), false), "docker has no directory-only patterns: build/ also names a file");
    assertTrue(rules.ignores(Path.of("tmp/x"), false));
  }

  @Test
  void ignores_fileUnderAMatchedDirectory_isIgnored() {
    IgnoreRules rules = rules("node_modules\n");

    assertTrue(rules.ignores(Path.of("node_modules/left-pad/index.js"), false));
  }

  @Test
  void files_negationUnderAnIgnoredDirectory_takesTheFileBack() {
    write(context, "docs/a.md", "a");
    write(context, "docs/keep.md", "keep");
    write(context, "Dockerfile", "FROM scratch\n");
    write(context, ".dockerignore", "docs\n!docs/keep.md\n");

    assertEquals(List.of(".dockerignore", "Dockerfile", "docs/keep.md"), files());
  }

  @Test
  void files_slipwayStateDirectory_neverCounted() {
    write(context, "Dockerfile", "FROM scratch\n");
    write(context, ".slipway/cache/deps/x", "cache");

    assertEquals(List.of("Dockerfile"), files());
  }

  @Test
  void files_pythonDefaults_notApplied() {
    write(context, "Dockerfile", "FROM scratch\n");
    write(context, "app/__pycache__/m.cpython-311.pyc", "bytes");

    assertEquals(List.of("Dockerfile", "app/__pycache__/m.cpython-311.pyc"), files(), "an engine sends them, so they count");
  }

  @Test
  void files_danglingSymlink_hashedByWhereItPoints() throws Exception {
    write(context, "Dockerfile", "FROM scratch\n");
    Files.createSymbolicLink(context.resolve("current"), Path.of("releases/42"));
    String before = SourceSet.of(context, IgnoreRules.forDockerContext(context)).digest();
    Files.delete(context.resolve("current"));
    Files.createSymbolicLink(context.resolve("current"), Path.of("releases/43"));

    assertTrue(files().contains("current"));
    assertFalse(before.equals(SourceSet.of(context, IgnoreRules.forDockerContext(context)).digest()));
  }
}
