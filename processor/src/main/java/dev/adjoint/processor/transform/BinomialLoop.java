package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Children;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Operator;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Var;

/**
 * The loops the reverse sweep checkpoints binomially (API.md section 6): a counted loop
 * {@code for (int i = a; i < b; i++) y = step(y, …);} whose body is that one assignment, of a
 * {@code @Checkpoint(snapshots = k > 0)} method, where {@code y} is a {@code double} or a
 * {@code double} array that is also an argument, and {@code b} reads neither {@code y} nor calls
 * anything (it is evaluated once: the body writes only {@code y}, so it cannot change). Every other
 * loop of such calls is checkpointed call by call.
 */
final class BinomialLoop {
  private BinomialLoop() {}

  /** The state {@code y} if {@code loop} is such a loop, else null. */
  static Var state(Stmt.Loop loop) {
    if (!loop.testFirst() || loop.init().size() != 1 || loop.update().size() != 1
        || !(loop.init().get(0) instanceof Stmt.Declare init) || init.var().type() != Type.INT || init.init() == null
        || loop.body().statements().size() != 1) {
      return null;
    }
    Var i = init.var();
    if (!(loop.condition() instanceof Expr.Binary c) || c.op() != Operator.LT
        || !(c.left() instanceof Expr.Read r && r.var() == i)) {
      return null;
    }
    if (!(loop.update().get(0) instanceof Stmt.Assign u) || u.var() != i || !(u.value() instanceof Expr.Binary inc)
        || inc.op() != Operator.PLUS || !(inc.left() instanceof Expr.Read ir && ir.var() == i)
        || !(inc.right() instanceof Expr.Literal one && one.text().equals("1"))) {
      return null;
    }
    if (!(loop.body().statements().get(0) instanceof Stmt.Assign a) || !(a.value() instanceof Expr.DiffCall call)
        || call.callee().snapshots() <= 0) {
      return null;
    }
    Var y = a.var();
    boolean stateType = Type.SCALAR.is(y.type()) && y.type() != Type.FLOAT || y.type() == Type.ARRAY
        || y.type() == Type.ARRAY2;
    if (!stateType || !y.type().equals(call.type()) || y == i
        || call.args().stream().noneMatch(arg -> arg instanceof Expr.Read ar && ar.var() == y)
        || !invariant(c.right(), y, i)) {
      return null;
    }
    return y;
  }

  /** Whether {@code e} is plain arithmetic on variables other than {@code y} and {@code i}. */
  private static boolean invariant(Expr e, Var y, Var i) {
    if (e instanceof Expr.Read r) {
      return r.var() != y && r.var() != i;
    }
    if (!(e instanceof Expr.Literal || e instanceof Expr.Binary || e instanceof Expr.Unary || e instanceof Expr.Cast
        || e instanceof Expr.ArrayLength || e instanceof Expr.FieldRead)) {
      return false;
    }
    return Children.of(e).stream().allMatch(child -> invariant(child, y, i));
  }
}
