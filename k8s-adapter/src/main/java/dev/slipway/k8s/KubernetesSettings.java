package dev.slipway.k8s;

import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.model.TargetSpec;
import dev.slipway.core.problem.Problem;
import dev.slipway.core.problem.Suggestions;
import dev.slipway.core.release.HistoryLimit;
import dev.slipway.core.validate.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The settings of {@code kubernetes(context: 'prod', namespace: 'shop', kubeconfig: '...')}; all
 * are optional.
 *
 * @param context the kubeconfig context to deploy with; the kubeconfig's current one when empty
 * @param kubeconfig the kubeconfig file; kubectl's default lookup when empty
 * @param namespace where every object goes; {@code <project>-<env>} when empty
 */
public record KubernetesSettings(Optional<String> context, Optional<String> kubeconfig, Optional<String> namespace) {

  static final String CONTEXT = "context";
  static final String KUBECONFIG = "kubeconfig";
  static final String NAMESPACE = "namespace";
  static final List<String> KNOWN = List.of(CONTEXT, HistoryLimit.SETTING, KUBECONFIG, NAMESPACE);

  /** The settings of a spec that {@link #problems} found nothing wrong with. */
  public static KubernetesSettings of(TargetSpec spec) {
    return new KubernetesSettings(spec.setting(CONTEXT), spec.setting(KUBECONFIG), spec.setting(NAMESPACE));
  }

  /** Every problem with the spec's settings, in the order they were written. */
  public static List<Problem> problems(TargetSpec spec) {
    List<Problem> problems = new ArrayList<>();
    spec.settings().forEach((key, value) -> {
      switch (key) {
        case CONTEXT -> {
          if (value == null || value.isBlank()) {
            problems.add(
                new Problem(spec.location(), "kubernetes(): setting 'context' must name a kubeconfig context, e.g. context: 'prod'"));
          }
        }
        case KUBECONFIG -> {
          if (value == null || value.isBlank()) {
            problems.add(
                new Problem(
                    spec.location(), "kubernetes(): setting 'kubeconfig' must be a file path, e.g. kubeconfig: '~/.kube/config'"));
          }
        }
        case NAMESPACE -> namespaceProblem(value).ifPresent(message -> problems.add(new Problem(spec.location(), message)));
        case HistoryLimit.SETTING -> HistoryLimit.problem(spec).ifPresent(problems::add);
        default ->
            problems.add(
                new Problem(
                    spec.location(),
                    "kubernetes(): unknown setting '" + key + "'" + Suggestions.didYouMean(key, KNOWN) + "; known: "
                        + String.join(", ", KNOWN)));
      }
    });
    return problems;
  }

  /**
   * The namespace every object of {@code environment} goes into. Without a setting it is {@code
   * <project>-<env>}, shortened to a valid label: both parts are labels, but together they may be
   * longer than 63 characters.
   */
  public String namespaceFor(ResolvedEnvironment environment) {
    return namespace.orElseGet(() -> Names.toDnsLabel(environment.qualifiedName()));
  }

  private static Optional<String> namespaceProblem(String value) {
    if (value == null || value.isBlank()) {
      return Optional.of("kubernetes(): setting 'namespace' is empty: name one, or leave it out to use '<project>-<env>'");
    }
    if (Names.isDnsLabel(value)) {
      return Optional.empty();
    }
    return Optional.of("kubernetes(): namespace '" + value + "' is not a valid DNS-1123 label" + Names.dnsLabelHint(value));
  }
}
