package dev.slipway.core.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {

  private static final String SHA256 = "sha256:" + "0123456789abcdef".repeat(4);

  private static ImageReference parsed(String text) {
    return ImageReference.parse(text).orElseThrow(() -> new AssertionError(text + " should parse"));
  }

  @Test
  void parse_officialImageWithTag_noRegistry() {
    assertEquals(new ImageReference(Optional.empty(), "postgres", Optional.of("16"), Optional.empty()), parsed("postgres:16"));
  }

  @Test
  void parse_pathWithoutDotOrPort_isARepositoryNotARegistry() {
    assertEquals(
        new ImageReference(Optional.empty(), "library/postgres", Optional.of("16-alpine"), Optional.empty()),
        parsed("library/postgres:16-alpine"));
  }

  @Test
  void parse_registryWithDomain() {
    assertEquals(
        new ImageReference(Optional.of("ghcr.io"), "acme/api", Optional.of("1.2"), Optional.empty()),
        parsed("ghcr.io/acme/api:1.2"));
  }

  @Test
  void parse_registryWithPort_portIsNotATag() {
    assertEquals(
        new ImageReference(Optional.of("localhost:5000"), "shop/api", Optional.of("src-0123456789ab"), Optional.empty()),
        parsed("localhost:5000/shop/api:src-0123456789ab"));
  }

  @Test
  void parse_localhostWithoutPort_isARegistry() {
    assertEquals(Optional.of("localhost"), parsed("localhost/api").registry());
  }

  @Test
  void parse_tagAndDigest_both() {
    assertEquals(
        new ImageReference(Optional.of("registry.example.com:443"), "team/app", Optional.of("1.0"), Optional.of(SHA256)),
        parsed("registry.example.com:443/team/app:1.0@" + SHA256));
  }

  @Test
  void parse_digestOnly_noTag() {
    ImageReference reference = parsed("postgres@" + SHA256);

    assertEquals(Optional.empty(), reference.tag());
    assertEquals(Optional.of(SHA256), reference.digest());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "Postgres",
        "postgres:",
        "postgres:16:17",
        "postgres:-16",
        "ghcr.io/Acme/api",
        "-api",
        "api-",
        "shop//api",
        "https://ghcr.io/acme/api",
        "postgres@sha256:abc",
        "postgres@md5:0123456789abcdef0123456789abcdef",
        "postgres 16",
        "localhost:0/shop/api:1",
        "localhost:65536/shop/api",
        "registry.example.com:99999999999/api"
      })
  void parse_invalidReference_empty(String text) {
    assertEquals(Optional.empty(), ImageReference.parse(text));
  }

  @Test
  void parse_longerThan255_empty() {
    assertEquals(Optional.empty(), ImageReference.parse("a".repeat(256)));
  }

  @Test
  void isRepositoryPrefix_registryAndPathWithoutTag() {
    assertTrue(ImageReference.isRepositoryPrefix("localhost:5000/shop"));
    assertTrue(ImageReference.isRepositoryPrefix("ghcr.io/acme"));
    assertFalse(ImageReference.isRepositoryPrefix("ghcr.io/acme:1.0"));
    assertFalse(ImageReference.isRepositoryPrefix("ghcr.io/acme/"));
  }

  @Test
  void isRepositoryPrefix_portOutsideTheTcpRange_false() {
    assertFalse(ImageReference.isRepositoryPrefix("localhost:0/shop"));
    assertFalse(ImageReference.isRepositoryPrefix("localhost:70000/x"));
    assertTrue(ImageReference.isRepositoryPrefix("localhost:65535/x"));
    assertTrue(ImageReference.isRepositoryPrefix("localhost:1/x"));
  }

  @Test
  void portOutOfRange_theRegistrysPortWhenNothingCouldListenThere() {
    assertEquals(Optional.of("0"), ImageReference.portOutOfRange("localhost:0/shop"));
    assertEquals(Optional.of("70000"), ImageReference.portOutOfRange("localhost:70000/x:1"));
    assertEquals(Optional.empty(), ImageReference.portOutOfRange("localhost:5000/shop"));
    assertEquals(Optional.empty(), ImageReference.portOutOfRange("postgres:16"));
  }
}
