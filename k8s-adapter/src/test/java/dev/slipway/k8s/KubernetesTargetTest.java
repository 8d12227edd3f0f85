package dev.slipway.k8s;

import static dev.slipway.core.model.TestModel.HERE;
import static dev.slipway.core.model.TestModel.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.model.BindMount;
import dev.slipway.core.model.DockerfileBuild;
import dev.slipway.core.model.Pipeline;
import dev.slipway.core.model.Port;
import dev.slipway.core.model.Project;
import dev.slipway.core.model.ProjectFile;
import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.model.Service;
import dev.slipway.core.model.SourceLocation;
import dev.slipway.core.model.TargetSpec;
import dev.slipway.core.model.TestModel;
import dev.slipway.core.problem.Problem;
import dev.slipway.core.target.RenderRequest;
import dev.slipway.core.target.RenderedFile;
import dev.slipway.core.target.Rendering;
import dev.slipway.core.target.Targets;
import dev.slipway.core.validate.Names;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
                "kubernetes(): unknown setting 'namespce' (did you mean 'namespace'?); known: context, history, kubeconfig, namespace")),
        problems);
  }

  @Test
  void validate_unrelatedUnknownSetting_listsKnownKeysWithoutGuess() {
    List<Problem> problems = target.validate(spec(Map.of("bind", "0.0.0.0")));

    assertEquals(
        List.of("kubernetes(): unknown setting 'bind'; known: context, history, kubeconfig, namespace"),
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

  // --- rules of the Kubernetes target for a resolved environment --------------------------------

  @Test
  void validateEnvironment_hostMount_locatedAtTheMountLineSayingWhatToWriteInstead() {
    SourceLocation mountLine = SourceLocation.at("deploy.groovy", 9);
    Service api = service("api").image("api:1").port(8000).mount(new BindMount("./src", "/code", false, mountLine)).build();

    List<Problem> problems = target.validate(environment(api));

    assertEquals(
        List.of(new Problem(mountLine,
            "mount './src', '/code' of service 'api' is a host mount, for Compose and development only; on Kubernetes (environment"
                + " 'prod') use file './src', '/code' for a project file or volume '<name>', '/code' for data")),
        problems);
  }

  @Test
  void validateEnvironment_builtFromDockerfileWithoutRegistry_needsOne() {
    Service proxy = service("proxy").dockerfile(new DockerfileBuild("proxy/Dockerfile", "proxy", Map.of(), Optional.empty(), HERE)).build();
    Project withoutRegistry = new Project("shop", Optional.empty(), List.of(proxy), List.of(), Pipeline.DEFAULT, Path.of("."), HERE, HERE);

    List<Problem> problems = target.validate(new ResolvedEnvironment(withoutRegistry, "prod", spec(Map.of()), List.of(proxy)));

    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).message().contains("no registry for its built services (proxy)"), problems.get(0).message());
  }

  @Test
  void validateEnvironment_portNamedLikeAnotherUnnamedPort_locatedAtTheNamedOne() {
    SourceLocation named = SourceLocation.at("deploy.groovy", 5);
    Service api = service("api").image("api:1")
        .port(new Port(8000, 8000, HERE))
        .port(new Port(9000, Port.NOT_PUBLISHED, Optional.of("tcp-8000"), named))
        .build();

    List<Problem> problems = target.validate(environment(api));

    assertEquals(
        List.of(new Problem(named, "port 9000 is named 'tcp-8000', the name Kubernetes gives unnamed port 8000: choose another name, or name port 8000 too")),
        problems);
  }

  @Test
  void validateEnvironment_filesTogetherBeyondWhatAConfigMapHolds_locatedAtTheFirstFile(@TempDir Path project) throws IOException {
    Files.write(project.resolve("a.bin"), new byte[700 * 1024]);
    Files.write(project.resolve("b.bin"), new byte[400 * 1024]);
    SourceLocation first = SourceLocation.at("deploy.groovy", 4);
    Service site = service("site").image("nginx:1")
        .file(new ProjectFile("a.bin", "/srv/a.bin", first))
        .file(new ProjectFile("b.bin", "/srv/b.bin", HERE))
        .build();
    Project model = TestModel.project("shop", project, spec(Map.of()), site);

    List<Problem> problems = target.validate(new ResolvedEnvironment(model, "prod", spec(Map.of()), model.services()));

    assertEquals(
        List.of(new Problem(first, "the files of service 'site' hold 1126400 bytes together, more than the 1 MiB a Kubernetes ConfigMap holds:"
            + " put the larger ones in the image")),
        problems);
  }

  @Test
  void validateEnvironment_everyNewKeywordKubernetesCanHonour_noProblems(@TempDir Path project) throws IOException {
    Files.writeString(project.resolve("nginx.conf"), "worker_processes 1;\n");
    Service proxy = service("proxy").image("nginx:1")
        .port(new Port(80, 18080, Optional.of("http"), HERE))
        .port(new Port(9113, Port.NOT_PUBLISHED, HERE))
        .command(List.of("nginx", "-g", "daemon off;"))
        .stopSignal("SIGQUIT")
        .file(new ProjectFile("nginx.conf", "/etc/nginx/nginx.conf", HERE))
        .network("front")
        .build();
    Project model = TestModel.project("shop", project, spec(Map.of()), proxy);

    assertEquals(List.of(), target.validate(new ResolvedEnvironment(model, "prod", spec(Map.of()), model.services())));
  }

  private static ResolvedEnvironment environment(Service... services) {
    Project model = TestModel.project("shop", Path.of("."), spec(Map.of()), services);
    return new ResolvedEnvironment(model, "prod", spec(Map.of()), model.services());
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
