package dev.slipway.cli.thirdtarget;

import dev.slipway.core.model.Service;
import dev.slipway.core.model.TargetSpec;
import dev.slipway.core.problem.Problem;
import dev.slipway.core.target.DeployContext;
import dev.slipway.core.target.LiveTarget;
import dev.slipway.core.target.RenderRequest;
import dev.slipway.core.target.RenderedFile;
import dev.slipway.core.target.Rendering;
import dev.slipway.core.target.TargetFailure;
import dev.slipway.core.target.TargetStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A third target that exists only in test code, found through {@code META-INF/services} like any
 * other: {@code target directory(path: 'out')} "deploys" by writing one line per service into a
 * folder. It proves that a target plugs into the DSL, planner, release history and CLI without a
 * change to any of them. It does not emulate anything a real target does (no processes, no
 * health, no logs: it implements {@link LiveTarget} but not {@link dev.slipway.core.target.LogSource}).
 */
public final class DirectoryTarget implements LiveTarget {

  static final String APPLIED_LOG = "applied.log";

  @Override
  public String type() {
    return "directory";
  }

  @Override
  public List<Problem> validate(TargetSpec spec) {
    List<Problem> problems = new ArrayList<>();
    if (spec.setting("path").isEmpty()) {
      problems.add(new Problem(spec.location(), "directory(): needs path: 'out', the folder to deploy into"));
    }
    spec.settings().keySet().stream().filter(key -> !key.equals("path"))
        .forEach(key -> problems.add(new Problem(spec.location(), "directory(): unknown setting '" + key + "'; known: path")));
    return problems;
  }

  @Override
  public Rendering render(RenderRequest request) {
    StringBuilder text = new StringBuilder();
    for (Service service : request.environment().services()) {
      text.append(service.name()).append('=').append(request.imageOf(service.name())).append('\n');
    }
    return new Rendering(List.of(new RenderedFile("services.txt", text.toString())));
  }

  @Override
  public void apply(Rendering rendering, RenderRequest request, List<String> order, DeployContext context) {
    Path folder = folder(request);
    try {
      rendering.writeTo(folder);
      for (String service : order) {
        Files.writeString(folder.resolve(APPLIED_LOG), service + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      }
    } catch (IOException e) {
      throw new TargetFailure("cannot write to " + folder + ": " + e.getMessage(), false);
    }
  }

  @Override
  public TargetStatus status(RenderRequest request, DeployContext context) {
    Path services = folder(request).resolve("services.txt");
    List<String> lines;
    try {
      lines = Files.exists(services) ? Files.readAllLines(services) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new TargetStatus(request.environment().services().stream().map(service -> {
      String deployed = lines.stream().filter(l -> l.startsWith(service.name() + "=")).map(l -> l.substring(service.name().length() + 1)).findFirst().orElse("-");
      int running = deployed.equals("-") ? 0 : 1;
      return new TargetStatus.ServiceStatus(service.name(), deployed, running, 1, running == 1, 0, List.of());
    }).toList());
  }

  @Override
  public void destroy(RenderRequest request, boolean volumes, DeployContext context) {
    Path folder = folder(request);
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    } catch (IOException e) {
      throw new TargetFailure("cannot remove " + folder + ": " + e.getMessage(), false);
    }
  }

  private static Path folder(RenderRequest request) {
    return request.environment().project().baseDir().resolve(request.environment().target().setting("path").orElseThrow());
  }
}
