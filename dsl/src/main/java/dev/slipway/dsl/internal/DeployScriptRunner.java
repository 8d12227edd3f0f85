package dev.slipway.dsl.internal;

import dev.slipway.core.model.Project;
import dev.slipway.core.model.SourceLocation;
import dev.slipway.core.problem.InvalidInputException;
import dev.slipway.core.problem.Problem;
import groovy.lang.Binding;
import groovy.lang.GroovyShell;
import groovy.transform.ThreadInterrupt;
import groovy.transform.TimedInterrupt;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.customizers.ASTTransformationCustomizer;
import org.codehaus.groovy.control.customizers.ImportCustomizer;
import org.codehaus.groovy.control.messages.ExceptionMessage;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;

/** Compiles and runs one deploy script with Slipway's compiler setup, and maps its failures to problems. */
public final class DeployScriptRunner {

  /**
   * Long enough for any real script (one with 5,000 separate service blocks takes about a
   * minute on a slow machine, most of it Groovy setting up each block's closure class); a
   * runaway loop is stopped with a located error instead of hanging.
   */
  static final long TIMEOUT_SECONDS = 180;

  /** The file name scripts are compiled under; stack frames carry it, so lines can be found. */
  private static final String COMPILED_NAME = "deploy.groovy";

  private DeployScriptRunner() {}

  public static Project run(String text, String displayName, Path baseDir, Map<String, String> variables) {
    ScriptContext context = new ScriptContext(COMPILED_NAME, displayName);
    Binding binding = new Binding();
    variables.forEach(binding::setVariable);
    DeployScript script;
    try {
      script = compile(text, binding);
    } catch (MultipleCompilationErrorsException e) {
      throw new InvalidInputException(compileProblems(e, displayName, text));
    } catch (CompilationFailedException e) {
      throw new InvalidInputException(new SourceLocation(displayName, 0, 0), "does not compile: " + e.getMessage());
    }
    script.attach(context);
    try {
      script.run();
    } catch (InvalidInputException e) {
      throw e;
    } catch (Exception e) {
      // @TimedInterrupt throws a checked TimeoutException that javac cannot see.
      if (e instanceof java.util.concurrent.TimeoutException) {
        throw new InvalidInputException(
            context.locate(e), "the script ran for more than " + TIMEOUT_SECONDS + "s: look for an endless loop");
      }
      throw new InvalidInputException(context.locate(e), "the script failed: " + describe(e));
    } catch (StackOverflowError e) {
      throw new InvalidInputException(context.locate(e), "the script recursed without end (stack overflow)");
    }
    return new Project(
        script.projectName,
        Optional.ofNullable(script.registry),
        script.services,
        script.environments,
        script.pipeline,
        baseDir,
        script.projectLocation == null ? new SourceLocation(displayName, 1, 0) : script.projectLocation,
        new SourceLocation(displayName, 0, 0),
        script.insecureRegistry,
        script.pip);
  }

  private static DeployScript compile(String text, Binding binding) {
    CompilerConfiguration configuration = compilerConfiguration();
    ClassLoader parent = DeployScriptRunner.class.getClassLoader();
    Optional<Class<?>> cached = CompiledScriptCache.forUser().flatMap(cache -> cache.load(text, COMPILED_NAME, configuration, parent));
    if (cached.isPresent()) {
      try {
        DeployScript script = (DeployScript) cached.get().getConstructor().newInstance();
        script.setBinding(binding);
        return script;
      } catch (ReflectiveOperationException | ClassCastException e) {
        throw new IllegalStateException("cached script class unusable", e);
      }
    }
    return (DeployScript) new GroovyShell(parent, binding, configuration).parse(text, COMPILED_NAME);
  }

  private static CompilerConfiguration compilerConfiguration() {
    CompilerConfiguration configuration = new CompilerConfiguration();
    configuration.setScriptBaseClass(DeployScript.class.getName());
    ImportCustomizer imports = new ImportCustomizer();
    imports.addImports("java.time.Duration");
    configuration.addCompilationCustomizers(
        imports,
        new ClosureMethodShadowing(),
        new ASTTransformationCustomizer(ThreadInterrupt.class),
        new ASTTransformationCustomizer(Map.of("value", TIMEOUT_SECONDS), TimedInterrupt.class));
    return configuration;
  }

  private static List<Problem> compileProblems(MultipleCompilationErrorsException e, String displayName, String text) {
    List<Problem> problems = new ArrayList<>();
    for (Message message : e.getErrorCollector().getErrors()) {
      if (message instanceof SyntaxErrorMessage syntax) {
        SyntaxException cause = syntax.getCause();
        Optional<Problem> unclosed = unclosedBlock(cause, text, displayName);
        if (unclosed.isPresent()) {
          problems.add(unclosed.get());
          continue;
        }
        problems.add(
            new Problem(
                new SourceLocation(displayName, cause.getLine(), cause.getStartColumn()),
                "syntax error: " + syntaxMessage(cause.getOriginalMessage())));
      } else if (message instanceof ExceptionMessage exception) {
        problems.add(new Problem(new SourceLocation(displayName, 0, 0), "does not compile: " + exception.getCause().getMessage()));
      }
    }
    if (problems.isEmpty()) {
      problems.add(new Problem(new SourceLocation(displayName, 0, 0), "does not compile: " + firstLine(e.getMessage())));
    }
    return problems;
  }

  /**
   * A block left open, when that is what Groovy stumbled on: its error is then at the end of the
   * file or at one of the open braces, and names neither where the block began nor that it is a
   * brace that is missing.
   */
  private static Optional<Problem> unclosedBlock(SyntaxException cause, String text, String displayName) {
    OpenBlocks blocks = OpenBlocks.in(text);
    if (blocks.unclosed().isEmpty()) {
      return Optional.empty();
    }
    boolean atAnOpenBrace = blocks.open().stream().anyMatch(b -> b.line() == cause.getLine() && b.column() == cause.getStartColumn());
    if (!atAnOpenBrace && !atEnd(text, cause.getLine(), cause.getStartColumn())) {
      return Optional.empty();
    }
    OpenBlocks.Brace unclosed = blocks.unclosed().get();
    int lastLine = (int) text.lines().count();
    return Optional.of(
        new Problem(
            new SourceLocation(displayName, lastLine, 0),
            "unexpected end of file: the block opened at line " + unclosed.line() + " (" + unclosed.opening() + ") is not closed: add its }"));
  }

  /** Whether only blanks follow {@code line}:{@code column} (both 1-based), as at an error Groovy places past the last token. */
  private static boolean atEnd(String text, int line, int column) {
    int offset = 0;
    for (int l = 1; l < line && offset >= 0; l++) {
      offset = text.indexOf('\n', offset);
      offset = offset < 0 ? -1 : offset + 1;
    }
    if (offset < 0) {
      return true;
    }
    int at = offset + Math.max(column, 1) - 1;
    return at >= text.length() || text.substring(at).isBlank();
  }

  /**
   * Groovy quotes the rest of the file after an unexpected token, with escaped newlines; keep
   * the first line of that and say what usually causes it.
   */
  private static String syntaxMessage(String original) {
    String message = firstLine(original);
    int escapedNewline = message.indexOf("\\n");
    if (escapedNewline >= 0) {
      message = message.substring(0, escapedNewline).stripTrailing() + "...'";
    }
    if (message.startsWith("Unexpected input")) {
      message += " (look for a missing or extra bracket, brace or quote)";
    }
    return message;
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : firstLine(message);
  }

  private static String firstLine(String text) {
    return text.lines().findFirst().orElse(text).trim();
  }
}
