package dev.slipway.cli.init;

import static dev.slipway.cli.init.GroovyLiterals.string;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * A {@link Draft} as a {@code deploy.groovy} a person can read and keep: the keywords of the
 * README in its order, four-space blocks, comments above what they explain. Every string is
 * single-quoted, so what the user's files held arrives verbatim.
 */
final class DeployScriptWriter {

  private static final String INDENT = "    ";

  private final StringBuilder out = new StringBuilder();

  private DeployScriptWriter() {}

  static String write(Draft draft) {
    DeployScriptWriter writer = new DeployScriptWriter();
    writer.script(draft);
    return writer.out.toString();
  }

  private void script(Draft draft) {
    line(0, "// Written by `slipway init` from " + draft.origin() + ". Check it with `slipway validate` and");
    line(0, "// `slipway render --env dev -o build/dev`; comments mark what did not carry over as it was.");
    line(0, "project " + string(draft.project()));
    draft.notes().forEach(note -> comment(0, note));
    for (Draft.Service service : draft.services()) {
      out.append('\n');
      service(service);
    }
    out.append('\n');
    environments(draft);
  }

  private void service(Draft.Service service) {
    line(0, "service(" + string(service.name()) + ") {");
    service.notes().forEach(note -> comment(1, note));
    build(service.build());
    service.entrypoint().ifPresent(words -> line(1, "entrypoint" + words(words)));
    service.command().ifPresent(words -> line(1, "command" + words(words)));
    for (Draft.Port port : service.ports()) {
      comment(1, port.comment());
      line(1, port(port));
    }
    for (Draft.Env env : service.env()) {
      comment(1, env.comment());
      line(1, "env " + GroovyLiterals.key(env.name()) + ": " + value(env.value()));
    }
    service.envFiles().forEach(file -> line(1, "envFile " + string(file)));
    for (Draft.Secret secret : service.secrets()) {
      comment(1, secret.comment());
      String source = secret.fromEnv().map(v -> "fromEnv: " + string(v)).orElseGet(() -> "fromFile: " + string(secret.fromFile().orElseThrow()));
      line(1, "secret " + string(secret.name()) + ", " + source);
    }
    for (Draft.Volume volume : service.volumes()) {
      comment(1, volume.comment());
      line(1, "volume " + string(volume.name()) + ", " + string(volume.path()));
    }
    for (Draft.ProjectFile file : service.files()) {
      comment(1, file.comment());
      line(1, "file " + string(file.source()) + ", " + string(file.target()));
    }
    if (!service.networks().isEmpty()) {
      line(1, "network " + service.networks().stream().map(GroovyLiterals::string).collect(Collectors.joining(", ")));
    }
    service.health().ifPresent(this::health);
    for (Draft.Dependency dependency : service.dependsOn()) {
      comment(1, dependency.comment());
      line(1, "dependsOn " + string(dependency.service()));
    }
    service.stopSignal().ifPresent(signal -> line(1, "stopSignal " + string(signal)));
    service.restart().ifPresent(restart -> line(1, "restart " + string(restart)));
    service.replicas().ifPresent(replicas -> line(1, "replicas " + replicas));
    List<String> resources = new ArrayList<>();
    service.cpu().ifPresent(cpu -> resources.add("cpu: " + string(cpu)));
    service.memory().ifPresent(memory -> resources.add("memory: " + string(memory)));
    if (!resources.isEmpty()) {
      line(1, "resources " + String.join(", ", resources));
    }
    service.untranslated().forEach(note -> comment(1, note));
    line(0, "}");
  }

  private void build(Draft.Build build) {
    if (build instanceof Draft.Image image) {
      comment(1, image.comment());
      line(1, "image " + value(image.reference()));
    } else if (build instanceof Draft.DockerfileBuild dockerfile) {
        comment(1, dockerfile.comment());
        List<String> options = new ArrayList<>();
        dockerfile.context().ifPresent(context -> options.add("context: " + string(context)));
        dockerfile.target().ifPresent(target -> options.add("target: " + string(target)));
        if (!dockerfile.args().isEmpty()) {
          options.add("args: " + map(dockerfile.args()));
        }
        line(1, "dockerfile " + string(dockerfile.dockerfile()) + (options.isEmpty() ? "" : ", " + String.join(", ", options)));
    } else {
        Draft.Python python = (Draft.Python) build;
        line(1, "python {");
        line(2, "source " + string(python.source()));
        python.version().ifPresent(version -> line(2, "version " + string(version)));
        python.requirements().ifPresent(requirements -> line(2, "requirements " + string(requirements)));
        if (python.command().isPresent()) {
          comment(2, python.commandComment());
          line(2, "command " + string(python.command().get()));
        }
        python.notes().forEach(note -> comment(2, note));
        line(1, "}");
    }
  }

  private void health(Draft.Health health) {
    comment(1, health.comment());
    String check =
        health.check() instanceof Draft.HttpCheck http
            ? "http(" + string(http.path()) + (http.port() == 0 ? "" : ", " + http.port()) + ")"
            : "command(" + string(((Draft.CommandCheck) health.check()).command()) + ")";
    StringBuilder line = new StringBuilder("health " + check);
    option(line, "interval", health.interval());
    option(line, "timeout", health.timeout());
    option(line, "retries", health.retries());
    option(line, "startPeriod", health.startPeriod());
    option(line, "deadline", health.deadline());
    line(1, line.toString());
  }

  private static void option(StringBuilder line, String name, OptionalInt value) {
    value.ifPresent(v -> line.append(", ").append(name).append(": ").append(v));
  }

  private static String port(Draft.Port port) {
    StringBuilder line = new StringBuilder(port.exposed() ? "expose " : "port ").append(port.container());
    port.published().ifPresent(published -> line.append(", publish: ").append(published));
    port.name().ifPresent(name -> line.append(", name: ").append(string(name)));
    return line.toString();
  }

  private void environments(Draft draft) {
    line(0, "environments {");
    line(1, "dev {");
    if (draft.publishesOnAllInterfaces()) {
      comment(2, "the Compose file published ports on every interface; Slipway publishes on 127.0.0.1 unless");
      comment(2, "told otherwise: write compose(bind: '0.0.0.0') to keep them reachable from other machines");
    }
    line(2, "target compose()");
    for (Draft.Service service : draft.services()) {
      if (service.devMounts().isEmpty()) {
        continue;
      }
      line(2, "service(" + string(service.name()) + ") {");
      for (Draft.Mount mount : service.devMounts()) {
        comment(3, mount.comment());
        line(3, "mount " + string(mount.source()) + ", " + string(mount.target()) + (mount.readOnly() ? ", readOnly: true" : ""));
      }
      line(2, "}");
    }
    line(1, "}");
    comment(1, "prod {");
    comment(1, INDENT + "target kubernetes(namespace: " + string(draft.project()) + ")");
    if (draft.services().stream().anyMatch(s -> !(s.build() instanceof Draft.Image))) {
      comment(1, INDENT + "// built images need a registry the cluster pulls from: registry 'registry.example.com/" + draft.project() + "'");
    }
    comment(1, "}");
    line(0, "}");
  }

  private static String words(Draft.Words words) {
    return words instanceof Draft.Line line ? " " + string(line.line()) : "(" + GroovyLiterals.list(((Draft.WordList) words).words()) + ")";
  }

  /** A value as a Groovy expression: a string, or strings and settings joined with {@code +}. */
  static String value(ConfigValue value) {
    List<String> terms = new ArrayList<>();
    for (ConfigValue.Part part : value.parts()) {
      terms.add(
          part instanceof ConfigValue.Setting setting
              ? "setting(" + string(setting.name()) + ", " + string(setting.fallback()) + ")"
              : string(((ConfigValue.Text) part).text()));
    }
    return String.join(" + ", terms);
  }

  private static String map(Map<String, ConfigValue> entries) {
    return entries.entrySet().stream()
        .map(e -> GroovyLiterals.key(e.getKey()) + ": " + value(e.getValue()))
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private void comment(int depth, String text) {
    if (!text.isEmpty()) {
      line(depth, "// " + GroovyLiterals.comment(text));
    }
  }

  private void line(int depth, String text) {
    out.append(INDENT.repeat(depth)).append(text).append('\n');
  }
}
