package dev.slipway.cli.init;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Compose's resource limits as the Kubernetes quantities Slipway's {@code resources} takes on every target. */
final class ComposeLimits {

  private static final Pattern MEMORY = Pattern.compile("(?i)([0-9]+(?:\\.[0-9]+)?)\\s*([bkmg]?)b?");

  private ComposeLimits() {}

  /** Compose's {@code cpus: '0.5'} as a Kubernetes quantity, {@code 500m}, which Slipway reads on every target. */
  static String cpus(YamlNode value) {
    String text = value.text("cpus");
    try {
      BigDecimal cores = new BigDecimal(text.trim());
      BigDecimal milli = cores.multiply(BigDecimal.valueOf(1000));
      if (cores.stripTrailingZeros().scale() <= 0) {
        return cores.stripTrailingZeros().toPlainString();
      }
      return milli.setScale(0, RoundingMode.CEILING).toPlainString() + "m";
    } catch (NumberFormatException e) {
      throw value.error("cpus '" + text + "' is not a number of CPUs like 0.5");
    }
  }

  /** Compose's {@code 512m} (powers of 1024) as a Kubernetes quantity, {@code 512Mi}. */
  static String memory(YamlNode value) {
    String text = value.text("memory");
    Matcher m = MEMORY.matcher(text.trim());
    if (!m.matches()) {
      throw value.error("memory '" + text + "' is not a size like 512m or 1g");
    }
    int power = "bkmg".indexOf(m.group(2).isEmpty() ? "b" : m.group(2).toLowerCase(Locale.ROOT));
    BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1024).pow(power)).setScale(0, RoundingMode.CEILING);
    String[] units = {"Gi", "Mi", "Ki"};
    for (int i = 0; i < units.length; i++) {
      BigDecimal factor = BigDecimal.valueOf(1024).pow(3 - i);
      BigDecimal[] division = bytes.divideAndRemainder(factor);
      if (bytes.signum() > 0 && division[1].signum() == 0) {
        return division[0].toPlainString() + units[i];
      }
    }
    return bytes.toPlainString();
  }
}
