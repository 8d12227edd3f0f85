package dev.slipway.core.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoopbackTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost", "LocalHost", "localhost:5000", "127.0.0.1", "127.0.0.1:5000", "127.1.2.3", "127.255.255.254:80",
        "::1", "[::1]", "[::1]:5000", "0:0:0:0:0:0:0:1", "[0000::0001]:5000", "::ffff:127.0.0.1"
      })
  void is_loopbackHostWithOrWithoutPort_true(String address) {
    assertTrue(Loopback.is(address), address);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.evil.example", "127.0.0.1.nip.io:5000", "localhost.example.com", "128.0.0.1", "10.0.0.1:5000", "0.0.0.0",
        "::2", "[::]", "[fe80::1]:5000", "127.0.0", "127.0.0.256", "registry.example.com:5000", "", "[::1", "1:2"
      })
  void is_anyOtherHost_false(String address) {
    assertFalse(Loopback.is(address), address);
  }
}
