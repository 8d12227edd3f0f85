package dev.slipway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** {@code --namespace} and {@code --context} replace the script's target settings for one run, checked like the script's. */
class TargetSettingOptionsTest {

  @TempDir Path project;

  @Test
  void namespaceFromTheCommandLine_replacesTheScripts() throws IOException {
    write("prod { target kubernetes(namespace: 'shop') }");
    Path out = project.resolve("out");
    Run render = slipway("render", "--env", "prod", "--namespace", "shop-canary", "-o", out.toString());
    assertEquals(0, render.exit(), render.err());
    assertTrue(Files.readString(out.resolve("01-namespace-shop-canary.yaml")).contains("name: shop-canary"));
  }

  @Test
  void aSettingTheTargetDoesNotHave_isRefusedAtTheTargetLine() throws IOException {
    write("dev { target compose() }");
    Run render = slipway("render", "--env", "dev", "--context", "prod", "-o", project.resolve("out").toString());
    assertEquals(ExitCode.INVALID_INPUT, render.exit());
    assertTrue(render.err().startsWith(project.resolve("deploy.groovy") + ":6:") && render.err().contains("'context'"), render.err());
  }

  @Test
  void anInvalidNamespace_isRefused() throws IOException {
    write("prod { target kubernetes() }");
    Run render = slipway("render", "--env", "prod", "--namespace", "Not_A_Label", "-o", project.resolve("out").toString());
    assertEquals(ExitCode.INVALID_INPUT, render.exit());
    assertTrue(render.err().contains("namespace 'Not_A_Label' is not a valid DNS-1123 label"), render.err());
  }

  private void write(String environment) throws IOException {
    Files.writeString(project.resolve("deploy.groovy"), String.join("\n",
        "project 'shop'",
        "registry 'registry.example.com/shop'",
        "service('web') { image 'registry.example.com/shop/web:1'; port 8000 }",
        "",
        "environments {",
        "    " + environment,
        "}",
        ""));
  }

  private Run slipway(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("-f");
    all.add(project.resolve("deploy.groovy").toString());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = SlipwayCommand.newCommandLine(new Workspace(Targets.discover(), Map.of()))
        .setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(all.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  private record Run(int exit, String out, String err) {}
}
