package dev.slipway.core.image;

import static dev.slipway.core.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceSetTest {

  @TempDir Path source;

  @BeforeEach
  void aSmallApp() {
    write(source, "app.py", "from flask import Flask\napp = Flask(__name__)\n");
    write(source, "requirements.txt", "flask\n");
    write(source, "shop/models.py", "class Order: pass\n");
  }

  private static List<String> paths(SourceSet set) {
    return set.files().stream().map(p -> p.toString().replace('\\', '/')).toList();
  }

  @Test
  void of_sourceWithIgnoredFiles_listsTheRestSorted() {
    write(source, "shop/__pycache__/models.cpython-312.pyc", "bytecode");
    write(source, ".git/HEAD", "ref: refs/heads/main\n");
    write(source, "data/big.csv", "1,2,3\n");
    write(source, "notes.log", "x\n");
    write(source, ".dockerignore", "data/\n*.log\n");

    assertEquals(List.of("app.py", "requirements.txt", "shop/models.py"), paths(SourceSet.of(source)));
  }

  @Test
  void of_fileUnderIgnoredDirectory_leftOutEvenIfNegated() {
    write(source, "build/keep.txt", "x");
    write(source, ".slipwayignore", "build/\n!build/keep.txt\n");

    assertEquals(List.of("app.py", "requirements.txt", "shop/models.py"), paths(SourceSet.of(source)));
  }

  @Test
  void ofPythonImage_deployAndTestFiles_leftOutSoEditingThemKeepsTheDigest() {
    write(source, "deploy.groovy", "project 'shop'\n");
    write(source, "compose.yaml", "services: {}\n");
    write(source, "docker-compose.override.yml", "services: {}\n");
    write(source, "Dockerfile", "FROM python:3.12\n");
    write(source, ".env", "DB_PASSWORD=hunter2\n");
    write(source, "tests/test_app.py", "def test(): pass\n");
    write(source, "it/test_flow.py", "def test(): pass\n");
    write(source, "shop/tests.py", "def test(): pass\n");
    String before = SourceSet.ofPythonImage(source, List.of("it")).digest();

    write(source, "deploy.groovy", "project 'shop'\nservice('api') { }\n");
    write(source, "tests/test_app.py", "def test(): assert True\n");

    assertEquals(
        List.of("app.py", "requirements.txt", "shop/models.py", "shop/tests.py"), paths(SourceSet.ofPythonImage(source, List.of("it"))));
    assertEquals(before, SourceSet.ofPythonImage(source, List.of("it")).digest());
  }

  @Test
  void ofPythonImage_dockerignoreNegation_putsALeftOutFolderBack() {
    write(source, "tests/fixtures.py", "DATA = 1\n");
    write(source, ".dockerignore", "!tests/\n");

    assertEquals(List.of("app.py", "requirements.txt", "shop/models.py", "tests/fixtures.py"), paths(SourceSet.ofPythonImage(source, List.of())));
  }

  @Test
  void digest_fileContentChanges_digestChanges() {
    String before = SourceSet.of(source).digest();

    write(source, "shop/models.py", "class Order: total = 0\n");

    assertNotEquals(before, SourceSet.of(source).digest());
  }

  @Test
  void digest_fileRenamed_digestChanges() throws IOException {
    String before = SourceSet.of(source).digest();

    Files.move(source.resolve("shop/models.py"), source.resolve("shop/model.py"));

    assertNotEquals(before, SourceSet.of(source).digest());
  }

  @Test
  void digest_ignoredFileChangesOrAppears_digestUnchanged() {
    write(source, ".dockerignore", "*.log\n");
    write(source, "server.log", "started\n");
    String before = SourceSet.of(source).digest();

    write(source, "server.log", "started\nstopped\n");
    write(source, "shop/__pycache__/models.cpython-312.pyc", "bytecode");
    write(source, ".venv/lib/site.py", "");

    assertEquals(before, SourceSet.of(source).digest());
  }

  @Test
  void digest_onlyModificationTimesChange_digestUnchanged() throws IOException {
    String before = SourceSet.of(source).digest();

    for (String file : List.of("app.py", "requirements.txt", "shop/models.py")) {
      Files.setLastModifiedTime(source.resolve(file), FileTime.from(Instant.parse("2001-02-03T04:05:06Z")));
    }

    assertEquals(before, SourceSet.of(source).digest());
  }

  @Test
  void digest_sameFilesWrittenInAnotherOrderElsewhere_sameDigest(@TempDir Path elsewhere) {
    write(elsewhere, "shop/models.py", "class Order: pass\n");
    write(elsewhere, "requirements.txt", "flask\n");
    write(elsewhere, "app.py", "from flask import Flask\napp = Flask(__name__)\n");

    assertEquals(SourceSet.of(source).digest(), SourceSet.of(elsewhere).digest());
  }

  /** Image tags derive from this digest: a change in how it is computed would rebuild every image. */
  @Test
  void digest_oneFileTree_isTheKnownValue(@TempDir Path tree) {
    write(tree, "app.py", "x = 1\n");

    assertEquals("dcdb8ebd2f923b06cd83bdc3357d0ca93d5c880d1d0e46ba68ac4c06c02d5d50", SourceSet.of(tree).digest());
  }

  @Test
  void digest_executableBitChanges_digestChanges() throws IOException {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    String before = SourceSet.of(source).digest();

    Files.setPosixFilePermissions(source.resolve("app.py"), PosixFilePermissions.fromString("rwxr-xr-x"));

    assertNotEquals(before, SourceSet.of(source).digest());
  }
}
