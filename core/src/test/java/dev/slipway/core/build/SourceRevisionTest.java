package dev.slipway.core.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The image's org.opencontainers.image.source label: a URL to browse, never a path or a secret. */
class SourceRevisionTest {

  @TempDir Path work;

  @ParameterizedTest
  @CsvSource({
    "git@github.com:org/repo.git, https://github.com/org/repo",
    "git@gitlab.example.com:group/sub/repo, https://gitlab.example.com/group/sub/repo",
    "ssh://git@github.com/org/repo.git, https://github.com/org/repo",
    "ssh://git@git.example.com:2222/org/repo.git, https://git.example.com/org/repo",
    "https://github.com/org/repo.git, https://github.com/org/repo",
    "https://github.com/org/repo, https://github.com/org/repo",
    "http://git.internal:8080/org/repo/, http://git.internal:8080/org/repo",
    "https://user:ghp_token@github.com/org/repo.git, https://github.com/org/repo",
    "https://oauth2:glpat-secret@gitlab.com/org/repo, https://gitlab.com/org/repo",
    "HTTPS://GitHub.com/org/repo, https://GitHub.com/org/repo"
  })
  void sourceUrl_remoteThatNamesAHost_becomesABrowsableUrl(String remote, String url) {
    assertEquals(Optional.of(url), SourceRevision.sourceUrl(remote));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/srv/git/repo.git",
        "../repo",
        "repo.git",
        "file:///srv/git/repo.git",
        "C:\\src\\repo",
        "C:/src/repo",
        "ftp://example.com/repo",
        "https:///no-host",
        ""
      })
  void sourceUrl_localPathOrOtherScheme_none(String remote) {
    assertEquals(Optional.empty(), SourceRevision.sourceUrl(remote));
  }

  @Test
  void of_remoteWithCredentials_keepsThemOutOfTheRevision() throws IOException, InterruptedException {
    git("init", "-q");
    Files.writeString(work.resolve("app.py"), "print('hi')\n");
    git("add", "app.py");
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "first");
    git("remote", "add", "origin", "https://deployer:s3cret-token@git.example.com/shop/api.git");

    SourceRevision revision = SourceRevision.of(work).orElseThrow();

    assertEquals(Optional.of("https://git.example.com/shop/api"), revision.sourceUrl());
  }

  @Test
  void of_remoteIsALocalPath_noSource() throws IOException, InterruptedException {
    git("init", "-q");
    Files.writeString(work.resolve("app.py"), "print('hi')\n");
    git("add", "app.py");
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "first");
    git("remote", "add", "origin", "/home/someone/repos/api.git");

    assertEquals(Optional.empty(), SourceRevision.of(work).orElseThrow().sourceUrl());
  }

  private void git(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("git", "-C", work.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).inheritIO().start();
    assertEquals(0, process.waitFor(), String.join(" ", command));
  }
}
