package dev.slipway.core.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything a deploy script declares: the result of evaluating it, and the only input the
 * planner reads.
 *
 * @param baseDir the script's directory; {@code source} and other paths are relative to it
 * @param script where the script itself is, for messages
 * @param insecureRegistry the registry may be spoken to over plain HTTP ({@code registry '...',
 *     insecure: true})
 * @param pip where pip looks for dependencies
 */
public record Project(
    String name,
    Optional<String> registry,
    List<Service> services,
    List<Environment> environments,
    Pipeline pipeline,
    Path baseDir,
    SourceLocation location,
    SourceLocation script,
    boolean insecureRegistry,
    PipSettings pip) {

  /** The environment a project without an {@code environments} block deploys to. */
  public static final String IMPLICIT_ENVIRONMENT = "dev";

  public Project {
    services = List.copyOf(services);
    environments = List.copyOf(environments);
  }

  /** A project with a secure registry and pip's defaults. */
  public Project(
      String name,
      Optional<String> registry,
      List<Service> services,
      List<Environment> environments,
      Pipeline pipeline,
      Path baseDir,
      SourceLocation location,
      SourceLocation script) {
    this(name, registry, services, environments, pipeline, baseDir, location, script, false, PipSettings.DEFAULTS);
  }

  public Optional<Service> service(String serviceName) {
    return services.stream().filter(s -> s.name().equals(serviceName)).findFirst();
  }

  public Optional<Environment> environment(String environmentName) {
    return environments.stream().filter(e -> e.name().equals(environmentName)).findFirst();
  }

  /** This project with {@code environment} in place of the one of the same name. */
  public Project withEnvironment(Environment environment) {
    List<Environment> replaced = environments.stream().map(e -> e.name().equals(environment.name()) ? environment : e).toList();
    return new Project(name, registry, services, replaced, pipeline, baseDir, location, script, insecureRegistry, pip);
  }
}
