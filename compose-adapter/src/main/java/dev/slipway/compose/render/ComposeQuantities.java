package dev.slipway.compose.render;

import dev.slipway.core.validate.Names;
import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kubernetes-style quantities, as the model holds them, rewritten in the units Compose reads. */
final class ComposeQuantities {

  private static final Pattern MEMORY = Pattern.compile("([0-9]+)(Ki|Mi|Gi|Ti|k|M|G|T)?");
  private static final Map<String, Long> MEMORY_FACTORS =
      Map.of(
          "Ki", 1L << 10, "Mi", 1L << 20, "Gi", 1L << 30, "Ti", 1L << 40,
          "k", 1_000L, "M", 1_000_000L, "G", 1_000_000_000L, "T", 1_000_000_000_000L);

  private ComposeQuantities() {}

  /** {@code 500m} → {@code 0.5}; {@code 2} → {@code 2}. */
  static String cpus(String quantity) {
    return BigDecimal.valueOf(Names.cpuCores(quantity)).stripTrailingZeros().toPlainString();
  }

  /**
   * {@code 512Mi} → {@code 512M}, {@code 1024Mi} → {@code 1G}. Compose's {@code k/M/G} are powers of
   * 1024, so Kubernetes' decimal {@code 500M} cannot be copied as written: it goes through bytes
   * and comes out as the largest binary unit that holds it exactly, or as plain bytes. Nothing
   * above {@code G} is used because docker-compose 1.x does not read {@code T}.
   */
  static String memory(String quantity) {
    Matcher m = MEMORY.matcher(quantity);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a memory quantity: '" + quantity + "'");
    }
    long bytes = Math.multiplyExact(Long.parseLong(m.group(1)), m.group(2) == null ? 1L : MEMORY_FACTORS.get(m.group(2)));
    for (String unit : new String[] {"G", "M", "K"}) {
      long factor = MEMORY_FACTORS.get(unit.equals("K") ? "Ki" : unit + "i");
      if (bytes != 0 && bytes % factor == 0) {
        return bytes / factor + unit;
      }
    }
    return Long.toString(bytes);
  }
}
