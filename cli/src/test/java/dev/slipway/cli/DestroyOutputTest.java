package dev.slipway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slipway.core.target.Targets;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code destroy} says about volumes: only what the environment has, through the test-only {@code directory()} target. */
class DestroyOutputTest {

  @TempDir Path project;

  private List<String> deployAndDestroy(String db, String... destroyOptions) throws IOException {
    Files.writeString(project.resolve("deploy.groovy"), """
        project 'shelf'
        service('db') {
          image 'postgres:16'
          %s
        }
        environments {
          lab { target directory(path: 'out') }
        }
        """.formatted(db));
    assertEquals(List.of(), run("deploy").stream().filter(l -> l.startsWith("slipway:")).toList());
    List<String> args = new ArrayList<>(List.of("destroy"));
    args.addAll(List.of(destroyOptions));
    return run(args.toArray(String[]::new));
  }

  private List<String> run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> argv = new ArrayList<>(List.of(args));
    argv.addAll(List.of("--env", "lab", "-f", project.resolve("deploy.groovy").toString()));
    int exit = SlipwayCommand.newCommandLine(new Workspace(Targets.discover(), Map.of()))
        .setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(argv.toArray(String[]::new));
    assertEquals(ExitCode.OK, exit, out + "" + err);
    return out.toString().lines().toList();
  }

  @Test
  void destroy_noVolumes_saysNothingAboutThem() throws IOException {
    assertEquals(List.of("removed shelf-lab", "release 2: destroyed"), deployAndDestroy("port 5432"));
  }

  @Test
  void destroyVolumes_noVolumes_saysNothingAboutThem() throws IOException {
    assertEquals(List.of("removed shelf-lab", "release 2: destroyed"), deployAndDestroy("port 5432", "--volumes"));
  }

  @Test
  void destroy_withVolumes_saysTheyAreKeptAndHowToDeleteThem() throws IOException {
    assertEquals(List.of("removed shelf-lab; named volumes kept (use --volumes to delete them)", "release 2: destroyed"),
        deployAndDestroy("volume 'pgdata', '/var/lib/postgresql/data'"));
  }

  @Test
  void destroyVolumes_withVolumes_saysTheyAreGone() throws IOException {
    assertEquals(List.of("removed shelf-lab and its volumes", "release 2: destroyed"),
        deployAndDestroy("volume 'pgdata', '/var/lib/postgresql/data'", "--volumes"));
  }
}
