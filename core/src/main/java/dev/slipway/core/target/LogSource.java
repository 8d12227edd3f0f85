package dev.slipway.core.target;

import java.util.Optional;
import java.util.function.Consumer;

/** A {@link LiveTarget} that can show what its services print. */
public interface LogSource {

  /** The last {@code lines} log lines of a service, or all services when {@code service} is empty. */
  String logs(RenderRequest request, Optional<String> service, int lines, DeployContext context);

  /**
   * The last {@code lines} log lines, then each new one as it is written, handed to {@code sink}
   * until the service stops or the calling thread is interrupted (Ctrl-C).
   */
  void followLogs(RenderRequest request, Optional<String> service, int lines, DeployContext context, Consumer<String> sink);
}
