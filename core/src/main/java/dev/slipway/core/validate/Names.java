package dev.slipway.core.validate;

import java.util.Locale;
import java.util.regex.Pattern;

/** The naming rules that every target shares, so a name valid on Compose is valid on Kubernetes. */
public final class Names {

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern ENV_VAR = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern CPU = Pattern.compile("([0-9]+m|[0-9]+(\\.[0-9]{1,3})?)");
  private static final Pattern MEMORY = Pattern.compile("[0-9]+(Ki|Mi|Gi|Ti|k|M|G|T)?");
  private static final Pattern PYTHON_VERSION = Pattern.compile("3\\.[0-9]{1,2}");

  private Names() {}

  /** A DNS-1123 label: lower-case letters, digits and '-', at most 63, alphanumeric at both ends. */
  public static boolean isDnsLabel(String name) {
    return name != null && name.length() <= 63 && DNS_LABEL.matcher(name).matches();
  }

  /** A DNS-1123 label rewritten to fit: lower case, other characters to '-', trimmed. */
  public static String toDnsLabel(String name) {
    String label = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+|-+$", "");
    return label.length() > 63 ? label.substring(0, 63).replaceAll("-+$", "") : label;
  }

  /**
   * What follows "is not a valid DNS-1123 label": the rule, and {@link #toDnsLabel} as the fix
   * unless nothing of the name is left to suggest ({@code '__'} would become {@code try ''}).
   */
  public static String dnsLabelHint(String name) {
    String label = toDnsLabel(name);
    return " (lower-case letters, digits and '-', at most 63)" + (label.isEmpty() ? "" : ": try '" + label + "'");
  }

  public static boolean isEnvironmentVariable(String name) {
    return name != null && ENV_VAR.matcher(name).matches();
  }

  /** A CPU quantity as both Compose and Kubernetes read it: {@code 500m}, {@code 0.5}, {@code 2}. */
  public static boolean isCpuQuantity(String text) {
    if (text == null || !CPU.matcher(text).matches()) {
      return false;
    }
    try {
      return cpuCores(text) > 0;
    } catch (NumberFormatException tooManyDigits) {
      return false;
    }
  }

  public static boolean isMemoryQuantity(String text) {
    return text != null && MEMORY.matcher(text).matches();
  }

  public static boolean isPythonVersion(String text) {
    return text != null && PYTHON_VERSION.matcher(text).matches();
  }

  /** {@code 500m} → 0.5. */
  public static double cpuCores(String quantity) {
    return quantity.endsWith("m")
        ? Long.parseLong(quantity.substring(0, quantity.length() - 1)) / 1000.0
        : Double.parseDouble(quantity);
  }
}
