package dev.slipway.core.image;

import static dev.slipway.core.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slipway.core.image.DependencyFile.Kind;
import dev.slipway.core.image.DependencyFile.Requirement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DependencyFileTest {

  @TempDir Path base;

  @Test
  void detect_severalFiles_lockFilesBeforeDeclarations() throws IOException {
    for (String name : new String[] {"pyproject.toml", "requirements.txt", "poetry.lock", "uv.lock"}) {
      write(base, "app/" + name, "");
    }

    assertEquals(Optional.of(new DependencyFile("app/uv.lock", Kind.UV_LOCK, true)), DependencyFile.detect(base, "app"));
    Files.delete(base.resolve("app/uv.lock"));
    assertEquals(Optional.of(new DependencyFile("app/poetry.lock", Kind.POETRY_LOCK, true)), DependencyFile.detect(base, "app"));
    Files.delete(base.resolve("app/poetry.lock"));
    assertEquals(
        Optional.of(new DependencyFile("app/requirements.txt", Kind.REQUIREMENTS_TXT, true)), DependencyFile.detect(base, "app"));
    Files.delete(base.resolve("app/requirements.txt"));
    assertEquals(Optional.of(new DependencyFile("app/pyproject.toml", Kind.PYPROJECT, true)), DependencyFile.detect(base, "app"));
  }

  @Test
  void detect_noDependencyFile_empty() {
    write(base, "app/main.py", "");
    write(base, "requirements.txt", "flask\n");

    assertEquals(Optional.empty(), DependencyFile.detect(base, "app"));
  }

  @ParameterizedTest
  @CsvSource({
    "requirements.txt, REQUIREMENTS_TXT",
    "deps/requirements-prod.txt, REQUIREMENTS_TXT",
    "requirements.in, REQUIREMENTS_TXT",
    "app/pyproject.toml, PYPROJECT",
    "UV.LOCK, UV_LOCK",
    "poetry.lock, POETRY_LOCK"
  })
  void kindOf_knownFile_itsKind(String file, Kind kind) {
    assertEquals(Optional.of(kind), DependencyFile.kindOf(file));
  }

  @Test
  void kindOf_pipfile_empty() {
    assertEquals(Optional.empty(), DependencyFile.kindOf("Pipfile"));
  }

  @Test
  void packageNames_requirementsTxt_namesNormalisedWithoutOptionsOrComments() {
    write(base, "requirements.txt", "# web\nFlask==3.0.2\n-r base.txt\n--index-url https://x\n\ngunicorn>=21 ; python_version>'3'\npython_dotenv[cli]\n");

    assertEquals(
        Set.of("flask", "gunicorn", "python-dotenv"),
        new DependencyFile("requirements.txt", Kind.REQUIREMENTS_TXT, false).packageNames(base));
  }

  @Test
  void packageNames_pyprojectWithExtras_readsEveryDependency() {
    write(
        base,
        "pyproject.toml",
        "[project]\nname = \"shop\"\ndependencies = [\n  \"flask[async]>=3\",\n  \"gunicorn\",\n]\n\n[tool.ruff]\nline-length = 100\n");

    assertEquals(
        Set.of("flask", "gunicorn"), new DependencyFile("pyproject.toml", Kind.PYPROJECT, false).packageNames(base));
  }

  @Test
  void packageNames_uvLock_packageEntries() {
    write(base, "uv.lock", "version = 1\n\n[[package]]\nname = \"Flask\"\nversion = \"3.0.2\"\n\n[[package]]\nname = \"gunicorn\"\n");

    assertEquals(Set.of("flask", "gunicorn"), new DependencyFile("uv.lock", Kind.UV_LOCK, true).packageNames(base));
  }

  @Test
  void requirements_requirementsTxtWithInclude_versionsExtrasAndIncludedLines() {
    write(base, "requirements/base.txt", "Flask==1.1.4  # old on purpose\n");
    write(base, "requirements/prod.txt", "-r base.txt\nuvicorn[standard] >= 0.30 ; python_version >= '3.8'\nmy_lib @ https://example.org/my_lib.whl\n");

    assertEquals(
        List.of(
            new Requirement("flask", Set.of(), "==1.1.4"),
            new Requirement("uvicorn", Set.of("standard"), ">=0.30"),
            new Requirement("my-lib", Set.of(), "")),
        new DependencyFile("requirements/prod.txt", Kind.REQUIREMENTS_TXT, false).requirements(base));
  }

  @Test
  void requirements_poetryLock_everyPackageAtItsLockedVersion() {
    write(base, "poetry.lock", "[[package]]\nname = \"Starlette\"\nversion = \"0.37.2\"\n\n[package.dependencies]\nanyio = \">=3.4.0,<5\"\n\n"
        + "[[package]]\nname = \"uvicorn\"\nversion = \"0.30.1\"\n\n[metadata]\nlock-version = \"2.0\"\n");

    assertEquals(
        List.of(new Requirement("starlette", Set.of(), "==0.37.2"), new Requirement("uvicorn", Set.of(), "==0.30.1")),
        new DependencyFile("poetry.lock", Kind.POETRY_LOCK, true).requirements(base));
  }

  @Test
  void requirements_pyprojectOnlyProjectDependencies_notOtherTablesLists() {
    write(base, "pyproject.toml", "[tool.hatch.envs.default]\ndependencies = [\"pytest\"]\n\n[project]\nname = \"x\"\ndependencies = [\"Django~=5.0\"]\n");

    assertEquals(
        List.of(new Requirement("django", Set.of(), "~=5.0")), new DependencyFile("pyproject.toml", Kind.PYPROJECT, false).requirements(base));
  }
}
