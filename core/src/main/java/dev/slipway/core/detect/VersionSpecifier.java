package dev.slipway.core.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a version constraint as pip (PEP 440: {@code ==1.1.4}, {@code <2.2}, {@code ~=2.1}) or
 * Poetry ({@code ^1.1}, {@code ~2.1}, a bare {@code 2.0.3}) writes it, to answer one question:
 * does it rule out every version from some release on? A feature that arrived in that release
 * is then missing for certain.
 */
final class VersionSpecifier {

  private static final Pattern CLAUSE = Pattern.compile("^(~=|===|==|!=|<=|>=|<|>|\\^|~)?\\s*v?([0-9][0-9A-Za-z.*+!-]*)$");

  private VersionSpecifier() {}

  /** Whether every version {@code specifier} allows is older than {@code release}, e.g. {@code <2.2} and {@code 2.2}. */
  static boolean onlyBelow(String specifier, String release) {
    List<Integer> bound = numbers(release);
    for (String clause : specifier.split("[,|]")) {
      Matcher matcher = CLAUSE.matcher(clause.strip());
      if (matcher.matches() && upperBound(matcher.group(1) == null ? "" : matcher.group(1), matcher.group(2))
          .map(upper -> compare(upper.version(), bound) < 0 || (compare(upper.version(), bound) == 0 && !upper.inclusive()))
          .orElse(false)) {
        return true;
      }
    }
    return false;
  }

  /** The highest version a clause allows; inclusive when that version itself is allowed. */
  private record Upper(List<Integer> version, boolean inclusive) {}

  private static Optional<Upper> upperBound(String operator, String version) {
    boolean wildcard = version.endsWith(".*");
    List<Integer> numbers = numbers(version.replace(".*", ""));
    if (version.equals("*")) {
      return Optional.empty();
    }
    return switch (operator) {
      // ==2.1.* allows 2.1.x only.
      case "==", "===", "" -> Optional.of(wildcard ? new Upper(bumped(numbers, numbers.size() - 1), false) : new Upper(numbers, true));
      case "<" -> Optional.of(new Upper(numbers, false));
      case "<=" -> Optional.of(new Upper(numbers, true));
      // ~=2.1 allows 2.x from 2.1; ~=2.1.3 allows 2.1.x from 2.1.3.
      case "~=" -> numbers.size() < 2 ? Optional.empty() : Optional.of(new Upper(bumped(numbers, numbers.size() - 2), false));
      // Poetry: ^1.2.3 allows below 2.0.0, ^0.2.3 below 0.3.0, ^0.0.3 below 0.0.4.
      case "^" -> Optional.of(new Upper(bumped(numbers, firstNonZero(numbers)), false));
      // Poetry: ~1.2.3 and ~1.2 allow below 1.3, ~1 below 2.
      case "~" -> Optional.of(new Upper(bumped(numbers, Math.min(1, numbers.size() - 1)), false));
      default -> Optional.empty();
    };
  }

  private static int firstNonZero(List<Integer> numbers) {
    for (int i = 0; i < numbers.size(); i++) {
      if (numbers.get(i) != 0) {
        return i;
      }
    }
    return numbers.size() - 1;
  }

  /** {@code numbers} up to {@code index}, that one plus one: the first release the clause excludes. */
  private static List<Integer> bumped(List<Integer> numbers, int index) {
    List<Integer> next = new ArrayList<>(numbers.subList(0, index + 1));
    next.set(index, next.get(index) + 1);
    return next;
  }

  /** The release numbers of a version, e.g. 2, 1, 3 of {@code 2.1.3rc1}; pre-releases count as their release. */
  private static List<Integer> numbers(String version) {
    List<Integer> numbers = new ArrayList<>();
    for (String part : version.replaceFirst("^\\d+!", "").split("\\.")) {
      Matcher digits = Pattern.compile("^\\d+").matcher(part);
      if (!digits.find()) {
        break;
      }
      numbers.add(Integer.parseInt(digits.group()));
      if (digits.end() < part.length()) {
        break;
      }
    }
    if (numbers.isEmpty()) {
      numbers.add(0);
    }
    return numbers;
  }

  private static int compare(List<Integer> a, List<Integer> b) {
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      int x = i < a.size() ? a.get(i) : 0;
      int y = i < b.size() ? b.get(i) : 0;
      if (x != y) {
        return Integer.compare(x, y);
      }
    }
    return 0;
  }
}
