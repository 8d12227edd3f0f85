package dev.slipway.core.release;

import dev.slipway.core.io.AtomicFiles;
import dev.slipway.core.process.ProcessId;
import dev.slipway.core.target.RenderedFile;
import dev.slipway.core.target.Rendering;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Releases on disk: {@code releases/0001/release.json} plus the rendered files that were
 * applied. Each file is written to a temporary name and moved into place, so a killed deploy
 * leaves either the old state or the new one, never half of either. Secret values are never
 * written: renders reference secrets by source.
 */
public final class FileReleaseStore implements ReleaseStore {

  private static final String RENDERED = "rendered";
  /** Beside the rendered files: their paths, one per line, in apply order. */
  private static final String ORDER = ".files";

  private static final String RECORD = "release.json";

  private final Path releases;

  /** @param stateDir {@code .slipway/state/<env>} */
  public FileReleaseStore(Path stateDir) {
    this.releases = stateDir.resolve("releases");
  }

  @Override
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

  @Override
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

  @Override
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

  @Override
  public void save(Release release) {
    Path file = directory(release.number()).resolve(RECORD);
    try {
      Files.createDirectories(file.getParent());
      AtomicFiles.write(file, ReleaseJson.write(release));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record release " + release.number() + " in " + file, e);
    }
  }

  @Override
  public List<Release> all() {
    return scan().readable();
  }

  /**
   * The release records that cannot be read: a release directory without its {@code release.json},
   * an empty or truncated one, or one that is not what Slipway writes. They are left as they are
   * (they may help whoever looks into what happened), skipped by every query, and their numbers
   * are never given to a new release.
   */
  @Override
  public List<Damaged> damaged() {
    return scan().damaged();
  }

  @Override
  public void forget(int number) {
    Path directory = directory(number);
    if (find(number).isEmpty()) {
      return;
    }
    try {
      // The record's directory is renamed first, so a crash half way leaves no directory that
      // looks like a release with some of its files gone: only a hidden one for the next forget.
      Path doomed = releases.resolve("." + directory.getFileName() + ".forgotten");
      deleteTree(doomed);
      Files.move(directory, doomed);
      deleteTree(doomed);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete release " + number + " (" + directory + "): " + e.getMessage(), e);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /** The directory of release {@code number}: its {@code release.json} and the files it applied. */
  public Path directory(int number) {
    return releases.resolve(String.format("%04d", number));
  }

  @Override
  public String where(int number) {
    return directory(number).toString();
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
      } catch (ReleaseJson.Unreadable e) {
        damaged.add(new Damaged(file.toString(), e.getMessage()));
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

  private static Release read(Path file, int number) throws ReleaseJson.Unreadable {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ReleaseJson.Unreadable("missing");
    } catch (IOException e) {
      throw new ReleaseJson.Unreadable("unreadable: " + e.getMessage());
    }
    if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
      throw new ReleaseJson.Unreadable("empty file");
    }
    return ReleaseJson.read(bytes, number);
  }
}
