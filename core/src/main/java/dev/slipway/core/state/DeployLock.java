package dev.slipway.core.state;

import dev.slipway.core.io.AtomicFiles;
import dev.slipway.core.process.ProcessId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * The exclusive deploy lock of one environment: a file holding who took it (pid, host, time).
 * A lock whose holder is a process of this host that no longer runs is stale and is taken over,
 * so a killed deploy never blocks the next one. Holders on other hosts are never second-guessed.
 */
public final class DeployLock implements EnvironmentLock {

  private final Path file;
  private final Holder self;
  private boolean released;

  /** Who holds a lock. */
  public record Holder(long pid, String host, Instant since) {
    public ProcessId process() {
      return new ProcessId(pid, host);
    }

    @Override
    public String toString() {
      return process() + " since " + since;
    }
  }

  /** The lock file of the environment whose state lives in {@code stateDir}. */
  public static Path file(Path stateDir) {
    return stateDir.resolve("deploy.lock");
  }

  private DeployLock(Path file, Holder self) {
    this.file = file;
    this.self = self;
  }

  /**
   * How long a lock file may be unreadable and still count as being written by its holder. The
   * lock appears with its content in one step, so only damage makes it unreadable for longer.
   */
  static final Duration UNREADABLE_GRACE = Duration.ofSeconds(10);

  /** @throws LockHeld naming the holder when another live process has it */
  public static DeployLock acquire(Path file) {
    ProcessId me = ProcessId.current();
    Holder self = new Holder(me.pid(), me.host(), Instant.now());
    try {
      Files.createDirectories(file.getParent());
      // Deciding that a lock is stale and replacing it must be one step for everybody: two deploys
      // that both found it stale would otherwise both win. The guard is an OS lock on a file of its
      // own, which the OS drops when its process dies, so it can never stick; threads of one JVM
      // cannot share such a lock and queue on the class instead.
      synchronized (DeployLock.class) {
        try (FileChannel guardFile = FileChannel.open(file.resolveSibling(file.getFileName() + ".guard"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock guard = guardFile.lock()) {
          if (create(file, self)) {
            return new DeployLock(file, self);
          }
          Optional<Holder> holder = read(file);
          if (holder.isEmpty() && Files.exists(file) && !Files.getLastModifiedTime(file).toInstant().isBefore(Instant.now().minus(UNREADABLE_GRACE))) {
            throw new LockHeld("the deploy lock " + file + " is being taken by another deploy right now: try again in a few seconds");
          }
          if (holder.isPresent() && !isStale(holder.get(), self.host())) {
            throw new LockHeld("the deploy lock " + file + " is held by " + holder.get()
                + ": wait for that deploy to finish, or remove the file if you are sure it is gone");
          }
          // Stale (its process is gone) or damaged for longer than a write takes: take it over.
          Files.deleteIfExists(file);
          if (create(file, self)) {
            return new DeployLock(file, self);
          }
          throw new LockHeld("the deploy lock " + file + " was taken by a deploy that does not use Slipway's guard (an older version?): try again");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot take the deploy lock " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Creates the lock with its content in one step: a private file written and synced first, then
   * hard-linked to the lock's name, which fails when the name exists. Nobody can see a lock
   * without its holder, and two deploys can never both create it.
   *
   * @return false when the lock exists
   */
  private static boolean create(Path file, Holder self) throws IOException {
    Path mine = file.resolveSibling(file.getFileName() + "." + self.pid() + "." + Thread.currentThread().getId() + ".new");
    try {
      Files.deleteIfExists(mine);
      AtomicFiles.createSynced(mine, serialise(self).getBytes(StandardCharsets.UTF_8));
      try {
        Files.createLink(file, mine);
        return true;
      } catch (FileAlreadyExistsException taken) {
        return false;
      } catch (UnsupportedOperationException noHardLinks) {
        // A file system without hard links: an exclusive create, with the content right after.
        try {
          Files.writeString(file, serialise(self), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          return true;
        } catch (FileAlreadyExistsException taken) {
          return false;
        }
      }
    } finally {
      Files.deleteIfExists(mine);
    }
  }

  public static Optional<Holder> read(Path file) {
    try {
      Properties properties = new Properties();
      properties.load(new java.io.StringReader(Files.readString(file, StandardCharsets.UTF_8)));
      return Optional.of(new Holder(
          Long.parseLong(properties.getProperty("pid")), properties.getProperty("host"), Instant.parse(properties.getProperty("since"))));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code holder} is a process of this host that no longer runs: its lock is taken over. */
  static boolean isStale(Holder holder, String thisHost) {
    return holder.process().isGone(thisHost);
  }

  @Override
  public synchronized void close() {
    if (released) {
      return;
    }
    released = true;
    // Only remove the lock if it is still ours; a takeover after a stall must not be undone.
    if (read(file).map(h -> h.pid() == self.pid() && h.host().equals(self.host())).orElse(false)) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // Left behind, it is stale as soon as this process ends, and the next deploy takes it over.
      }
    }
  }

  private static String serialise(Holder holder) {
    return "pid=" + holder.pid() + "\nhost=" + holder.host() + "\nsince=" + holder.since() + "\n";
  }
}
