package dev.slipway.compose.apply;

import static dev.slipway.core.model.TestModel.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.model.Project;
import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.model.TargetSpec;
import dev.slipway.core.model.TestModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How Slipway reads Compose's answers, against a stand-in Compose CLI: a shell script that prints
 * what Compose v2 printed on this machine for {@code ps --format json} and {@code config --hash},
 * or fails as Compose v1 does on {@code config --hash}.
 */
class ComposeProjectTest {

  @TempDir Path work;

  @Test
  void containers_readsIdsNumbersStatesAndLabelsFromComposeV2() throws IOException {
    ComposeProject project = projectWith(String.join("\n",
        "case \"$*\" in",
        "  *'ps -a --format json web') cat <<'JSON'",
        "{\"ID\":\"4ad5a3e20465\",\"Name\":\"shop-dev-web-3\",\"Service\":\"web\",\"State\":\"running\",\"Status\":\"Up 5 minutes\","
            + "\"Labels\":\"com.docker.compose.config-hash=a6f4,com.docker.compose.depends_on=db:service_healthy:false,redis:service_started:false,dev.slipway.service=web\"}",
        "{\"ID\":\"85714f0b59a1\",\"Name\":\"shop_web_12\",\"Service\":\"web\",\"State\":\"exited\",\"Status\":\"Exited (1)\",\"Labels\":{\"com.docker.compose.config-hash\":\"c7fc\"}}",
        "JSON",
        "  ;;",
        "  *) exit 1 ;;",
        "esac"));

    List<ComposeProject.Container> containers = project.containers("web");

    assertEquals(2, containers.size());
    ComposeProject.Container running = containers.get(0);
    assertEquals(List.of("4ad5a3e20465", "3", "running", "a6f4", "web"),
        List.of(running.id(), String.valueOf(running.number()), running.state(), running.configHash(), running.labels().get("dev.slipway.service")));
    assertTrue(running.running());
    ComposeProject.Container exited = containers.get(1);
    assertEquals(List.of("12", "exited", "Exited (1)", "c7fc"), List.of(String.valueOf(exited.number()), exited.state(), exited.status(), exited.configHash()));
  }

  @Test
  void configHash_isTheServicesLineOfConfigHash_orEmptyWhenTheCliCannotTell() throws IOException {
    ComposeProject v2 = projectWith("case \"$*\" in *'config --hash web') echo 'web a6f4d74d23b8' ;; *) exit 1 ;; esac");
    ComposeProject v1 = projectWith("echo 'No such command: config --hash' >&2; exit 1");

    assertEquals(Optional.of("a6f4d74d23b8"), v2.configHash("web"));
    assertEquals(Optional.empty(), v1.configHash("web"));
  }

  private ComposeProject projectWith(String script) throws IOException {
    Path cli = work.resolve("fake-compose-" + System.nanoTime());
    Files.writeString(cli, "#!/bin/sh\n" + script + "\n");
    Files.setPosixFilePermissions(cli, PosixFilePermissions.fromString("rwxr-xr-x"));
    TargetSpec compose = new TargetSpec("compose", Map.of(), TestModel.HERE);
    Project shop = TestModel.project("shop", work, compose, service("web").image("web:1").build());
    ResolvedEnvironment dev = new ResolvedEnvironment(shop, "dev", compose, shop.services());
    return new ComposeProject(ComposeCli.choose(Optional.of(cli.toString()), new HashMap<>(System.getenv())), dev, work.resolve("compose.yaml"));
  }
}
