package dev.slipway.core.model;

import java.util.Locale;
import java.util.Optional;

/**
 * A secret the service needs, named by where its value comes from at deploy time, never by
 * the value itself. Exactly one of {@code fromEnv} and {@code fromFile} is set.
 *
 * <p>Every target exposes it the same way: a file {@code /run/secrets/NAME} and an environment
 * variable {@code NAME_FILE} holding that path.
 */
public record SecretRef(
    String name, Optional<String> fromEnv, Optional<String> fromFile, SourceLocation location) {

  public static final String MOUNT_DIR = "/run/secrets";

  public String mountPath() {
    return MOUNT_DIR + "/" + name;
  }

  /**
   * The environment variable that points the application at {@link #mountPath()}: the name as a
   * variable ({@code db-password} → {@code DB_PASSWORD_FILE}), so names are written as users name
   * their secret files and the application still finds them the conventional way.
   */
  public String fileVariable() {
    return variableStem(name) + "_FILE";
  }

  /** {@code db-password} → {@code DB_PASSWORD}: upper case, '-' and '.' as '_'. */
  public static String variableStem(String secretName) {
    return secretName.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
  }

  /** Human-readable origin, safe to print: names where the value lives, never the value. */
  public String describeSource() {
    return fromEnv.map(v -> "environment variable " + v).orElseGet(() -> "file " + fromFile.orElse("?"));
  }
}
