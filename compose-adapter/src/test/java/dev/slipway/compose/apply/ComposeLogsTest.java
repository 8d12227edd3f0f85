package dev.slipway.compose.apply;

import static dev.slipway.compose.apply.StandInCompose.ok;
import static dev.slipway.core.model.TestModel.service;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComposeLogsTest {

  @TempDir Path work;

  @Test
  void tail_oneService_itsLastLines() {
    StandInCompose compose = new StandInCompose(work).on("compose * logs --no-color --tail 20 web", ok("web-1  | started\n"));

    String logs = new ComposeLogs(compose.project(service("web").image("web:1").build())).tail(Optional.of("web"), 20);

    assertEquals("web-1  | started\n", logs);
  }

  @Test
  void tail_allServices_noServiceNamed() {
    StandInCompose compose = new StandInCompose(work);

    new ComposeLogs(compose.project(service("web").image("web:1").build())).tail(Optional.empty(), 100);

    assertEquals(List.of("compose logs --no-color --tail 100"), compose.commandLines());
  }

  @Test
  void follow_handsOverEachLine() {
    StandInCompose compose = new StandInCompose(work).on("compose * logs --no-color --follow --tail 5 web", ok("first\nsecond\n"));
    List<String> lines = new ArrayList<>();

    new ComposeLogs(compose.project(service("web").image("web:1").build())).follow(Optional.of("web"), 5, lines::add);

    assertEquals(List.of("first", "second"), lines);
  }
}
