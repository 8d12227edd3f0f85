package dev.slipway.compose.render;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.yaml.snakeyaml.Yaml;

/** The official Compose Specification schema, loaded from the shared checkout without network. */
public final class ComposeSchema {

  /** Relative to a module directory, which is the working directory under surefire. */
  static final Path LOCATION = Path.of("../../shared/schemas/compose-spec.json");

  /** The spec's {@code $schema}: draft 7 spelled with https and no '#', which the library does not know. */
  private static final String SPEC_META_SCHEMA = "https://json-schema.org/draft-07/schema";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static JsonSchema schema;

  private ComposeSchema() {}

  /** Every violation in a YAML document, as readable lines; empty when it is valid. */
  public static List<String> violations(String yaml) {
    Object document = new Yaml().load(yaml);
    JsonNode node = JSON.valueToTree(document);
    return schema().validate(node).stream().map(ValidationMessage::toString).sorted().toList();
  }

  private static synchronized JsonSchema schema() {
    if (schema == null) {
      Path file = Path.of("").toAbsolutePath().resolve(LOCATION).normalize();
      assertTrue(
          Files.isRegularFile(file),
          "Compose Specification schema not found at " + file
              + "; it lives in the shared checkout next to the repository (shared/schemas/compose-spec.json)");
      JsonSchemaFactory factory =
          JsonSchemaFactory.getInstance(
              SpecVersion.VersionFlag.V7,
              // 1.5.9 already maps this IRI to its bundled draft-07 copy; naming it here keeps that
              // true across upgrades, since a unit test must never reach for the network.
              builder -> builder.metaSchema(JsonMetaSchema.builder(SPEC_META_SCHEMA, JsonMetaSchema.getV7()).build()));
      try {
        // Loaded with its own location so that the relative "$id": "compose_spec.json" has a base.
        schema = factory.getSchema(file.toUri(), JSON.readTree(file.toFile()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      schema.initializeValidators();
    }
    return schema;
  }
}
