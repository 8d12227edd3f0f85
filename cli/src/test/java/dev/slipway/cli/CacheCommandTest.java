package dev.slipway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.target.Targets;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheCommandTest {

  @TempDir Path temp;
  private Path caches;

  @BeforeEach
  void fillCaches() throws IOException {
    caches = temp.resolve("caches");
    write("deps/0123abcd/site-packages/flask/__init__.py", 2_500_000);
    write("jib/base/layer.tar.gz", 40_000_000);
    write("tests/web-ab12.passed", 10);
    write("scripts/4f00/Script1.class", 3_000);
  }

  @Test
  void info_listsEachCacheWithItsPathAndSize_andTheTotal() {
    Run info = slipway(Map.of("SLIPWAY_CACHE_DIR", caches.toString()), "cache", "info");

    assertEquals(ExitCode.OK, info.exit, info.err);
    assertEquals(List.of(
        "scripts     3.0 kB  " + caches.resolve("scripts"),
        "deps        2.5 MB  " + caches.resolve("deps"),
        "jib          40 MB  " + caches.resolve("jib"),
        "tests         10 B  " + caches.resolve("tests"),
        "total        43 MB  " + caches), info.out.lines().toList());
  }

  @Test
  void info_json_givesBytesForScripts() throws IOException {
    Run info = slipway(Map.of("SLIPWAY_CACHE_DIR", caches.toString()), "cache", "info", "--output", "json");

    JsonNode json = new ObjectMapper().readTree(info.out);
    assertEquals(caches.toString(), json.get("root").asText());
    assertEquals(42_503_010, json.get("totalBytes").asLong());
    assertEquals("deps", json.get("caches").get(1).get("kind").asText());
    assertEquals(2_500_000, json.get("caches").get(1).get("bytes").asLong());
  }

  /** Without SLIPWAY_CACHE_DIR the caches are the user's: XDG's cache home when set, else ~/.cache/slipway. */
  @Test
  void info_withoutSlipwayCacheDir_isUnderXdgCacheHome() {
    Run info = slipway(Map.of("XDG_CACHE_HOME", temp.toString()), "cache", "info");

    assertTrue(info.out.lines().anyMatch(line -> line.matches("total\\s+0 B\\s+" + temp.resolve("slipway"))), info.out);
  }

  @Test
  void clean_kinds_deletesOnlyThose() {
    Run clean = slipway(Map.of("SLIPWAY_CACHE_DIR", caches.toString()), "cache", "clean", "deps", "tests");

    assertEquals(ExitCode.OK, clean.exit, clean.err);
    assertEquals(List.of("deleted deps        2.5 MB  " + caches.resolve("deps"), "deleted tests         10 B  " + caches.resolve("tests"), "2.5 MB freed"),
        clean.out.lines().toList());
    assertFalse(Files.exists(caches.resolve("deps")));
    assertFalse(Files.exists(caches.resolve("tests")));
    assertTrue(Files.exists(caches.resolve("jib/base/layer.tar.gz")));
  }

  @Test
  void clean_everything_leavesAnEmptyCacheDirectory() throws IOException {
    Run clean = slipway(Map.of("SLIPWAY_CACHE_DIR", caches.toString()), "cache", "clean");

    assertEquals(ExitCode.OK, clean.exit, clean.err);
    assertTrue(clean.out.endsWith("43 MB freed\n"), clean.out);
    try (var left = Files.list(caches)) {
      assertEquals(0, left.count());
    }
  }

  @Test
  void clean_unknownKind_exits2NamingTheKinds_andDeletesNothing() {
    Run clean = slipway(Map.of("SLIPWAY_CACHE_DIR", caches.toString()), "cache", "clean", "deps", "pip");

    assertEquals(ExitCode.INVALID_INPUT, clean.exit);
    assertEquals("command line: no cache 'pip'; caches: scripts, deps, jib, tests", clean.err.lines().findFirst().orElse(""));
    assertTrue(Files.exists(caches.resolve("deps")));
  }

  private void write(String path, int bytes) throws IOException {
    Path file = caches.resolve(path);
    Files.createDirectories(file.getParent());
    Files.write(file, new byte[bytes]);
  }

  private static Run slipway(Map<String, String> overrides, String... args) {
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.remove("SLIPWAY_CACHE_DIR");
    environment.remove("XDG_CACHE_HOME");
    environment.putAll(overrides);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = SlipwayCommand.newCommandLine(new Workspace(Targets.discover(), environment)).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private record Run(int exit, String out, String err) {}
}
