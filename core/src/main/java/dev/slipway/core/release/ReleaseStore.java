package dev.slipway.core.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.core.io.AtomicFiles;
import dev.slipway.core.target.RenderedFile;
import dev.slipway.core.target.Rendering;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Releases on disk: {@code releases/0001/release.json} plus the rendered files that were
 * applied. Each file is written to a temporary name and moved into place, so a killed deploy
 * leaves either the old state or the new one, never half of either. Secret values are never
 * written: renders reference secrets by source.
 */
public final class ReleaseStore {

  private static final String RENDERED = "rendered";
  /** Beside the rendered files: their paths, one per line, in apply order. */
  private static final String ORDER = ".files";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path releases;

  /** @param stateDir {@code .slipway/state/<env>} */
  public ReleaseStore(Path stateDir) {
    this.releases = stateDir.resolve("releases");
  }

  public Release start(Optional<String> revision, Map<String, String> images, Rendering rendering) {
    int number = all().stream().mapToInt(Release::number).max().orElse(0) + 1;
    Release release = new Release(number, Instant.now(), revision, images, Release.IN_PROGRESS, "");
    Path rendered = directory(number).resolve(RENDERED);
    rendering.writeTo(rendered);
    try {
      Files.createDirectories(rendered);
      // The order files are applied in matters (a namespace before what lives in it); a listing would lose it.
      Files.writeString(rendered.resolve(ORDER), rendering.files().stream().map(f -> f.path() + "\n").collect(Collectors.joining()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record release " + number + " in " + rendered, e);
    }
    save(release);
    return release;
  }

  /**
   * The files release {@code number} applied, exactly as recorded, in the order they were
   * applied: what a rollback applies again, never a new render of today's script.
   */
  public Optional<Rendering> rendering(int number) {
    Path rendered = directory(number).resolve(RENDERED);
    Path order = rendered.resolve(ORDER);
    if (!Files.isRegularFile(order)) {
      return Optional.empty();
    }
    try {
      List<RenderedFile> files = new ArrayList<>();
      for (String path : Files.readAllLines(order)) {
        if (!path.isBlank()) {
          files.add(new RenderedFile(path, Files.readString(rendered.resolve(path))));
        }
      }
      return Optional.of(new Rendering(files));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  public void save(Release release) {
    ObjectNode node = JSON.createObjectNode();
    node.put("number", release.number());
    node.put("time", release.time().toString());
    release.revision().ifPresent(r -> node.put("revision", r));
    ObjectNode images = node.putObject("images");
    new TreeMap<>(release.images()).forEach(images::put);
    node.put("outcome", release.outcome());
    node.put("detail", release.detail());
    Path file = directory(release.number()).resolve("release.json");
    try {
      Files.createDirectories(file.getParent());
      AtomicFiles.write(file, JSON.writeValueAsBytes(node));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record release " + release.number() + " in " + file, e);
    }
  }

  /** Every release, oldest first. */
  public List<Release> all() {
    if (!Files.isDirectory(releases)) {
      return List.of();
    }
    List<Release> all = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(releases)) {
      for (Path dir : dirs.sorted().toList()) {
        Path file = dir.resolve("release.json");
        if (Files.isRegularFile(file)) {
          all.add(read(file));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    all.sort(Comparator.comparingInt(Release::number));
    return all;
  }

  public Optional<Release> find(int number) {
    return all().stream().filter(r -> r.number() == number).findFirst();
  }

  /** The newest release that succeeded, other than {@code excluding}. */
  public Optional<Release> lastSucceeded(int excluding) {
    return all().stream()
        .filter(r -> r.number() != excluding && Release.SUCCEEDED.equals(r.outcome()))
        .reduce((a, b) -> b);
  }

  public Path directory(int number) {
    return releases.resolve(String.format("%04d", number));
  }

  private static Release read(Path file) throws IOException {
    JsonNode node = JSON.readTree(file.toFile());
    Map<String, String> images = new TreeMap<>();
    node.path("images").properties().forEach(e -> images.put(e.getKey(), e.getValue().asText()));
    return new Release(
        node.get("number").asInt(),
        Instant.parse(node.get("time").asText()),
        Optional.ofNullable(node.get("revision")).map(JsonNode::asText),
        images,
        node.get("outcome").asText(),
        node.path("detail").asText(""));
  }
}
