package dev.slipway.core.testing;

import dev.slipway.core.hash.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The Python side of the build tests: a Debian-built Python 3.11 base image (no Docker Hub
 * here) and an offline wheelhouse of real wheels from PyPI, made by {@code pip download} for the
 * images' platform. Both are made once per machine and reused.
 */
public final class PythonFixtures {

  private PythonFixtures() {}

  /** A docker-archive tar of the base image; built by scripts/build-base-image on first use. */
  public static Path baseImageTar() {
    ContainerTools.require("podman", "mmdebstrap");
    Path script = ContainerTools.repositoryRoot().resolve("scripts/build-base-image");
    return Path.of(ContainerTools.run(List.of(script.toString())).strip().lines().reduce((a, b) -> b).orElseThrow());
  }

  /** The base image pushed into {@code registry} as {@code slipway/python:3.11}; returns the reference. */
  public static String baseImageIn(LocalRegistry registry) {
    String reference = registry.address() + "/slipway/python:3.11";
    if (registry.get("/v2/slipway/python/manifests/3.11") == null) {
      LocalRegistry.skopeoCopy(baseImageTar(), reference);
    }
    return reference;
  }

  /** The platforms and Python version the wheelhouse is for: those of the images Slipway builds. */
  private static final List<String> IMAGE_PLATFORM =
      List.of("--only-binary=:all:", "--python-version", "3.11", "--platform", "manylinux2014_x86_64", "--platform", "manylinux_2_28_x86_64");

  /**
   * A wheelhouse for air-gapped builds, as a user makes one: {@code pip download} of the
   * repository's pinned test requirements (pytest, Flask, gunicorn, redis, psycopg2-binary and
   * their dependencies) plus setuptools and wheel, which building an sdist needs. Kept in the
   * temporary directory under a name derived from the pins.
   */
  public static Path wheelhouse() {
    try {
      Path requirements = ContainerTools.repositoryRoot().resolve("requirements-test.txt");
      String pins = Files.readString(requirements) + "setuptools==80.9.0\nwheel==0.45.1\n";
      Path out = Path.of(System.getProperty("java.io.tmpdir"), "slipway-wheelhouse-" + Sha256.hex(pins + IMAGE_PLATFORM).substring(0, 16));
      if (Files.isDirectory(out)) {
        return out;
      }
      Path pinsFile = Files.createTempFile("slipway-wheelhouse", ".txt");
      Files.writeString(pinsFile, pins);
      Path partial = Files.createTempDirectory(out.getParent(), out.getFileName() + ".partial-");
      List<String> command = new ArrayList<>(List.of("python3", "-m", "pip", "download", "--disable-pip-version-check", "-q", "-d", partial.toString()));
      command.addAll(IMAGE_PLATFORM);
      command.addAll(List.of("-r", pinsFile.toString()));
      ContainerTools.run(command);
      Files.delete(pinsFile);
      try {
        Files.move(partial, out, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException madeMeanwhile) {
        // another test JVM downloaded the same pins first; its copy is the same
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
