package dev.slipway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.compose.render.ComposeSchema;
import dev.slipway.core.target.Targets;
import dev.slipway.core.testing.ContainerTools;
import dev.slipway.k8s.render.KubernetesManifests;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real-world fixture projects of fixtures/e2e, rendered as their users would before a deploy:
 * {@code prod} for Kubernetes, every manifest parsed by client-java's strict models (no unknown
 * field, no missing required one, no wrong type), and {@code dev} for Compose against the
 * official Compose Specification schema. RealWorldComposeIT deploys the same projects.
 */
class RealWorldFixturesRenderTest {

  /** Distinctive values for the secrets the fixtures read, so that a leak into a render is unmistakable. */
  private static final Map<String, String> SECRETS =
      Map.of("GUESTBOOK_DB_PASSWORD", "fixture-secret-db-3f9a", "GUESTBOOK_SECRET_KEY", "fixture-secret-key-3f9a");

  @ParameterizedTest
  @ValueSource(strings = {"nginx-flask", "flask-redis", "fastapi-package", "django-postgres"})
  void prodRender_everyManifestPassesClientJavasStrictModels(String fixture, @TempDir Path out) throws IOException {
    Map<String, String> manifests = render(fixture, "prod", out);

    assertFalse(manifests.isEmpty(), "render wrote nothing");
    for (Map.Entry<String, String> manifest : manifests.entrySet()) {
      assertEquals(List.of(), KubernetesManifests.violations(manifest.getValue()), manifest.getKey() + ":\n" + manifest.getValue());
      assertNoSecretIn(manifest.getKey(), manifest.getValue());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"nginx-flask", "flask-redis", "fastapi-package", "django-postgres"})
  void devRender_passesTheComposeSpecificationSchema(String fixture, @TempDir Path out) throws IOException {
    Map<String, String> files = render(fixture, "dev", out);

    assertEquals(List.of("compose.yaml"), List.copyOf(files.keySet()));
    String compose = files.get("compose.yaml");
    assertEquals(List.of(), ComposeSchema.violations(compose), compose);
    assertNoSecretIn("compose.yaml", compose);
  }

  private static Map<String, String> render(String fixture, String environment, Path out) throws IOException {
    Path script = ContainerTools.repositoryRoot().resolve("fixtures/e2e").resolve(fixture).resolve("deploy.groovy");
    StringWriter stdout = new StringWriter();
    StringWriter stderr = new StringWriter();
    int exit =
        SlipwayCommand.newCommandLine(new Workspace(Targets.discover(), SECRETS))
            .setOut(new PrintWriter(stdout))
            .setErr(new PrintWriter(stderr))
            .execute("render", "-f", script.toString(), "--env", environment, "-o", out.toString());
    assertEquals(ExitCode.OK, exit, "slipway render --env " + environment + " of " + fixture + ":\n" + stdout + stderr);
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(out)) {
      for (Path path : paths.filter(Files::isRegularFile).toList()) {
        files.put(out.relativize(path).toString(), Files.readString(path));
      }
    }
    return files;
  }

  private static void assertNoSecretIn(String file, String text) {
    for (String value : SECRETS.values()) {
      assertTrue(!text.contains(value), "a secret's value leaked into " + file);
    }
  }
}
