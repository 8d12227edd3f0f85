package dev.slipway.core.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How to build a service that is not Python from its own {@code Dockerfile}, with the local
 * engine: what jib cannot assemble (an nginx front, a Node tool) is still built and pushed like
 * the Python services.
 *
 * @param dockerfile the Dockerfile, relative to the script's directory
 * @param context the build context, relative to the script's directory
 * @param args build arguments ({@code --build-arg}), in the order written
 * @param target the build stage to stop at, when the Dockerfile has several
 */
public record DockerfileBuild(String dockerfile, String context, Map<String, String> args, Optional<String> target, SourceLocation location) {

  public DockerfileBuild {
    args = Collections.unmodifiableMap(new LinkedHashMap<>(args));
  }

  /** The context a Dockerfile gets when none is named: its own directory, as {@code docker build -f} users expect. */
  public static String defaultContext(String dockerfile) {
    int slash = dockerfile.lastIndexOf('/');
    return slash <= 0 ? "." : dockerfile.substring(0, slash);
  }
}
