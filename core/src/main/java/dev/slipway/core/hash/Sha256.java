package dev.slipway.core.hash;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 as lowercase hex, for image tags, cache keys and change detection. Text is hashed as
 * UTF-8. An instance is one digest fed piece by piece and is finished by {@link #hex()}.
 */
public final class Sha256 {

  private final MessageDigest digest;

  public Sha256() {
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  public static String hex(String text) {
    return new Sha256().update(text).hex();
  }

  /** The file's contents, read in chunks so a large file is never held in memory whole. */
  public static String hex(Path file) throws IOException {
    return HexFormat.of().formatHex(digest(file));
  }

  /** The raw 32 bytes of the file's digest, for feeding into another digest. */
  public static byte[] digest(Path file) throws IOException {
    Sha256 sha = new Sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        sha.digest.update(buffer, 0, read);
      }
    }
    return sha.digest.digest();
  }

  public Sha256 update(String text) {
    return update(text.getBytes(StandardCharsets.UTF_8));
  }

  public Sha256 update(byte[] bytes) {
    digest.update(bytes);
    return this;
  }

  public Sha256 update(byte b) {
    digest.update(b);
    return this;
  }

  /** The text and a NUL byte after it, so that the parts ("ab", "c") and ("a", "bc") differ. */
  public Sha256 part(String text) {
    return update(text).update((byte) 0);
  }

  /** The digest of everything fed so far; the instance starts over afterwards. */
  public String hex() {
    return HexFormat.of().formatHex(digest.digest());
  }
}
