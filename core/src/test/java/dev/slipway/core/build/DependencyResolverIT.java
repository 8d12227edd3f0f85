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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real pip, offline, against a wheelhouse of real wheels that {@code pip download} fetched from PyPI. */
class DependencyResolverIT {

  @TempDir Path project;

  private final PipOptions offline = new PipOptions(Optional.empty(), List.of(PythonFixtures.wheelhouse().toString()), true);

  private DependencyResolver.Resolved resolve(String file, PipOptions pip) {
    return resolve(file, pip, false);
  }

  private DependencyResolver.Resolved resolve(String file, PipOptions pip, boolean refresh) {
    return new DependencyResolver(project.resolve(".slipway/cache/deps"), "python3", refresh)
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
    assertTrue(first.pins().contains("flask==3.1.3"), first.pins().toString());
    assertEquals(first.pins(), second.pins());
  }

  @Test
  void resolve_reportsEachDistributionPipCollects_asItGoes() throws IOException {
    Files.writeString(project.resolve("requirements.txt"), "Flask==3.1.3\n");
    List<Integer> collected = new ArrayList<>();

    DependencyResolver.Resolved resolved = new DependencyResolver(project.resolve(".slipway/cache/deps"), "python3", false)
        .reporting(collected::add)
        .resolve(project, Optional.of(new DependencyFile("requirements.txt", DependencyFile.kindOf("requirements.txt").orElseThrow(), false)), "3.11",
            DependencyResolver.DEFAULT_PLATFORMS, offline);

    assertEquals(IntStream.rangeClosed(1, resolved.pins().size()).boxed().toList(), collected, resolved.pins().toString());
  }

  @Test
  void resolve_sameLockInputs_reusedWhereverPipWouldLook_withoutRunningPip() throws IOException {
    Files.writeString(project.resolve("requirements.txt"), "Flask==3.1.3\n");
    DependencyResolver.Resolved offlineFirst = resolve("requirements.txt", offline);
    // An index that cannot answer: were pip run, it would fail.
    PipOptions unreachable = new PipOptions(Optional.of("http://127.0.0.1:9/simple"), List.of(), false);

    DependencyResolver.Resolved again = resolve("requirements.txt", unreachable);

    assertTrue(again.cached());
    assertEquals(offlineFirst.sitePackages(), again.sitePackages());
  }

  @Test
  void resolve_refresh_runsPipAgainEvenForUnchangedInputs() throws IOException {
    Files.writeString(project.resolve("requirements.txt"), "Flask==3.1.3\n");
    resolve("requirements.txt", offline);
    PipOptions unreachable = new PipOptions(Optional.of("http://127.0.0.1:9/simple"), List.of(), false);

    DependencyResolver.Resolved refreshed = resolve("requirements.txt", offline, true);
    RegistryFailure failure = assertThrows(RegistryFailure.class, () -> resolve("requirements.txt", unreachable, true));

    assertFalse(refreshed.cached());
    assertTrue(Files.isRegularFile(refreshed.sitePackages().resolve("flask/__init__.py")), "the refreshed entry replaced the old one whole");
    assertTrue(failure.getMessage().startsWith("package index http://127.0.0.1:9/simple unreachable while resolving 'Flask==3.1.3' in requirements.txt (connection refused)"),
        failure.getMessage());
  }

  @Test
  void resolve_includedRequirements_areInstalled_andTheirChangesResolveAgain() throws IOException {
    Files.createDirectories(project.resolve("requirements"));
    Files.writeString(project.resolve("requirements/base.txt"), "itsdangerous==2.2.0\n");
    Files.writeString(project.resolve("requirements.txt"), "-r requirements/base.txt\nblinker==1.9.0\n");

    DependencyResolver.Resolved first = resolve("requirements.txt", offline);
    Files.writeString(project.resolve("requirements/base.txt"), "itsdangerous==2.2.0\nclick==8.5.1\n");
    DependencyResolver.Resolved second = resolve("requirements.txt", offline);

    assertTrue(first.pins().containsAll(List.of("itsdangerous==2.2.0", "blinker==1.9.0")), first.pins().toString());
    assertFalse(second.cached(), "an included file is part of the lock inputs");
    assertTrue(second.pins().contains("click==8.5.1"), second.pins().toString());
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
  void resolve_unknownDistribution_namesTheRequirement_andCachesNothing() throws IOException {
    Files.writeString(project.resolve("requirements.txt"), "no-such-distribution==9.9\n");

    BuildFailure failure = assertThrows(BuildFailure.class, () -> resolve("requirements.txt", offline));

    assertEquals(
        "requirement 'no-such-distribution==9.9' in requirements.txt: no distribution named 'no-such-distribution' on the wheelhouse "
            + PythonFixtures.wheelhouse() + " (check the spelling on the index)",
        failure.getMessage());
    try (Stream<Path> left = Files.list(project.resolve(".slipway/cache/deps"))) {
      assertEquals(List.of(), left.toList(), "a failed resolve leaves no cache entry");
    }
  }

  @Test
  void resolve_unknownVersion_listsTheNewestThereAre() throws IOException {
    Files.writeString(project.resolve("requirements.txt"), "Flask==99.0\n");

    BuildFailure failure = assertThrows(BuildFailure.class, () -> resolve("requirements.txt", offline));

    assertTrue(failure.getMessage().startsWith("requirement 'Flask==99.0' in requirements.txt: no such version of Flask on the wheelhouse "), failure.getMessage());
    assertTrue(failure.getMessage().endsWith("(newest: 3.1.3)"), failure.getMessage());
  }

  @Test
  void resolve_pureSdistOnly_isBuiltIntoAWheelLocally() throws IOException {
    Path links = Files.createDirectories(project.resolve("links"));
    // An sdist, as some projects publish, plus the build backend that pip needs to turn it into a wheel.
    Path source = Files.createDirectories(project.resolve("tinypkg-1.0/tinypkg"));
    Files.writeString(source.getParent().resolve("setup.py"), "from setuptools import setup\nsetup(name='tinypkg', version='1.0', packages=['tinypkg'])\n");
    Files.writeString(source.getParent().resolve("PKG-INFO"), "Metadata-Version: 2.1\nName: tinypkg\nVersion: 1.0\n");
    Files.writeString(source.resolve("__init__.py"), "VALUE = 42\n");
    ContainerTools.run(List.of("tar", "-czf", links.resolve("tinypkg-1.0.tar.gz").toString(), "-C", project.toString(), "tinypkg-1.0"));
    Files.writeString(project.resolve("requirements.txt"), "tinypkg==1.0\n");

    // The wheelhouse brings setuptools and wheel, the build backend pip needs to turn it into a wheel.
    PipOptions pip = new PipOptions(Optional.empty(), List.of(links.toString(), PythonFixtures.wheelhouse().toString()), true);
    Path sitePackages = resolve("requirements.txt", pip).sitePackages();

    assertEquals("VALUE = 42\n", Files.readString(sitePackages.resolve("tinypkg/__init__.py")));
  }
}
