package dev.slipway.core.exec;

import dev.slipway.core.build.BuildStage;
import dev.slipway.core.build.TestStage;
import dev.slipway.core.plan.Step;
import java.util.Optional;
import java.util.function.Supplier;

/** Runs one service's pytest suite against the image its build step made. */
public final class RunTestsStep implements StepAction {

  private final TestStage stage;
  private final TestStage.Suite suite;
  private final Supplier<Optional<BuildStage.Built>> image;

  /** @param image the image under test; the executor runs this step after its build step */
  public RunTestsStep(TestStage stage, TestStage.Suite suite, Supplier<Optional<BuildStage.Built>> image) {
    this.stage = stage;
    this.suite = suite;
    this.image = image;
  }

  @Override
  public String run(Step step) throws UpToDate {
    BuildStage.Built built = image.get().orElseThrow(() ->
        new IllegalStateException("tests of " + suite.service().name() + " need its image: run the build stage too"));
    TestStage.Outcome outcome = stage.run(suite, built);
    if (outcome.upToDate()) {
      throw new UpToDate(outcome.tests() + " tests passed before on image " + built.image().digest());
    }
    return outcome.tests() + " tests passed";
  }
}
