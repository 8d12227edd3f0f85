package dev.slipway.core.build;

import java.nio.file.Path;

/** Where a built image goes. */
public sealed interface ImageDestination {

  /** How messages name it: "already in the registry". */
  default String noun() {
    if (this instanceof Engine) {
      return "engine";
    }
    return this instanceof Tar ? "tar directory" : "registry";
  }

  /** A registry, named by the image reference itself. */
  record Registry(boolean allowInsecure) implements ImageDestination {}

  /** A docker-archive tar file, loadable with {@code docker load} / {@code podman load}. */
  record Tar(Path directory) implements ImageDestination {}

  /** The local engine (docker or podman), fed as {@code docker load} would be. */
  record Engine(Path executable) implements ImageDestination {}
}
