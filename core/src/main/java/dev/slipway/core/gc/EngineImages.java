package dev.slipway.core.gc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.process.ExternalCommand;
import dev.slipway.core.process.ProcessRunner;
import dev.slipway.core.target.TargetFailure;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The images in a local container engine, through its own CLI ({@code podman} or {@code docker},
 * which take the same arguments for what this does). Never {@code rmi --force}: podman's would
 * remove the containers that use an image, and an image in use is the engine's to refuse.
 */
public final class EngineImages {

  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> command;
  private final Map<String, String> environment;

  /**
   * @param command the engine's CLI, e.g. {@code [podman]}
   * @param environment what it runs with ({@code DOCKER_HOST} for docker)
   */
  public EngineImages(List<String> command, Map<String, String> environment) {
    this.command = List.copyOf(command);
    this.environment = Map.copyOf(environment);
  }

  /** How messages name the engine: {@code podman}. */
  public String describe() {
    return String.join(" ", command);
  }

  /**
   * An image as the engine stores it.
   *
   * @param id {@code sha256:<hex>}, which either engine's CLI takes in place of a name
   * @param size its size as the engine reports it, layers shared with other images included
   * @param names its {@code repository:tag} names
   */
  public record Image(String id, long size, Map<String, String> labels, List<String> names) {
    public Image {
      labels = Map.copyOf(labels);
      names = List.copyOf(names);
    }
  }

  /** The image {@code reference} names in the engine; empty when the engine has none by that name. */
  public Optional<Image> find(String reference) {
    ProcessRunner.Finished inspected = run(List.of("image", "inspect", "--format", "{{.Id}}\t{{.Size}}\t{{json .Config.Labels}}\t{{json .RepoTags}}", reference));
    if (!inspected.ok()) {
      if (saysMissing(inspected.output())) {
        return Optional.empty();
      }
      throw failure("inspect image " + reference, inspected);
    }
    String[] fields = inspected.output().strip().split("\t");
    try {
      Map<String, String> labels = Optional.ofNullable(JSON.readValue(fields[2], new TypeReference<Map<String, String>>() {})).orElse(Map.of());
      List<String> names = Optional.ofNullable(JSON.readValue(fields[3], new TypeReference<List<String>>() {})).orElse(List.of());
      // podman prints a bare hex ID and docker a prefixed one; the Docker API refuses a bare one as a name.
      String id = fields[0].strip().startsWith("sha256:") ? fields[0].strip() : "sha256:" + fields[0].strip();
      return Optional.of(new Image(id, Long.parseLong(fields[1].strip()), labels, names));
    } catch (JsonProcessingException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
      throw new TargetFailure(describe() + " image inspect " + reference + " answered what Slipway cannot read: " + inspected.output().strip(), false);
    }
  }

  /** What became of a removal. */
  public sealed interface Removal {
    /** The name is gone from the engine. */
    record Removed() implements Removal {}

    /** The engine kept it, and why (a container uses it). */
    record Refused(String reason) implements Removal {}
  }

  /** Removes the name {@code reference}; the image goes with its last name. */
  public Removal remove(String reference) {
    ProcessRunner.Finished removed = run(List.of("rmi", reference));
    if (removed.ok() || saysMissing(removed.output())) {
      return new Removal.Removed();
    }
    if (unreachable(removed.output())) {
      throw failure("remove image " + reference, removed);
    }
    return new Removal.Refused(lastLine(removed.output()));
  }

  private ProcessRunner.Finished run(List<String> arguments) {
    List<String> full = new ArrayList<>(command);
    full.addAll(arguments);
    try {
      return ProcessRunner.standard().run(ExternalCommand.of(full, Path.of(".")).withEnvironment(environment).withTimeout(TIMEOUT));
    } catch (InterruptedIOException e) {
      throw new TargetFailure(e.getMessage(), false);
    } catch (IOException e) {
      throw new TargetFailure(e.getMessage(), true);
    }
  }

  private static boolean saysMissing(String output) {
    String text = output.toLowerCase(Locale.ROOT);
    return text.contains("image not known") || text.contains("no such image") || text.contains("no such object")
        || text.contains("image is not known");
  }

  private static boolean unreachable(String output) {
    String text = output.toLowerCase(Locale.ROOT);
    return text.contains("cannot connect") || text.contains("connection refused") || text.contains("is the docker daemon running");
  }

  private TargetFailure failure(String what, ProcessRunner.Finished finished) {
    return new TargetFailure("cannot " + what + " with " + describe() + ": " + lastLine(finished.output()), unreachable(finished.output()));
  }

  private static String lastLine(String output) {
    List<String> lines = output.strip().lines().filter(line -> !line.isBlank()).toList();
    return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1).strip();
  }
}
