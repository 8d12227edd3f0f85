package dev.slipway.core.model;

/** Horizontal autoscaling between {@code min} and {@code max} replicas at a CPU utilisation target. */
public record Autoscale(int min, int max, int cpuPercent, SourceLocation location) {}
