package dev.slipway.core.release;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.target.RenderedFile;
import dev.slipway.core.target.Rendering;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileReleaseStoreTest {

  @TempDir Path stateDir;

  private static final Rendering RENDERING = new Rendering(List.of(new RenderedFile("compose.yaml", "services: {}\n")));

  @Test
  void save_finishedRelease_replacesTheRecordInPlace() throws IOException {
    FileReleaseStore store = new FileReleaseStore(stateDir);
    Release started = store.start(Optional.of("abc123"), Map.of("web", "registry/web@sha256:00"), RENDERING);

    store.save(started.finished(Release.SUCCEEDED, "2 services"));

    Release read = store.find(1).orElseThrow();
    assertEquals(Release.SUCCEEDED, read.outcome());
    assertEquals("2 services", read.detail());
    assertEquals(Map.of("web", "registry/web@sha256:00"), read.images());
    try (Stream<Path> files = Files.list(store.directory(1))) {
      assertEquals(List.of("release.json", "rendered"), files.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void forget_deletesTheReleaseDirectory_andItsNumberIsNeverGivenAgain() throws IOException {
    FileReleaseStore store = new FileReleaseStore(stateDir);
    for (int i = 1; i <= 3; i++) {
      store.save(store.start(Optional.empty(), Map.of("web", "web:" + i), RENDERING).finished(Release.SUCCEEDED, ""));
    }

    store.forget(1);
    store.forget(1);

    assertEquals(List.of(2, 3), store.all().stream().map(Release::number).toList());
    try (Stream<Path> left = Files.list(stateDir.resolve("releases"))) {
      assertEquals(List.of("0002", "0003"), left.map(p -> p.getFileName().toString()).sorted().toList());
    }
    assertEquals(4, store.start(Optional.empty(), Map.of(), RENDERING).number());
  }

  @Test
  void forget_damagedRecord_staysForWhoeverLooksIntoIt() throws IOException {
    FileReleaseStore store = new FileReleaseStore(stateDir);
    store.save(store.start(Optional.empty(), Map.of("web", "web:1"), RENDERING).finished(Release.SUCCEEDED, ""));
    Files.writeString(record(store, 1), "");

    store.forget(1);

    assertTrue(Files.isRegularFile(record(store, 1)));
  }

  /** A crash, a full disk or a hand edit can damage any record, even an old one: it is named and skipped, never fatal. */
  @Test
  void all_damagedRecords_areSkippedAndEachNamedWithWhatIsWrong() throws IOException {
    FileReleaseStore store = new FileReleaseStore(stateDir);
    for (int i = 1; i <= 7; i++) {
      store.save(store.start(Optional.empty(), Map.of("web", "web:" + i), RENDERING).finished(Release.SUCCEEDED, ""));
    }
    String good = Files.readString(record(store, 2));
    Files.writeString(record(store, 2), "");
    Files.delete(record(store, 3));
    Files.writeString(record(store, 4), good.substring(0, good.length() / 2));
    Files.write(record(store, 5), new byte[] {0, 0, 0, 0});
    Files.writeString(record(store, 6), good.replace("\"number\" : 2", "\"number\" : 9"));
    Files.writeString(record(store, 7), good.replace("\"number\" : 2", "\"number\" : 7").replaceAll("\"outcome\" : \"[a-z-]+\",", ""));

    assertEquals(List.of(1), store.all().stream().map(Release::number).toList());
    assertEquals(
        List.of(
            record(store, 2) + " is damaged (empty file): skipped",
            record(store, 3) + " is damaged (missing): skipped",
            record(store, 4) + " is damaged (truncated): skipped",
            record(store, 5) + " is damaged (not JSON at line 1): skipped",
            record(store, 6) + " is damaged (it says it is release 9): skipped",
            record(store, 7) + " is damaged (no outcome): skipped"),
        store.damaged().stream().map(ReleaseStore.Damaged::message).toList());
  }

  @Test
  void lastSucceededAndFind_neverChooseADamagedRecord() throws IOException {
    FileReleaseStore store = new FileReleaseStore(stateDir);
    for (int i = 1; i <= 2; i++) {
      store.save(store.start(Optional.empty(), Map.of("web", "web:" + i), RENDERING).finished(Release.SUCCEEDED, ""));
    }
    Files.writeString(record(store, 2), "{\"number\": 2, \"time\": \"yesterday\", \"outcome\": \"succeeded\"}");

    assertEquals(Optional.of(1), store.lastSucceeded(-1).map(Release::number));
    assertEquals(Optional.empty(), store.find(2));
    assertEquals(List.of(record(store, 2) + " is damaged (its time is not a timestamp): skipped"),
        store.damaged().stream().map(ReleaseStore.Damaged::message).toList());
  }

  /** A damaged record still holds its number: a new release never reuses it and never overwrites what is there. */
  @Test
  void start_afterDamagedRecordsAndEmptyDirectories_numbersAboveEveryOne() throws IOException {
    FileReleaseStore store = new FileReleaseStore(stateDir);
    store.save(store.start(Optional.empty(), Map.of("web", "web:1"), RENDERING).finished(Release.SUCCEEDED, ""));
    store.start(Optional.empty(), Map.of("web", "web:2"), RENDERING);
    byte[] garbage = "{\"numb".getBytes(StandardCharsets.UTF_8);
    Files.write(record(store, 2), garbage);
    Files.createDirectories(store.directory(7));

    Release next = store.start(Optional.empty(), Map.of("web", "web:8"), RENDERING);

    assertEquals(8, next.number());
    assertArrayEquals(garbage, Files.readAllBytes(record(store, 2)));
    assertTrue(Files.isRegularFile(record(store, 8)));
  }

  private static Path record(FileReleaseStore store, int number) {
    return store.directory(number).resolve("release.json");
  }
}
