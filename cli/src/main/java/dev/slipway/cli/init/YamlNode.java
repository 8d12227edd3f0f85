package dev.slipway.cli.init;

import dev.slipway.core.model.SourceLocation;
import dev.slipway.core.problem.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One node of a YAML document with where it was written, so that every complaint about the
 * user's file names its line. Scalars are read as written ({@code no} stays the word, as Compose
 * reads it, not YAML 1.1's false); merge keys ({@code <<: *defaults}) are applied.
 */
final class YamlNode {

  private final Node node;
  private final String file;
  private final Map<String, String> dotEnv;
  private final Node key;

  /** @param dotEnv the variables Compose substitutes in values when the shell has none */
  YamlNode(Node node, String file, Map<String, String> dotEnv) {
    this(node, file, dotEnv, null);
  }

  private YamlNode(Node node, String file, Map<String, String> dotEnv, Node key) {
    this.node = node;
    this.file = file;
    this.dotEnv = dotEnv;
    this.key = key;
  }

  /** Where the value was written: the key's line for a map entry, since an alias's value lives elsewhere. */
  SourceLocation location() {
    Node at = key != null ? key : node;
    return new SourceLocation(file, at.getStartMark().getLine() + 1, at.getStartMark().getColumn() + 1);
  }

  boolean isMap() {
    return node instanceof MappingNode;
  }

  boolean isList() {
    return node instanceof SequenceNode;
  }

  boolean isNull() {
    return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
  }

  boolean isScalar() {
    return node instanceof ScalarNode && !isNull();
  }

  /**
   * The scalar as Compose reads it: variables substituted as Compose would without a shell
   * variable set, {@code $$} as {@code $}. {@code what} names it in the error when it is not a
   * scalar.
   */
  String text(String what) {
    return Interpolation.substitute(raw(what), dotEnv);
  }

  /** The scalar as written, variables and all. */
  String raw(String what) {
    if (!isScalar()) {
      throw error(what + " must be a single value, not " + kind());
    }
    return ((ScalarNode) node).getValue();
  }

  /** The entries of a map in the file's order, merge keys applied; {@code what} names it in errors. */
  Map<String, YamlNode> entries(String what) {
    if (isNull()) {
      return Map.of();
    }
    if (!isMap()) {
      throw error(what + " must be a map of names to settings, not " + kind());
    }
    Map<String, YamlNode> entries = new LinkedHashMap<>();
    List<YamlNode> merged = new ArrayList<>();
    for (NodeTuple tuple : ((MappingNode) node).getValue()) {
      YamlNode key = new YamlNode(tuple.getKeyNode(), file, dotEnv);
      YamlNode value = new YamlNode(tuple.getValueNode(), file, dotEnv, tuple.getKeyNode());
      if (tuple.getKeyNode().getTag().equals(Tag.MERGE)) {
        merged.addAll(value.isList() ? value.items("a merge key's value") : List.of(value));
        continue;
      }
      String name = key.raw("a key of " + what);
      if (entries.containsKey(name)) {
        throw key.error(what + " has '" + name + "' twice");
      }
      entries.put(name, value);
    }
    // Keys written in the map win over merged ones; earlier merged maps win over later ones.
    for (YamlNode source : merged) {
      source.entries("a merged map").forEach(entries::putIfAbsent);
    }
    return entries;
  }

  Optional<YamlNode> get(String key, String what) {
    return Optional.ofNullable(entries(what).get(key));
  }

  List<YamlNode> items(String what) {
    if (isNull()) {
      return List.of();
    }
    if (!isList()) {
      throw error(what + " must be a list, not " + kind());
    }
    return ((SequenceNode) node).getValue().stream().map(n -> new YamlNode(n, file, dotEnv)).toList();
  }

  /** A scalar or a list of scalars, as Compose allows for {@code env_file}, {@code dns} and the like. */
  List<String> texts(String what) {
    if (isScalar()) {
      return List.of(text(what));
    }
    return items(what).stream().map(item -> item.text("an entry of " + what)).toList();
  }

  /** A short, one-line rendering of this value for a comment: {@code [SYS_ADMIN, NET_ADMIN]}. */
  String summary() {
    String text = render(node);
    return text.length() > 80 ? text.substring(0, 77) + "..." : text;
  }

  private static String render(Node node) {
    if (node instanceof ScalarNode scalar) {
      return node.getTag().equals(Tag.NULL) ? "null" : scalar.getValue().replace("\n", "\\n");
    }
    if (node instanceof SequenceNode sequence) {
      return sequence.getValue().stream().map(YamlNode::render).collect(Collectors.joining(", ", "[", "]"));
    }
    return ((MappingNode) node).getValue().stream()
        .map(t -> render(t.getKeyNode()) + ": " + render(t.getValueNode()))
        .collect(Collectors.joining(", ", "{", "}"));
  }

  InvalidInputException error(String message) {
    return new InvalidInputException(location(), message);
  }

  private String kind() {
    if (isMap()) {
      return "a map";
    }
    if (isList()) {
      return "a list";
    }
    return isNull() ? "empty" : "'" + ((ScalarNode) node).getValue() + "'";
  }
}
