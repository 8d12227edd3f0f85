package dev.slipway.k8s.render;

import static dev.slipway.core.model.TestModel.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.model.HealthCheck;
import dev.slipway.core.secret.SecretValues;
import dev.slipway.core.target.RenderedFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubernetesManifestsTest {

  private static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        namespace: shop-dev
      spec:
        selector:
          matchLabels:
            app.kubernetes.io/name: web
        template:
          metadata:
            labels:
              app.kubernetes.io/name: web
          spec:
            containers:
              - name: web
                image: web:1
      """;

  private final KubernetesRenderer renderer = new KubernetesRenderer(RichProject.NAMESPACE);

  @Test
  void render_richProject_everyObjectPassesStrictValidation() {
    assertValid(renderer.render(RichProject.request()));
  }

  @Test
  void render_richProjectWithSecretValues_everyObjectPassesStrictValidation(@TempDir Path projectDir) {
    SecretValues values = new SecretValues(Map.of(RichProject.DB_PASSWORD_VARIABLE, "s3cret"), projectDir);

    assertValid(renderer.render(RichProject.request(Optional.of(values))));
  }

  @Test
  void render_everyHealthTypeAndLowPort_passesStrictValidation() {
    assertValid(
        renderer.render(
            KubernetesRendererTest.request(
                service("site").python("app", null).port(80).health(new HealthCheck.Http("/", 0, Duration.ofSeconds(5))).build(),
                service("cache").image("redis:7").port(6379).health(new HealthCheck.Tcp(6379, Duration.ofSeconds(5))).build(),
                service("job").image("busybox:1").health(new HealthCheck.Command("true", Duration.ofSeconds(5))).build())));
  }

  @Test
  void violations_handWrittenValidDeployment_none() {
    assertEquals(List.of(), KubernetesManifests.violations(DEPLOYMENT));
  }

  @Test
  void violations_unknownFieldInContainer_isRejected() {
    String yaml = DEPLOYMENT.replace("image: web:1", "image: web:1\n          helthcheck: /healthz");

    List<String> violations = KubernetesManifests.violations(yaml);

    assertEquals(1, violations.size(), violations.toString());
    assertTrue(violations.get(0).contains("helthcheck"), violations.get(0));
    assertTrue(violations.get(0).startsWith("Deployment 'web': "), violations.get(0));
  }

  @Test
  void violations_unknownTopLevelField_isRejected() {
    List<String> violations = KubernetesManifests.violations(DEPLOYMENT + "extra: true\n");

    assertTrue(violations.stream().anyMatch(v -> v.contains("extra")), violations.toString());
  }

  @Test
  void violations_missingRequiredField_isRejected() {
    List<String> violations = KubernetesManifests.violations(DEPLOYMENT.replace("- name: web\n          image", "- image"));

    assertEquals(1, violations.size(), violations.toString());
    assertTrue(violations.get(0).contains("required field `name`"), violations.get(0));
  }

  @Test
  void violations_listWrittenAsMap_isRejected() {
    String yaml = DEPLOYMENT.replace("containers:\n        - name: web\n          image: web:1", "containers:\n          name: web");

    List<String> violations = KubernetesManifests.violations(yaml);

    assertEquals(1, violations.size(), yaml);
    assertTrue(violations.get(0).contains("`containers` to be an array"), violations.get(0));
  }

  @Test
  void violations_kindUnderWrongApiVersion_isRejectedAsUnknown() {
    List<String> violations = KubernetesManifests.violations(DEPLOYMENT.replace("apps/v1", "extensions/v1beta1"));

    assertEquals(1, violations.size());
    assertTrue(violations.get(0).contains("unknown kind 'Deployment' in apiVersion 'extensions/v1beta1'"), violations.get(0));
  }

  @Test
  void violations_unrenderedKind_isRejectedAsUnknown() {
    String ingress = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n";

    assertTrue(KubernetesManifests.violations(ingress).get(0).contains("unknown kind 'Ingress'"));
  }

  @Test
  void violations_missingName_isRejected() {
    assertEquals(
        List.of("ConfigMap '': metadata.name is missing"), KubernetesManifests.violations("apiVersion: v1\nkind: ConfigMap\ndata:\n  A: b\n"));
  }

  @Test
  void violations_notAMapping_isRejected() {
    assertEquals(1, KubernetesManifests.violations("- just\n- a list\n").size());
  }

  private static void assertValid(List<RenderedFile> files) {
    for (RenderedFile file : files) {
      assertEquals(List.of(), KubernetesManifests.violations(file.content()), file.path() + ":\n" + file.content());
    }
  }
}
