package dev.slipway.core.release;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.core.process.ProcessId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The one format of a release record, {@code release.json}, whichever store keeps it: a file
 * store and a store on the target write the same bytes and read them with the same checks.
 */
public final class ReleaseJson {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  /** What follows a complete record is damage too (a longer old record half overwritten in place, by hand). */
  private static final ObjectReader READER = JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private ReleaseJson() {}

  /** Why a record cannot be read, in a few words: the problem of a {@link ReleaseStore.Damaged}. */
  public static final class Unreadable extends Exception {
    public Unreadable(String problem) {
      super(problem, null, false, false);
    }
  }

  public static byte[] write(Release release) {
    ObjectNode node = JSON.createObjectNode();
    node.put("number", release.number());
    node.put("time", release.time().toString());
    release.revision().ifPresent(r -> node.put("revision", r));
    ObjectNode images = node.putObject("images");
    new TreeMap<>(release.images()).forEach(images::put);
    node.put("outcome", release.outcome());
    node.put("detail", release.detail());
    release.owner().ifPresent(owner -> node.putObject("owner").put("pid", owner.pid()).put("host", owner.host()));
    // Written only when they say something, so a whole-environment release keeps the bytes older versions wrote.
    if (!release.services().isEmpty()) {
      release.services().forEach(node.putArray("services")::add);
    }
    if (!release.scaled().isEmpty()) {
      ObjectNode scaled = node.putObject("scaled");
      release.scaled().forEach(scaled::put);
    }
    if (release.scale()) {
      node.put("scale", true);
    }
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write release " + release.number() + " as JSON", e);
    }
  }

  /**
   * @param number the release the record is kept as (its file's directory, its Secret's label):
   *     a record that says it is another one is damaged
   */
  public static Release read(byte[] bytes, int number) throws Unreadable {
    JsonNode node;
    try {
      node = READER.readTree(bytes);
    } catch (JsonEOFException e) {
      throw new Unreadable("truncated");
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new Unreadable("not JSON" + (at == null ? "" : " at line " + at.getLineNr()));
    } catch (IOException e) {
      throw new Unreadable("unreadable: " + e.getMessage());
    }
    if (node == null || node.isMissingNode()) {
      throw new Unreadable("empty");
    }
    if (!node.isObject()) {
      throw new Unreadable("not a JSON object");
    }
    if (!node.path("number").canConvertToExactIntegral()) {
      throw new Unreadable("no release number");
    }
    if (node.get("number").asInt() != number) {
      throw new Unreadable("it says it is release " + node.get("number").asText());
    }
    Instant time;
    try {
      time = Instant.parse(text(node, "time"));
    } catch (DateTimeParseException e) {
      throw new Unreadable("its time is not a timestamp");
    }
    String outcome = text(node, "outcome");
    Map<String, String> images = new TreeMap<>();
    JsonNode imageNode = node.path("images");
    if (!imageNode.isMissingNode() && !imageNode.isObject()) {
      throw new Unreadable("its images are not a JSON object");
    }
    for (Map.Entry<String, JsonNode> image : imageNode.properties()) {
      if (!image.getValue().isTextual()) {
        throw new Unreadable("the image of " + image.getKey() + " is not text");
      }
      images.put(image.getKey(), image.getValue().asText());
    }
    return new Release(
        number,
        time,
        Optional.ofNullable(node.get("revision")).filter(JsonNode::isTextual).map(JsonNode::asText),
        images,
        outcome,
        node.path("detail").asText(""),
        owner(node.get("owner")),
        services(node.path("services")),
        scaled(node.path("scaled")),
        node.path("scale").asBoolean(false));
  }

  /** Records written before single services could be deployed have none: they changed the whole environment. */
  private static Set<String> services(JsonNode services) throws Unreadable {
    if (services.isMissingNode()) {
      return Set.of();
    }
    if (!services.isArray()) {
      throw new Unreadable("its services are not a JSON array");
    }
    Set<String> names = new TreeSet<>();
    for (JsonNode name : services) {
      if (!name.isTextual()) {
        throw new Unreadable("a service it changed is not text");
      }
      names.add(name.asText());
    }
    return names;
  }

  private static Map<String, Integer> scaled(JsonNode scaled) throws Unreadable {
    if (scaled.isMissingNode()) {
      return Map.of();
    }
    if (!scaled.isObject()) {
      throw new Unreadable("its scaled services are not a JSON object");
    }
    Map<String, Integer> counts = new TreeMap<>();
    for (Map.Entry<String, JsonNode> count : scaled.properties()) {
      if (!count.getValue().canConvertToExactIntegral()) {
        throw new Unreadable("the scaled count of " + count.getKey() + " is not a number");
      }
      counts.put(count.getKey(), count.getValue().asInt());
    }
    return counts;
  }

  /** Records written before owners were recorded have none. */
  private static Optional<ProcessId> owner(JsonNode owner) throws Unreadable {
    if (owner == null) {
      return Optional.empty();
    }
    if (!owner.path("pid").canConvertToExactIntegral() || !owner.path("host").isTextual()) {
      throw new Unreadable("its owner is not a pid and a host");
    }
    return Optional.of(new ProcessId(owner.get("pid").asLong(), owner.get("host").asText()));
  }

  /** A required text field, or the record is damaged. */
  private static String text(JsonNode node, String field) throws Unreadable {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new Unreadable("no " + field);
    }
    return value.asText();
  }
}
