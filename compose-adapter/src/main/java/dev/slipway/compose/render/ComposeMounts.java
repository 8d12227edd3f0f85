package dev.slipway.compose.render;

import dev.slipway.core.hash.Sha256;
import dev.slipway.core.model.Project;
import dev.slipway.core.model.ProjectFile;
import dev.slipway.core.model.Service;
import dev.slipway.core.model.Volume;
import dev.slipway.core.problem.InvalidInputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a service's container mounts, as Compose's long {@code volumes:} syntax: its named volumes,
 * its project files and its host mounts, in that order, each in the order written.
 *
 * <p>A project file is a read-only bind mount, not a top-level {@code configs:} entry: podman with
 * Compose v2 mounts a bind reliably, while file-based configs are copied or bind-mounted
 * differently by each Compose implementation and engine. A bind mount alone would not restart the
 * service when the file changes, and an editor that saves by renaming leaves the container on the
 * old file; so {@link #filesDigest} goes into a label, whose change makes {@code compose up}
 * recreate the container, as a changed ConfigMap restarts a Kubernetes rollout.
 *
 * <p>Host paths are absolute, resolved from the script's directory, so that a file written by {@code
 * slipway render -o DIR} and brought up by hand from there still mounts the project's files, not
 * DIR's; the price is a render tied to the checkout it was made in.
 */
final class ComposeMounts {

  /** The label whose value changes with the content of a service's project files. */
  static final String FILES_DIGEST_LABEL = "dev.slipway.files-digest";

  private ComposeMounts() {}

  static List<Object> of(Project project, Service service) {
    List<Object> mounts = new ArrayList<>();
    service.volumes().forEach(volume -> mounts.add(named(volume)));
    service.files().forEach(file -> mounts.add(bind(hostPath(project, file.source()), file.target(), true)));
    service.mounts().forEach(mount -> mounts.add(bind(hostPath(project, mount.source()), mount.target(), mount.readOnly())));
    return mounts;
  }

  /**
   * A digest of the service's project files, where they go and what they hold, or empty when it
   * has none.
   *
   * @throws InvalidInputException at the file's line when it cannot be read (validation found it,
   *     so it went away since)
   */
  static Optional<String> filesDigest(Project project, Service service) {
    if (service.files().isEmpty()) {
      return Optional.empty();
    }
    Sha256 digest = new Sha256();
    for (ProjectFile file : service.files()) {
      digest.part(file.target());
      try {
        digest.update(Sha256.digest(project.baseDir().resolve(file.source())));
      } catch (IOException e) {
        throw new InvalidInputException(file.location(), "file '" + file.source() + "' cannot be read (" + e.getMessage()
            + "): restore it, or remove the file line");
      }
    }
    return Optional.of(digest.hex().substring(0, 16));
  }

  private static Map<String, Object> named(Volume volume) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", "volume");
    out.put("source", volume.name());
    out.put("target", volume.path());
    return out;
  }

  private static Map<String, Object> bind(String source, String target, boolean readOnly) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", "bind");
    out.put("source", ComposeRenderer.escapeInterpolation(source));
    out.put("target", ComposeRenderer.escapeInterpolation(target));
    if (readOnly) {
      out.put("read_only", true);
    }
    return out;
  }

  private static String hostPath(Project project, String source) {
    return project.baseDir().resolve(source).toAbsolutePath().normalize().toString();
  }
}
