package dev.slipway.core.target;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What targets open for the duration of one command and must close when it ends: a container
 * engine's API service started for the command, say. A target opens each thing once per command
 * ({@link #open}), however many of its methods the command calls; whoever made the {@link
 * DeployContext} closes it when the command ends (the CLI after each command, {@code
 * Slipway.deploy} after the deploy), which closes what was opened, last first.
 */
public final class CommandResources implements AutoCloseable {

  private final Map<Object, AutoCloseable> opened = new LinkedHashMap<>();
  private boolean closed;

  /**
   * The resource under {@code key}, opened by {@code opener} the first time it is asked for.
   *
   * @throws IllegalStateException once the command has ended
   */
  public synchronized <T extends AutoCloseable> T open(Object key, Class<T> type, Supplier<T> opener) {
    if (closed) {
      throw new IllegalStateException("the command has ended: its resources are closed");
    }
    AutoCloseable resource = opened.get(key);
    if (resource == null) {
      resource = opener.get();
      opened.put(key, resource);
    }
    return type.cast(resource);
  }

  /** Closes every resource, last opened first; the first failure is thrown once all were tried. */
  @Override
  public synchronized void close() {
    closed = true;
    List<AutoCloseable> resources = new ArrayList<>(opened.values());
    opened.clear();
    RuntimeException failure = null;
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        RuntimeException wrapped = e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getMessage(), e);
        if (failure == null) {
          failure = wrapped;
        } else {
          failure.addSuppressed(wrapped);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
