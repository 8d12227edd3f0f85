package dev.slipway.core.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlockYamlTest {

  @Test
  void dumper_nestedMapsAndLists_blockStyleWithIndentedDashes() {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("services", Map.of("web", Map.of("ports", List.of("8000:8000", "9000:9000"))));
    document.put("volumes", Map.of("data", Map.of()));

    assertEquals(
        """
        services:
          web:
            ports:
              - 8000:8000
              - 9000:9000
        volumes:
          data: {}
        """,
        BlockYaml.dumper().dump(document));
  }

  @Test
  void dumper_longLine_keptOnOneLine() {
    String command = "curl -fsS http://localhost:8000/health ".repeat(10).strip();

    assertEquals("test: " + command + "\n", BlockYaml.dumper().dump(Map.of("test", command)));
  }

  @Test
  void dumper_sameMapTwice_writtenOutBothTimesWithoutAnchors() {
    Map<String, Object> healthy = Map.of("condition", "service_healthy");
    Map<String, Object> dependsOn = new LinkedHashMap<>();
    dependsOn.put("db", healthy);
    dependsOn.put("cache", healthy);

    assertEquals(
        """
        db:
          condition: service_healthy
        cache:
          condition: service_healthy
        """,
        BlockYaml.dumper().dump(dependsOn));
  }
}
