package dev.slipway.core.exec;

import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.release.Release;
import dev.slipway.core.release.ReleaseStore;
import dev.slipway.core.target.LiveTarget;
import dev.slipway.core.target.RenderRequest;
import dev.slipway.core.target.Rendering;
import dev.slipway.core.target.Target;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Records a deploy as a release: rendered once, when the first deploy or run step asks (every
 * image is built by then), and saved before anything is applied, so that what runs is what was
 * recorded.
 */
public final class ReleaseRecorder {

  /** What every deploy step of one release applies. */
  public record Recorded(Release release, RenderRequest request, Rendering rendering) {}

  private final ReleaseStore store;
  private final Target target;
  private final ResolvedEnvironment environment;
  private final Supplier<Map<String, String>> images;
  private final Optional<String> revision;
  private final ReadWriteLock applies = new ReentrantReadWriteLock();
  private volatile Recorded recorded;

  /** @param images each service's image, asked for once, at the first deploy step */
  public ReleaseRecorder(ReleaseStore store, Target target, ResolvedEnvironment environment, Supplier<Map<String, String>> images, Optional<String> revision) {
    this.store = store;
    this.target = target;
    this.environment = environment;
    this.images = images;
    this.revision = revision;
  }

  /** What the release applies, before it is recorded. */
  public record Rendered(RenderRequest request, Rendering rendering) {}

  private Rendered rendered;

  /** The release, rendered and started on the first call. */
  public synchronized Recorded recorded() {
    if (recorded == null) {
      Rendered what = rendered();
      recorded = new Recorded(store.start(revision, what.request().images(), what.rendering()), what.request(), what.rendering());
    }
    return recorded;
  }

  /**
   * What the release would apply, rendered once, without starting it: for one-off runs of a
   * deploy that applies no service ({@code --only migrate}), which must not become the release
   * the environment counts as running.
   */
  public synchronized Rendered rendered() {
    if (rendered == null) {
      RenderRequest request = new RenderRequest(environment, images.get(), Optional.empty());
      rendered = new Rendered(request, target.render(request));
    }
    return rendered;
  }

  /** The release, if a deploy step started one. */
  public Optional<Release> started() {
    return Optional.ofNullable(recorded).map(Recorded::release);
  }

  /**
   * Held by whoever applies to the target for this release: one apply at a time, since a target's
   * apply of one service reads the state another's wrote, and a restore must wait for the apply
   * it undoes. A lock rather than this object's monitor, so that waiting for it can be bounded.
   */
  public Lock applies() {
    return applies.writeLock();
  }

  /**
   * What a deploy step holds instead of {@link #applies()} when its target applies services
   * concurrently ({@link LiveTarget#appliesConcurrently()}): shared among deploy steps, and still
   * exclusive of a restore.
   */
  public Lock concurrentApplies() {
    return applies.readLock();
  }

  /** Saves the started release with its outcome. */
  public synchronized Release finish(String outcome, String detail) {
    Release done = started().orElseThrow(() -> new IllegalStateException("no release was started")).finished(outcome, detail);
    store.save(done);
    return done;
  }
}
