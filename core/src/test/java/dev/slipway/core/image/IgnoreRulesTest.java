package dev.slipway.core.image;

import static dev.slipway.core.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IgnoreRulesTest {

  @TempDir Path source;

  private IgnoreRules rules(String dockerignore) {
    write(source, ".dockerignore", dockerignore);
    return IgnoreRules.forSource(source);
  }

  private static boolean ignoresFile(IgnoreRules rules, String path) {
    return rules.ignores(Path.of(path), false);
  }

  private static boolean ignoresDirectory(IgnoreRules rules, String path) {
    return rules.ignores(Path.of(path), true);
  }

  @ParameterizedTest
  @ValueSource(strings = {".git", "__pycache__", "pkg/__pycache__", ".venv", "venv", ".pytest_cache", "shop.egg-info"})
  void forSource_noIgnoreFile_defaultDirectoriesIgnoredAtAnyDepth(String directory) {
    assertTrue(ignoresDirectory(IgnoreRules.forSource(source), directory));
  }

  @Test
  void forSource_noIgnoreFile_compiledPythonAndIgnoreFilesIgnoredButSourceKept() {
    IgnoreRules rules = IgnoreRules.forSource(source);

    assertTrue(ignoresFile(rules, "pkg/module.pyc"));
    assertTrue(ignoresFile(rules, ".dockerignore"));
    assertTrue(ignoresFile(rules, ".slipwayignore"));
    assertFalse(ignoresFile(rules, "pkg/module.py"));
    assertFalse(ignoresFile(rules, "venv.py"), "venv/ only matches directories");
  }

  @Test
  void ignores_patternWithoutSlash_matchesAtAnyDepth() {
    IgnoreRules rules = rules("*.log\n");

    assertTrue(ignoresFile(rules, "debug.log"));
    assertTrue(ignoresFile(rules, "logs/2024/debug.log"));
    assertFalse(ignoresFile(rules, "debug.log.py"));
  }

  @Test
  void ignores_patternWithSlash_anchoredAtTheSourceDirectory() {
    IgnoreRules rules = rules("/build\ndocs/*.md\n");

    assertTrue(ignoresDirectory(rules, "build"));
    assertFalse(ignoresDirectory(rules, "pkg/build"));
    assertTrue(ignoresFile(rules, "docs/index.md"));
    assertFalse(ignoresFile(rules, "docs/api/index.md"));
  }

  @Test
  void ignores_leadingDoubleStar_matchesAtTopLevelToo() {
    IgnoreRules rules = rules("**/*.csv\n**/node_modules/\n");

    assertTrue(ignoresFile(rules, "data.csv"));
    assertTrue(ignoresFile(rules, "fixtures/data.csv"));
    assertTrue(ignoresDirectory(rules, "node_modules"));
    assertTrue(ignoresDirectory(rules, "web/node_modules"));
  }

  @Test
  void ignores_doubleStarInTheMiddle_matchesZeroOrMoreDirectories() {
    IgnoreRules rules = rules("docs/**/draft.md\n");

    assertTrue(ignoresFile(rules, "docs/draft.md"));
    assertTrue(ignoresFile(rules, "docs/2024/may/draft.md"));
    assertFalse(ignoresFile(rules, "draft.md"));
  }

  @Test
  void ignores_doubleStarAtStartAndMiddle_bothMayMatchNothing() {
    IgnoreRules rules = rules("**/docs/**/draft.md\n");

    assertTrue(ignoresFile(rules, "docs/draft.md"));
    assertTrue(ignoresFile(rules, "site/docs/2024/draft.md"));
  }

  @Test
  void ignores_trailingSlash_matchesDirectoriesOnly() {
    IgnoreRules rules = rules("data/\n");

    assertTrue(ignoresDirectory(rules, "data"));
    assertTrue(ignoresDirectory(rules, "pkg/data"));
    assertFalse(ignoresFile(rules, "data"));
  }

  @Test
  void ignores_negation_reincludesWhatAnEarlierPatternLeftOut() {
    IgnoreRules rules = rules("*.md\n!README.md\n");

    assertTrue(ignoresFile(rules, "NOTES.md"));
    assertFalse(ignoresFile(rules, "README.md"));
  }

  @Test
  void ignores_lastMatchWins() {
    IgnoreRules rules = rules("!keep.txt\n*.txt\n");

    assertTrue(ignoresFile(rules, "keep.txt"));
  }

  @Test
  void ignores_negatedDefault_reincludesIt() {
    IgnoreRules rules = rules("!venv/\n");

    assertFalse(ignoresDirectory(rules, "venv"));
    assertTrue(ignoresDirectory(rules, ".venv"));
  }

  @Test
  void forSource_slipwayignoreReadAfterDockerignore_canOverrideIt() {
    write(source, ".dockerignore", "*.csv\n");
    write(source, ".slipwayignore", "!fixtures.csv\n");

    IgnoreRules rules = IgnoreRules.forSource(source);

    assertTrue(ignoresFile(rules, "export.csv"));
    assertFalse(ignoresFile(rules, "fixtures.csv"));
  }

  @Test
  void forSource_commentsAndBlankLines_ignoredAndPatternsTrimmed() {
    IgnoreRules rules = rules("# *.py\n\n   secrets.env   \r\n");

    assertFalse(ignoresFile(rules, "app.py"));
    assertTrue(ignoresFile(rules, "secrets.env"));
  }
}
