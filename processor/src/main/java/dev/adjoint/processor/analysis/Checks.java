package dev.adjoint.processor.analysis;

import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.diag.Problem;
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
    if (s instanceof Stmt.Declare d) {
      expression(d.init());
    } else if (s instanceof Stmt.Assign a) {
      expression(a.value());
    } else if (s instanceof Stmt.If i) {
      expression(i.condition());
      statement(i.then());
      statement(i.orElse());
    } else if (s instanceof Stmt.Return r) {
      expression(r.value());
    } else if (s instanceof Stmt.Block b) {
      b.statements().forEach(this::statement);
    } else if (s instanceof Stmt.Call c) {
      expression(c.call());
    }
  }

  private void expression(Expr e) {
    if (e instanceof Expr.Unary u) {
      expression(u.operand());
    } else if (e instanceof Expr.Binary b) {
      expression(b.left());
      expression(b.right());
    } else if (e instanceof Expr.Conditional c) {
      expression(c.condition());
      expression(c.ifTrue());
      expression(c.ifFalse());
    } else if (e instanceof Expr.Cast c) {
      if (!c.type().differentiable() && activity.isActive(c.operand())) {
        problems.add(new Problem(Message.DERIVATIVE_CUT, c.tree(), c.operand().tree(), c.type().javaName()));
      }
      expression(c.operand());
    } else if (e instanceof Expr.MathCall m) {
      m.args().forEach(this::expression);
    } else if (e instanceof Expr.DiffCall d) {
      for (int i = 0; i < d.args().size(); i++) {
        Expr arg = d.args().get(i);
        if (activity.isActive(arg) && !d.callee().wrt().contains(i)) {
          String param = d.callee().paramNames().get(i);
          problems.add(new Problem(Message.WRT_MISSING_IN_CALLEE, arg.tree(), arg.tree(),
              d.callee().owner().simpleNames().get(d.callee().owner().simpleNames().size() - 1) + "."
                  + d.callee().name(), d.callee().name(), param, param));
        }
        expression(arg);
      }
    } else if (e instanceof Expr.PlainCall p) {
      // A call with a non-differentiable result (a predicate, an index) needs no derivative.
      boolean resultCarriesDerivative = p.type() != null && p.type().differentiable();
      for (Expr arg : p.args()) {
        if (resultCarriesDerivative && activity.isActive(arg)) {
          problems.add(new Problem(Message.NO_DERIVATIVE, p.tree(),
              p.owner().simpleNames().get(p.owner().simpleNames().size() - 1) + "." + p.name(), arg.tree()));
        }
        expression(arg);
      }
    }
  }

}
