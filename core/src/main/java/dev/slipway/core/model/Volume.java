package dev.slipway.core.model;

/** A named volume that outlives containers, mounted at {@code path}. */
public record Volume(String name, String path, String size, SourceLocation location) {

  public static final String DEFAULT_SIZE = "1Gi";
}
