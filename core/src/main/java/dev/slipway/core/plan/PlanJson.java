package dev.slipway.core.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.core.model.ResolvedEnvironment;
import java.util.Locale;
import java.util.TreeMap;

/**
 * The plan for machines. Schema (version 1): {@code {schemaVersion, project, environment,
 * target: {type, settings}, stages: [name], images: {service: ref}, steps: [{id, kind, service,
 * stage, summary, reason, after: [id], inputs: {name: value}}], warnings: [text]}}; {@code
 * warnings} came later within version 1, so readers take a missing one as empty.
 */
public final class PlanJson {

  public static final int SCHEMA_VERSION = 1;
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private PlanJson() {}

  public static String render(Plan plan) {
    ResolvedEnvironment environment = plan.environment();
    ObjectNode root = MAPPER.createObjectNode();
    root.put("schemaVersion", SCHEMA_VERSION);
    root.put("project", environment.project().name());
    root.put("environment", environment.name());
    ObjectNode target = root.putObject("target");
    target.put("type", environment.target().type());
    ObjectNode settings = target.putObject("settings");
    environment.target().settings().forEach(settings::put);
    ArrayNode stages = root.putArray("stages");
    plan.stages().forEach(stages::add);
    ObjectNode images = root.putObject("images");
    new TreeMap<>(plan.images()).forEach(images::put);
    ArrayNode steps = root.putArray("steps");
    for (Step step : plan.steps()) {
      ObjectNode node = steps.addObject();
      node.put("id", step.id());
      node.put("kind", step.kind().name().toLowerCase(Locale.ROOT));
      node.put("service", step.service());
      node.put("stage", step.stage());
      node.put("summary", step.summary());
      node.put("reason", step.reason());
      ArrayNode after = node.putArray("after");
      step.after().forEach(after::add);
      ObjectNode inputs = node.putObject("inputs");
      step.inputs().forEach(inputs::put);
    }
    ArrayNode warnings = root.putArray("warnings");
    plan.warnings().forEach(warnings::add);
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings always serialises", e);
    }
  }
}
