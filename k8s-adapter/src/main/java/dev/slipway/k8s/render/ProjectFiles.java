package dev.slipway.k8s.render;

import dev.slipway.core.hash.Sha256;
import dev.slipway.core.model.ProjectFile;
import dev.slipway.core.model.Service;
import dev.slipway.core.problem.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A service's {@code file} lines as the keys of its {@code <service>-files} ConfigMap, with their
 * content read from the project: the one input of a rendering besides the request, since the
 * ConfigMap carries the files themselves.
 *
 * @param entries in the order the script names the files
 */
record ProjectFiles(List<Entry> entries) {

  /**
   * One file: its ConfigMap key, where it is mounted and what it holds.
   *
   * @param key the target path as a ConfigMap key ({@code /etc/nginx/nginx.conf} → {@code
   *     etc_nginx_nginx.conf}), unique within the service
   */
  record Entry(String key, String target, byte[] content) {

    Entry {
      content = content.clone();
    }

    /** The content as text, when it is UTF-8 (a ConfigMap's {@code data}); otherwise it goes to {@code binaryData}. */
    Optional<String> text() {
      try {
        return Optional.of(StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(content))
            .toString());
      } catch (CharacterCodingException e) {
        return Optional.empty();
      }
    }
  }

  /** A ConfigMap key may hold at most this many characters. */
  private static final int MAX_KEY = 253;

  ProjectFiles {
    entries = List.copyOf(entries);
  }

  static final ProjectFiles NONE = new ProjectFiles(List.of());

  /** Reads every file {@code service} names, relative to {@code baseDir}. */
  static ProjectFiles read(Path baseDir, Service service) {
    List<Entry> entries = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    for (ProjectFile file : service.files()) {
      Path source = baseDir.resolve(file.source());
      byte[] content;
      try {
        content = Files.readAllBytes(source);
      } catch (IOException e) {
        // Validation saw the file; it went away (or became unreadable) since.
        throw new InvalidInputException(file.location(), "file '" + file.source() + "' cannot be read (" + source + "): " + e.getMessage());
      }
      entries.add(new Entry(uniqueKey(file.target(), keys), file.target(), content));
    }
    return new ProjectFiles(entries);
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  /**
   * A digest of every key and content, in key order: a pod reads a {@code subPath} mount once, when
   * it starts, so the digest in the pod template is what makes a changed file roll the pods.
   */
  String digest() {
    Sha256 sha256 = new Sha256();
    entries.stream()
        .sorted(Comparator.comparing(Entry::key))
        .forEach(entry -> sha256.part(entry.key()).update(new Sha256().update(entry.content()).hex()));
    return sha256.hex();
  }

  /**
   * The target path with every character a ConfigMap key cannot hold as '_' ({@code
   * [-._a-zA-Z0-9]} only), and a number added when two targets come out the same.
   */
  private static String uniqueKey(String target, Set<String> taken) {
    String key = target.replaceFirst("^/+", "").replaceAll("[^-._a-zA-Z0-9]", "_");
    if (key.isEmpty() || key.equals(".") || key.equals("..")) {
      key = "file";
    }
    if (key.length() > MAX_KEY - 4) {
      key = key.substring(key.length() - (MAX_KEY - 4));
    }
    String unique = key;
    for (int n = 2; !taken.add(unique); n++) {
      unique = key + "-" + n;
    }
    return unique;
  }
}
