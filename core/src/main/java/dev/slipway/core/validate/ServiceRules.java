package dev.slipway.core.validate;

import dev.slipway.core.build.BaseImages;
import dev.slipway.core.image.DependencyFile;
import dev.slipway.core.model.Autoscale;
import dev.slipway.core.model.BindMount;
import dev.slipway.core.model.DockerfileBuild;
import dev.slipway.core.model.HealthCheck;
import dev.slipway.core.model.Metrics;
import dev.slipway.core.model.Port;
import dev.slipway.core.model.Project;
import dev.slipway.core.model.ProjectFile;
import dev.slipway.core.model.PythonBuild;
import dev.slipway.core.model.Resources;
import dev.slipway.core.model.SecretRef;
import dev.slipway.core.model.Service;
import dev.slipway.core.model.SourceLocation;
import dev.slipway.core.model.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The rules one service must keep on its own: names, image, build, ports, health, secrets, volumes, tests, scaling. */
final class ServiceRules {

  private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern SIGNAL = Pattern.compile("(SIG)?[A-Z][A-Z0-9]+|[0-9]{1,2}");
  /** A Kubernetes ConfigMap holds at most 1 MiB, and a file becomes one there. */
  private static final long MAX_FILE_BYTES = 1024 * 1024;
  private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

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
    List<String> sources = new ArrayList<>();
    service.python().ifPresent(python -> sources.add("python { }"));
    service.image().ifPresent(image -> sources.add("image"));
    service.dockerfile().ifPresent(dockerfile -> sources.add("dockerfile"));
    if (sources.size() > 1) {
      String second = sources.get(1).equals("python { }") ? "python" : sources.get(1);
      report.add(
          service.origin(second),
          " has " + String.join(" and ", sources) + ": keep one (python builds an image from Python source, dockerfile from a Dockerfile, image runs a ready one)");
    } else if (sources.isEmpty()) {
      report.add(service.location(), " has none of python { }, image '...' and dockerfile '...': say how to get its image");
    }
    service.python().ifPresent(python -> checkPython(project, service, python, report));
    service.dockerfile().ifPresent(dockerfile -> checkDockerfile(project, dockerfile, report));
    checkContainer(project, service, report);
    service.image()
        .filter(image -> ImageReference.parse(image).isEmpty())
        .ifPresent(
            image ->
                report.add(
                    service.origin("image"),
                    ": image '" + image + "' is not a valid image reference, e.g. 'postgres:16' or 'ghcr.io/acme/api:1.2'"));
    checkPorts(service.ports(), report);
    service.health().ifPresent(health -> checkHealth(service, health, report));
    service.metrics().ifPresent(metrics -> checkMetrics(service, metrics, report));
    for (String key : service.env().keySet()) {
      if (!Names.isEnvironmentVariable(key)) {
        report.add(service.envOrigin(key), ": env '" + key + "' is not a valid variable name (letters, digits, '_')");
      }
    }
    checkSecrets(service.secrets(), report);
    Set<String> volumeNames = new HashSet<>();
    for (Volume volume : service.volumes()) {
      if (looksLikeHostPath(volume.name())) {
        report.add(
            volume.location(),
            ": volume '" + volume.name() + "' is a host path, and a volume takes a name: put a project file in read-only with file '"
                + volume.name() + "', '" + volume.path() + "', or mount a host directory (development, Compose only) with mount '"
                + volume.name() + "', '" + volume.path() + "'");
      } else if (!Names.isDnsLabel(volume.name())) {
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

  private static void checkDockerfile(Project project, DockerfileBuild build, ServiceReport report) {
    if (!Files.isRegularFile(project.baseDir().resolve(build.dockerfile()))) {
      report.add(build.location(), ": dockerfile '" + build.dockerfile() + "' does not exist (relative to " + project.script().file() + ")");
    }
    if (!Files.isDirectory(project.baseDir().resolve(build.context()))) {
      report.add(build.location(), ": dockerfile context '" + build.context() + "' is not a directory (relative to " + project.script().file() + ")");
    }
    build.args().keySet().stream()
        .filter(key -> !Names.isEnvironmentVariable(key))
        .forEach(key -> report.add(build.location(), ": dockerfile build arg '" + key + "' is not a valid name (letters, digits, '_')"));
  }

  /** What the container is given besides its image: command, signal, files, mounts, networks. */
  private static void checkContainer(Project project, Service service, ServiceReport report) {
    service.python().ifPresent(python -> {
      for (String keyword : List.of("command", "entrypoint")) {
        Optional<List<String>> words = keyword.equals("command") ? service.command() : service.entrypoint();
        words.ifPresent(given -> report.add(
            service.origin(keyword),
            ": " + keyword + " '" + String.join(" ", given) + "' is for image and dockerfile services; a Python service's start command goes"
                + " inside its build: python { source '" + python.source() + "'; command '" + String.join(" ", given)
                + "' } (a health check is written health command('...'))"));
      }
    });
    service.stopSignal()
        .filter(signal -> !SIGNAL.matcher(signal).matches())
        .ifPresent(signal -> report.add(service.origin("stopSignal"), ": stopSignal '" + signal + "' is not a signal name like 'SIGINT' or 'SIGQUIT'"));
    Set<String> targets = new HashSet<>();
    for (ProjectFile file : service.files()) {
      Path source = project.baseDir().resolve(file.source());
      if (Files.isDirectory(source)) {
        report.add(
            file.location(),
            ": file '" + file.source() + "' is a directory; file takes one file (write one line per file, or mount a directory in"
                + " development with mount)");
      } else if (!Files.isRegularFile(source)) {
        report.add(file.location(), ": file '" + file.source() + "' does not exist (relative to " + project.script().file() + ")");
      } else if (sizeOf(source) > MAX_FILE_BYTES) {
        report.add(file.location(), ": file '" + file.source() + "' is larger than 1 MiB, more than a Kubernetes ConfigMap holds: put it in the image");
      }
      checkContainerPath(file.target(), "file '" + file.source() + "'", file.location(), targets, report);
    }
    for (BindMount mount : service.mounts()) {
      if (!Files.exists(project.baseDir().resolve(mount.source()))) {
        report.add(mount.location(), ": mount '" + mount.source() + "' does not exist on this host (relative to " + project.script().file() + ")");
      }
      checkContainerPath(mount.target(), "mount '" + mount.source() + "'", mount.location(), targets, report);
    }
    Set<String> networks = new HashSet<>();
    for (String network : service.networks()) {
      if (!Names.isDnsLabel(network)) {
        report.add(service.origin("network"), ": network name '" + network + "' is not a valid DNS-1123 label" + Names.dnsLabelHint(network));
      } else if (!networks.add(network)) {
        report.add(service.origin("network"), " joins network '" + network + "' twice");
      }
    }
  }

  private static void checkContainerPath(String target, String what, SourceLocation where, Set<String> targets, ServiceReport report) {
    if (!target.startsWith("/")) {
      report.add(where, ": " + what + " must go to an absolute path in the container, not '" + target + "'");
    } else if (!targets.add(target)) {
      report.add(where, ": " + what + " goes to " + target + ", which another file or mount already takes");
    }
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  /** A volume name that is really a host path, as in a compose file's {@code ./data:/data}. */
  private static boolean looksLikeHostPath(String name) {
    return name.contains("/") || name.startsWith(".") || name.startsWith("~");
  }

  private static void checkPorts(List<Port> ports, ServiceReport report) {
    Set<Integer> seen = new HashSet<>();
    Set<String> names = new HashSet<>();
    for (Port port : ports) {
      List<Integer> numbers = port.isPublished() ? List.of(port.container(), port.published()) : List.of(port.container());
      for (int number : numbers) {
        if (number < 1 || number > 65535) {
          report.add(port.location(), ": port " + number + " is outside 1-65535");
        }
      }
      if (!seen.add(port.container())) {
        report.add(port.location(), " declares port " + port.container() + " twice");
      }
      port.name().ifPresent(name -> {
        if (!PORT_NAME.matcher(name).matches() || name.length() > 15) {
          report.add(
              port.location(),
              ": port name '" + name + "' is not a port name: at most 15 lower-case letters, digits and '-', with a letter, e.g. 'http'");
        } else if (!names.add(name)) {
          report.add(port.location(), " names two ports '" + name + "'");
        }
      });
    }
  }

  private static void checkMetrics(Service service, Metrics metrics, ServiceReport report) {
    if (!metrics.path().startsWith("/")) {
      report.add(metrics.location(), ": metrics path '" + metrics.path() + "' must start with '/', e.g. metrics '/metrics'");
    }
    if (metrics.port() == Metrics.FIRST_PORT && service.ports().isEmpty()) {
      report.add(metrics.location(), ": metrics '" + metrics.path() + "' needs a port: add `port 8000`, or metrics '" + metrics.path() + "', port: 9100 with expose 9100");
    } else if (metrics.port() != Metrics.FIRST_PORT && service.ports().stream().noneMatch(port -> port.container() == metrics.port())) {
      // A scraper reaches only ports the service declares: every target opens those and no others.
      report.add(metrics.location(), ": metrics port " + metrics.port() + " is not one of the service's ports: add expose " + metrics.port()
          + ", name: 'metrics'");
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
      report.add(where, ": health deadline must be positive");
    }
    HealthCheck.Timing timing = health.timing();
    if (timing.interval().compareTo(Duration.ZERO) <= 0 || timing.timeout().compareTo(Duration.ZERO) <= 0) {
      report.add(where, ": health interval and timeout must be positive seconds");
    }
    if (timing.retries() < 1) {
      report.add(where, ": health retries must be 1 or more, not " + timing.retries());
    }
    if (timing.startPeriod().isNegative()) {
      report.add(where, ": health startPeriod must be 0 or more seconds");
    }
  }

  private static void checkSecrets(List<SecretRef> secrets, ServiceReport report) {
    Set<String> names = new HashSet<>();
    Map<String, String> variables = new HashMap<>();
    for (SecretRef secret : secrets) {
      if (!SECRET_NAME.matcher(secret.name()).matches()) {
        report.add(
            secret.location(),
            ": secret name '" + secret.name() + "' cannot be used: it names the file /run/secrets/<name> and, upper-cased with '-' and"
                + " '.' as '_', the variable <NAME>_FILE, so it must start with a letter or '_' and hold only letters, digits, '_', '-'"
                + " and '.' (e.g. 'db-password' gives DB_PASSWORD_FILE)");
      } else {
        String other = variables.putIfAbsent(secret.fileVariable(), secret.name());
        if (other != null && !other.equals(secret.name())) {
          report.add(
              secret.location(),
              ": secrets '" + other + "' and '" + secret.name() + "' would both set " + secret.fileVariable() + ": rename one");
        }
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
