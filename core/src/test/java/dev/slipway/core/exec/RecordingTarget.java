package dev.slipway.core.exec;

import dev.slipway.core.model.TargetSpec;
import dev.slipway.core.problem.Problem;
import dev.slipway.core.target.DeployContext;
import dev.slipway.core.target.LiveTarget;
import dev.slipway.core.target.OneOffRunner;
import dev.slipway.core.target.RenderRequest;
import dev.slipway.core.target.RenderedFile;
import dev.slipway.core.target.Rendering;
import dev.slipway.core.target.TargetFailure;
import dev.slipway.core.target.TargetStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A live target that counts renders and remembers what each apply and each one-off run was handed;
 * the applies of chosen renders fail, block until interrupted (as a health wait does), or hang
 * regardless; the runs of chosen stages exit non-zero.
 */
final class RecordingTarget implements LiveTarget, OneOffRunner {
  final AtomicInteger renders = new AtomicInteger();
  final List<Rendering> applied = Collections.synchronizedList(new ArrayList<>());
  /** The services each apply was given, in order. */
  final List<List<String>> appliedOrders = Collections.synchronizedList(new ArrayList<>());
  /** What status reports: nothing unless a test says. */
  final List<TargetStatus.ServiceStatus> statuses = Collections.synchronizedList(new ArrayList<>());
  /** Renders whose applies fail, as a port already taken would. */
  final Set<Integer> failingRenders = ConcurrentHashMap.newKeySet();
  /** Renders whose applies wait until their thread is interrupted. */
  final Set<Integer> blockingRenders = ConcurrentHashMap.newKeySet();
  /** Renders whose applies take ten seconds whatever happens, as a wedged engine would. */
  final Set<Integer> hangingRenders = ConcurrentHashMap.newKeySet();
  /** Counted down when a blocking apply has started. */
  final CountDownLatch blocked = new CountDownLatch(1);
  /** What preflight finds wrong, if anything. */
  Optional<TargetFailure> preflightFailure = Optional.empty();
  final AtomicInteger preflights = new AtomicInteger();

  /** Each one-off run, with the rendering it was given. */
  record Ran(OneOff run, Rendering rendering) {}

  final List<Ran> ran = Collections.synchronizedList(new ArrayList<>());
  /** Stages whose runs exit 1. */
  final Set<String> failingRunStages = ConcurrentHashMap.newKeySet();

  @Override
  public void runOnce(Rendering rendering, RenderRequest request, OneOff run, DeployContext context) {
    ran.add(new Ran(run, rendering));
    if (failingRunStages.contains(run.stage())) {
      throw new TargetFailure("`" + run.command() + "` exited with code 1", false);
    }
  }

  @Override
  public void preflight(RenderRequest request, Set<String> services, DeployContext context) {
    preflights.incrementAndGet();
    preflightFailure.ifPresent(failure -> {
      throw failure;
    });
  }

  @Override
  public String type() {
    return "compose";
  }

  @Override
  public List<Problem> validate(TargetSpec spec) {
    return List.of();
  }

  @Override
  public Rendering render(RenderRequest request) {
    int number = renders.incrementAndGet();
    return new Rendering(List.of(new RenderedFile("compose.yaml", "render " + number + " of " + request.images() + "\n")));
  }

  @Override
  public void apply(Rendering rendering, RenderRequest request, List<String> order, DeployContext context) {
    applied.add(rendering);
    appliedOrders.add(List.copyOf(order));
    if (is(rendering, hangingRenders)) {
      long until = System.nanoTime() + 10_000_000_000L;
      while (System.nanoTime() < until) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException wedged) {
          // a wedged engine does not listen
        }
      }
    }
    if (is(rendering, blockingRenders)) {
      blocked.countDown();
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TargetFailure("the health wait was interrupted", false);
      }
    }
    if (is(rendering, failingRenders)) {
      throw new TargetFailure("port 8080 is already taken", false);
    }
  }

  private static boolean is(Rendering rendering, Set<Integer> renders) {
    return renders.stream().anyMatch(n -> rendering.files().get(0).content().startsWith("render " + n + " "));
  }

  @Override
  public TargetStatus status(RenderRequest request, DeployContext context) {
    return new TargetStatus(statuses);
  }

  /** The fresh render's first line (so the failing sets still pick it), then which services came from it onto which recorded files. */
  @Override
  public Rendering spliced(Rendering recorded, Rendering fresh, Set<String> services) {
    String recordedText = recorded.files().isEmpty() ? "nothing" : recorded.files().get(0).content();
    return new Rendering(List.of(new RenderedFile("compose.yaml", fresh.files().get(0).content() + "spliced " + new java.util.TreeSet<>(services)
        + " onto: " + recordedText)));
  }

  @Override
  public Rendering scaled(Rendering recorded, java.util.Map<String, Integer> replicas) {
    return new Rendering(List.of(new RenderedFile("compose.yaml", recorded.files().get(0).content() + "scaled " + new java.util.TreeMap<>(replicas) + "\n")));
  }

  @Override
  public void destroy(RenderRequest request, boolean volumes, DeployContext context) {}
}
