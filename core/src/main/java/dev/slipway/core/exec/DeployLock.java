package dev.slipway.core.exec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * The exclusive deploy lock of one environment: a file holding who took it (pid, host, time).
 * A lock whose holder is a process of this host that no longer runs is stale and is taken over,
 * so a killed deploy never blocks the next one. Holders on other hosts are never second-guessed.
 */
public final class DeployLock implements AutoCloseable {

  private final Path file;
  private final Holder self;
  private boolean released;

  /** Who holds a lock. */
  public record Holder(long pid, String host, Instant since) {
    @Override
    public String toString() {
      return "pid " + pid + " on " + host + " since " + since;
    }
  }

  private DeployLock(Path file, Holder self) {
    this.file = file;
    this.self = self;
  }

  /** @throws LockHeld naming the holder when another live process has it */
  public static DeployLock acquire(Path file) {
    Holder self = new Holder(ProcessHandle.current().pid(), hostName(), Instant.now());
    try {
      Files.createDirectories(file.getParent());
      for (int attempt = 0; attempt < 3; attempt++) {
        try {
          Files.writeString(file, serialise(self), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          return new DeployLock(file, self);
        } catch (FileAlreadyExistsException taken) {
          Optional<Holder> holder = read(file);
          if (holder.isPresent() && !isStale(holder.get(), self.host())) {
            throw new LockHeld("the deploy lock " + file + " is held by " + holder.get()
                + ": wait for that deploy to finish, or remove the file if you are sure it is gone");
          }
          // Stale (its process is gone) or unreadable (a crash while writing): take it over.
          Files.deleteIfExists(file);
        }
      }
      throw new LockHeld("the deploy lock " + file + " keeps changing hands: another deploy is starting at the same time");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot take the deploy lock " + file + ": " + e.getMessage(), e);
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

  static boolean isStale(Holder holder, String thisHost) {
    return holder.host().equals(thisHost) && ProcessHandle.of(holder.pid()).map(p -> !p.isAlive()).orElse(true);
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
        throw new UncheckedIOException("cannot release the deploy lock " + file, e);
      }
    }
  }

  private static String serialise(Holder holder) {
    return "pid=" + holder.pid() + "\nhost=" + holder.host() + "\nsince=" + holder.since() + "\n";
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("localhost");
    }
  }
}
