package dev.slipway.core.secret;

import dev.slipway.core.model.SecretRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where secret values are read from at plan and deploy time: environment variables, and files
 * relative to the project directory. Reading happens only on demand, so evaluating a script or
 * printing this object never touches a value.
 */
public final class SecretValues {

  private final Map<String, String> environment;
  private final Path baseDir;

  public SecretValues(Map<String, String> environment, Path baseDir) {
    this.environment = Map.copyOf(environment);
    this.baseDir = baseDir;
  }

  public Optional<String> valueOf(SecretRef secret) {
    if (secret.fromEnv().isPresent()) {
      return Optional.ofNullable(environment.get(secret.fromEnv().get()));
    }
    Path file = fileOf(secret);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read secret '" + secret.name() + "' from " + file, e);
    }
  }

  /**
   * Whether the secret's source exists here (its variable is set, its file is there), without
   * reading the value.
   */
  public boolean available(SecretRef secret) {
    return secret.fromEnv().map(environment::containsKey).orElseGet(() -> Files.isRegularFile(fileOf(secret)));
  }

  /** The file a {@code fromFile} secret is read from; meaningless for {@code fromEnv}. */
  public Path fileOf(SecretRef secret) {
    return baseDir.resolve(secret.fromFile().orElse(""));
  }

  @Override
  public String toString() {
    return "SecretValues[from environment and files under " + baseDir + "]";
  }
}
