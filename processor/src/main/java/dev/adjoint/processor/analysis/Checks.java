package dev.adjoint.processor.analysis;

import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.diag.Problem;
import dev.adjoint.processor.ir.Children;
import dev.adjoint.processor.ir.ClassRef;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.MethodIr;
import dev.adjoint.processor.ir.Stmt;

import java.util.ArrayList;
import java.util.List;

/**
 * What activity analysis reveals about the body: calls that would need a derivative nobody
 * knows, active arguments a callee does not differentiate, casts that cut a derivative.
 */
public final class Checks {
  private final Activity activity;
  private final List<Problem> problems = new ArrayList<>();

  private Checks(Activity activity) {
    this.activity = activity;
  }

  /** Every problem found, errors and warnings, in source order. */
  public static List<Problem> of(MethodIr method, Activity activity) {
    Checks checks = new Checks(activity);
    checks.statement(method.body());
    return checks.problems;
  }

  private void statement(Stmt s) {
    Children.expressions(s).forEach(this::expression);
    Children.statements(s).forEach(this::statement);
  }

  private void expression(Expr e) {
    if (e instanceof Expr.Cast c && !c.type().differentiable() && activity.isActive(c.operand())) {
      problems.add(new Problem(Message.DERIVATIVE_CUT, c.tree(), c.operand().tree(), c.type().javaName()));
    } else if (e instanceof Expr.DiffCall d) {
      for (int i = 0; i < d.args().size(); i++) {
        Expr arg = d.args().get(i);
        if (activity.isActive(arg) && !d.callee().wrt().contains(i)) {
          String param = d.callee().paramNames().get(i);
          problems.add(new Problem(Message.WRT_MISSING_IN_CALLEE, arg.tree(), arg.tree(),
              simpleName(d.callee().owner()) + "." + d.callee().name(), d.callee().name(), param, param));
        }
      }
    } else if (e instanceof Expr.PlainCall p && p.type() != null && p.type().differentiable()) {
      // A call with a non-differentiable result (a predicate, an index) needs no derivative.
      for (Expr arg : p.args()) {
        if (activity.isActive(arg)) {
          problems.add(new Problem(Message.NO_DERIVATIVE, p.tree(), simpleName(p.owner()) + "." + p.name(), arg.tree()));
        }
      }
    }
    Children.of(e).forEach(this::expression);
  }

  private static String simpleName(ClassRef ref) {
    return ref.simpleNames().get(ref.simpleNames().size() - 1);
  }
}
