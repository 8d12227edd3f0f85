package dev.slipway.core.exec;

import dev.slipway.core.build.BuildStage;
import dev.slipway.core.plan.Step;
import java.util.function.Consumer;

/** Builds one service's image from the inputs the plan chose for it, and hands on what it built. */
public final class BuildImageStep implements StepAction {

  private final BuildStage stage;
  private final BuildStage.ImageBuild build;
  private final Consumer<BuildStage.Built> onBuilt;

  public BuildImageStep(BuildStage stage, BuildStage.ImageBuild build, Consumer<BuildStage.Built> onBuilt) {
    this.stage = stage;
    this.build = build;
    this.onBuilt = onBuilt;
  }

  @Override
  public String run(Step step) throws UpToDate {
    BuildStage.Built built = stage.build(build);
    onBuilt.accept(built);
    if (built.image().upToDate()) {
      throw new UpToDate(stage.describe(built));
    }
    return stage.describe(built);
  }
}
