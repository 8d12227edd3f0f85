package dev.slipway.core.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Model objects for tests without the DSL, all written at line 1. Shared with adapter tests via the test-jar. */
public final class TestModel {

  public static final SourceLocation HERE = SourceLocation.at("deploy.groovy", 1);

  private TestModel() {}

  public static ServiceBuilder service(String name) {
    return ServiceBuilder.service(name, HERE);
  }

  /** A project with one environment {@code env} on {@code target}, no overrides. */
  public static Project project(String name, Path baseDir, TargetSpec target, Service... services) {
    Environment environment = new Environment("env", Optional.empty(), Optional.of(target), List.of(), HERE);
    return new Project(name, Optional.of("localhost:5000/" + name), List.of(services), List.of(environment), Pipeline.DEFAULT, baseDir, HERE, HERE);
  }
}
