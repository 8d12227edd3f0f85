package dev.slipway.cli.thirdtarget;

import dev.slipway.core.model.TargetSpec;
import dev.slipway.core.problem.Problem;
import dev.slipway.core.target.RenderRequest;
import dev.slipway.core.target.RenderedFile;
import dev.slipway.core.target.Rendering;
import dev.slipway.core.target.Target;
import java.util.List;

/**
 * A target that only renders (one text file listing the services and their images), for the
 * tests of how commands that change a running system refuse such a target. Test code only.
 */
public final class SketchTarget implements Target {

  @Override
  public String type() {
    return "sketch";
  }

  @Override
  public List<Problem> validate(TargetSpec spec) {
    return List.of();
  }

  @Override
  public Rendering render(RenderRequest request) {
    StringBuilder text = new StringBuilder();
    request.images().forEach((service, image) -> text.append(service).append(' ').append(image).append('\n'));
    return new Rendering(List.of(new RenderedFile("services.txt", text.toString())));
  }
}
