package dev.slipway.k8s;

import static dev.slipway.core.model.TestModel.HERE;
import static dev.slipway.core.model.TestModel.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.model.Project;
import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.model.TargetSpec;
import dev.slipway.core.model.TestModel;
import dev.slipway.core.problem.Problem;
import dev.slipway.core.target.RenderRequest;
import dev.slipway.core.target.RenderedFile;
import dev.slipway.core.target.Rendering;
import dev.slipway.core.target.Targets;
import dev.slipway.core.validate.Names;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class KubernetesTargetTest {

  private final KubernetesTarget target = new KubernetesTarget();

  @Test
  void validate_everyKnownSetting_noProblems() {
    Map<String, String> settings = Map.of("context", "prod", "namespace", "shop", "kubeconfig", "/home/me/.kube/config");

    assertEquals(List.of(), target.validate(spec(settings)));
  }

  @Test
  void validate_noSettings_noProblems() {
    assertEquals(List.of(), target.validate(spec(Map.of())));
  }

  @Test
  void validate_mistypedSetting_oneProblemWithSuggestionAndKnownKeys() {
    TargetSpec spec = spec(Map.of("namespce", "shop"));

    List<Problem> problems = target.validate(spec);

    assertEquals(
        List.of(
            new Problem(
                spec.location(),
                "kubernetes(): unknown setting 'namespce' (did you mean 'namespace'?); known: context, kubeconfig, namespace")),
        problems);
  }

  @Test
  void validate_unrelatedUnknownSetting_listsKnownKeysWithoutGuess() {
    List<Problem> problems = target.validate(spec(Map.of("bind", "0.0.0.0")));

    assertEquals(
        List.of("kubernetes(): unknown setting 'bind'; known: context, kubeconfig, namespace"),
        problems.stream().map(Problem::message).toList());
  }

  @Test
  void validate_namespaceNotDnsLabel_problemSuggestsLabel() {
    TargetSpec spec = spec(Map.of("namespace", "Shop_Prod"));

    List<Problem> problems = target.validate(spec);

    assertEquals(
        List.of(new Problem(spec.location(), "kubernetes(): namespace 'Shop_Prod' is not a valid DNS-1123 label (lower-case letters, digits and '-', at most 63): try 'shop-prod'")),
        problems);
  }

  @Test
  void validate_namespaceWithoutAnyUsableCharacter_explainsTheRuleInsteadOfSuggesting() {
    List<Problem> problems = target.validate(spec(Map.of("namespace", "__")));

    assertEquals(
        List.of("kubernetes(): namespace '__' is not a valid DNS-1123 label (lower-case letters, digits and '-', at most 63)"),
        problems.stream().map(Problem::message).toList());
  }

  @Test
  void validate_namespaceLongerThan63_problem() {
    String tooLong = "a".repeat(64);

    List<Problem> problems = target.validate(spec(Map.of("namespace", tooLong)));

    assertEquals(1, problems.size());
    assertTrue(problems.get(0).message().contains("try '" + "a".repeat(63) + "'"), problems.get(0).message());
  }

  @Test
  void validate_blankNamespace_problemSaysToLeaveItOut() {
    List<Problem> problems = target.validate(spec(Map.of("namespace", " ")));

    assertEquals(
        List.of("kubernetes(): setting 'namespace' is empty: name one, or leave it out to use '<project>-<env>'"),
        problems.stream().map(Problem::message).toList());
  }

  @Test
  void validate_blankContextAndKubeconfig_oneProblemEach() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("context", "");
    settings.put("kubeconfig", "  ");

    List<Problem> problems = target.validate(spec(settings));

    assertEquals(
        List.of(
            "kubernetes(): setting 'context' must name a kubeconfig context, e.g. context: 'prod'",
            "kubernetes(): setting 'kubeconfig' must be a file path, e.g. kubeconfig: '~/.kube/config'"),
        problems.stream().map(Problem::message).toList());
  }

  @Test
  void validate_severalBadSettings_reportsEveryOneInScriptOrderAtTheSpec() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("namespace", "Shop");
    settings.put("contxt", "prod");

    List<Problem> problems = target.validate(spec(settings));

    assertEquals(2, problems.size(), problems.toString());
    assertTrue(problems.get(0).message().contains("namespace 'Shop'"));
    assertTrue(problems.get(1).message().contains("did you mean 'context'?"));
    assertTrue(problems.stream().allMatch(p -> p.location().equals(HERE)));
  }

  @Test
  void namespaceFor_noSetting_isProjectDashEnvironment() {
    assertEquals("shop-prod", KubernetesSettings.of(spec(Map.of())).namespaceFor(environment("shop", "prod", spec(Map.of()))));
  }

  @Test
  void namespaceFor_setting_isTheSetting() {
    TargetSpec spec = spec(Map.of("namespace", "team-a"));

    assertEquals("team-a", KubernetesSettings.of(spec).namespaceFor(environment("shop", "prod", spec)));
  }

  @Test
  void namespaceFor_projectAndEnvironmentTogetherTooLong_isShortenedToALabel() {
    String namespace = KubernetesSettings.of(spec(Map.of())).namespaceFor(environment("p".repeat(40), "e".repeat(40), spec(Map.of())));

    assertTrue(Names.isDnsLabel(namespace), namespace);
  }

  @Test
  void render_namespaceSetting_putsEveryObjectInIt() {
    TargetSpec spec = spec(Map.of("namespace", "team-a", "context", "prod"));
    ResolvedEnvironment environment = environment("shop", "prod", spec);
    RenderRequest request = new RenderRequest(environment, Map.of("web", "web:1"), Optional.empty());

    Rendering rendering = target.render(request);

    assertEquals(
        List.of("01-namespace-team-a.yaml", "02-service-web.yaml", "03-deployment-web.yaml"),
        rendering.files().stream().map(RenderedFile::path).toList());
    for (RenderedFile file : rendering.files().subList(1, rendering.files().size())) {
      Map<String, Object> metadata = map(new Yaml().<Map<String, Object>>load(file.content()).get("metadata"));
      assertEquals("team-a", metadata.get("namespace"), file.path());
    }
  }

  @Test
  void render_noNamespaceSetting_usesProjectDashEnvironment() {
    ResolvedEnvironment environment = environment("shop", "prod", spec(Map.of()));

    Rendering rendering = target.render(new RenderRequest(environment, new HashMap<>(Map.of("web", "web:1")), Optional.empty()));

    assertEquals("01-namespace-shop-prod.yaml", rendering.files().get(0).path());
  }

  @Test
  void discover_onClassPath_findsKubernetesTargetForKubernetesSpec() {
    Targets targets = Targets.discover();

    assertInstanceOf(KubernetesTarget.class, targets.forSpec(spec(Map.of())).orElseThrow());
    assertTrue(targets.types().contains("kubernetes"), targets.types().toString());
  }

  private static ResolvedEnvironment environment(String project, String name, TargetSpec spec) {
    Project model = TestModel.project(project, Path.of("."), spec, service("web").image("web:1").port(8080).build());
    return new ResolvedEnvironment(model, name, spec, model.services());
  }

  private static TargetSpec spec(Map<String, String> settings) {
    return new TargetSpec("kubernetes", settings, HERE);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }
}
