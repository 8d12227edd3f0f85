package dev.slipway.core.exec;

import dev.slipway.core.build.BuildStage;
import dev.slipway.core.plan.Step;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Builds one service's image, from Python source or from its Dockerfile, and hands on what it
 * built; an image already in place is {@link UpToDate}.
 */
public final class BuildImageStep implements StepAction {

  private final Supplier<BuildStage.Built> build;
  private final Function<BuildStage.Built, String> describe;
  private final Consumer<BuildStage.Built> onBuilt;

  /**
   * @param build builds the image (jib for Python, the local engine for a Dockerfile)
   * @param describe the step's one-line outcome for what was built
   */
  public BuildImageStep(Supplier<BuildStage.Built> build, Function<BuildStage.Built, String> describe, Consumer<BuildStage.Built> onBuilt) {
    this.build = build;
    this.describe = describe;
    this.onBuilt = onBuilt;
  }

  @Override
  public String run(Step step) throws UpToDate {
    BuildStage.Built built = build.get();
    onBuilt.accept(built);
    if (built.image().upToDate()) {
      throw new UpToDate(describe.apply(built));
    }
    return describe.apply(built);
  }
}
