package dev.slipway.core.build;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a failed {@code pip install} into the one line a user needs. pip says "No matching
 * distribution found" alike for a name that does not exist, a version that does not exist and a
 * distribution without a wheel for the image, so the index is asked which one it is.
 */
final class PipFailures {

  private static final Pattern NOT_FOUND = Pattern.compile("No matching distribution found for (\\S+)");
  private static final Pattern AVAILABLE = Pattern.compile("(?m)^Available versions:\\s*(.+)$");
  private static final List<String> UNREACHABLE = List.of(
      "NewConnectionError", "Failed to establish a new connection", "Temporary failure in name resolution",
      "Name or service not known", "NameResolutionError", "ConnectTimeoutError", "Read timed out", "SSLError", "ProxyError",
      "Connection refused", "Network is unreachable");
  private static final String SPECIFIER_FILTER =
      "import sys\n"
          + "from pip._vendor.packaging.requirements import Requirement\n"
          + "spec = Requirement(sys.argv[1]).specifier\n"
          + "print(' '.join(v for v in sys.argv[2:] if spec.contains(v, prereleases=True)))\n";

  private final String python;
  private final PipOptions pip;
  private final Path workingDirectory;

  PipFailures(String python, PipOptions pip, Path workingDirectory) {
    this.python = python;
    this.pip = pip;
    this.workingDirectory = workingDirectory;
  }

  static boolean missingWheel(String output) {
    return output.contains("No matching distribution found") || output.contains("Could not find a version that satisfies");
  }

  static boolean indexUnreachable(String output) {
    return UNREACHABLE.stream().anyMatch(output::contains);
  }

  /**
   * @param localBuild why building the missing distributions from source here failed, or empty
   */
  BuildFailure explain(String output, String localBuild, String describedAs, String pythonVersion, List<String> platforms) {
    Matcher notFound = NOT_FOUND.matcher(output);
    boolean named = notFound.find();
    if (indexUnreachable(output)) {
      String what = named ? "'" + notFound.group(1) + "' in " + describedAs : describedAs;
      return new RegistryFailure(
          "package index " + pip.describeIndex() + " unreachable while resolving " + what + " (" + networkCause(output) + "):"
              + " check the network or the index URL; offline, use a wheelhouse (pip { findLinks 'wheels'; noIndex() })");
    }
    if (!named) {
      return new BuildFailure("pip could not install " + describedAs + " for Python " + pythonVersion + ": " + DependencyResolver.firstError(output));
    }
    String requirement = notFound.group(1);
    String name = requirement.split("[<>=!~;\\[ ]", 2)[0];
    Optional<List<String>> versions = versionsOnIndex(name);
    if (versions.isEmpty()) {
      return new BuildFailure("requirement '" + requirement + "' in " + describedAs + ": no distribution named '" + name + "' on " + pip.describeIndex()
          + " (check the spelling on the index)");
    }
    List<String> matching = matching(requirement, versions.get());
    if (matching.isEmpty()) {
      List<String> newest = versions.get().subList(0, Math.min(8, versions.get().size()));
      return new BuildFailure("requirement '" + requirement + "' in " + describedAs + ": no such version of " + name + " on " + pip.describeIndex()
          + " (newest: " + String.join(", ", newest) + ")");
    }
    return new BuildFailure("requirement '" + requirement + "' in " + describedAs + ": " + name + " " + matching.get(0)
        + " has no wheel for the image (CPython " + pythonVersion + ", " + String.join(" or ", platforms) + ")"
        + (localBuild.isEmpty() ? ", and its source distribution does not build into a pure-Python wheel"
            : ", and building its source distribution here failed: " + localBuild)
        + "; pin a version that publishes wheels, or put a wheel built for the image in a wheelhouse (findLinks)");
  }

  /** Every version the index has of {@code name}, newest first, whatever the platform; empty when it has none. */
  private Optional<List<String>> versionsOnIndex(String name) {
    List<String> command = new ArrayList<>(List.of(python, "-m", "pip", "index", "versions", "--disable-pip-version-check", "--pre", name));
    command.addAll(pip.arguments());
    try {
      ProcessResult result = ProcessResult.run(command, workingDirectory);
      Matcher available = AVAILABLE.matcher(result.output());
      if (result.exitCode() != 0 || !available.find()) {
        return Optional.empty();
      }
      return Optional.of(List.of(available.group(1).strip().split(",\\s*")));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private List<String> matching(String requirement, List<String> versions) {
    List<String> command = new ArrayList<>(List.of(python, "-c", SPECIFIER_FILTER, requirement));
    command.addAll(versions);
    try {
      ProcessResult result = ProcessResult.run(command, workingDirectory);
      String out = result.output().strip();
      if (result.exitCode() != 0) {
        return versions; // cannot tell; the wheel explanation is the safer guess then
      }
      return out.isEmpty() ? List.of() : List.of(out.split(" "));
    } catch (IOException e) {
      return versions;
    }
  }

  private static String networkCause(String output) {
    for (String marker : List.of("Connection refused", "Temporary failure in name resolution", "Name or service not known",
        "Network is unreachable", "Read timed out", "timed out")) {
      if (output.contains(marker)) {
        return marker.toLowerCase();
      }
    }
    return DependencyResolver.firstError(output);
  }
}
