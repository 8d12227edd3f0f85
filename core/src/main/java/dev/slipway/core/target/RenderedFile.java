package dev.slipway.core.target;

/**
 * One rendered file.
 *
 * @param path where it goes, relative to the output directory
 */
public record RenderedFile(String path, String content) {}
