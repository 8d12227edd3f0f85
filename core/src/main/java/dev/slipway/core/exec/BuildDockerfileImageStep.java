package dev.slipway.core.exec;

import dev.slipway.core.build.BuildStage;
import dev.slipway.core.build.DockerfileImageBuild;
import dev.slipway.core.plan.Step;
import java.util.function.Consumer;

/** Builds one service's image from its Dockerfile with the local engine, and hands on what it built. */
public final class BuildDockerfileImageStep implements StepAction {

  private final DockerfileImageBuild builder;
  private final DockerfileImageBuild.Build build;
  private final Consumer<BuildStage.Built> onBuilt;

  public BuildDockerfileImageStep(DockerfileImageBuild builder, DockerfileImageBuild.Build build, Consumer<BuildStage.Built> onBuilt) {
    this.builder = builder;
    this.build = build;
    this.onBuilt = onBuilt;
  }

  @Override
  public String run(Step step) throws UpToDate {
    BuildStage.Built built = builder.build(build);
    onBuilt.accept(built);
    if (built.image().upToDate()) {
      throw new UpToDate(builder.describe(built));
    }
    return builder.describe(built);
  }
}
