package dev.slipway.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheDirectoryTest {

  @TempDir Path home;

  @Test
  void forUser_slipwayCacheDirFirst_thenXdgCacheHome_thenTheHomeDirectory() {
    assertEquals(home.resolve("mine"), CacheDirectory.forUser(Map.of("SLIPWAY_CACHE_DIR", home.resolve("mine").toString(), "XDG_CACHE_HOME", "/x"), home).root());
    assertEquals(Path.of("/x/slipway"), CacheDirectory.forUser(Map.of("XDG_CACHE_HOME", "/x"), home).root());
    assertEquals(home.resolve(".cache/slipway"), CacheDirectory.forUser(Map.of(), home).root());
    assertEquals(home.resolve(".cache/slipway"), CacheDirectory.forUser(Map.of("SLIPWAY_CACHE_DIR", "", "XDG_CACHE_HOME", " "), home).root());
  }

  /** off turns off the compiled-script cache only: builds still need somewhere for dependencies and layers. */
  @Test
  void forUser_off_keepsTheOtherCachesInTheDefaultPlace() {
    assertEquals(home.resolve(".cache/slipway"), CacheDirectory.forUser(Map.of("SLIPWAY_CACHE_DIR", "off"), home).root());
    assertTrue(CacheDirectory.scriptsOff(Map.of("SLIPWAY_CACHE_DIR", "off")));
    assertFalse(CacheDirectory.scriptsOff(Map.of()));
  }

  @Test
  void clean_deletesOnlyThatKind_andSaysHowMuchItTook() throws IOException {
    CacheDirectory caches = new CacheDirectory(home);
    Files.createDirectories(caches.of(CacheDirectory.Kind.DEPS).resolve("abc/site-packages"));
    Files.write(caches.of(CacheDirectory.Kind.DEPS).resolve("abc/site-packages/a.py"), new byte[1500]);
    Files.write(caches.of(CacheDirectory.Kind.DEPS).resolve("abc/b.txt"), new byte[500]);
    Files.createDirectories(caches.of(CacheDirectory.Kind.JIB));
    Files.write(caches.of(CacheDirectory.Kind.JIB).resolve("layer"), new byte[42]);

    assertEquals(2000, caches.size(CacheDirectory.Kind.DEPS));
    assertEquals(2000, caches.clean(CacheDirectory.Kind.DEPS));

    assertFalse(Files.exists(caches.of(CacheDirectory.Kind.DEPS)));
    assertEquals(42, caches.size(CacheDirectory.Kind.JIB));
    try (var left = Files.list(home)) {
      assertEquals(java.util.List.of("jib"), left.map(p -> p.getFileName().toString()).toList(), "nothing half-deleted is left beside it");
    }
    assertEquals(0, caches.clean(CacheDirectory.Kind.TESTS), "a cache that is not there is nothing to do");
  }
}
