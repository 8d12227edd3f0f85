package dev.slipway.dsl.internal;

import java.util.Map;
import org.codehaus.groovy.ast.ClassCodeExpressionTransformer;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;

/**
 * Renames DSL calls that Groovy would otherwise send to {@link groovy.lang.Closure}'s own methods.
 * Inside a block, {@code compose()} resolves to {@code Closure.compose(Closure)} (called with
 * null) before the delegate is asked, so {@code target compose()} could never reach the DSL.
 */
final class ClosureMethodShadowing extends CompilationCustomizer {

  /** DSL keyword → the name of the delegate method that implements it. */
  static final Map<String, String> RENAMED = Map.of("compose", "composeTarget");

  /** The keyword a script wrote, for a method name this customizer may have renamed. */
  static String keywordOf(String method) {
    return RENAMED.entrySet().stream().filter(e -> e.getValue().equals(method)).map(Map.Entry::getKey).findFirst().orElse(method);
  }

  ClosureMethodShadowing() {
    super(CompilePhase.CONVERSION);
  }

  @Override
  public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
    new ClassCodeExpressionTransformer() {
      @Override
      protected SourceUnit getSourceUnit() {
        return source;
      }

      @Override
      public Expression transform(Expression expression) {
        if (expression instanceof MethodCallExpression call
            && call.isImplicitThis()
            && RENAMED.containsKey(call.getMethodAsString())) {
          call.setMethod(new ConstantExpression(RENAMED.get(call.getMethodAsString())));
        }
        if (expression instanceof ClosureExpression closure) {
          // A closure's transformExpression leaves its body alone; DSL blocks live there.
          closure.getCode().visit(this);
          return closure;
        }
        return expression == null ? null : expression.transformExpression(this);
      }
    }.visitClass(classNode);
  }
}
