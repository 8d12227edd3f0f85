package dev.slipway.cli.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.slipway.cli.ExitCode;
import dev.slipway.cli.SlipwayCommand;
import dev.slipway.cli.Workspace;
import dev.slipway.core.model.Project;
import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.model.Service;
import dev.slipway.core.model.ShellWords;
import dev.slipway.core.plan.Environments;
import dev.slipway.core.target.Targets;
import dev.slipway.core.testing.ContainerTools;
import dev.slipway.core.validate.Names;
import dev.slipway.dsl.DeployScripts;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code slipway init} then {@code slipway render --env dev} on each sample project must give a
 * Compose file that means what the project's own Compose file meant. Both go through Compose v2's
 * own {@code config}, which resolves paths, env files and variables the way a deploy would; what
 * Slipway does differently on purpose is normalised away (see {@link Normalised}), and everything
 * else is compared, including keys this test does not know, so a key init drops silently fails
 * it. What init reported as not translated is left out of the original; a fixture's {@code
 * round-trip-differences.txt} lists the differences that remain by design.
 */
class InitIT {

  private static final Pattern UNTRANSLATED = Pattern.compile("^.*?: service '([^']+)': ([A-Za-z_]+): .* \\(not translated\\)$");
  private static final Pattern URLOPEN = Pattern.compile("urlopen\\('(http://[^']+)'");
  private static final Pattern SLIPWAY_DEFAULTS = Pattern.compile(".*\\.(restart|healthcheck\\.(interval|timeout|retries|start_period))");
  private static final Set<String> SET_BY_SLIPWAY_IMAGE = Set.of("PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE");

  @TempDir Path work;

  @BeforeAll
  static void requireComposeV2() {
    String reason = composeV2Missing();
    if (reason != null) {
      ContainerTools.missingTool(reason);
    }
  }

  /**
   * Every project under {@code fixtures/} with a Compose file: those written for init, and the
   * "before" state of the end-to-end projects ({@code fixtures/e2e}), which were written by hand
   * for their own deploys.
   */
  static Stream<String> composeFixtures() throws IOException {
    Path fixtures = InitFixtures.root().getParent();
    List<String> cases = new ArrayList<>();
    for (String group : List.of("init", "e2e")) {
      if (!Files.isDirectory(fixtures.resolve(group))) {
        continue;
      }
      try (Stream<Path> dirs = Files.list(fixtures.resolve(group))) {
        dirs.filter(d -> ComposeFile.find(d).isPresent()).map(d -> group + "/" + d.getFileName()).sorted().forEach(cases::add);
      }
    }
    assertTrue(cases.stream().filter(c -> c.startsWith("init/")).count() >= 6, "the round trip covers every init fixture: " + cases);
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("composeFixtures")
  void initThenRender_meansWhatTheComposeFileMeant(String fixture) throws IOException {
    Path source = InitFixtures.root().getParent().resolve(fixture);
    // The folder's name is the project's when the Compose file has none, as it was for the original.
    Path project = copy(source, work.resolve(fixture));
    Path original = ComposeFile.find(project).orElseThrow();

    Run init = slipway("init", "-C", project.toString());
    assertEquals(ExitCode.OK, init.exit(), init.err());
    Run render = slipway("render", "-f", project.resolve("deploy.groovy").toString(), "--env", "dev", "-o", project.resolve("rendered").toString());
    assertEquals(ExitCode.OK, render.exit(), render.err() + "\n" + Files.readString(project.resolve("deploy.groovy")));

    Map<String, Set<String>> untranslated = untranslated(init.err());
    Project script = DeployScripts.evaluate(project.resolve("deploy.groovy"), Map.of());
    ResolvedEnvironment dev = Environments.resolve(script, "dev");
    Map<String, Object> before = composeConfig(project, original);
    Map<String, Object> after = composeConfig(project, project.resolve("rendered/compose.yaml"));

    List<String> expected = expectedDifferences(source);
    List<String> differences = Normalised.differences(
        new Normalised(before, project, dev, untranslated, true).lines(), new Normalised(after, project, dev, Map.of(), false).lines());
    assertEquals(expected, differences, "deploy.groovy:\n" + Files.readString(project.resolve("deploy.groovy")) + "\nrendered:\n"
        + Files.readString(project.resolve("rendered/compose.yaml")));
  }

  @Test
  void aBareProject_rendersOneServiceOnPort8000_startedAsSlipwayDetects() throws IOException {
    Path project = copy(InitFixtures.of("bare-flask"), work.resolve("bare-flask"));

    Run init = slipway("init", "-C", project.toString());
    assertEquals(ExitCode.OK, init.exit(), init.err());
    Run render = slipway("render", "-f", project.resolve("deploy.groovy").toString(), "--env", "dev", "-o", project.resolve("rendered").toString());
    assertEquals(ExitCode.OK, render.exit(), render.err());

    Map<String, Object> config = composeConfig(project, project.resolve("rendered/compose.yaml"));
    Map<String, Object> service = map(map(config.get("services")).get("bare-flask"));
    assertEquals(List.of("8000->8000"), new Normalised(config, project, null, Map.of(), false).ports(service));
    assertTrue(String.valueOf(map(service.get("healthcheck")).get("test")).contains("http://127.0.0.1:8000/healthz"), service.toString());
    Service built = Environments.resolve(DeployScripts.evaluate(project.resolve("deploy.groovy"), Map.of()), "dev").services().get(0);
    String started = built.python().orElseThrow().decided().command();
    assertTrue(init.out().contains("bare-flask: starts with `" + started + "`"), init.out());
  }

  // --- running things

  record Run(int exit, String out, String err) {}

  private static Run slipway(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = SlipwayCommand.newCommandLine(new Workspace(Targets.discover(), Map.of()))
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  /**
   * Compose's own reading of a file: with no variables from the test's environment, so defaults
   * apply as on a clean machine, the script's folder as the project directory, as Slipway runs
   * it, and every profile's services.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> composeConfig(Path projectDir, Path file) {
    List<String> command = List.of("docker", "compose", "--project-directory", projectDir.toString(), "-f", file.toString(), "--profile", "*", "config", "--format", "json");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
      Map<String, String> environment = builder.environment();
      environment.keySet().retainAll(Set.of("PATH", "HOME"));
      Process process = builder.start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes());
      if (process.waitFor() != 0) {
        fail(String.join(" ", command) + " failed:\n" + output);
      }
      return (Map<String, Object>) new Yaml(new LoaderOptions()).load(output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String composeV2Missing() {
    if (ContainerTools.find("docker") == null) {
      return "needs Compose v2 (docker compose) on PATH; install with scripts/setup-containers (as root)";
    }
    try {
      Process process = new ProcessBuilder("docker", "compose", "version").redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (process.waitFor() != 0 || !output.matches("(?s).*(version v?2\\.|v2\\.).*")) {
        return "needs Compose v2 at `docker compose` (found: " + output.strip() + "); install with scripts/setup-containers (as root)";
      }
      return null;
    } catch (IOException e) {
      return "needs Compose v2 at `docker compose`: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else if (!Set.of("deploy.groovy", "round-trip-differences.txt").contains(file.getFileName().toString()) && !file.startsWith(from.resolve(".slipway"))) {
          Files.copy(file, target);
        }
      }
    }
    return to;
  }

  /** Service name → keys init said it left out, from its stderr lines. */
  private static Map<String, Set<String>> untranslated(String stderr) {
    Map<String, Set<String>> keys = new TreeMap<>();
    for (String line : stderr.lines().toList()) {
      Matcher m = UNTRANSLATED.matcher(line);
      if (m.matches()) {
        keys.computeIfAbsent(m.group(1), s -> new TreeSet<>()).add(m.group(2));
      }
    }
    return keys;
  }

  private static List<String> expectedDifferences(Path fixture) throws IOException {
    Path file = fixture.resolve("round-trip-differences.txt");
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    return Files.readAllLines(file).stream().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return value == null ? Map.of() : (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object value) {
    return value == null ? List.of() : (List<Object>) value;
  }

  /**
   * One side of the comparison as {@code service.key: value} lines. Normalised, because Slipway
   * differs on purpose: the project name; built images have Slipway's names instead of {@code
   * build:}; ports publish on 127.0.0.1; its own labels, a restart policy and health timings the
   * original left to defaults; {@code NAME_FILE} variables beside each secret (added to the original's); a dependency on a
   * service with a health check waits for health; a Python build keeps its source at {@code /app}
   * and starts with the command resolution decided (compared with what the original ran), and
   * checks HTTP from Python instead of curl; volume and network names are DNS labels. Lists that
   * are sets are sorted.
   */
  static final class Normalised {

    private final Map<String, Object> config;
    private final Path projectDir;
    private final ResolvedEnvironment dev;
    private final Map<String, Set<String>> untranslated;
    private final boolean original;

    Normalised(Map<String, Object> config, Path projectDir, ResolvedEnvironment dev, Map<String, Set<String>> untranslated, boolean original) {
      this.config = config;
      this.projectDir = projectDir;
      this.dev = dev;
      this.untranslated = untranslated;
      this.original = original;
    }

    List<String> lines() {
      List<String> lines = new ArrayList<>();
      Map<String, Object> services = map(config.get("services"));
      Set<String> checked = new TreeSet<>();
      services.forEach((name, s) -> {
        if (map(s).get("healthcheck") != null && !Boolean.TRUE.equals(map(map(s).get("healthcheck")).get("disable"))) {
          checked.add(name);
        }
      });
      for (Map.Entry<String, Object> entry : services.entrySet()) {
        Map<String, Object> service = map(entry.getValue());
        if (map(service.get("labels")).containsKey("dev.slipway.front-proxy-of")) {
          continue;
        }
        String name = original ? Names.toDnsLabel(entry.getKey()) : entry.getKey();
        service(name, entry.getKey(), service, checked).forEach((key, value) -> {
          if (value != null) {
            lines.add(name + "." + key + ": " + value);
          }
        });
      }
      lines.add("volumes: " + new TreeSet<>(map(config.get("volumes")).keySet().stream().map(Names::toDnsLabel).toList()));
      Set<String> networks = new TreeSet<>(map(config.get("networks")).keySet().stream().map(Names::toDnsLabel).toList());
      networks.remove("default");
      lines.add("networks: " + networks);
      return lines;
    }

    private Map<String, Object> service(String name, String composeName, Map<String, Object> in, Set<String> checked) {
      Map<String, Object> service = new LinkedHashMap<>(in);
      untranslated.getOrDefault(composeName, Set.of()).forEach(service::remove);
      Optional<Service> slipway = dev == null ? Optional.empty() : dev.services().stream().filter(s -> s.name().equals(name)).findFirst();
      boolean python = slipway.map(s -> s.python().isPresent()).orElse(false);
      Optional<Dockerfile> dockerfile = original && python ? dockerfile(in) : Optional.empty();
      Map<String, Object> out = new TreeMap<>();

      boolean built = in.containsKey("build") || !original && slipway.map(s -> s.image().isEmpty()).orElse(false);
      if (!built && in.get("image") != null) {
        out.put("image", in.get("image"));
      }
      out.put("ports", ports(in));
      out.put("expose", new TreeSet<>(list(in.get("expose")).stream().map(String::valueOf).toList()));
      out.put("environment", environment(in, dockerfile));
      out.put("volumes", volumes(in, dockerfile));
      out.put("secrets", secrets(in));
      Set<String> networks = new TreeSet<>(map(in.get("networks")).keySet().stream().map(Names::toDnsLabel).toList());
      out.put("networks", networks.isEmpty() ? Set.of("default") : networks);
      Map<String, Object> dependsOn = new TreeMap<>();
      map(in.get("depends_on")).forEach((dependency, options) -> {
        Object condition = map(options).get("condition");
        if (original && "service_started".equals(condition) && checked.contains(dependency)) {
          condition = "service_healthy";
        }
        dependsOn.put(original ? Names.toDnsLabel(dependency) : dependency, condition);
      });
      out.put("depends_on", dependsOn);
      if (in.get("healthcheck") != null) {
        healthcheck(map(in.get("healthcheck")), python).forEach((key, value) -> out.put("healthcheck." + key, value));
      }
      out.put("restart", in.get("restart"));
      if (python) {
        out.put("start", start(in, dockerfile, slipway.get()));
      } else {
        out.put("command", in.get("command"));
        out.put("entrypoint", in.get("entrypoint"));
      }
      out.put("stop_signal", in.get("stop_signal"));
      Map<String, Object> deploy = map(in.get("deploy"));
      out.put("replicas", deploy.getOrDefault("replicas", 1));
      Map<String, Object> limits = map(map(deploy.get("resources")).get("limits"));
      out.put("cpus", limits.get("cpus") == null ? null : new BigDecimal(String.valueOf(limits.get("cpus"))).stripTrailingZeros().toPlainString());
      out.put("memory", limits.get("memory"));
      for (String handled : List.of("build", "image", "ports", "expose", "environment", "volumes", "secrets", "networks", "depends_on", "healthcheck",
          "command", "entrypoint", "stop_signal", "deploy", "labels", "restart")) {
        // Slipway's own labels are not compared; the original's are reported as not translated.
        service.remove(handled);
      }
      // Anything else must match as Compose read it: a key init drops without saying so shows here.
      service.forEach((key, value) -> out.put("other." + key, value));
      return out;
    }

    List<String> ports(Map<String, Object> service) {
      List<String> ports = new ArrayList<>();
      for (Object port : list(service.get("ports"))) {
        Map<String, Object> p = map(port);
        ports.add(p.get("target") + "->" + p.get("published"));
      }
      return ports.stream().sorted().toList();
    }

    private Map<String, Object> environment(Map<String, Object> service, Optional<Dockerfile> dockerfile) {
      Map<String, Object> environment = new TreeMap<>();
      dockerfile.ifPresent(d -> d.env().forEach((key, value) -> {
        if (!SET_BY_SLIPWAY_IMAGE.contains(key)) {
          environment.put(key, value);
        }
      }));
      environment.putAll(map(service.get("environment")));
      if (original) {
        // Slipway sets NAME_FILE beside each secret; the original had it where it said so itself.
        for (Object secret : list(service.get("secrets"))) {
          String target = secretTarget(map(secret));
          environment.putIfAbsent(target.toUpperCase().replace('-', '_').replace('.', '_') + "_FILE", "/run/secrets/" + target);
        }
      }
      return environment;
    }

    private Set<String> volumes(Map<String, Object> service, Optional<Dockerfile> dockerfile) {
      Set<String> volumes = new TreeSet<>();
      for (Object volume : list(service.get("volumes"))) {
        Map<String, Object> v = map(volume);
        String type = String.valueOf(v.get("type"));
        String source = String.valueOf(v.get("source"));
        if (type.equals("volume")) {
          source = Names.toDnsLabel(source);
        }
        String target = String.valueOf(v.get("target"));
        if (dockerfile.isPresent() && !dockerfile.get().workdir().equals("/")) {
          String workdir = dockerfile.get().workdir().replaceAll("/+$", "");
          if (target.equals(workdir) || target.startsWith(workdir + "/")) {
            target = "/app" + target.substring(workdir.length());
          }
        }
        volumes.add(type + " " + source + " -> " + target + (Boolean.TRUE.equals(v.get("read_only")) ? " (ro)" : ""));
      }
      return volumes;
    }

    private Set<String> secrets(Map<String, Object> service) {
      Map<String, Object> definitions = map(config.get("secrets"));
      Set<String> secrets = new TreeSet<>();
      for (Object secret : list(service.get("secrets"))) {
        Map<String, Object> s = map(secret);
        Map<String, Object> definition = map(definitions.get(String.valueOf(s.get("source"))));
        String from = definition.containsKey("file") ? "file " + definition.get("file") : "env " + definition.get("environment");
        secrets.add("/run/secrets/" + secretTarget(s) + " <- " + from);
      }
      return secrets;
    }

    private static String secretTarget(Map<String, Object> secret) {
      String target = String.valueOf(secret.getOrDefault("target", secret.get("source")));
      return target.startsWith("/run/secrets/") ? target.substring("/run/secrets/".length()) : target;
    }

    /** Test, and the timings the original wrote (Slipway may add its own where the original left Compose's defaults). */
    private Map<String, Object> healthcheck(Map<String, Object> check, boolean python) {
      Map<String, Object> out = new TreeMap<>();
      List<String> test = list(check.get("test")).stream().map(String::valueOf).toList();
      out.put("test", testWords(test, python));
      for (String timing : List.of("interval", "timeout", "start_period", "retries")) {
        if (check.containsKey(timing)) {
          Object value = check.get(timing);
          out.put(timing, timing.equals("retries") ? value : ComposeDurations.wholeSeconds(ComposeDurations.parse(String.valueOf(value)).orElseThrow()) + "s");
        }
      }
      return out;
    }

    private static Object testWords(List<String> test, boolean python) {
      String kind = test.get(0);
      List<String> words = kind.equals("CMD") ? test.subList(1, test.size())
          : ShellWords.split(test.get(1)).orElse(List.of("sh", "-c", test.get(1)));
      if (python) {
        Optional<Draft.HttpCheck> probe = PythonBuilds.httpProbe(ShellQuoting.join(words));
        if (kind.equals("CMD-SHELL") && probe.isEmpty()) {
          probe = PythonBuilds.httpProbe(test.get(1));
        }
        if (probe.isPresent()) {
          return "http GET :" + probe.get().port() + probe.get().path();
        }
        Matcher urlopen = URLOPEN.matcher(String.join(" ", words));
        if (urlopen.find()) {
          Matcher url = Pattern.compile("http://[^:/]+:([0-9]+)(/.*)?").matcher(urlopen.group(1));
          if (url.matches()) {
            return "http GET :" + url.group(1) + (url.group(2) == null ? "/" : url.group(2));
          }
        }
      }
      return words;
    }

    /** What a Python service runs: the original's command (Compose's over the Dockerfile's), or the one Slipway resolved. */
    private Object start(Map<String, Object> service, Optional<Dockerfile> dockerfile, Service slipway) {
      if (!original) {
        String command = slipway.python().orElseThrow().decided().command();
        return ShellWords.split(command).map(Object.class::cast).orElse(command);
      }
      List<String> entrypoint = list(service.get("entrypoint")).stream().map(String::valueOf).toList();
      List<String> command = list(service.get("command")).stream().map(String::valueOf).toList();
      if (service.get("entrypoint") == null && service.get("command") == null) {
        String line = dockerfile.flatMap(Dockerfile::startCommand).orElse("");
        return ShellWords.split(line).map(Object.class::cast).orElse(line);
      }
      List<String> words = new ArrayList<>();
      if (service.get("entrypoint") != null) {
        words.addAll(entrypoint);
      } else if (dockerfile.flatMap(Dockerfile::entrypoint).orElse(null) instanceof Dockerfile.Exec exec) {
        words.addAll(exec.words());
      }
      words.addAll(command);
      return words;
    }

    private Optional<Dockerfile> dockerfile(Map<String, Object> service) {
      Map<String, Object> build = map(service.get("build"));
      if (build.isEmpty()) {
        return Optional.empty();
      }
      Path context = projectDir.resolve(String.valueOf(build.get("context")));
      return Dockerfile.read(context.resolve(String.valueOf(build.getOrDefault("dockerfile", "Dockerfile"))));
    }

    /**
     * Lines only the original has ({@code -}) and only the rendering has ({@code +}). A restart
     * policy or health timing the original left to Compose's default is Slipway's to choose: such
     * a line of the rendering alone is not a difference.
     */
    static List<String> differences(List<String> before, List<String> after) {
      Set<String> beforeKeys = new TreeSet<>(before.stream().map(Normalised::key).toList());
      List<String> out = new ArrayList<>();
      before.stream().filter(line -> !after.contains(line)).forEach(line -> out.add("- " + line));
      after.stream()
          .filter(line -> !before.contains(line))
          .filter(line -> beforeKeys.contains(key(line)) || !SLIPWAY_DEFAULTS.matcher(key(line)).matches())
          .forEach(line -> out.add("+ " + line));
      return out;
    }

    private static String key(String line) {
      return line.substring(0, line.indexOf(": "));
    }
  }
}
