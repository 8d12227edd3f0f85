package dev.slipway.k8s.render;

import io.kubernetes.client.openapi.models.V1ExecAction;
import io.kubernetes.client.openapi.models.V1Lifecycle;
import io.kubernetes.client.openapi.models.V1LifecycleHandler;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Compose's {@code stop_signal} on Kubernetes: a preStop hook that sends the signal to the
 * container's main process and waits until it has exited; only then would the kubelet send its
 * SIGTERM, and the process is gone by then. The signal arrives as the first thing the pod is
 * told to stop, as with {@code docker stop}.
 *
 * <p>Not {@code lifecycle.stopSignal}: that field exists since Kubernetes 1.33 behind the alpha
 * gate ContainerStopSignals, and an API server without the gate (the default, and Slipway's test
 * cluster) drops it without a word. What the hook cannot do as Docker does: it needs {@code sh}
 * and {@code kill} in the image (without them the hook fails and the container gets SIGTERM, the
 * kubelet's default); the wait counts against the pod's 30 s grace period (Docker's is 10 s) after
 * which the kubelet kills the container; and the kubelet may report the hook as failed
 * ({@code FailedPreStopHook}) when the container exits while the hook still waits.
 */
final class StopSignals {

  /** The container's main process: the one {@code docker stop} signals. */
  private static final long MAIN_PROCESS = 1;

  private StopSignals() {}

  /** The hook for {@code signal} ({@code SIGINT}, {@code INT} or {@code 2}); none for SIGTERM, which the kubelet sends anyway. */
  static Optional<V1Lifecycle> preStop(String signal) {
    String name = signal.toUpperCase(Locale.ROOT).replaceFirst("^SIG", "");
    if (name.equals("TERM") || name.equals("15")) {
      return Optional.empty();
    }
    return Optional.of(new V1Lifecycle().preStop(new V1LifecycleHandler().exec(new V1ExecAction().command(List.of("sh", "-c", script(name, MAIN_PROCESS))))));
  }

  /** Sends {@code name} ({@code INT}, or a number) to process {@code pid} and returns once it is gone. */
  static String script(String name, long pid) {
    return "kill -" + name + " " + pid + "; while kill -0 " + pid + " 2>/dev/null; do sleep 1; done";
  }
}
