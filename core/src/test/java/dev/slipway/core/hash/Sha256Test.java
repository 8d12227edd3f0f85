package dev.slipway.core.hash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {

  /** FIPS 180-2's one-block example. */
  private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @TempDir Path dir;

  @Test
  void hex_text_matchesTheStandardVector() {
    assertEquals(ABC, Sha256.hex("abc"));
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Sha256.hex(""));
  }

  @Test
  void hex_file_hashesItsContents() throws IOException {
    Path file = Files.writeString(dir.resolve("abc.txt"), "abc");
    assertEquals(ABC, Sha256.hex(file));
    assertArrayEquals(HexFormat.of().parseHex(ABC), Sha256.digest(file));
  }

  @Test
  void hex_fileLargerThanOneReadBuffer_hashesAllOfIt() throws IOException {
    String text = "0123456789abcdef".repeat(10_000);
    Path file = Files.writeString(dir.resolve("big.txt"), text);
    assertEquals(Sha256.hex(text), Sha256.hex(file));
  }

  @Test
  void update_inPieces_sameAsWhole() {
    assertEquals(ABC, new Sha256().update("a").update("b".getBytes(StandardCharsets.UTF_8)).update((byte) 'c').hex());
  }

  @Test
  void part_endsEachPartWithNul() {
    assertEquals("8fb20ef63ced4145fc2e983ffe597d1dcff39154c3bf21f0fa9dde6a0c50fdc9", new Sha256().part("a").part("b").hex());
    assertNotEquals(new Sha256().part("ab").part("c").hex(), new Sha256().part("a").part("bc").hex());
  }
}
