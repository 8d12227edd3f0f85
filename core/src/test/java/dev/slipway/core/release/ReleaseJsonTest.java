package dev.slipway.core.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.process.ProcessId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReleaseJsonTest {

  private static final Instant TIME = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  void read_recordFromBeforeSingleServiceDeploys_isAWholeEnvironmentRelease() throws Exception {
    String old = """
        {"number": 3, "time": "2026-12-01T10:00:00Z", "images": {"web": "web:1"}, "outcome": "succeeded", "detail": "",
         "owner": {"pid": 12, "host": "build-1"}}
        """;

    Release read = ReleaseJson.read(old.getBytes(StandardCharsets.UTF_8), 3);

    assertTrue(read.wholeEnvironment());
    assertEquals(Map.of(), read.scaled());
    assertFalse(read.scale());
    assertTrue(read.changed("web"));
  }

  @Test
  void write_wholeEnvironmentRelease_writesNoNewFields_soOlderVersionsReadTheSameBytes() {
    Release whole = new Release(1, TIME, Optional.empty(), Map.of("web", "web:1"), Release.SUCCEEDED, "", Optional.of(new ProcessId(1, "h")));

    String json = new String(ReleaseJson.write(whole), StandardCharsets.UTF_8);

    assertFalse(json.contains("services") || json.contains("scale"), json);
  }

  @Test
  void write_thenRead_keepsTheServicesItChanged_theScaledCounts_andThatItWasAScale() throws Exception {
    Release scale = new Release(4, TIME, Optional.of("abc"), Map.of("api", "api:2", "redis", "redis:7"), Release.SUCCEEDED, "scale api=3",
        Optional.empty(), Set.of("api"), Map.of("api", 3), true);

    Release read = ReleaseJson.read(ReleaseJson.write(scale), 4);

    assertEquals(scale, read);
    assertTrue(read.changed("api"));
    assertFalse(read.changed("redis"));
  }

  @Test
  void read_servicesThatAreNotAList_isDamaged() {
    String bad = """
        {"number": 2, "time": "2026-12-01T10:00:00Z", "outcome": "succeeded", "services": "api"}
        """;

    ReleaseJson.Unreadable damage = assertThrows(ReleaseJson.Unreadable.class, () -> ReleaseJson.read(bad.getBytes(StandardCharsets.UTF_8), 2));

    assertEquals("its services are not a JSON array", damage.getMessage());
  }
}
