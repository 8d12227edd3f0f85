package dev.slipway.core.exec;

import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.plan.ServiceSelection;
import dev.slipway.core.release.Release;
import dev.slipway.core.release.ReleaseStore;
import dev.slipway.core.target.LiveTarget;
import dev.slipway.core.target.RenderRequest;
import dev.slipway.core.target.Rendering;
import dev.slipway.core.target.Target;
import dev.slipway.core.target.TargetFailure;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
  private final ServiceSelection selection;
  private final Optional<Release> current;
  private final ReadWriteLock applies = new ReentrantReadWriteLock();
  private volatile Recorded recorded;

  /** @param images each service's image, asked for once, at the first deploy step */
  public ReleaseRecorder(ReleaseStore store, Target target, ResolvedEnvironment environment, Supplier<Map<String, String>> images, Optional<String> revision) {
    this(store, target, environment, images, revision, ServiceSelection.WHOLE_ENVIRONMENT, Optional.empty());
  }

  /**
   * @param selection the services the release changes; for some, {@code target} must be a {@link
   *     LiveTarget}, which splices them onto {@code current}
   * @param current the environment's current release: what the other services keep running, and
   *     which services run a count set by {@code slipway scale}
   */
  public ReleaseRecorder(ReleaseStore store, Target target, ResolvedEnvironment environment, Supplier<Map<String, String>> images, Optional<String> revision,
      ServiceSelection selection, Optional<Release> current) {
    this.store = store;
    this.target = target;
    this.environment = environment;
    this.images = images;
    this.revision = revision;
    this.selection = selection;
    this.current = current;
  }

  /** What the release applies, before it is recorded. */
  public record Rendered(RenderRequest request, Rendering rendering) {}

  private Rendered rendered;
  /** The images the release records: for a selection, the current release's with the selected services' replaced. */
  private Map<String, String> releaseImages;

  /** The release, rendered and started on the first call. */
  public synchronized Recorded recorded() {
    if (recorded == null) {
      Rendered what = rendered();
      recorded = new Recorded(store.start(revision, releaseImages, what.rendering(), change()), what.request(), what.rendering());
    }
    return recorded;
  }

  /** Which services the release changes, and which keep a count set by {@code slipway scale}: those it does not deploy. */
  private Release.Change change() {
    Map<String, Integer> scaled = new TreeMap<>(current.map(Release::scaled).orElse(Map.of()));
    scaled.keySet().removeIf(selection::includes);
    return new Release.Change(selection.services(), scaled, false);
  }

  /**
   * What the release would apply, rendered once, without starting it: for one-off runs of a
   * deploy that applies no service ({@code --only migrate}), which must not become the release
   * the environment counts as running.
   */
  public synchronized Rendered rendered() {
    if (rendered == null) {
      RenderRequest fresh = new RenderRequest(environment, images.get(), Optional.empty());
      if (selection.wholeEnvironment()) {
        releaseImages = fresh.images();
        rendered = new Rendered(fresh, target.render(fresh));
      } else {
        rendered = spliced(fresh);
      }
    }
    return rendered;
  }

  /**
   * Today's render of the selected services onto the current release's files: every other service
   * runs on exactly as recorded, with its recorded image.
   */
  private Rendered spliced(RenderRequest fresh) {
    if (!(target instanceof LiveTarget live)) {
      throw new IllegalStateException("only a live target deploys single services");
    }
    Rendering recordedFiles = current.map(release -> store.rendering(release.number()).orElseThrow(() -> new TargetFailure(
        "release " + release.number() + " has no recorded files (" + store.where(release.number())
            + " is incomplete), so single services cannot be deployed onto it: deploy the whole environment", false)))
        .orElse(new Rendering(List.of()));
    Map<String, String> kept = new LinkedHashMap<>(current.map(Release::images).orElse(Map.of()));
    selection.services().forEach(service -> kept.put(service, fresh.imageOf(service)));
    releaseImages = kept;
    Map<String, String> everyImage = new LinkedHashMap<>(fresh.images());
    everyImage.putAll(kept);
    return new Rendered(new RenderRequest(environment, everyImage, Optional.empty()), live.spliced(recordedFiles, target.render(fresh), selection.services()));
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
