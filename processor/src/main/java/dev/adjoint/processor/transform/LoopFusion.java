package dev.adjoint.processor.transform;

import dev.adjoint.processor.analysis.Activity;
import dev.adjoint.processor.ir.Children;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.MethodIr;
import dev.adjoint.processor.ir.Operator;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * One pass instead of two, where a person writing the gradient by hand would fuse: the method
 * ends with a loop followed by {@code return e}, the loop only adds into accumulators ({@code
 * f += g}, {@code f -= g}) that nothing else reads, and {@code e} is linear in them with
 * coefficients the loop does not change ({@code return f;}, {@code return total / n;}). Then
 * the accumulators' adjoints are known before the loop runs (the return's reverse gives them) and
 * stay constant through its reverse, so the iterations' reverses are independent of each other:
 * each can run right after its own forward, when every value it reads is still live. The loop
 * runs once, nothing is recorded for it (no trip count, no stack), and the return's reverse moves
 * in front of it.
 *
 * <p>What the loop writes must be its own: variables declared inside it (counters, temporaries,
 * inner loops' variables) or the accumulators; a counter only in the update ({@code i--} in the
 * body would be undone by the body's reverse before the update runs). Arrays it writes, other variables it changes, an
 * early exit, a read of an accumulator anywhere but its own update, or a return that is not linear
 * in the accumulators, and the loop is swept as usual. An accumulator is then never saved (nothing
 * reads it), and a temporary's value from the previous iteration is never needed (Java assigns a
 * loop-local before it reads it).
 *
 * <p>{@link #replayable} is the same idea for any loop, inner ones included: a loop whose body only
 * adds into accumulators ({@code z += w[j] * x[i][j];}) has iterations whose reverses commute, so
 * the reverse sweep runs the loop's header forward again ({@code for (j = 0; j < n; j++)})
 * instead of popping a recorded trip count and counting down: no record, and the order C2
 * vectorizes.
 */
final class LoopFusion {
  private LoopFusion() {}

  /** The loop of {@code method} to fuse, or null. */
  static Stmt.Loop find(MethodIr method, Activity activity, ControlFlow flow) {
    if (!Type.SCALAR.is(method.signature().returnType()) || ReverseTransform.usesTensors(method)
        || flow.returnCount() != 1) {
      return null;
    }
    List<Stmt> top = method.body().statements();
    int n = top.size();
    if (n < 2 || !(top.get(n - 1) instanceof Stmt.Return r) || !(top.get(n - 2) instanceof Stmt.Loop loop)
        || flow.hasEarlyExits(loop)) {
      return null;
    }
    List<Stmt> inside = new ArrayList<>();
    collect(loop, inside);
    Set<Var> declared = identitySet();
    Set<Var> written = identitySet();
    for (Stmt s : inside) {
      if (s instanceof Stmt.Declare d) {
        declared.add(d.var());
        written.add(d.var());
      } else if (s instanceof Stmt.Assign a) {
        written.add(a.var());
      } else if (s instanceof Stmt.Store st) {
        written.add(st.array());
      }
    }
    // A variable the init declares lives from one iteration to the next: only the update may
    // write it, as the body's reverse, which runs before the update, would undo the body's write.
    List<Stmt> body = new ArrayList<>();
    collect(loop.body(), body);
    for (Stmt s : loop.init()) {
      if (s instanceof Stmt.Declare d && body.stream().anyMatch(b -> Recomputation.written(b) == d.var())) {
        return null;
      }
    }
    Set<Var> accumulators = identitySet();
    for (Var v : written) {
      if (!declared.contains(v)) {
        accumulators.add(v);
      }
    }
    for (Stmt s : inside) {
      if (s instanceof Stmt.Store st && accumulators.contains(st.array())
          || s instanceof Stmt.Assign a && accumulators.contains(a.var()) && update(a) == null) {
        return null;
      }
    }
    for (Var acc : accumulators) {
      if (!Type.SCALAR.is(acc.type())) {
        return null;
      }
    }
    // Nothing reads an accumulator but its own updates (and the return, checked next).
    List<Stmt> all = new ArrayList<>();
    collect(method.body(), all);
    for (Stmt s : all) {
      if (s == r) {
        continue;
      }
      for (Expr e : Children.expressions(s)) {
        Expr read = s instanceof Stmt.Assign a && accumulators.contains(a.var()) && update(a) != null ? update(a) : e;
        if (reads(read, accumulators)) {
          return null;
        }
      }
    }
    return linear(r.value(), written, accumulators, activity) ? loop : null;
  }

  /**
   * Whether the reverse sweep may replay {@code loop}'s header: no early exit; the init only
   * declares integer counters and the update only assigns them; the body is a list of
   * accumulator updates {@code acc += g} / {@code acc -= g} whose {@code g} reads no variable the
   * loop writes but the counters; no accumulator is read anywhere in the loop but by its own
   * update. The header's other reads and the {@code g}s read values the reverse sweep restores to
   * what they were during the loop (they are recorded as reads of the loop's reverse).
   */
  static boolean replayable(Stmt.Loop loop, ControlFlow flow) {
    if (flow.hasEarlyExits(loop) || loop.body().statements().isEmpty()) {
      return false;
    }
    Set<Var> counters = identitySet();
    for (Stmt s : loop.init()) {
      if (!(s instanceof Stmt.Declare d) || !(d.var().type() == Type.INT || d.var().type() == Type.LONG)) {
        return false;
      }
      counters.add(d.var());
    }
    for (Stmt s : loop.update()) {
      if (!(s instanceof Stmt.Assign a) || !counters.contains(a.var())) {
        return false;
      }
    }
    Set<Var> accumulators = identitySet();
    List<Expr> terms = new ArrayList<>();
    for (Stmt s : loop.body().statements()) {
      if (!(s instanceof Stmt.Assign a) || counters.contains(a.var()) || update(a) == null
          || a.var().type() == Type.TENSOR) {
        return false;
      }
      accumulators.add(a.var());
      terms.add(update(a));
    }
    for (Expr g : terms) {
      if (reads(g, accumulators)) {
        return false;
      }
    }
    if (reads(loop.condition(), accumulators)) {
      return false;
    }
    for (Stmt s : loop.init()) {
      if (reads(((Stmt.Declare) s).init(), accumulators)) {
        return false;
      }
    }
    for (Stmt s : loop.update()) {
      if (reads(((Stmt.Assign) s).value(), accumulators)) {
        return false;
      }
    }
    return true;
  }

  /** {@code g} when {@code a} is {@code v = v + g} or {@code v = v - g} with {@code g} free of {@code v}; else null. */
  private static Expr update(Stmt.Assign a) {
    if (a.value() instanceof Expr.Binary b && (b.op() == Operator.PLUS || b.op() == Operator.MINUS)
        && b.left() instanceof Expr.Read left && left.var() == a.var()
        && !reads(b.right(), Collections.singleton(a.var()))) {
      return b.right();
    }
    return null;
  }

  /**
   * Whether {@code e}'s derivative with respect to the accumulators has coefficients that read
   * nothing the loop writes: sums and differences of such terms, an accumulator, a term times or
   * divided by an inactive value the loop does not write, or anything that reads no variable the
   * loop writes at all.
   */
  private static boolean linear(Expr e, Set<Var> written, Set<Var> accumulators, Activity activity) {
    if (!reads(e, written)) {
      return true;
    }
    if (e instanceof Expr.Read r) {
      return accumulators.contains(r.var());
    }
    if (e instanceof Expr.Unary u && (u.op() == Operator.NEG || u.op() == Operator.PLUS_UNARY)) {
      return linear(u.operand(), written, accumulators, activity);
    }
    if (e instanceof Expr.Cast c && Type.SCALAR.is(c.type())) {
      return linear(c.operand(), written, accumulators, activity);
    }
    if (e instanceof Expr.Binary b) {
      Expr l = b.left();
      Expr r = b.right();
      switch (b.op()) {
        case PLUS:
        case MINUS:
          return linear(l, written, accumulators, activity) && linear(r, written, accumulators, activity);
        case TIMES:
          return constant(r, written, activity) && linear(l, written, accumulators, activity)
              || constant(l, written, activity) && linear(r, written, accumulators, activity);
        case DIVIDE:
          return constant(r, written, activity) && linear(l, written, accumulators, activity);
        default:
          return false;
      }
    }
    return false;
  }

  private static boolean constant(Expr e, Set<Var> written, Activity activity) {
    return !activity.isActive(e) && !reads(e, written);
  }

  /** Whether {@code e} reads any of {@code vars} (also as an array or index, also in a call's arguments). */
  static boolean reads(Expr e, Set<Var> vars) {
    if (e == null) {
      return false;
    }
    if (e instanceof Expr.Read r && vars.contains(r.var())) {
      return true;
    }
    for (Expr child : Children.of(e)) {
      if (reads(child, vars)) {
        return true;
      }
    }
    return false;
  }

  /** {@code s} and every statement nested in it. */
  static void collect(Stmt s, List<Stmt> out) {
    out.add(s);
    for (Stmt child : Children.statements(s)) {
      collect(child, out);
    }
  }

  private static Set<Var> identitySet() {
    return Collections.newSetFromMap(new IdentityHashMap<>());
  }
}
