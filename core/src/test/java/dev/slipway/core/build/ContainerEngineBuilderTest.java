package dev.slipway.core.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which engine builds Dockerfiles: buildah counts there, after the engines that can also run images. */
class ContainerEngineBuilderTest {

  @TempDir Path bin;

  private void executable(String name) throws IOException {
    Path file = Files.writeString(bin.resolve(name), "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void findBuilder_onlyBuildah_isTheBuilder_butNoEngineToRunImages() throws IOException {
    executable("buildah");

    assertEquals(Optional.of("buildah"), ContainerEngine.findBuilder(Map.of("PATH", bin.toString())).map(ContainerEngine::name));
    assertEquals(Optional.empty(), ContainerEngine.find(Map.of("PATH", bin.toString())));
  }

  @Test
  void findBuilder_podmanAndBuildah_podmanFirst() throws IOException {
    executable("buildah");
    executable("podman");

    assertEquals(Optional.of("podman"), ContainerEngine.findBuilder(Map.of("PATH", bin.toString())).map(ContainerEngine::name));
  }

  @Test
  void findBuilder_engineChosenButMissing_noFallBackToBuildah() throws IOException {
    executable("buildah");
    Map<String, String> environment = Map.of("PATH", bin.toString(), "SLIPWAY_ENGINE", "podman");

    assertEquals(Optional.empty(), ContainerEngine.findBuilder(environment));
    assertTrue(ContainerEngine.noBuilder(environment).startsWith("SLIPWAY_ENGINE=podman is not an executable on PATH"));
  }

  @Test
  void noBuilder_nothingOnPath_namesWhatWasLookedFor() {
    assertEquals(Optional.empty(), ContainerEngine.findBuilder(Map.of("PATH", bin.toString())));
    assertEquals("no container engine was found (looked for podman, docker with a daemon that answers, and buildah on PATH):"
        + " install podman (scripts/setup-containers does)", ContainerEngine.noBuilder(Map.of("PATH", bin.toString())));
    assertEquals("SLIPWAY_ENGINE=none turns container engines off: unset it, or set it to podman, docker or buildah",
        ContainerEngine.noBuilder(Map.of("SLIPWAY_ENGINE", "none")));
  }
}
