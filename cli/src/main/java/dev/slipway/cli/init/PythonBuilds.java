package dev.slipway.cli.init;

import dev.slipway.core.image.DependencyFile;
import dev.slipway.core.model.ShellWords;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a Compose {@code build:} is a Python app that a {@code python { }} block builds instead,
 * and what of its Dockerfile such a build keeps.
 */
final class PythonBuilds {

  /** Files that mark a directory as a Python project. */
  static final List<String> PROJECT_FILES = List.of("requirements.txt", "pyproject.toml", "uv.lock", "poetry.lock", "setup.py", "Pipfile", "manage.py");

  /** Variables Slipway's image sets itself, so a Dockerfile's are not repeated. */
  private static final Set<String> SET_BY_SLIPWAY = Set.of("PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE");

  /** Variables that would point Python away from the dependencies Slipway's image installs. */
  static final Set<String> BREAKS_SLIPWAY_IMAGE = Set.of("PATH", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV");

  private static final Pattern PYTHON_TAG = Pattern.compile("^(3\\.[0-9]{1,2})(?:[.-].*)?$");
  private static final Pattern REQUIREMENTS = Pattern.compile("(?:^|\\s)(?:-r|--requirement)(?:\\s+|=)(\\S+)");
  private static final Pattern PIP_INSTALL = Pattern.compile("^(?:\\S*python[0-9.]*\\s+-m\\s+)?\\S*pip[0-9.]*\\s+install\\b(.*)$");
  private static final Set<String> FLAGS_WITH_VALUES =
      Set.of("-r", "--requirement", "-c", "--constraint", "-i", "--index-url", "--extra-index-url", "-f", "--find-links", "-t", "--target", "--prefix", "--root");
  private static final Set<String> TOOLING = Set.of("pip", "setuptools", "wheel", "uv", "poetry", "pipenv", ".", "./");
  private static final Pattern OTHER_INSTALLERS = Pattern.compile("^(?:poetry\\s+(?:install|config)|uv\\s+(?:sync|pip\\s+install)|pipenv\\s+install)\\b.*");
  private static final Pattern LOCAL_URL = Pattern.compile("^https?://(?:localhost|127\\.0\\.0\\.1|0\\.0\\.0\\.0)(?::([0-9]+))?(/\\S*)?$");
  private static final Set<String> PROBE_FLAGS_WITH_VALUES =
      Set.of("-o", "-O", "-m", "--max-time", "-T", "--timeout", "--output", "--output-document", "-w", "--connect-timeout", "--retry", "-t", "--tries");

  private static final Pattern URLOPEN =
      Pattern.compile("\\s*import urllib\\.request\\s*;\\s*urllib\\.request\\.urlopen\\(\\s*['\"]([^'\"]+)['\"]\\s*(?:,\\s*timeout\\s*=\\s*[0-9.]+\\s*)?\\)\\s*;?\\s*");

  private PythonBuilds() {}

  /**
   * A Dockerfile builds a Python app when it starts from a Python image, or when the context is a
   * Python project and the Dockerfile runs pip or Python.
   */
  static boolean isPython(Path contextDir, Dockerfile dockerfile) {
    String image = dockerfile.baseImage().replaceFirst("@.*$", "");
    String repository = image.substring(image.lastIndexOf('/') + 1).replaceFirst(":.*$", "");
    if (repository.startsWith("python")) {
      return true;
    }
    boolean projectFiles = PROJECT_FILES.stream().anyMatch(file -> Files.isRegularFile(contextDir.resolve(file)));
    boolean runsPython = dockerfile.run().stream().anyMatch(step -> step.contains("pip ") || step.contains("python"))
        || dockerfile.startCommand().map(c -> c.matches(".*\\b(python[0-9.]*|gunicorn|uvicorn|flask|daphne)\\b.*")).orElse(false);
    return projectFiles && runsPython;
  }

  /** {@code python:3.11-slim} → {@code 3.11}; empty for a tag without a minor version. */
  static Optional<String> version(String baseImage) {
    String image = baseImage.replaceFirst("@.*$", "");
    String last = image.substring(image.lastIndexOf('/') + 1);
    int colon = last.indexOf(':');
    if (!last.startsWith("python") || colon < 0) {
      return Optional.empty();
    }
    Matcher m = PYTHON_TAG.matcher(last.substring(colon + 1));
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  static boolean setBySlipway(String variable) {
    return SET_BY_SLIPWAY.contains(variable) || variable.startsWith("PIP_");
  }

  /** The requirements file a {@code RUN pip install -r FILE} reads, as the Dockerfile names it. */
  static Optional<String> requirementsInstalled(String step) {
    Matcher m = REQUIREMENTS.matcher(step);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** Whether Slipway would find {@code file} on its own in {@code contextDir}, so the script need not name it. */
  static boolean isDetectedDependencyFile(Path contextDir, Path file) {
    return DependencyFile.detect(contextDir, ".").map(d -> contextDir.resolve(d.path()).normalize().equals(file.normalize())).orElse(false);
  }

  /**
   * Whether a {@code RUN} step only installs the dependency file or the project itself, which
   * Slipway's build does from the dependency file; a step that also installs named packages,
   * or does anything else, is not.
   */
  static boolean installsProjectOrPip(String step) {
    for (String command : step.split("&&|;")) {
      String trimmed = command.trim();
      if (trimmed.isEmpty() || OTHER_INSTALLERS.matcher(trimmed).matches()) {
        continue;
      }
      Matcher pip = PIP_INSTALL.matcher(trimmed);
      if (!pip.matches() || !onlyTooling(pip.group(1))) {
        return false;
      }
    }
    return true;
  }

  private static boolean onlyTooling(String arguments) {
    String[] words = arguments.trim().split("\\s+");
    for (int i = 0; i < words.length; i++) {
      String word = words[i];
      if (word.isEmpty()) {
        continue;
      }
      if (FLAGS_WITH_VALUES.contains(word)) {
        i++;
      } else if (!word.startsWith("-") && !TOOLING.contains(word.replaceFirst("[<>=!~].*$", ""))) {
        return false;
      }
    }
    return true;
  }

  /**
   * A check that fetches a local URL with curl or wget, or with Python's urllib, as Slipway's
   * {@code http(path, port)}: the Python image has neither tool, and Slipway probes HTTP from
   * Python itself.
   */
  static Optional<Draft.HttpCheck> httpProbe(String line) {
    String command = line.trim().replaceFirst("\\s*\\|\\|\\s*exit(\\s+1)?\\s*$", "");
    Optional<List<String>> split = ShellWords.split(command);
    if (split.isEmpty() || split.get().isEmpty()) {
      return Optional.empty();
    }
    if (split.get().size() == 3 && split.get().get(0).matches("python[0-9.]*") && split.get().get(1).equals("-c")) {
      return urlopen(split.get().get(2));
    }
    if (!Set.of("curl", "wget").contains(split.get().get(0))) {
      return Optional.empty();
    }
    Optional<Draft.HttpCheck> found = Optional.empty();
    List<String> words = split.get();
    for (int i = 1; i < words.size(); i++) {
      String word = words.get(i);
      Matcher url = LOCAL_URL.matcher(word);
      if (url.matches()) {
        if (found.isPresent()) {
          return Optional.empty();
        }
        int port = url.group(1) == null ? 80 : Integer.parseInt(url.group(1));
        found = Optional.of(new Draft.HttpCheck(url.group(2) == null ? "/" : url.group(2), port));
      } else if (PROBE_FLAGS_WITH_VALUES.contains(word)) {
        i++;
      } else if (!word.startsWith("-")) {
        return Optional.empty();
      }
    }
    return found;
  }

  /** {@code import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health')}: what Slipway's own http check runs. */
  private static Optional<Draft.HttpCheck> urlopen(String program) {
    Matcher m = URLOPEN.matcher(program);
    if (!m.matches()) {
      return Optional.empty();
    }
    Matcher url = LOCAL_URL.matcher(m.group(1));
    if (!url.matches()) {
      return Optional.empty();
    }
    return Optional.of(new Draft.HttpCheck(url.group(2) == null ? "/" : url.group(2), url.group(1) == null ? 80 : Integer.parseInt(url.group(1))));
  }
}
