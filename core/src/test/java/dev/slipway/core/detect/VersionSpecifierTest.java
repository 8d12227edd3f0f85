package dev.slipway.core.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionSpecifierTest {

  @ParameterizedTest(name = "''{0}'' only below 2.2: {1}")
  @CsvSource({
    "==1.1.4, true",
    "===2.1.3, true",
    "==2.2.0, false",
    "==2.1.*, true",
    "==2.*, false",
    "'<2.2', true",
    "'<2.2.1', false",
    "'<=2.1.3', true",
    "'<=2.2', false",
    "'>=1.0,<2.2', true",
    "'>=2.0', false",
    "'!=2.2.0', false",
    "~=2.1.3, true",
    "~=2.1, false",
    "^1.1, true",
    "^2.0, false",
    "^0.12.4, true",
    "~2.1, true",
    "~2.2, false",
    "2.0.3, true",
    "'', false",
    "'*', false",
    "'<2.2rc1', true",
  })
  void onlyBelow_specifiers(String specifier, boolean expected) {
    assertEquals(expected, VersionSpecifier.onlyBelow(specifier, "2.2"));
  }
}
