package dev.slipway.core.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.image.DependencyFile;
import dev.slipway.core.testing.ContainerTools;
import dev.slipway.core.testing.PythonFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real pip, offline, against a wheelhouse re-packed from the host's own distributions. */
class DependencyResolverTest {

  @TempDir Path project;

  private final PipOptions offline = new PipOptions(Optional.empty(), List.of(PythonFixtures.wheelhouse().toString()), true);

  private DependencyResolver.Resolved resolve(String file, PipOptions pip) {
    return new DependencyResolver(project.resolve(".slipway/cache/deps"), "python3")
        .resolve(project, Optional.of(new DependencyFile(file, DependencyFile.kindOf(file).orElseThrow(), false)), "3.11",
            DependencyResolver.DEFAULT_PLATFORMS, pip);
  }

  @Test
  void resolve_requirements_installsIntoPlainSitePackages_andCachesByPins() throws IOException {
    Files.writeString(project.resolve("requirements.txt"), "Flask>=3.0\n");

    DependencyResolver.Resolved first = resolve("requirements.txt", offline);
    DependencyResolver.Resolved second = resolve("requirements.txt", offline);

    assertTrue(Files.isRegularFile(first.sitePackages().resolve("flask/__init__.py")));
    assertTrue(Files.isDirectory(first.sitePackages().resolve("werkzeug")), "dependencies of dependencies come too");
    assertFalse(first.cached());
    assertTrue(second.cached(), "unchanged pins must not run pip again");
    assertEquals(first.sitePackages(), second.sitePackages());
  }

  @Test
  void resolve_consoleScripts_getAPortableShebang() throws IOException {
    Files.writeString(project.resolve("requirements.txt"), "Flask>=3.0\n");

    Path flask = resolve("requirements.txt", offline).sitePackages().resolve("bin/flask");

    assertEquals("#!/usr/bin/env python3", Files.readAllLines(flask).get(0));
  }

  @Test
  void resolve_pyprojectDependencies_areInstalled() throws IOException {
    Files.writeString(project.resolve("pyproject.toml"), "[project]\nname = \"app\"\nversion = \"1\"\ndependencies = [\"itsdangerous\"]\n");

    Path sitePackages = resolve("pyproject.toml", offline).sitePackages();

    assertTrue(Files.isDirectory(sitePackages.resolve("itsdangerous")));
  }

  @Test
  void resolve_uvLockWithoutUv_saysWhatToDo() throws IOException {
    Files.writeString(project.resolve("uv.lock"), "version = 1\n");
    Assumptions.assumeTrue(ContainerTools.find("uv") == null, "uv is installed here, so its export runs instead");

    BuildFailure failure = assertThrows(BuildFailure.class, () -> resolve("uv.lock", offline));

    assertEquals(
        "uv.lock needs uv to export its pins, and 'uv' is not installed: install it, or set requirements to an exported requirements.txt",
        failure.getMessage());
  }

  @Test
  void resolve_unknownDistribution_failsWithPipsOwnReason_andCachesNothing() throws IOException {
    Files.writeString(project.resolve("requirements.txt"), "no-such-distribution==9.9\n");

    BuildFailure failure = assertThrows(BuildFailure.class, () -> resolve("requirements.txt", offline));

    assertTrue(failure.getMessage().startsWith("pip could not install requirements.txt for Python 3.11: ERROR: "), failure.getMessage());
    try (Stream<Path> left = Files.list(project.resolve(".slipway/cache/deps"))) {
      assertEquals(List.of(), left.toList(), "a failed resolve leaves no cache entry");
    }
  }

  @Test
  void resolve_pureSdistOnly_isBuiltIntoAWheelLocally() throws IOException {
    Path wheelFromDebian = Path.of("/usr/share/python-wheels/wheel-0.38.4-py3-none-any.whl");
    ContainerTools.requireFile(wheelFromDebian, "Debian package python3-wheel-whl");
    Path links = Files.createDirectories(project.resolve("links"));
    // An sdist, as some projects publish, plus the build backend that pip needs to turn it into a wheel.
    Path source = Files.createDirectories(project.resolve("tinypkg-1.0/tinypkg"));
    Files.writeString(source.getParent().resolve("setup.py"), "from setuptools import setup\nsetup(name='tinypkg', version='1.0', packages=['tinypkg'])\n");
    Files.writeString(source.getParent().resolve("PKG-INFO"), "Metadata-Version: 2.1\nName: tinypkg\nVersion: 1.0\n");
    Files.writeString(source.resolve("__init__.py"), "VALUE = 42\n");
    ContainerTools.run(List.of("tar", "-czf", links.resolve("tinypkg-1.0.tar.gz").toString(), "-C", project.toString(), "tinypkg-1.0"));
    ContainerTools.run(List.of("python3", ContainerTools.repositoryRoot().resolve("scripts/make-wheelhouse").toString(), links.toString(), "setuptools"));
    Files.copy(wheelFromDebian, links.resolve(wheelFromDebian.getFileName()));
    Files.writeString(project.resolve("requirements.txt"), "tinypkg==1.0\n");

    Path sitePackages = resolve("requirements.txt", new PipOptions(Optional.empty(), List.of(links.toString()), true)).sitePackages();

    assertEquals("VALUE = 42\n", Files.readString(sitePackages.resolve("tinypkg/__init__.py")));
  }
}
