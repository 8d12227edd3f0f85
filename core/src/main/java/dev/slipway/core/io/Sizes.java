package dev.slipway.core.io;

import java.util.Locale;

/** Byte counts for a person: {@code 0 B}, {@code 812 kB}, {@code 1.4 GB}, in powers of 1000 as {@code podman images} shows them. */
public final class Sizes {

  private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB"};

  private Sizes() {}

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
}
