package dev.slipway.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequirementsTextTest {

  @TempDir Path dir;

  @Test
  void unpinned_namesEveryRequirementWithoutOneExactVersion() {
    String requirements = String.join("\n",
        "# comment",
        "Flask==3.1.3",
        "gunicorn",
        "redis>=5,<9",
        "Django~=5.0",
        "uvicorn[standard]==0.30.1",
        "psycopg2_binary == 2.9.13  # with spaces",
        "requests==2.*",
        "numpy==2.0.0; python_version >= '3.10'",
        "pkg @ https://example.com/pkg-1.0.tar.gz",
        "--index-url https://example.com/simple",
        "");

    assertEquals(List.of("gunicorn", "redis", "django", "requests"), RequirementsText.unpinned(requirements));
  }

  @Test
  void expand_inlinesIncludesRelativeToTheFileThatNamesThem_once() throws IOException {
    Files.createDirectories(dir.resolve("requirements"));
    Files.writeString(dir.resolve("requirements/base.txt"), "Flask==3.1.3\n-r common.txt\n");
    Files.writeString(dir.resolve("requirements/common.txt"), "blinker==1.9.0\n-r base.txt\n");
    Files.writeString(dir.resolve("requirements.txt"), "--requirement requirements/base.txt\ngunicorn==27.0.1\n");

    assertEquals("Flask==3.1.3\nblinker==1.9.0\ngunicorn==27.0.1\n", RequirementsText.expand(dir.resolve("requirements.txt")));
  }

  @Test
  void expand_constraintFile_isNamedAbsolutely_andItsContentChangesTheText() throws IOException {
    Files.writeString(dir.resolve("constraints.txt"), "click==8.5.1\n");
    Files.writeString(dir.resolve("requirements.txt"), "-c constraints.txt\nFlask\n");
    String before = RequirementsText.expand(dir.resolve("requirements.txt"));
    Files.writeString(dir.resolve("constraints.txt"), "click==8.5.0\n");

    String after = RequirementsText.expand(dir.resolve("requirements.txt"));

    assertTrue(before.startsWith("-c " + dir.toRealPath().resolve("constraints.txt") + "\n") || before.startsWith("-c " + dir.resolve("constraints.txt") + "\n"), before);
    assertTrue(!before.equals(after), "a changed constraint file changes the lock inputs");
  }
}
