package dev.slipway.core.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.slipway.core.event.EventListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandResourcesTest {

  /** A resource that notes when it is closed. */
  private record Noted(String name, List<String> closed) implements AutoCloseable {
    @Override
    public void close() {
      closed.add(name);
    }
  }

  @Test
  void open_sameKeyTwice_opensOnce() {
    List<String> opened = new ArrayList<>();
    try (DeployContext context = new DeployContext(Path.of("."), Map.of(), EventListener.NONE)) {
      Noted first = context.resources().open("engine", Noted.class, () -> {
        opened.add("engine");
        return new Noted("engine", new ArrayList<>());
      });
      Noted again = context.resources().open("engine", Noted.class, () -> {
        opened.add("engine");
        return new Noted("engine", new ArrayList<>());
      });

      assertSame(first, again);
      assertEquals(List.of("engine"), opened);
    }
  }

  @Test
  void close_closesLastOpenedFirst_andRefusesToOpenAfterwards() {
    List<String> closed = new ArrayList<>();
    DeployContext context = new DeployContext(Path.of("."), Map.of(), EventListener.NONE);
    context.resources().open("a", Noted.class, () -> new Noted("a", closed));
    context.resources().open("b", Noted.class, () -> new Noted("b", closed));

    context.close();

    assertEquals(List.of("b", "a"), closed);
    assertThrows(IllegalStateException.class, () -> context.resources().open("c", Noted.class, () -> new Noted("c", closed)));
  }

  @Test
  void close_oneFails_theOthersAreStillClosed_andTheFailureThrown() {
    List<String> closed = new ArrayList<>();
    CommandResources resources = new CommandResources();
    resources.open("a", Noted.class, () -> new Noted("a", closed));
    resources.open("broken", AutoCloseable.class, () -> () -> {
      throw new IllegalStateException("cannot stop it");
    });

    IllegalStateException failure = assertThrows(IllegalStateException.class, resources::close);

    assertEquals("cannot stop it", failure.getMessage());
    assertEquals(List.of("a"), closed);
  }
}
