package dev.slipway.core.io;

import java.util.Locale;

/** Byte counts for a person, in the units of what they are compared with. */
public final class Sizes {

  private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB"};
  private static final String[] BINARY_UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

  private Sizes() {}

  /** {@code 0 B}, {@code 812 kB}, {@code 1.4 GB}: powers of 1000, as {@code podman images} shows image sizes. */
  public static String human(long bytes) {
    double value = bytes;
    int unit = 0;
    while (value >= 1000 && unit < UNITS.length - 1) {
      value /= 1000;
      unit++;
    }
    if (unit == 0) {
      return bytes + " B";
    }
    return String.format(Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s", value, UNITS[unit]);
  }

  /**
   * {@code 512B}, {@code 21.5MiB}, {@code 512MiB}, {@code 1.5GiB}: powers of 1024, as memory limits
   * are written ({@code 128Mi}) and engines report memory in use.
   */
  public static String binary(long bytes) {
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < BINARY_UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    boolean whole = unit == 0 || value >= 100 || value == Math.rint(value);
    return String.format(Locale.ROOT, whole ? "%.0f" : "%.1f", value) + BINARY_UNITS[unit];
  }
}
