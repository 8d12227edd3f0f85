package dev.slipway.core.process;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs external commands. Output (standard output and errors, interleaved as written) is read
 * while the command runs, so a chatty command never blocks on a full pipe; a command that runs
 * past its limit, or whose caller is interrupted (Ctrl-C), is stopped together with every
 * process it started: each is asked to terminate, and killed if it is still there after a grace
 * period.
 */
public final class ProcessRunner {

  /** How long a stopped command and its children get to exit on their own before they are killed. */
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

  private static final ProcessRunner STANDARD = new ProcessRunner(DEFAULT_GRACE);

  private final Duration grace;

  private ProcessRunner(Duration grace) {
    this.grace = grace;
  }

  public static ProcessRunner standard() {
    return STANDARD;
  }

  /** A runner that kills a stopped command after {@code grace} rather than {@link #DEFAULT_GRACE}. */
  public static ProcessRunner withGrace(Duration grace) {
    return new ProcessRunner(grace);
  }

  /** A command that ran to its end. */
  public record Finished(int exitCode, String output) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  public Finished run(ExternalCommand command) throws IOException {
    return run(command, line -> {});
  }

  /**
   * Runs {@code command} to its end, handing each line of output to {@code eachLine} as it
   * arrives (on another thread) as well as collecting it. If {@code eachLine} throws, the
   * command is stopped and this throws what it threw.
   *
   * @throws ProcessTimeoutException when it ran past its limit; it was stopped
   * @throws InterruptedIOException when this thread was interrupted; the command was stopped and
   *     the thread's interrupt flag is set again
   * @throws IOException when it cannot start; the message names the command line
   */
  public Finished run(ExternalCommand command, Consumer<String> eachLine) throws IOException {
    Process process = start(command);
    OutputReader output = new OutputReader(process, eachLine, () -> stopTree(process));
    output.start();
    try {
      boolean ended;
      if (command.timeout().isPresent()) {
        ended = process.waitFor(command.timeout().get().toNanos(), TimeUnit.NANOSECONDS);
      } else {
        process.waitFor();
        ended = true;
      }
      if (!ended) {
        stopTree(process);
        output.awaitEnd(grace);
        throw new ProcessTimeoutException(command, output.text());
      }
    } catch (InterruptedException e) {
      stopTree(process);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(
          "`" + command.commandLine() + "` was interrupted; it and the processes it started were stopped");
    }
    // A process it left running in the background may hold the output open: its output is not ours to wait for.
    output.awaitEnd(grace);
    output.rethrowLineFailure();
    return new Finished(process.exitValue(), output.text());
  }

  /**
   * A program started by {@link #background} that runs beside Slipway until {@link #stop} (a
   * service a command needs for its duration).
   */
  public final class Background {

    private final Process watchdog;
    private final Path privateDir;

    private Background(Process watchdog, Path privateDir) {
      this.watchdog = watchdog;
      this.privateDir = privateDir;
    }

    /** The pid to stop it by: its watchdog's, whose only child it is. */
    public long pid() {
      return watchdog.pid();
    }

    public boolean isAlive() {
      return watchdog.isAlive();
    }

    /** What it has printed so far, standard output and errors together. */
    public String output() {
      try {
        return Files.readString(privateDir.resolve(OUTPUT));
      } catch (IOException e) {
        return "";
      }
    }

    /**
     * Asks it and everything it started to terminate, kills what is left after the grace period,
     * and removes its private directory.
     */
    public void stop() {
      stopTree(watchdog);
      try (Stream<Path> files = Files.walk(privateDir)) {
        for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      } catch (IOException e) {
        // Gone already (its watchdog removes it too), or left for the system's temporary-file cleaning.
      }
    }
  }

  private static final String OUTPUT = "output.log";

  /**
   * Starts {@code command} to run beside this JVM, owning {@code privateDir} (created by the
   * caller, mode 700), where its output goes. It runs in a session of its own, so the terminal's
   * Ctrl-C, which reaches the whole foreground process group, leaves it to Slipway to stop; and a
   * small shell watches this JVM and, once the JVM has ended however it ended, stops it and removes
   * {@code privateDir}: after the shutdown hooks, which may still need it (a deploy interrupted by
   * Ctrl-C restores the previous release through it), and even after a kill -9.
   *
   * @throws IOException when it cannot start; the message names the command line
   */
  public Background background(ExternalCommand command, Path privateDir) throws IOException {
    List<String> watched = new ArrayList<>();
    String path = command.environment().getOrDefault("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    // setsid is util-linux's (and busybox's); without it the program still runs, only Ctrl-C reaches it too.
    if (onPath("setsid", path)) {
      watched.add("setsid");
    }
    watched.addAll(List.of("sh", "-c", WATCHDOG, "slipway-watchdog", String.valueOf(ProcessHandle.current().pid()), privateDir.toString()));
    watched.addAll(command.arguments());
    ProcessBuilder builder = new ProcessBuilder(watched).directory(command.directory().toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(privateDir.resolve(OUTPUT).toFile()));
    builder.environment().putAll(command.environment());
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      return new Background(process, privateDir);
    } catch (IOException e) {
      throw new IOException("cannot run `" + command.commandLine() + "`: " + e.getMessage(), e);
    }
  }

  /**
   * {@code sh -c} script: runs its arguments after the first two (this JVM's pid, the private
   * directory) until either the program or the JVM ends; after the JVM, it stops the program and
   * removes the directory. A program that ended by itself leaves the directory to {@link
   * Background#stop}, whose caller may still want to read why.
   */
  private static final String WATCHDOG = String.join("\n",
      "jvm=$1; dir=$2; shift 2",
      "\"$@\" & child=$!",
      "while kill -0 \"$jvm\" 2>/dev/null && kill -0 \"$child\" 2>/dev/null; do sleep 1; done",
      "if ! kill -0 \"$jvm\" 2>/dev/null; then",
      "  kill \"$child\" 2>/dev/null; wait \"$child\"; rm -rf \"$dir\"",
      "fi");

  private static boolean onPath(String program, String path) {
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  private static Process start(ExternalCommand command) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command.arguments()).directory(command.directory().toFile()).redirectErrorStream(true);
    builder.environment().putAll(command.environment());
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      return process;
    } catch (IOException e) {
      throw new IOException("cannot run `" + command.commandLine() + "`: " + e.getMessage(), e);
    }
  }

  /**
   * Asks the process and all its descendants to terminate, then kills those still alive after
   * the grace period. The descendants are listed before anything is stopped: once a parent dies,
   * its children belong to init and can no longer be found from it.
   */
  private void stopTree(Process process) {
    List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
    tree.forEach(ProcessHandle::destroy);
    long end = System.nanoTime() + grace.toNanos();
    boolean interrupted = false;
    for (ProcessHandle handle : tree) {
      try {
        handle.onExit().get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException stillThere) {
        break;
      } catch (InterruptedException again) {
        // Asked to stop while stopping: skip the rest of the grace period.
        interrupted = true;
        break;
      }
    }
    // Children a terminating parent started are in the tree now, too.
    Stream.concat(tree.stream(), process.descendants()).filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Reads a process's output on its own thread, so that the process never waits on a full pipe. */
  private static final class OutputReader extends Thread {

    private final Process process;
    private final Consumer<String> eachLine;
    private final Runnable stopCommand;
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder line = new StringBuilder();
    private volatile RuntimeException lineFailure;

    OutputReader(Process process, Consumer<String> eachLine, Runnable stopCommand) {
      super("slipway-output-" + process.pid());
      setDaemon(true);
      this.process = process;
      this.eachLine = eachLine;
      this.stopCommand = stopCommand;
    }

    @Override
    public void run() {
      char[] buffer = new char[8192];
      try (Reader reader = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
        for (int read = reader.read(buffer); read >= 0; read = reader.read(buffer)) {
          append(buffer, read);
        }
      } catch (IOException closed) {
        // The process was stopped: what was read is all there is.
      }
      if (line.length() > 0) {
        deliver(line.toString());
      }
    }

    private void append(char[] buffer, int length) {
      synchronized (text) {
        text.append(buffer, 0, length);
      }
      for (int i = 0; i < length; i++) {
        if (buffer[i] == '\n') {
          int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
          deliver(line.substring(0, end));
          line.setLength(0);
        } else {
          line.append(buffer[i]);
        }
      }
    }

    private void deliver(String complete) {
      if (lineFailure != null) {
        return;
      }
      try {
        eachLine.accept(complete);
      } catch (RuntimeException e) {
        // Nobody is left to hand the output to: stop the command rather than let it run unheard.
        lineFailure = e;
        stopCommand.run();
      }
    }

    void rethrowLineFailure() {
      if (lineFailure != null) {
        throw lineFailure;
      }
    }

    /** Waits up to {@code limit} for the output to end; a process that outlived its command may keep it open. */
    void awaitEnd(Duration limit) {
      try {
        join(Math.max(1, limit.toMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    String text() {
      synchronized (text) {
        return text.toString();
      }
    }
  }
}
