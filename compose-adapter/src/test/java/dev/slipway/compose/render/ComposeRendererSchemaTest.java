package dev.slipway.compose.render;

import static dev.slipway.core.model.TestModel.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.model.Project;
import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.model.TestModel;
import dev.slipway.core.target.RenderRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ComposeRendererSchemaTest {

  private final ComposeRenderer renderer = new ComposeRenderer("127.0.0.1");

  @Test
  void render_richProject_followsComposeSpecification() {
    String yaml = renderer.render(RichProject.request()).content();

    assertEquals(List.of(), ComposeSchema.violations(yaml), yaml);
  }

  @Test
  void render_imageOnlyServiceWithoutExtras_followsComposeSpecification() {
    Project project = TestModel.project("tiny", Path.of("."), RichProject.COMPOSE, service("cache").image("redis:7").build());
    RenderRequest request =
        new RenderRequest(
            new ResolvedEnvironment(project, "dev", RichProject.COMPOSE, project.services()), Map.of("cache", "redis:7"), Optional.empty());

    String yaml = renderer.render(request).content();

    assertEquals(List.of(), ComposeSchema.violations(yaml), yaml);
  }

  @Test
  void schema_unknownServiceKey_isRejected() {
    String yaml = "name: shop-dev\nservices:\n  web:\n    image: web:1\n    helthcheck:\n      test: [CMD, 'true']\n";

    List<String> violations = ComposeSchema.violations(yaml);

    assertFalse(violations.isEmpty(), "the schema accepted an unknown service key");
    assertTrue(violations.stream().anyMatch(v -> v.contains("helthcheck")), violations.toString());
  }

  @Test
  void schema_dependsOnWithUnknownCondition_isRejected() {
    String yaml =
        "services:\n  web:\n    image: web:1\n    depends_on:\n      db:\n        condition: healthy\n  db:\n    image: postgres:16\n";

    assertFalse(ComposeSchema.violations(yaml).isEmpty(), "the schema accepted condition: healthy");
  }
}
