package dev.slipway.core.build;

import java.nio.file.Path;

/**
 * How a base image is written in a deploy script: {@code python:3.12-slim} (a registry),
 * {@code tar:///path/image.tar} or {@code tar:relative.tar} (a docker-save archive), or {@code
 * docker://name} (the local engine).
 */
public final class BaseImages {

  public static final String TAR_PREFIX = "tar:";
  public static final String ENGINE_PREFIX = "docker://";

  private BaseImages() {}

  public static boolean isTar(String base) {
    return base.startsWith(TAR_PREFIX);
  }

  public static boolean isEngine(String base) {
    return base.startsWith(ENGINE_PREFIX);
  }

  public static boolean isRegistry(String base) {
    return !isTar(base) && !isEngine(base);
  }

  /** The archive a {@code tar:} base names, relative paths against the project directory. */
  public static Path tarPath(String base, Path baseDir) {
    String path = base.substring(TAR_PREFIX.length()).replaceFirst("^//", "");
    return baseDir.resolve(path);
  }

  public static String engineName(String base) {
    return base.substring(ENGINE_PREFIX.length());
  }
}
