package dev.adjoint.processor.analysis;

import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.diag.Problem;
import dev.adjoint.processor.ir.Children;
import dev.adjoint.processor.ir.ClassRef;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.MethodIr;
import dev.adjoint.processor.ir.Operator;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.List;

/**
 * What activity analysis reveals about the body: calls that would need a derivative nobody
 * knows, active arguments a callee does not differentiate (errors), and active values that lose
 * their derivative in an integer cast, a piecewise-constant function or an exact comparison
 * (warnings, see {@link Message#SUPPRESS_WARNINGS}).
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
    for (MethodIr.ArrayCall call : method.arrayCalls()) {
      if (activity.readsVaried(new Expr.Read(call.array(), null))) {
        checks.problems.add(new Problem(Message.ARRAY_TO_UNKNOWN_CALL, call.tree(), call.what(),
            call.array().sourceName()));
      }
    }
    return checks.problems;
  }

  private void statement(Stmt s) {
    // A condition decides and a call's discarded result goes nowhere: neither is differentiated.
    boolean noData = s instanceof Stmt.If || s instanceof Stmt.Loop || s instanceof Stmt.Call;
    Children.expressions(s).forEach(e -> expression(e, !noData));
    Children.statements(s).forEach(this::statement);
  }

  /** {@code data}: the value of {@code e} may flow into a differentiated value (not only a comparison or an index). */
  private void expression(Expr e, boolean data) {
    if (!data) {
      // Still look inside for what is data again (a call's differentiable arguments are not).
      if (e instanceof Expr.Binary b && isComparison(b.op()) || e instanceof Expr.Unary
          || e instanceof Expr.Binary b2 && (b2.op() == Operator.CONDITIONAL_AND || b2.op() == Operator.CONDITIONAL_OR)) {
        if (e instanceof Expr.Binary b3 && (b3.op() == Operator.EQ || b3.op() == Operator.NE)) {
          exactComparison(b3);
        }
        Children.of(e).forEach(c -> expression(c, false));
        return;
      }
    }
    if (e instanceof Expr.Binary b && isComparison(b.op())) {
      if (b.op() == Operator.EQ || b.op() == Operator.NE) {
        exactComparison(b);
      }
      Children.of(e).forEach(c -> expression(c, false));
      return;
    }
    if (e instanceof Expr.ArrayRead r) {
      expression(r.array(), data);
      expression(r.index(), false);
      return;
    }
    if (e instanceof Expr.Opaque o && o.type().differentiable() && data) {
      for (Var v : o.reads()) {
        // varied, or reached through an object (p.x() of a record built from x): either way lost
        if (activity.readsVaried(new Expr.Read(v, null)) || activity.reaches(new Expr.Read(v, null))) {
          // A tensor computed by code the processor cannot follow still runs on the tensor tape.
          problems.add(o.type() == Type.TENSOR
              ? new Problem(Message.UNSUPPORTED, o.tree(), o.what() + " on an active tensor",
                  "write it with Tensor operations, loops and calls of @Differentiable methods")
              : new Problem(Message.NO_DERIVATIVE, o.tree(), o.what(), v.sourceName()));
          break;
        }
      }
    } else if (data && e.type() != null && e.type().differentiable() && !(e instanceof Expr.Opaque)) {
      lostThrough(e);
    }
    if (e instanceof Expr.CustomCall c) {
      // an argument its @DerivativeOf methods give no derivative for may only take values without one
      for (int i = 0; i < c.args().size(); i++) {
        Expr arg = c.args().get(i);
        if (c.derivative().params().get(i).differentiable() && c.partials().get(i) == null
            && c.derivative().vjps().get(i) == null && activity.isActive(arg)) {
          problems.add(new Problem(Message.CUSTOM_INCOMPLETE, arg.tree() == null ? c.tree() : arg.tree(),
              c.owner().qualifiedName() + "." + c.name(), i, i));
        }
      }
    }
    if (e instanceof Expr.Cast c && !c.type().differentiable() && activity.isVaried(c.operand())) {
      problems.add(new Problem(Message.DERIVATIVE_CUT, c.tree(), c.operand().tree(), c.type().javaName()));
    } else if (e instanceof Expr.MathCall m && m.function().piecewiseConstant()
        && m.args().stream().anyMatch(activity::isVaried)) {
      problems.add(new Problem(Message.PIECEWISE_CONSTANT, m.tree(), m.owner().simpleNames().get(m.owner().simpleNames().size() - 1) + "." + m.function().javaName(),
          m.args().get(0).tree()));
    } else if (e instanceof Expr.DiffCall d && data) {
      for (int i = 0; i < d.args().size(); i++) {
        Expr arg = d.args().get(i);
        if (activity.isActive(arg) && !d.callee().wrt().contains(i)) {
          String param = d.callee().paramNames().get(i);
          problems.add(new Problem(Message.WRT_MISSING_IN_CALLEE, arg.tree(), arg.tree(),
              simpleName(d.callee().owner()) + "." + d.callee().name(), d.callee().name(), param, param));
        }
      }
    } else if (e instanceof Expr.TensorCall t && t.function().differentiable()) {
      // An argument the rule table has no derivative for (clamp's bounds, an index): only constants may go there.
      for (int i = 0; i < t.args().size(); i++) {
        Expr arg = t.args().get(i);
        if (t.function().reverseRule(i) == null && arg.type() != null && arg.type().differentiable()
            && activity.isVaried(arg)) {
          problems.add(new Problem(Message.NO_DERIVATIVE_ARGUMENT, t.tree(), "Tensor." + t.function().javaName(),
              arg.tree() == null ? t.tree() : arg.tree()));
        }
      }
    } else if (e instanceof Expr.PlainCall p && p.type() != null && p.type().differentiable() && data) {
      // A call with a non-differentiable result (a predicate, an index) needs no derivative.
      for (Expr arg : p.args()) {
        if (activity.isActive(arg)) {
          problems.add(new Problem(Message.NO_DERIVATIVE, p.tree(), simpleName(p.owner()) + "." + p.name(), arg.tree()));
        }
      }
    }
    // The parts of a value that carries no derivative (an int, a boolean) need none either.
    boolean childData = data && (e.type() == null || e.type().differentiable());
    Children.of(e).forEach(c -> expression(c, childData));
  }

  private static boolean isComparison(Operator op) {
    return op == Operator.LT || op == Operator.GT || op == Operator.LE || op == Operator.GE || op == Operator.EQ
        || op == Operator.NE;
  }

  private void exactComparison(Expr.Binary b) {
    if (isVariedScalar(b.left()) || isVariedScalar(b.right())) {
      Expr varied = isVariedScalar(b.left()) ? b.left() : b.right();
      Expr other = varied == b.left() ? b.right() : b.left();
      problems.add(new Problem(Message.EXACT_COMPARISON, b.tree(), varied.tree(), b.op().symbol(), other.tree()));
    }
  }

  /**
   * A WARNING where a value computed from a differentiated parameter through something that
   * carries no derivative (a {@code long}, a boxed or object value, a call with no derivative)
   * becomes part of a differentiable value again: the derivative through it is silently 0.
   * Casts to integers and piecewise-constant functions have warnings of their own.
   */
  private void lostThrough(Expr e) {
    List<Expr> data = new ArrayList<>();
    if (e instanceof Expr.Binary b && b.op() != Operator.CONDITIONAL_AND && b.op() != Operator.CONDITIONAL_OR) {
      data.add(b.left());
      data.add(b.right());
    } else if (e instanceof Expr.Unary u) {
      data.add(u.operand());
    } else if (e instanceof Expr.Cast c) {
      data.add(c.operand());
    } else if (e instanceof Expr.PlainCall p) {
      data.addAll(p.args());
    }
    for (Expr child : data) {
      if (child.type() != null && !child.type().differentiable() && activity.reaches(child) && !warnedInside(child)) {
        problems.add(new Problem(Message.DERIVATIVE_LOST, e.tree() != null ? e.tree() : child.tree(),
            child.tree() != null ? child.tree() : "a value", e.type().javaName()));
        return;
      }
    }
  }

  /** Whether {@code e} holds a cast or piecewise-constant call of a varied value, which is warned about itself. */
  private boolean warnedInside(Expr e) {
    if (e instanceof Expr.Cast c && !c.type().differentiable() && activity.isVaried(c.operand())
        || e instanceof Expr.MathCall m && m.function().piecewiseConstant() && m.args().stream().anyMatch(activity::isVaried)) {
      return true;
    }
    return Children.of(e).stream().anyMatch(this::warnedInside);
  }

  private boolean isVariedScalar(Expr e) { return Type.SCALAR.is(e.type()) && activity.isVaried(e); }

  private static String simpleName(ClassRef ref) {
    return ref.simpleNames().get(ref.simpleNames().size() - 1);
  }
}
