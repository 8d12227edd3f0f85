package dev.slipway.core.release;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.core.io.AtomicFiles;
import dev.slipway.core.process.ProcessId;
import dev.slipway.core.target.RenderedFile;
import dev.slipway.core.target.Rendering;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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

  private static final String RECORD = "release.json";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  /** What follows a complete record is damage too (a longer old record half overwritten in place, by hand). */
  private static final ObjectReader READER = JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final Path releases;

  /** @param stateDir {@code .slipway/state/<env>} */
  public ReleaseStore(Path stateDir) {
    this.releases = stateDir.resolve("releases");
  }

  public Release start(Optional<String> revision, Map<String, String> images, Rendering rendering) {
    Path directory = newDirectory();
    int number = numberOf(directory).orElseThrow();
    Release release = new Release(number, Instant.now(), revision, images, Release.IN_PROGRESS, "", Optional.of(ProcessId.current()));
    // The record first: a crash before the files are complete leaves a release in progress, which
    // is never restored, rather than a directory without a record.
    save(release);
    Path rendered = directory.resolve(RENDERED);
    try {
      rendering.writeTo(rendered);
      Files.createDirectories(rendered);
      // The order files are applied in matters (a namespace before what lives in it); a listing would lose it.
      Files.writeString(rendered.resolve(ORDER), rendering.files().stream().map(f -> f.path() + "\n").collect(Collectors.joining()));
    } catch (IOException e) {
      throw notRecorded(release, rendered, e);
    } catch (UncheckedIOException e) {
      throw notRecorded(release, rendered, e.getCause());
    }
    return release;
  }

  /** A release whose files could not be written never ran: it is recorded as failed, not left in progress. */
  private UncheckedIOException notRecorded(Release release, Path rendered, IOException cause) {
    save(release.finished(Release.FAILED, "its files could not be recorded: " + cause.getMessage()));
    return new UncheckedIOException("cannot record release " + release.number() + " in " + rendered + ": " + cause.getMessage(), cause);
  }

  /** Records that the environment was removed, as a release of its own, so that history shows it and nothing before it counts as running. */
  public Release destroyed(String detail) {
    Path directory = newDirectory();
    Release release = new Release(numberOf(directory).orElseThrow(), Instant.now(), Optional.empty(), Map.of(), Release.DESTROYED, detail,
        Optional.of(ProcessId.current()));
    save(release);
    return release;
  }

  /**
   * A directory for the next release, above every release directory there is, whether its record
   * is readable or not, so that nothing is ever written over; created here, so never shared.
   */
  private Path newDirectory() {
    int number = scan().highest() + 1;
    try {
      Files.createDirectories(releases);
      while (true) {
        try {
          return Files.createDirectory(directory(number));
        } catch (FileAlreadyExistsException taken) {
          number++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record release " + number + " in " + releases, e);
    }
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
    release.owner().ifPresent(owner -> node.putObject("owner").put("pid", owner.pid()).put("host", owner.host()));
    Path file = directory(release.number()).resolve(RECORD);
    try {
      Files.createDirectories(file.getParent());
      AtomicFiles.write(file, JSON.writeValueAsBytes(node));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record release " + release.number() + " in " + file, e);
    }
  }

  /** Every release whose record is readable, oldest first; the others are in {@link #damaged()}. */
  public List<Release> all() {
    return scan().readable();
  }

  /**
   * The release records that cannot be read: a release directory without its {@code release.json},
   * an empty or truncated one, or one that is not what Slipway writes. They are left as they are
   * (they may help whoever looks into what happened), skipped by every query, and their numbers
   * are never given to a new release.
   */
  public List<Damaged> damaged() {
    return scan().damaged();
  }

  /** A release record that cannot be read, and what is wrong with it. */
  public record Damaged(Path file, String problem) {
    /** One line: {@code .../0003/release.json is damaged (empty file): skipped}. */
    public String message() {
      return file + " is damaged (" + problem + "): skipped";
    }
  }

  public Optional<Release> find(int number) {
    return all().stream().filter(r -> r.number() == number).findFirst();
  }

  /**
   * The release the environment runs: the newest one that succeeded, unless the environment was
   * destroyed after it. Releases in progress, failed or interrupted never count.
   */
  public Optional<Release> current() {
    return all().stream()
        .filter(r -> Release.SUCCEEDED.equals(r.outcome()) || Release.DESTROYED.equals(r.outcome()))
        .reduce((a, b) -> b)
        .filter(r -> Release.SUCCEEDED.equals(r.outcome()));
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

  /** @param highest the highest number of any release directory, readable or not; 0 when there is none */
  private record Scan(List<Release> readable, List<Damaged> damaged, int highest) {}

  private Scan scan() {
    if (!Files.isDirectory(releases)) {
      return new Scan(List.of(), List.of(), 0);
    }
    List<Release> readable = new ArrayList<>();
    List<Damaged> damaged = new ArrayList<>();
    int highest = 0;
    List<Path> directories;
    try (Stream<Path> entries = Files.list(releases)) {
      directories = entries.filter(p -> numberOf(p).isPresent() && Files.isDirectory(p))
          .sorted(Comparator.comparingInt(p -> numberOf(p).orElseThrow())).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the releases in " + releases + ": " + e.getMessage(), e);
    }
    for (Path directory : directories) {
      int number = numberOf(directory).orElseThrow();
      highest = Math.max(highest, number);
      Path file = directory.resolve(RECORD);
      try {
        readable.add(read(file, number));
      } catch (DamagedRecord e) {
        damaged.add(new Damaged(file, e.getMessage()));
      }
    }
    return new Scan(List.copyOf(readable), List.copyOf(damaged), highest);
  }

  /** A release directory's number, from its name ({@code 0003}); empty for anything else. */
  private static Optional<Integer> numberOf(Path directory) {
    String name = directory.getFileName().toString();
    if (!name.matches("\\d{1,9}")) {
      return Optional.empty();
    }
    return Optional.of(Integer.parseInt(name));
  }

  /** Why a record cannot be read, in a few words. */
  private static final class DamagedRecord extends Exception {
    DamagedRecord(String problem) {
      super(problem, null, false, false);
    }
  }

  private static Release read(Path file, int number) throws DamagedRecord {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new DamagedRecord("missing");
    } catch (IOException e) {
      throw new DamagedRecord("unreadable: " + e.getMessage());
    }
    if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
      throw new DamagedRecord("empty file");
    }
    JsonNode node;
    try {
      node = READER.readTree(bytes);
    } catch (JsonEOFException e) {
      throw new DamagedRecord("truncated");
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new DamagedRecord("not JSON" + (at == null ? "" : " at line " + at.getLineNr()));
    } catch (IOException e) {
      throw new DamagedRecord("unreadable: " + e.getMessage());
    }
    if (!node.isObject()) {
      throw new DamagedRecord("not a JSON object");
    }
    if (!node.path("number").canConvertToExactIntegral()) {
      throw new DamagedRecord("no release number");
    }
    if (node.get("number").asInt() != number) {
      throw new DamagedRecord("it says it is release " + node.get("number").asText());
    }
    Instant time;
    try {
      time = Instant.parse(text(node, "time"));
    } catch (DateTimeParseException e) {
      throw new DamagedRecord("its time is not a timestamp");
    }
    String outcome = text(node, "outcome");
    Map<String, String> images = new TreeMap<>();
    JsonNode imageNode = node.path("images");
    if (!imageNode.isMissingNode() && !imageNode.isObject()) {
      throw new DamagedRecord("its images are not a JSON object");
    }
    for (Map.Entry<String, JsonNode> image : imageNode.properties()) {
      if (!image.getValue().isTextual()) {
        throw new DamagedRecord("the image of " + image.getKey() + " is not text");
      }
      images.put(image.getKey(), image.getValue().asText());
    }
    return new Release(
        number,
        time,
        Optional.ofNullable(node.get("revision")).filter(JsonNode::isTextual).map(JsonNode::asText),
        images,
        outcome,
        node.path("detail").asText(""),
        owner(node.get("owner")));
  }

  /** Records written before owners were recorded have none. */
  private static Optional<ProcessId> owner(JsonNode owner) throws DamagedRecord {
    if (owner == null) {
      return Optional.empty();
    }
    if (!owner.path("pid").canConvertToExactIntegral() || !owner.path("host").isTextual()) {
      throw new DamagedRecord("its owner is not a pid and a host");
    }
    return Optional.of(new ProcessId(owner.get("pid").asLong(), owner.get("host").asText()));
  }

  /** A required text field, or the record is damaged. */
  private static String text(JsonNode node, String field) throws DamagedRecord {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new DamagedRecord("no " + field);
    }
    return value.asText();
  }
}
