package dev.slipway.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.model.TargetSpec;
import dev.slipway.dsl.spec.EnvironmentSpec;
import dev.slipway.dsl.spec.EnvironmentsSpec;
import dev.slipway.dsl.spec.ProjectSpec;
import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.lang.GroovyShell;
import groovy.lang.Script;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.junit.jupiter.api.Test;

/**
 * The IntelliJ descriptor {@code slipway.gdsl} against the spec interfaces: run under a stand-in
 * for IntelliJ's GroovyDSL, it must offer at the top level and in every block exactly the methods
 * the spec declares there, so neither can change without the other.
 */
class SlipwayGdslTest {

  private static final String GDSL = "/dev/slipway/dsl/slipway.gdsl";

  private final GdslScript gdsl = load();

  /** The base class of the descriptor: GroovyDSL's top-level functions, recording the contributors. */
  public abstract static class GdslScript extends Script {

    final List<Contributor> contributors = new ArrayList<>();

    public Map<String, Object> context(Map<String, Object> arguments) {
      return arguments;
    }

    public Scope scriptScope() {
      return Scope.SCRIPT;
    }

    public Scope closureScope() {
      return Scope.CLOSURE;
    }

    public void contributor(Map<String, Object> context, Closure<?> body) {
      contributors.add(new Contributor((Scope) context.get("scope"), (String) context.get("pathRegexp"), body));
    }
  }

  enum Scope {
    SCRIPT,
    CLOSURE
  }

  record Contributor(Scope scope, String pathRegexp, Closure<?> body) {}

  /** IntelliJ at one place in a deploy.groovy, inside the blocks {@code path}, outermost first. */
  public static final class Place {

    private final List<String> path;
    private final Set<String> offered = new TreeSet<>();

    Place(List<String> path) {
      this.path = path;
    }

    /** The innermost call named {@code name} whose closure holds the place; nested ones start later. */
    public Call enclosingCall(String name) {
      int depth = path.lastIndexOf(name);
      return depth < 0 ? null : new Call(new TextRange(depth * 100));
    }

    public Map<String, Object> parameter(Map<String, Object> arguments) {
      return arguments;
    }

    public void method(Map<String, Object> arguments) {
      List<String> types = new ArrayList<>();
      if (!((List<?>) arguments.get("namedParams")).isEmpty()) {
        types.add(Map.class.getName());
      }
      ((Map<?, ?>) arguments.get("params")).values().forEach(type -> types.add(type.toString()));
      offered.add(arguments.get("name") + "(" + String.join(", ", types) + "): " + arguments.get("type"));
    }
  }

  public record Call(TextRange textRange) {}

  public record TextRange(int startOffset) {}

  private static GdslScript load() {
    CompilerConfiguration configuration = new CompilerConfiguration();
    configuration.setScriptBaseClass(GdslScript.class.getName());
    try (InputStream in = SlipwayGdslTest.class.getResourceAsStream(GDSL)) {
      assertNotNull(in, GDSL + " is not on the class path");
      GroovyShell shell = new GroovyShell(SlipwayGdslTest.class.getClassLoader(), configuration);
      GdslScript script = (GdslScript) shell.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "slipway.gdsl");
      script.run();
      return script;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** What the descriptor offers at a place inside {@code path}, as {@code name(types): returnType}. */
  private Set<String> offeredAt(List<String> path) {
    Place place = new Place(path);
    for (Contributor contributor : gdsl.contributors) {
      // Outside every block only script-scope contexts apply; inside one, IntelliJ may ask both.
      if (path.isEmpty() && contributor.scope() == Scope.CLOSURE) {
        continue;
      }
      Closure<?> body = contributor.body().rehydrate(place, gdsl, gdsl);
      body.setResolveStrategy(Closure.DELEGATE_FIRST);
      body.call();
    }
    return place.offered;
  }

  private static Set<String> declaredBy(Class<?> spec) {
    return Arrays.stream(spec.getMethods())
        .map(
            method ->
                method.getName()
                    + Arrays.stream(method.getParameterTypes()).map(Class::getTypeName).collect(Collectors.joining(", ", "(", ")"))
                    + ": " + method.getReturnType().getTypeName())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * Every block of the language, as the keywords that lead to it, and the spec its body is. An
   * environment's body is an {@link EnvironmentSpec}: its keyword is the environment's name, so in
   * the descriptor it is inside {@code environments}.
   */
  private static Map<List<String>, Class<?>> blocks() {
    Map<List<String>, Class<?>> blocks = new LinkedHashMap<>();
    addBlocks(ProjectSpec.class, List.of(), blocks);
    return blocks;
  }

  private static void addBlocks(Class<?> spec, List<String> path, Map<List<String>, Class<?>> blocks) {
    for (Method method : spec.getMethods()) {
      for (Parameter parameter : method.getParameters()) {
        if (parameter.getType() == Closure.class) {
          DelegatesTo delegatesTo = parameter.getAnnotation(DelegatesTo.class);
          assertNotNull(delegatesTo, spec.getSimpleName() + "." + method.getName() + ": its closure has no @DelegatesTo");
          Class<?> body = delegatesTo.value() == EnvironmentsSpec.class ? EnvironmentSpec.class : delegatesTo.value();
          List<String> inner = Stream.concat(path.stream(), Stream.of(method.getName())).toList();
          blocks.put(inner, body);
          addBlocks(body, inner, blocks);
        }
      }
    }
  }

  /** {@code path} as a script writes it, e.g. {@code environments { service { } }}. */
  private static String written(List<String> path) {
    return path.stream().map(keyword -> keyword + " { ").collect(Collectors.joining()) + "} ".repeat(path.size()).trim();
  }

  private static void assertOffersExactly(Class<?> spec, Set<String> offered, String where) {
    Set<String> missing = new TreeSet<>(declaredBy(spec));
    missing.removeAll(offered);
    Set<String> extra = new TreeSet<>(offered);
    extra.removeAll(declaredBy(spec));
    // Targets are not spec methods (any installed target's name works, through methodMissing);
    // the file still describes the built-in ones, compose() and kubernetes(), for completion.
    extra.removeIf(method -> spec == EnvironmentSpec.class && method.endsWith("): " + TargetSpec.class.getName()));
    assertTrue(missing.isEmpty(), "slipway.gdsl does not describe, " + where + ", these methods of " + spec.getSimpleName() + ": " + missing);
    assertTrue(extra.isEmpty(), "slipway.gdsl offers, " + where + ", methods " + spec.getSimpleName() + " does not declare: " + extra);
  }

  @Test
  void specs_everyClosure_delegatesFirstToASpec() {
    Set<Class<?>> specs = new LinkedHashSet<>(List.of(ProjectSpec.class));
    specs.addAll(blocks().values());
    for (Class<?> spec : specs) {
      for (Method method : spec.getMethods()) {
        for (Parameter parameter : method.getParameters()) {
          if (parameter.getType() == Closure.class) {
            DelegatesTo delegatesTo = parameter.getAnnotation(DelegatesTo.class);
            String where = spec.getSimpleName() + "." + method.getName() + ": its closure ";
            assertNotNull(delegatesTo, where + "has no @DelegatesTo");
            assertEquals(Closure.DELEGATE_FIRST, delegatesTo.strategy(), where + "must be DELEGATE_FIRST, as the DSL runs it");
            assertEquals(ProjectSpec.class.getPackage(), delegatesTo.value().getPackage(), where + "must delegate to a spec");
          }
        }
      }
    }
  }

  @Test
  void gdsl_topLevel_offersProjectSpec() {
    assertOffersExactly(ProjectSpec.class, offeredAt(List.of()), "at the top level");
  }

  @Test
  void gdsl_everyBlock_offersItsSpecOnly() {
    blocks().forEach((path, spec) -> assertOffersExactly(spec, offeredAt(path), "in " + written(path)));
  }

  @Test
  void gdsl_appliesToFilesNamedDeployGroovyOnly() {
    for (Contributor contributor : gdsl.contributors) {
      assertTrue("/home/dev/shop/deploy.groovy".matches(contributor.pathRegexp()), contributor.pathRegexp());
      assertFalse("/home/dev/shop/build.groovy".matches(contributor.pathRegexp()), contributor.pathRegexp());
      assertFalse("/home/dev/shop/deploy.groovy.bak".matches(contributor.pathRegexp()), contributor.pathRegexp());
    }
  }
}
