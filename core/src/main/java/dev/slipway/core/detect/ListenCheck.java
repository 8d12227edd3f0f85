package dev.slipway.core.detect;

import dev.slipway.core.detect.PythonSource.Arguments;
import dev.slipway.core.detect.PythonSource.Block;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Whether a start command serves where the service says it listens. Nothing answers on the
 * service's port when the app binds another one, or binds 127.0.0.1, which only the container
 * itself reaches: both show up only as a health check that never passes, so they are found here.
 *
 * <p>Read: the bind options of gunicorn, uvicorn, hypercorn, daphne, {@code flask run} and
 * {@code manage.py runserver} when they are literal; and for {@code python file.py} or {@code
 * python -m module}, the {@code app.run(...)}, {@code uvicorn.run(...)}, {@code socketio.run(...)}
 * or {@code web.run_app(...)} call under the module's {@code if __name__ == '__main__':} (or in
 * the function it calls). A value read from the environment ({@code os.environ.get('PORT')}) or
 * too dynamic to read is trusted.
 */
public final class ListenCheck {

  /** What is wrong: the port (reported at the service's port) or the host (at its python block). */
  public enum Kind {
    PORT,
    HOST
  }

  public record Finding(Kind kind, String message) {}

  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1", "[::1]");
  private static final Pattern PYTHON = Pattern.compile("(?:.*/)?python(?:\\d+(?:\\.\\d+)?)?");

  /** A server started from Python code, and where it binds when the call does not say. */
  private enum Runner {
    FLASK("app.run", 0, 1, "127.0.0.1", 5000),
    UVICORN("uvicorn.run", 1, 2, "127.0.0.1", 8000),
    SOCKETIO("socketio.run", 1, 2, "127.0.0.1", 5000),
    AIOHTTP("web.run_app", 1, 2, "0.0.0.0", 8080);

    final String label;
    final int hostPosition;
    final int portPosition;
    final String defaultHost;
    final int defaultPort;

    Runner(String label, int hostPosition, int portPosition, String defaultHost, int defaultPort) {
      this.label = label;
      this.hostPosition = hostPosition;
      this.portPosition = portPosition;
      this.defaultHost = defaultHost;
      this.defaultPort = defaultPort;
    }
  }

  private static final Pattern RUN_CALL = Pattern.compile("(?<![\\w.])([A-Za-z_][\\w.]*?)(?:\\(\\s*\\))?\\.(run|run_app)\\s*\\(|(?<![\\w.])(run_app)\\s*\\(");

  private ListenCheck() {}

  /**
   * @param importRoot where {@code python -m} finds modules, below the source
   * @param ports the ports the service listens on; with none, nothing is checked
   */
  public static List<Finding> check(Path sourceDir, Optional<String> importRoot, String command, List<Integer> ports) {
    List<Finding> findings = new ArrayList<>();
    if (ports.isEmpty()) {
      return findings;
    }
    for (List<String> words : commands(command)) {
      check(sourceDir, importRoot, words, ports, findings);
    }
    return findings;
  }

  private static void check(Path sourceDir, Optional<String> importRoot, List<String> words, List<Integer> ports, List<Finding> findings) {
    int at = 0;
    while (at < words.size() && (words.get(at).matches("[A-Za-z_]\\w*=.*") || words.get(at).equals("exec"))) {
      at++;
    }
    if (at >= words.size()) {
      return;
    }
    String program = words.get(at).replaceFirst("^.*/", "");
    List<String> arguments = words.subList(at + 1, words.size());
    if (PYTHON.matcher(words.get(at)).matches()) {
      python(sourceDir, importRoot, arguments, ports, findings);
      return;
    }
    String shown = String.join(" ", words.subList(at, words.size()));
    switch (program) {
      case "gunicorn", "hypercorn" -> binds(shown, options(arguments, "-b", "--bind"), ports, findings);
      case "uvicorn" -> hostAndPort(shown, options(arguments, "--host"), options(arguments, "--port"), ports, findings);
      case "daphne" -> hostAndPort(shown, options(arguments, "-b", "--bind"), options(arguments, "-p", "--port"), ports, findings);
      case "flask" -> {
        if (arguments.contains("run")) {
          hostAndPort(shown, options(arguments, "-h", "--host"), options(arguments, "-p", "--port"), ports, findings);
        }
      }
      case "waitress-serve" -> binds(shown, options(arguments, "--listen"), ports, findings);
      default -> {}
    }
  }

  private static void python(Path sourceDir, Optional<String> importRoot, List<String> arguments, List<Integer> ports, List<Finding> findings) {
    int at = 0;
    while (at < arguments.size() && arguments.get(at).startsWith("-") && !arguments.get(at).equals("-m") && !arguments.get(at).equals("-c")) {
      at += arguments.get(at).equals("-X") || arguments.get(at).equals("-W") ? 2 : 1;
    }
    if (at >= arguments.size() || arguments.get(at).equals("-c")) {
      return;
    }
    if (arguments.get(at).equals("-m")) {
      if (at + 1 >= arguments.size()) {
        return;
      }
      String module = arguments.get(at + 1);
      List<String> rest = arguments.subList(at + 2, arguments.size());
      if (Set.of("gunicorn", "uvicorn", "flask", "daphne", "hypercorn").contains(module)) {
        List<String> asProgram = new ArrayList<>(List.of(module));
        asProgram.addAll(rest);
        check(sourceDir, importRoot, asProgram, ports, findings);
        return;
      }
      moduleFile(sourceDir, importRoot, module).ifPresent(file -> script(sourceDir, file, ports, findings));
      return;
    }
    String file = arguments.get(at).replaceFirst("^/app/", "");
    if (file.endsWith("manage.py")) {
      runserver(String.join(" ", arguments), arguments.subList(at + 1, arguments.size()), ports, findings);
      return;
    }
    Path script = sourceDir.resolve(file);
    if (file.endsWith(".py") && Files.isRegularFile(script)) {
      script(sourceDir, script, ports, findings);
    }
  }

  private static Optional<Path> moduleFile(Path sourceDir, Optional<String> importRoot, String module) {
    Path base = sourceDir.resolve(importRoot.orElse("")).resolve(module.replace('.', '/'));
    return Stream.of(base.resolveSibling(base.getFileName() + ".py"), base.resolve("__main__.py")).filter(Files::isRegularFile).findFirst();
  }

  /** {@code manage.py runserver [addr:]port}: Django binds 127.0.0.1:8000 unless told. */
  private static void runserver(String shown, List<String> arguments, List<Integer> ports, List<Finding> findings) {
    int command = arguments.indexOf("runserver");
    if (command < 0) {
      return;
    }
    Optional<String> address = arguments.subList(command + 1, arguments.size()).stream().filter(a -> !a.startsWith("-")).findFirst();
    String bind = address.orElse("127.0.0.1:8000");
    String host = bind.contains(":") && !bind.matches("\\d+") ? bind.substring(0, bind.lastIndexOf(':')) : "127.0.0.1";
    String port = bind.contains(":") ? bind.substring(bind.lastIndexOf(':') + 1) : bind;
    if (host.equals("0")) {
      host = "0.0.0.0";
    }
    String how = "`" + shown + "`" + (address.isEmpty() ? " (runserver's default 127.0.0.1:8000)" : "");
    literalHost(how, host, "runserver 0.0.0.0:" + ports.get(0), findings);
    literalPort(how, port, ports, "runserver 0.0.0.0:" + ports.get(0), findings);
  }

  private static void binds(String shown, List<String> binds, List<Integer> ports, List<Finding> findings) {
    List<String> literal = binds.stream().filter(b -> !b.contains("$") && b.matches(".*:\\d+")).toList();
    if (literal.isEmpty() || literal.size() != binds.size()) {
      return;
    }
    if (literal.stream().noneMatch(b -> ports.contains(Integer.parseInt(b.substring(b.lastIndexOf(':') + 1))))) {
      String bind = literal.get(0);
      literalPort("`" + shown + "`", bind.substring(bind.lastIndexOf(':') + 1), ports, "0.0.0.0:" + ports.get(0), findings);
    }
    if (literal.stream().allMatch(b -> LOOPBACK.contains(b.substring(0, b.lastIndexOf(':'))))) {
      String bind = literal.get(0);
      literalHost("`" + shown + "`", bind.substring(0, bind.lastIndexOf(':')), "0.0.0.0:" + ports.get(0), findings);
    }
  }

  private static void hostAndPort(String shown, List<String> hosts, List<String> portOptions, List<Integer> ports, List<Finding> findings) {
    hosts.stream().reduce((a, b) -> b).ifPresent(host -> literalHost("`" + shown + "`", host, "0.0.0.0", findings));
    portOptions.stream().reduce((a, b) -> b).ifPresent(port -> literalPort("`" + shown + "`", port, ports, String.valueOf(ports.get(0)), findings));
  }

  private static void literalHost(String how, String host, String fix, List<Finding> findings) {
    if (LOOPBACK.contains(host)) {
      findings.add(new Finding(Kind.HOST, how + " listens on " + host + ", which only the container itself reaches: bind " + fix));
    }
  }

  private static void literalPort(String how, String port, List<Integer> ports, String fix, List<Finding> findings) {
    if (port.matches("\\d+") && !ports.contains(Integer.parseInt(port))) {
      findings.add(new Finding(Kind.PORT, how + " serves on port " + port + ", but the service's port is " + ports.get(0)
          + ": write `port " + port + "` for the service, or bind " + fix + " ($PORT also works: the container's PORT is " + ports.get(0) + ")"));
    }
  }

  /** Values of an option, written {@code -b X}, {@code --bind X}, {@code --bind=X} or {@code -bX}. */
  private static List<String> options(List<String> arguments, String... names) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < arguments.size(); i++) {
      String argument = arguments.get(i);
      for (String name : names) {
        if (argument.equals(name) && i + 1 < arguments.size()) {
          values.add(arguments.get(i + 1));
        } else if (argument.startsWith(name + "=")) {
          values.add(argument.substring(name.length() + 1));
        } else if (name.length() == 2 && argument.startsWith(name) && argument.length() > 2 && !argument.startsWith("--")) {
          values.add(argument.substring(2));
        }
      }
    }
    return values;
  }

  /** The run call under the main guard, or in a function the guard calls, checked against the ports. */
  private static void script(Path sourceDir, Path file, List<Integer> ports, List<Finding> findings) {
    PythonSource source = PythonSource.read(sourceDir, file);
    Optional<Block> guard = source.mainGuard();
    if (guard.isEmpty()) {
      return;
    }
    List<Block> places = new ArrayList<>(List.of(guard.get()));
    Matcher called = Pattern.compile("(?<![\\w.])([A-Za-z_]\\w*)\\s*\\(").matcher(source.code).region(guard.get().start(), guard.get().end());
    while (called.find()) {
      source.function(called.group(1)).ifPresent(places::add);
    }
    for (Block place : places) {
      Matcher run = RUN_CALL.matcher(source.code).region(place.start(), place.end());
      while (run.find()) {
        Optional<Runner> runner = runner(source, run);
        if (runner.isPresent()) {
          int open = source.code.indexOf('(', run.end() - 1);
          check(source, runner.get(), source.arguments(open), run.start(), ports, findings);
          return;
        }
      }
    }
  }

  private static Optional<Runner> runner(PythonSource source, Matcher run) {
    if (run.group(3) != null || "run_app".equals(run.group(2))) {
      return source.imports("aiohttp") ? Optional.of(Runner.AIOHTTP) : Optional.empty();
    }
    String receiver = run.group(1);
    if (receiver.equals("uvicorn")) {
      return Optional.of(Runner.UVICORN);
    }
    if (source.imports("flask_socketio") && Pattern.compile("(?m)^\\s*" + Pattern.quote(receiver) + "\\s*=\\s*(?:[\\w.]+\\.)?SocketIO\\(").matcher(source.code).find()) {
      return Optional.of(Runner.SOCKETIO);
    }
    if (source.imports("flask") && !Set.of("asyncio", "subprocess", "trio", "anyio").contains(receiver)) {
      return Optional.of(Runner.FLASK);
    }
    return Optional.empty();
  }

  private static void check(PythonSource source, Runner runner, Arguments arguments, int offset, List<Integer> ports, List<Finding> findings) {
    String where = source.path + ":" + arguments.line() + " (" + runner.label + ")";
    Optional<String> hostExpression = arguments.get("host", runner.hostPosition).map(e -> source.valueOf(e, offset)).filter(e -> !e.equals("None"));
    Optional<String> portExpression = arguments.get("port", runner.portPosition).map(e -> source.valueOf(e, offset)).filter(e -> !e.equals("None"));
    String host = hostExpression.isEmpty() ? runner.defaultHost : PythonSource.stringValue(hostExpression.get()).orElse("");
    if (PythonSource.environmentVariable(hostExpression.orElse("")).isEmpty() && LOOPBACK.contains(host)) {
      findings.add(new Finding(Kind.HOST, where + " listens on " + host + (hostExpression.isEmpty() ? " (its default)" : "")
          + ", which only the container itself reaches: pass host='0.0.0.0'"));
    }
    if (portExpression.isPresent() && PythonSource.environmentVariable(portExpression.get()).isPresent()) {
      return; // read from the environment: PORT is set in the container, another variable is the author's business
    }
    String literal = portExpression.map(e -> e.replaceAll("^int\\s*\\((.*)\\)$", "$1").strip()).map(e -> PythonSource.stringValue(e).orElse(e)).orElse(String.valueOf(runner.defaultPort));
    if (literal.matches("\\d+") && !ports.contains(Integer.parseInt(literal))) {
      findings.add(new Finding(Kind.PORT, where + " serves on port " + literal + (portExpression.isEmpty() ? " (its default)" : "")
          + ", but the service's port is " + ports.get(0) + ": write `port " + literal + "` for the service, or read the PORT variable the container gets: port=int(os.environ.get('PORT', "
          + literal + "))"));
    }
  }

  /** The simple commands of a command line: split at {@code &&}, {@code ||}, {@code ;} and {@code |}, words unquoted. */
  static List<List<String>> commands(String line) {
    List<List<String>> commands = new ArrayList<>();
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c) || c == ';' || c == '&' || c == '|') {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
        if (c != ' ' && c != '\t' && !words.isEmpty()) {
          commands.add(words);
          words = new ArrayList<>();
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    if (!words.isEmpty()) {
      commands.add(words);
    }
    return commands;
  }
}
