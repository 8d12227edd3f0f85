package dev.slipway.core.build;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which registries are spoken to over plain HTTP without being allowed: only this machine's. */
class ImageBuilderLoopbackTest {

  @ParameterizedTest
  @ValueSource(strings = {"localhost:5000/shop/api:1", "127.0.0.1:5000/shop/api", "127.3.0.9:5000/api", "[::1]:5000/shop/api"})
  void isLoopbackRegistry_thisMachine_true(String reference) {
    assertTrue(ImageBuilder.isLoopbackRegistry(reference), reference);
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.evil.example:5000/shop/api", "ghcr.io/acme/api:1", "postgres:16", "localhost.example.com/api"})
  void isLoopbackRegistry_anyOtherRegistry_false(String reference) {
    assertFalse(ImageBuilder.isLoopbackRegistry(reference), reference);
  }
}
