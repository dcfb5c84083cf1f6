package dev.adjoint.processor.analysis;

import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.diag.Problem;
import dev.adjoint.processor.ir.Children;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.MethodIr;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.List;

/**
 * What an {@code @Differentiable(order = 2)} method may not contain (errors at the exact
 * expression): tensors, {@code @DerivativeOf} functions (a first derivative only), and active
 * calls of {@code @Differentiable} methods that are not {@code order = 2} or whose result is not a
 * {@code double} (their {@code nameHvp} gives the second derivative of the call).
 */
public final class SecondOrder {
  private final Activity activity;
  private final List<Problem> problems = new ArrayList<>();

  private SecondOrder(Activity activity) {
    this.activity = activity;
  }

  public static List<Problem> of(MethodIr method, Activity activity) {
    SecondOrder checks = new SecondOrder(activity);
    Type result = method.signature().returnType();
    if (result != Type.SCALAR) {
      checks.problems.add(new Problem(Message.SECOND_ORDER_RESULT, null, method.signature().name(), result.javaName()));
      return checks.problems;
    }
    if (method.hasRecords() || method.signature().instance()) {
      checks.problems.add(new Problem(Message.SECOND_ORDER_UNSUPPORTED, null,
          method.signature().instance() ? "an instance method" : "a record parameter",
          "second derivatives are generated for static methods of double, double[] and double[][] values",
          "pass the components as parameters of a static method"));
      return checks.problems;
    }
    for (Var v : method.params()) {
      if (v.type().isFloat()) {
        checks.problems.add(new Problem(Message.SECOND_ORDER_UNSUPPORTED, null, "the float parameter " + v.sourceName(),
            "second derivatives are generated for double, double[] and double[][] values",
            "pass the values as double or double[]"));
      }
      if (v.type() == Type.TENSOR) {
        checks.problems.add(new Problem(Message.SECOND_ORDER_UNSUPPORTED, null, "the Tensor parameter " + v.sourceName(),
            "second derivatives are generated for double, double[] and double[][] values",
            "pass the values as double[], or use Autograd.hessian on the tape"));
      }
    }
    checks.statement(method.body());
    return checks.problems;
  }

  private void statement(Stmt s) {
    Children.expressions(s).forEach(this::expression);
    Children.statements(s).forEach(this::statement);
  }

  private void expression(Expr e) {
    if (e instanceof Expr.TensorCall t) {
      problems.add(new Problem(Message.SECOND_ORDER_UNSUPPORTED, t.tree(), "the Tensor operation " + t.function().javaName(),
          "second derivatives are generated for double, double[] and double[][] values",
          "write it with double arrays, or use Autograd.hessian on the tape"));
      return;
    }
    if (e instanceof Expr.CustomCall c && activity.isActive(e)) {
      problems.add(new Problem(Message.SECOND_ORDER_UNSUPPORTED, c.tree(), "the call of " + c.name(),
          "its @DerivativeOf methods give a first derivative only",
          "write the function with operations the processor differentiates"));
      return;
    }
    if (e instanceof Expr.DiffCall d && activeArgument(d) != null) {
      if (d.callee().returnType() != Type.SCALAR) {
        problems.add(new Problem(Message.SECOND_ORDER_UNSUPPORTED, d.tree(), "the call of " + d.callee().name(),
            "it returns " + d.callee().returnType().javaName() + ", and only calls of @Differentiable methods with a"
                + " double result have second derivatives (their nameHvp)",
            "inline it into this method (a private helper), or make it return a double"));
      } else if (d.callee().order() < 2) {
        problems.add(new Problem(Message.SECOND_ORDER_CALLEE, d.tree(), d.callee().owner().simpleNames().get(
            d.callee().owner().simpleNames().size() - 1) + "." + d.callee().name(), activeArgument(d)));
      }
    }
    Children.of(e).forEach(this::expression);
  }

  /** A description of the first active argument of {@code call}, or null. */
  private String activeArgument(Expr.DiffCall call) {
    for (int i : call.callee().wrt()) {
      if (activity.isActive(call.args().get(i))) {
        return call.args().get(i) instanceof Expr.Read r ? r.var().sourceName() : "of argument " + (i + 1);
      }
    }
    return null;
  }
}
