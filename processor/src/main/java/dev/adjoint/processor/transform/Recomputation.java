package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Children;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Recompute instead of save: a {@code double} declared at the top level of a loop body from
 * arithmetic on variables the body never writes ({@code double t1 = x[i + 1] - x[i] * x[i];})
 * is computed again at the start of each reverse iteration (after the loop's update is undone)
 * instead of being pushed on a stack every iteration. A few flops replace a push and a pop.
 *
 * <p>Only where that is exact and cheap: the loop has no early exits (every iteration runs the
 * declaration), the initializer has no calls or conditionals, nothing in the body writes a
 * variable it reads (loop counters change only in the update, which the reverse sweep undoes
 * first), the body calls nothing that could change an array it reads, and the declared variable
 * is written nowhere else in the body.
 */
final class Recomputation {
  private Recomputation() {}

  static List<Stmt.Declare> declarations(Stmt.Loop loop, boolean earlyExits) {
    if (earlyExits) {
      return List.of();
    }
    List<Stmt> body = new ArrayList<>();
    collect(loop.body(), body);
    Set<Var> written = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Stmt s : body) {
      if (s instanceof Stmt.Call) {
        return List.of();
      }
      for (Expr e : Children.expressions(s)) {
        if (hasCall(e)) {
          return List.of();
        }
      }
      if (s instanceof Stmt.Declare d) {
        written.add(d.var());
      } else if (s instanceof Stmt.Assign a) {
        written.add(a.var());
      } else if (s instanceof Stmt.Store st) {
        written.add(st.array());
      }
    }
    List<Stmt.Declare> result = new ArrayList<>();
    for (Stmt s : loop.body().statements()) {
      if (s instanceof Stmt.Declare d && d.init() != null && d.var().type() == Type.SCALAR
          && writesOf(d.var(), body) == 1) {
        Set<Var> reads = Collections.newSetFromMap(new IdentityHashMap<>());
        if (arithmetic(d.init(), reads) && Collections.disjoint(reads, written)) {
          result.add(d);
        }
      }
    }
    return result;
  }

  private static void collect(Stmt s, List<Stmt> out) {
    out.add(s);
    for (Stmt child : Children.statements(s)) {
      collect(child, out);
    }
  }

  private static int writesOf(Var v, List<Stmt> body) {
    int n = 0;
    for (Stmt s : body) {
      if (s instanceof Stmt.Declare d && d.var() == v || s instanceof Stmt.Assign a && a.var() == v) {
        n++;
      }
    }
    return n;
  }

  /** Literals, reads, array reads, unary and binary operators and casts; collects the variables read. */
  private static boolean arithmetic(Expr e, Set<Var> reads) {
    if (e instanceof Expr.Literal) {
      return true;
    }
    if (e instanceof Expr.Read r) {
      reads.add(r.var());
      return true;
    }
    if (e instanceof Expr.ArrayRead a) {
      return arithmetic(a.array(), reads) && arithmetic(a.index(), reads);
    }
    if (e instanceof Expr.Unary u) {
      return arithmetic(u.operand(), reads);
    }
    if (e instanceof Expr.Binary b) {
      return arithmetic(b.left(), reads) && arithmetic(b.right(), reads);
    }
    if (e instanceof Expr.Cast c) {
      return arithmetic(c.operand(), reads);
    }
    return false;
  }

  private static boolean hasCall(Expr e) {
    if (e instanceof Expr.PlainCall || e instanceof Expr.CustomCall || e instanceof Expr.DiffCall
        || e instanceof Expr.TensorCall || e instanceof Expr.Opaque) {
      return true;
    }
    for (Expr child : Children.of(e)) {
      if (hasCall(child)) {
        return true;
      }
    }
    return false;
  }
}
