package dev.slipway.dsl.internal;

import dev.slipway.core.model.SourceLocation;
import dev.slipway.core.problem.InvalidInputException;
import dev.slipway.core.problem.Suggestions;
import dev.slipway.dsl.spec.Usage;
import groovy.lang.Closure;
import groovy.lang.GroovyObject;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.codehaus.groovy.runtime.InvokerHelper;

/**
 * What every block of one evaluation shares: the script (to reach its own methods and
 * variables), and how to turn the current call site into a {@link SourceLocation}.
 */
public final class ScriptContext {

  private final String compiledName;
  private final String displayName;
  private GroovyObject script;

  /**
   * @param compiledName the file name the script class was compiled under; stack frames carry it
   * @param displayName the path users know the script by, used in messages
   */
  public ScriptContext(String compiledName, String displayName) {
    this.compiledName = compiledName;
    this.displayName = displayName;
  }

  void attach(GroovyObject script) {
    this.script = script;
  }

  public String displayName() {
    return displayName;
  }

  /** The line of the script being executed right now: the innermost frame of the script's classes. */
  public SourceLocation here() {
    Optional<Integer> line =
        StackWalker.getInstance()
            .walk(frames -> frames.filter(f -> compiledName.equals(f.getFileName()) && f.getLineNumber() > 0).findFirst())
            .map(StackWalker.StackFrame::getLineNumber);
    return new SourceLocation(displayName, line.orElse(0), 0);
  }

  /** The line in {@code error}'s stack that belongs to the script, for errors thrown by user code. */
  public SourceLocation locate(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      Optional<StackTraceElement> frame =
          Arrays.stream(t.getStackTrace()).filter(f -> compiledName.equals(f.getFileName()) && f.getLineNumber() > 0).findFirst();
      if (frame.isPresent()) {
        return new SourceLocation(displayName, frame.get().getLineNumber(), 0);
      }
    }
    return new SourceLocation(displayName, 0, 0);
  }

  public InvalidInputException error(String message) {
    return new InvalidInputException(here(), message);
  }

  /**
   * {@code value}, unless it is empty or blank. Groovy takes {@code ''} wherever a string goes,
   * and an empty name or path would quietly mean something else (the script's own directory, a
   * variable nobody sets), so it is an error at its line.
   *
   * @param what what is empty, as the message starts, e.g. {@code "pip { }: findLinks"}
   * @param fix how to write it, e.g. {@code "name a wheel directory or URL, e.g. findLinks 'wheels'"}
   */
  String nonEmpty(String value, String what, String fix) {
    if (value == null || value.isBlank()) {
      throw error(what + " is empty: " + fix);
    }
    return value;
  }

  /** Runs a block with {@code delegate} answering first, as Gradle and Ratpack blocks do. */
  static void configure(Closure<?> body, Object delegate) {
    Closure<?> copy = (Closure<?>) body.clone();
    copy.setResolveStrategy(Closure.DELEGATE_FIRST);
    copy.setDelegate(delegate);
    copy.call();
  }

  /**
   * A call no block method matched: the script's own method if it has one, else an error that
   * names the block, suggests the closest keyword, or shows how the keyword is written.
   */
  Object missingMethod(String block, Class<?> spec, String name, Object args) {
    Object[] arguments = args instanceof Object[] array ? array : new Object[] {args};
    if (scriptDefines(name, arguments)) {
      return script.invokeMethod(name, arguments);
    }
    List<Method> keywords = Arrays.stream(spec.getMethods()).filter(m -> m.getName().equals(name)).toList();
    if (!keywords.isEmpty()) {
      String usage =
          keywords.stream()
              .map(m -> m.getAnnotation(Usage.class))
              .filter(u -> u != null)
              .map(Usage::value)
              .findFirst()
              .orElse(name);
      throw error("'" + name + "' in " + block + " got wrong arguments: write " + usage);
    }
    String suggestion = Suggestions.didYouMean(name, keywordsOf(spec));
    throw error(
        "unknown keyword '" + name + "' in " + block
            + (suggestion.isEmpty() ? "; known: " + String.join(", ", keywordsOf(spec)) : suggestion));
  }

  /** Whether the script itself defines a method {@code name} that takes {@code arguments}. */
  boolean scriptDefines(String name, Object[] arguments) {
    return script != null && !InvokerHelper.getMetaClass(script).respondsTo(script, name, arguments).isEmpty();
  }

  /** A bare name nothing defines: a script variable or binding entry if there is one. */
  Object missingProperty(String block, Class<?> spec, String name) {
    if (script instanceof groovy.lang.Script groovyScript && groovyScript.getBinding().hasVariable(name)) {
      return groovyScript.getBinding().getVariable(name);
    }
    if (script != null && InvokerHelper.getMetaClass(script).hasProperty(script, name) != null) {
      return script.getProperty(name);
    }
    TreeSet<String> keywords = keywordsOf(spec);
    if (keywords.contains(name)) {
      String usage =
          Arrays.stream(spec.getMethods())
              .filter(m -> m.getName().equals(name) && m.isAnnotationPresent(Usage.class))
              .map(m -> m.getAnnotation(Usage.class).value())
              .findFirst()
              .orElse(name);
      throw error("'" + name + "' in " + block + " needs its arguments: write " + usage);
    }
    throw error(
        "unknown name '" + name + "' in " + block + Suggestions.didYouMean(name, keywordsOf(spec))
            + " (strings need quotes: '" + name + "')");
  }

  static TreeSet<String> keywordsOf(Class<?> spec) {
    TreeSet<String> names = new TreeSet<>();
    Arrays.stream(spec.getMethods()).filter(m -> m.isAnnotationPresent(Usage.class)).forEach(m -> names.add(m.getName()));
    return names;
  }

  /** Reads a named argument that must be a string, e.g. {@code fromEnv: 'VAR'}. */
  String stringOption(Map<String, ?> options, String key, String keyword) {
    Object value = options.get(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof CharSequence)) {
      throw error(keyword + ": '" + key + "' must be a string, e.g. " + key + ": '...'");
    }
    return value.toString();
  }

  /** Reads a named argument that must be a whole number, e.g. {@code max: 10}. */
  Integer intOption(Map<String, ?> options, String key, String keyword) {
    Object value = options.get(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Integer number)) {
      throw error(keyword + ": '" + key + "' must be a whole number, e.g. " + key + ": 3");
    }
    return number;
  }

  /** Rejects named arguments the keyword does not know, with a suggestion. */
  void onlyOptions(Map<String, ?> options, String keyword, List<String> known) {
    for (String key : options.keySet()) {
      if (!known.contains(key)) {
        throw error(
            keyword + ": unknown option '" + key + "'" + Suggestions.didYouMean(key, known) + "; known: " + String.join(", ", known));
      }
    }
  }
}
