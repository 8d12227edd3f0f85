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
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.List;
import org.yaml.snakeyaml.Yaml;

/**
 * The official Compose Specification schema (compose-spec/compose-spec, Apache-2.0), kept as a
 * test resource so that a clean clone validates without network or files outside the repository.
 */
public final class ComposeSchema {

  static final String RESOURCE = "/compose-spec/compose-spec.json";

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
      URL resource = ComposeSchema.class.getResource(RESOURCE);
      assertTrue(resource != null, "Compose Specification schema missing from the test resources: " + RESOURCE);
      JsonSchemaFactory factory =
          JsonSchemaFactory.getInstance(
              SpecVersion.VersionFlag.V7,
              // 1.5.9 already maps this IRI to its bundled draft-07 copy; naming it here keeps that
              // true across upgrades, since a unit test must never reach for the network.
              builder -> builder.metaSchema(JsonMetaSchema.builder(SPEC_META_SCHEMA, JsonMetaSchema.getV7()).build()));
      try (InputStream in = resource.openStream()) {
        // Loaded with its own location so that the relative "$id": "compose_spec.json" has a base.
        schema = factory.getSchema(resource.toURI(), JSON.readTree(in));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
      schema.initializeValidators();
    }
    return schema;
  }
}
