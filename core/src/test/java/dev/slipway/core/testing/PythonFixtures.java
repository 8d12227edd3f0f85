package dev.slipway.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The Python side of the build tests: a Debian-built Python 3.11 base image (no Docker Hub
 * here) and an offline wheelhouse made from the host Python's installed distributions (no
 * PyPI here). Both are built once per machine by the repository's scripts and reused.
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

  /** A directory of wheels re-packed from the host's site-packages: Flask and its dependencies, pytest and its. */
  public static Path wheelhouse() {
    Path script = ContainerTools.repositoryRoot().resolve("scripts/make-wheelhouse");
    Path out = Path.of(System.getProperty("java.io.tmpdir"), "slipway-wheelhouse");
    if (!Files.isDirectory(out) || out.toFile().list().length == 0) {
      ContainerTools.run(List.of("python3", script.toString(), out.toString()));
    }
    return out;
  }
}
