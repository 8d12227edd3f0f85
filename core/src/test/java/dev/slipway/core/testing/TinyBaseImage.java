package dev.slipway.core.testing;

import dev.slipway.core.hash.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A docker-save archive of a one-file image, written in a few milliseconds: a base for builds
 * whose test is about the push, not about what runs in the image.
 */
public final class TinyBaseImage {

  private TinyBaseImage() {}

  /** Writes the archive to {@code directory/tiny-base.tar}; returns its path. */
  public static Path writeTo(Path directory) {
    try {
      byte[] layer = tar("etc/tiny", "tiny\n".getBytes(StandardCharsets.UTF_8));
      String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:"
          + new Sha256().update(layer).hex() + "\"]}}";
      String manifest = "[{\"Config\":\"config.json\",\"RepoTags\":[\"tiny:1\"],\"Layers\":[\"layer.tar\"]}]";
      ByteArrayOutputStream archive = new ByteArrayOutputStream();
      entry(archive, "layer.tar", layer);
      entry(archive, "config.json", config.getBytes(StandardCharsets.UTF_8));
      entry(archive, "manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
      archive.write(new byte[1024]);
      Path file = directory.resolve("tiny-base.tar");
      Files.write(file, archive.toByteArray());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] tar(String name, byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    entry(out, name, content);
    out.write(new byte[1024]);
    return out.toByteArray();
  }

  /** One ustar entry: a 512-byte header, then the content padded to 512 bytes. */
  private static void entry(OutputStream out, String name, byte[] content) throws IOException {
    byte[] header = new byte[512];
    put(header, 0, name);
    put(header, 100, "0000644");
    put(header, 108, "0000000");
    put(header, 116, "0000000");
    put(header, 124, String.format("%011o", content.length));
    put(header, 136, "00000000000");
    header[156] = '0';
    put(header, 257, "ustar");
    put(header, 263, "00");
    for (int i = 148; i < 156; i++) {
      header[i] = ' ';
    }
    int sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    put(header, 148, String.format("%06o", sum));
    header[154] = 0;
    out.write(header);
    out.write(content);
    out.write(new byte[(512 - content.length % 512) % 512]);
  }

  private static void put(byte[] header, int offset, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, header, offset, bytes.length);
  }
}
