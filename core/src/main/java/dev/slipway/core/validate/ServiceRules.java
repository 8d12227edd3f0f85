package dev.slipway.core.validate;

import dev.slipway.core.build.BaseImages;
import dev.slipway.core.image.DependencyFile;
import dev.slipway.core.model.Autoscale;
import dev.slipway.core.model.HealthCheck;
import dev.slipway.core.model.Port;
import dev.slipway.core.model.Project;
import dev.slipway.core.model.PythonBuild;
import dev.slipway.core.model.Resources;
import dev.slipway.core.model.SecretRef;
import dev.slipway.core.model.Service;
import dev.slipway.core.model.SourceLocation;
import dev.slipway.core.model.Volume;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The rules one service must keep on its own: names, image, build, ports, health, secrets, volumes, tests, scaling. */
final class ServiceRules {

  private ServiceRules() {}

  /**
   * Every rule for one service, as written or as an environment resolved it: {@code report}
   * names which, and drops what an earlier check of the same service already reported.
   */
  static void check(Project project, Service service, ServiceReport report) {
    if (!Names.isDnsLabel(service.name())) {
      report.add(
          service.location(),
          ": the name is not a valid DNS-1123 label" + Names.dnsLabelHint(service.name()));
    }
    if (service.python().isPresent() && service.image().isPresent()) {
      report.add(service.origin("image"), " has both python { } and image: keep one (python builds an image)");
    } else if (service.python().isEmpty() && service.image().isEmpty()) {
      report.add(service.location(), " has neither python { } nor image '...': say how to get its image");
    }
    service.python().ifPresent(python -> checkPython(project, service, python, report));
    service.image()
        .filter(image -> ImageReference.parse(image).isEmpty())
        .ifPresent(
            image ->
                report.add(
                    service.origin("image"),
                    ": image '" + image + "' is not a valid image reference, e.g. 'postgres:16' or 'ghcr.io/acme/api:1.2'"));
    checkPorts(service.ports(), report);
    service.health().ifPresent(health -> checkHealth(service, health, report));
    for (String key : service.env().keySet()) {
      if (!Names.isEnvironmentVariable(key)) {
        report.add(service.envOrigin(key), ": env '" + key + "' is not a valid variable name (letters, digits, '_')");
      }
    }
    checkSecrets(service.secrets(), report);
    Set<String> volumeNames = new HashSet<>();
    for (Volume volume : service.volumes()) {
      if (!Names.isDnsLabel(volume.name())) {
        report.add(
            volume.location(),
            ": volume name '" + volume.name() + "' is not a valid DNS-1123 label" + Names.dnsLabelHint(volume.name()));
      }
      if (!volume.path().startsWith("/")) {
        report.add(volume.location(), ": volume '" + volume.name() + "' must mount at an absolute path, not '" + volume.path() + "'");
      }
      if (!Names.isMemoryQuantity(volume.size())) {
        report.add(volume.location(), ": volume size '" + volume.size() + "' is not a quantity like '10Gi'");
      }
      if (!volumeNames.add(volume.name())) {
        report.add(volume.location(), " mounts volume '" + volume.name() + "' twice");
      }
    }
    service.test().ifPresent(test -> {
      if (service.python().isEmpty()) {
        report.add(test.location(), " has tests but no python { } build to test");
      }
      for (String path : test.pytestPaths()) {
        if (!Files.exists(project.baseDir().resolve(path))) {
          report.add(test.location(), ": pytest path '" + path + "' does not exist (relative to " + project.script().file() + ")");
        }
      }
    });
    checkScaling(service.replicas(), service.origin("replicas"), service.autoscale(), service.resources(), report);
    // Target options (restart, rolling) are checked by the targets that read them.
  }

  private static void checkPython(Project project, Service service, PythonBuild python, ServiceReport report) {
    if (!Names.isPythonVersion(python.version())) {
      report.add(python.location(), ": python version '" + python.version() + "' is not like '3.12'");
    }
    python.baseImage().ifPresent(image -> {
      if (BaseImages.isTar(image)) {
        Path archive = BaseImages.tarPath(image, project.baseDir());
        if (!Files.isRegularFile(archive)) {
          report.add(python.location(), ": baseImage archive " + archive + " does not exist (tar: names a docker-save file)");
        }
      } else if (ImageReference.parse(BaseImages.isEngine(image) ? BaseImages.engineName(image) : image).isEmpty()) {
        report.add(python.location(), ": baseImage '" + image + "' is not a valid image reference");
      }
    });
    Path source = project.baseDir().resolve(python.source());
    if (!Files.isDirectory(source)) {
      report.add(
          python.location(),
          ": source directory '" + python.source() + "' does not exist (relative to " + project.script().file() + ")");
      return;
    }
    if (python.requirements().isPresent()) {
      String requirements = python.requirements().get();
      if (!Files.isRegularFile(project.baseDir().resolve(requirements))) {
        report.add(
            python.location(),
            ": requirements file '" + requirements + "' does not exist (relative to " + project.script().file() + ")");
      } else if (DependencyFile.kindOf(requirements).isEmpty()) {
        report.add(
            python.location(),
            ": requirements '" + requirements + "' is not a requirements .txt, pyproject.toml, uv.lock or poetry.lock");
      }
    }
    // Whether a start command can be detected is decided once, by Environments.resolve.
  }

  private static void checkPorts(List<Port> ports, ServiceReport report) {
    Set<Integer> seen = new HashSet<>();
    for (Port port : ports) {
      for (int number : List.of(port.container(), port.published())) {
        if (number < 1 || number > 65535) {
          report.add(port.location(), ": port " + number + " is outside 1-65535");
        }
      }
      if (!seen.add(port.container())) {
        report.add(port.location(), " declares port " + port.container() + " twice");
      }
    }
  }

  private static void checkHealth(Service service, HealthCheck health, ServiceReport report) {
    SourceLocation where = service.origin("health");
    if (health instanceof HealthCheck.Http http) {
      if (!http.path().startsWith("/")) {
        report.add(where, ": health http path '" + http.path() + "' must start with '/'");
      }
      if (http.port() == 0 && service.ports().isEmpty()) {
        report.add(where, ": health http('" + http.path() + "') needs a port: add `port 8000` or http('/healthz', 8000)");
      }
      if (http.port() < 0 || http.port() > 65535) {
        report.add(where, ": health port " + http.port() + " is outside 1-65535");
      }
    } else if (health instanceof HealthCheck.Tcp tcp) {
      if (tcp.port() < 1 || tcp.port() > 65535) {
        report.add(where, ": health tcp port " + tcp.port() + " is outside 1-65535");
      }
    } else if (health instanceof HealthCheck.Command command && command.command().isBlank()) {
      report.add(where, ": health command is empty");
    }
    if (health.deadline().isNegative() || health.deadline().isZero()) {
      report.add(where, ": health timeout must be positive");
    }
  }

  private static void checkSecrets(List<SecretRef> secrets, ServiceReport report) {
    Set<String> names = new HashSet<>();
    for (SecretRef secret : secrets) {
      if (!Names.isEnvironmentVariable(secret.name())) {
        report.add(secret.location(), ": secret name '" + secret.name() + "' is not a valid variable name (letters, digits, '_')");
      }
      if (secret.fromEnv().isPresent() == secret.fromFile().isPresent()) {
        report.add(secret.location(), ": secret '" + secret.name() + "' needs exactly one source: fromEnv: 'VAR' or fromFile: 'path'");
      }
      if (!names.add(secret.name())) {
        report.add(secret.location(), " declares secret '" + secret.name() + "' twice");
      }
    }
  }

  private static void checkScaling(
      int replicas,
      SourceLocation replicasAt,
      Optional<Autoscale> autoscale,
      Optional<Resources> resources,
      ServiceReport report) {
    if (replicas < 0) {
      report.add(replicasAt, ": replicas must be 0 or more, not " + replicas);
    }
    autoscale.ifPresent(a -> {
      if (a.min() < 1 || a.max() < a.min()) {
        report.add(a.location(), ": autoscale needs 1 <= min <= max, got min " + a.min() + ", max " + a.max());
      }
      if (a.cpuPercent() < 1 || a.cpuPercent() > 100) {
        report.add(a.location(), ": autoscale cpu must be a percentage 1-100, not " + a.cpuPercent());
      }
    });
    resources.ifPresent(r -> {
      r.cpu()
          .filter(cpu -> !Names.isCpuQuantity(cpu))
          .ifPresent(cpu -> report.add(r.location(), ": cpu '" + cpu + "' is not a quantity like '500m' or '2'"));
      r.memory()
          .filter(memory -> !Names.isMemoryQuantity(memory))
          .ifPresent(memory -> report.add(r.location(), ": memory '" + memory + "' is not a quantity like '512Mi' or '1Gi'"));
    });
  }
}
