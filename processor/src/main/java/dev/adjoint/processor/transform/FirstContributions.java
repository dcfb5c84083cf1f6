package dev.adjoint.processor.transform;

import dev.adjoint.processor.analysis.Activity;
import dev.adjoint.processor.ir.Children;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the reverse sweep's first contribution to a local's adjoint assigns it ({@code dt1 = df *
 * (200.0 * t1);}) instead of adding to it: the adjoint is certainly zero there, as a hand-written
 * gradient knows.
 *
 * <p>A {@code double}/{@code float} local declared with an initializer in a block (or a parameter,
 * for the method's body) has a zero adjoint whenever the reverse sweep enters that block's reverse:
 * adjoints start at zero, and each pass through the declaration's reverse inside a loop resets it
 * (a declaration outside loops runs once). The block's reverse runs its statements last to first,
 * so the first contribution comes from the last statement that mentions the local. If that
 * statement's reverse is straight-line code (no branch of a selection or a {@code ?:}, no call with
 * a gradient of its own) and it does not write the local, its first contribution assigns. A
 * statement whose reverse is skipped (an early exit) leaves the adjoint zero, so the later ones,
 * which still add, stay right.
 *
 * <p>"Mentions" counts every nested statement, writes as well as reads, and reads of a local
 * whose initializer the reverse sweep reaches through a selection ({@link SelectedTangents}):
 * such a read sends the seed into that initializer's operands.
 */
final class FirstContributions {
  private FirstContributions() {}

  /**
   * Adds to {@code out}, for statements of {@code statements}, the locals whose first contribution
   * their reverse assigns; {@code declaredBefore}: parameters whose scope is the whole list.
   */
  static void find(List<Stmt> statements, List<Var> declaredBefore, Activity activity,
      Map<Var, Expr> selectedInits, Map<Stmt, Set<Var>> out) {
    for (Var p : declaredBefore) {
      mark(p, statements, activity, selectedInits, out);
    }
    for (int k = 0; k < statements.size(); k++) {
      if (statements.get(k) instanceof Stmt.Declare d && d.init() != null && !selectedInits.containsKey(d.var())) {
        mark(d.var(), statements.subList(k + 1, statements.size()), activity, selectedInits, out);
      }
    }
  }

  private static void mark(Var v, List<Stmt> scope, Activity activity, Map<Var, Expr> selectedInits,
      Map<Stmt, Set<Var>> out) {
    if (!Type.SCALAR.is(v.type()) || !activity.isActive(v)) {
      return;
    }
    Set<Var> reaching = Collections.newSetFromMap(new IdentityHashMap<>());
    reaching.add(v);
    selectedInits.forEach((local, init) -> {
      if (LoopFusion.reads(init, reaching)) {
        reaching.add(local);
      }
    });
    for (int j = scope.size() - 1; j >= 0; j--) {
      Stmt s = scope.get(j);
      if (mentions(s, v, reaching)) {
        if (straight(s, v, selectedInits)) {
          out.computeIfAbsent(s, k -> Collections.newSetFromMap(new IdentityHashMap<>())).add(v);
        }
        return;
      }
    }
  }

  /** Whether {@code s} or a statement nested in it writes {@code v} or reads one of {@code reaching}. */
  private static boolean mentions(Stmt s, Var v, Set<Var> reaching) {
    List<Stmt> nested = new ArrayList<>();
    Recomputation.collect(s, nested);
    return nested.stream().anyMatch(n -> Recomputation.written(n) == v) || Recomputation.reads(s, reaching);
  }

  /** Whether the reverse of {@code s} is straight-line code that leaves {@code v} itself alone. */
  private static boolean straight(Stmt s, Var v, Map<Var, Expr> selectedInits) {
    Expr value;
    if (s instanceof Stmt.Declare d && d.var() != v && Type.SCALAR.is(d.var().type())) {
      value = d.init();
    } else if (s instanceof Stmt.Assign a && a.var() != v && Type.SCALAR.is(a.var().type())) {
      value = a.value();
    } else if (s instanceof Stmt.Store st && st.array() != v) {
      value = st.value();
    } else if (s instanceof Stmt.Return r && Type.SCALAR.is(r.value().type())) {
      value = r.value();
    } else {
      return false;
    }
    return value != null && arithmetic(value, selectedInits);
  }

  /** Arithmetic whose adjoint is a sequence of contributions: no branch, no call with a gradient of its own. */
  private static boolean arithmetic(Expr e, Map<Var, Expr> selectedInits) {
    if (e instanceof Expr.Read r) {
      return !r.type().isArray() && !selectedInits.containsKey(r.var());
    }
    if (e instanceof Expr.Literal || e instanceof Expr.ArrayRead || e instanceof Expr.FieldRead
        || e instanceof Expr.ArrayLength) {
      return true; // an element's adjoint adds; indices carry no derivative
    }
    if (e instanceof Expr.MathCall m && Partials.isChoice(m)) {
      return false;
    }
    if (!(e instanceof Expr.Unary || e instanceof Expr.Binary || e instanceof Expr.Cast || e instanceof Expr.MathCall)) {
      return false;
    }
    for (Expr child : Children.of(e)) {
      if (!arithmetic(child, selectedInits)) {
        return false;
      }
    }
    return true;
  }
}
