package dev.slipway.core.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "api", "shop-api-2", "0db", "a--b"})
  void isDnsLabel_valid_true(String name) {
    assertTrue(Names.isDnsLabel(name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Api", "-api", "api-", "shop_api", "api.v2", "api v2"})
  void isDnsLabel_invalid_false(String name) {
    assertFalse(Names.isDnsLabel(name));
  }

  @Test
  void isDnsLabel_at63Characters_trueAndAt64_false() {
    assertTrue(Names.isDnsLabel("a".repeat(63)));
    assertFalse(Names.isDnsLabel("a".repeat(64)));
  }

  @ParameterizedTest
  @CsvSource({"My_Service, my-service", "_api_, api", "Shop API v2, shop-api-v2", "api.v2, api-v2"})
  void toDnsLabel_rewritesToAValidLabel(String name, String label) {
    assertEquals(label, Names.toDnsLabel(name));
    assertTrue(Names.isDnsLabel(label));
  }

  @Test
  void toDnsLabel_tooLong_cutTo63WithoutTrailingDash() {
    String label = Names.toDnsLabel("a".repeat(62) + "_b" + "c".repeat(10));

    assertEquals("a".repeat(62), label);
    assertTrue(Names.isDnsLabel(label));
  }

  @Test
  void toDnsLabel_turkishDefaultLocale_stillPlainAscii() {
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag("tr-TR"));

      assertEquals("api-items", Names.toDnsLabel("API_ITEMS"));
    } finally {
      Locale.setDefault(before);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"500m", "1", "0.5", "2.125", "1000m"})
  void isCpuQuantity_valid_true(String quantity) {
    assertTrue(Names.isCpuQuantity(quantity));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "0", "0m", "0.0", "1.2345", "-1", "1Gi", "m", "half", "99999999999999999999m"})
  void isCpuQuantity_invalid_false(String quantity) {
    assertFalse(Names.isCpuQuantity(quantity));
  }

  @Test
  void cpuCores_millicores_fractionOfACore() {
    assertEquals(0.25, Names.cpuCores("250m"));
    assertEquals(2.0, Names.cpuCores("2"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"512Mi", "1Gi", "1024", "1G", "64Ki"})
  void isMemoryQuantity_valid_true(String quantity) {
    assertTrue(Names.isMemoryQuantity(quantity));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "512MB", "1.5Gi", "512m", "Gi", "1 Gi"})
  void isMemoryQuantity_invalid_false(String quantity) {
    assertFalse(Names.isMemoryQuantity(quantity), quantity);
  }

  @Test
  void dnsLabelHint_suggestsTheRewrittenLabel() {
    assertEquals(" (lower-case letters, digits and '-', at most 63): try 'pg-data'", Names.dnsLabelHint("pg_data"));
  }

  /** A name with nothing a label can keep rewrites to '': the hint says the rule rather than suggest it. */
  @ParameterizedTest
  @ValueSource(strings = {"__", "---", "日本", " "})
  void dnsLabelHint_nothingLeftToSuggest_givesTheRuleOnly(String name) {
    assertEquals(" (lower-case letters, digits and '-', at most 63)", Names.dnsLabelHint(name));
  }
}
