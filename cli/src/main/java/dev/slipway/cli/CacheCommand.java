package dev.slipway.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.core.cache.CacheDirectory;
import dev.slipway.core.io.Sizes;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code slipway cache info|clean}: the user's caches ({@link CacheDirectory}), which every
 * project on the machine shares. None needs a deploy script.
 */
@Command(
    name = "cache",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Show or delete Slipway's caches ($SLIPWAY_CACHE_DIR, else $XDG_CACHE_HOME/slipway, else ~/.cache/slipway).",
    subcommands = {CacheCommand.Info.class, CacheCommand.Clean.class})
final class CacheCommand implements Runnable {

  @ParentCommand SlipwayCommand root;
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  CacheDirectory caches() {
    return root.workspace().caches();
  }

  @Command(name = "info", mixinStandardHelpOptions = true, versionProvider = Version.class, description = "Each cache's path and size, and the total.")
  static final class Info implements Callable<Integer> {

    @ParentCommand CacheCommand cache;
    @Spec CommandSpec spec;

    @Option(names = "--output", paramLabel = "FORMAT", description = "text or json.", defaultValue = "text")
    PlanCommand.Output output;

    @Override
    public Integer call() throws JsonProcessingException {
      CacheDirectory caches = cache.caches();
      PrintWriter out = spec.commandLine().getOut();
      long total = 0;
      ObjectNode json = new ObjectMapper().createObjectNode().put("root", caches.root().toString());
      ArrayNode kinds = json.putArray("caches");
      for (CacheDirectory.Kind kind : CacheDirectory.Kind.values()) {
        long size = caches.size(kind);
        total += size;
        kinds.addObject().put("kind", kind.word()).put("path", caches.of(kind).toString()).put("bytes", size).put("holds", kind.holds());
        if (output == PlanCommand.Output.text) {
          out.printf("%-8s %9s  %s%n", kind.word(), Sizes.human(size), caches.of(kind));
        }
      }
      json.put("totalBytes", total);
      if (output == PlanCommand.Output.json) {
        out.println(new ObjectMapper().writeValueAsString(json));
      } else {
        out.printf("%-8s %9s  %s%n", "total", Sizes.human(total), caches.root());
      }
      return ExitCode.OK;
    }
  }

  @Command(
      name = "clean",
      mixinStandardHelpOptions = true,
      versionProvider = Version.class,
      description = {
        "Delete caches (all, or the KINDs named). Nothing deployed needs them: the next build does the work again.",
        "Run it when no build or deploy runs: one that reads a cache while it goes may fail, and succeeds when run again."
      })
  static final class Clean implements Callable<Integer> {

    @ParentCommand CacheCommand cache;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "KIND", arity = "0..*", description = "scripts, deps, jib or tests (default: all).")
    List<String> kinds = new ArrayList<>();

    @Override
    public Integer call() {
      Set<CacheDirectory.Kind> chosen = new LinkedHashSet<>();
      for (String word : kinds) {
        chosen.add(CacheDirectory.Kind.named(word).orElseThrow(() -> Workspace.commandLineError("no cache '" + word + "'; caches: "
            + Arrays.stream(CacheDirectory.Kind.values()).map(CacheDirectory.Kind::word).collect(Collectors.joining(", ")))));
      }
      if (chosen.isEmpty()) {
        chosen.addAll(List.of(CacheDirectory.Kind.values()));
      }
      CacheDirectory caches = cache.caches();
      PrintWriter out = spec.commandLine().getOut();
      long freed = 0;
      for (CacheDirectory.Kind kind : chosen) {
        long size = caches.clean(kind);
        freed += size;
        out.printf("deleted %-8s %9s  %s%n", kind.word(), Sizes.human(size), caches.of(kind));
      }
      out.println(Sizes.human(freed) + " freed");
      return ExitCode.OK;
    }
  }
}
