package dev.slipway.compose.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ComposeQuantitiesTest {

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({"500m, 0.5", "250m, 0.25", "2, 2", "1.5, 1.5", "1000m, 1"})
  void cpus_kubernetesQuantity_becomesDecimalCores(String quantity, String expected) {
    assertEquals(expected, ComposeQuantities.cpus(quantity));
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "512Mi, 512M",
    "1Gi, 1G",
    "1024Mi, 1G",
    "1536Mi, 1536M",
    "64Ki, 64K",
    "2Ti, 2048G",
    // Decimal units are not Compose's binary ones: convert exactly, never relabel.
    "500M, 500000000",
    "1G, 1000000000",
    "2k, 2000",
    "4096, 4K",
    "1000, 1000"
  })
  void memory_kubernetesQuantity_becomesSameAmountInComposeUnits(String quantity, String expected) {
    assertEquals(expected, ComposeQuantities.memory(quantity));
  }
}
