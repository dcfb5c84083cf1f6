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
 *
 * <p>{@link #afterRestore} finds the temporaries that read a value the body overwrites, but only
 * in the one statement that reads them last ({@code double hold = disc * (p * v[i + 1] + q *
 * v[i]); ... v[i] = Math.max(hold, exercise);}) or before their declaration ({@code x += ...;
 * double e = x - observed[t];}). The last reader's reverse first restores what it overwrote, so
 * right there every value the initializer reads is back to what it was at the declaration, and
 * the temporary is recomputed there instead of pushed.
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
      if (s instanceof Stmt.Declare d && d.init() != null && Type.SCALAR.is(d.var().type())
          && writesOf(d.var(), body) == 1) {
        Set<Var> reads = Collections.newSetFromMap(new IdentityHashMap<>());
        if (arithmetic(d.init(), reads) && Collections.disjoint(reads, written)) {
          result.add(d);
        }
      }
    }
    return result;
  }

  /**
   * Per statement, the declarations to recompute in its reverse right after its restore (see the
   * class comment): the declaration is at the top level of the body, of a {@code double} from
   * arithmetic, its variable written nowhere else; every statement after it that mentions the
   * variable is a plain top-level statement; a variable the initializer reads is written in the
   * body only by top-level assignments or stores before the declaration, or by the last of those
   * statements, {@code last}, itself an assignment or a store (saved and restored, since the
   * recomputation reads it) — never between the declaration and {@code last}, never by a
   * declaration.
   */
  static java.util.Map<Stmt, List<Stmt.Declare>> afterRestore(Stmt.Loop loop, boolean earlyExits,
      List<Stmt.Declare> alreadyRecomputed) {
    java.util.Map<Stmt, List<Stmt.Declare>> result = new IdentityHashMap<>();
    if (earlyExits) {
      return result;
    }
    List<Stmt> all = new ArrayList<>();
    collect(loop.body(), all);
    for (Stmt s : all) {
      if (s instanceof Stmt.Call) {
        return result;
      }
      for (Expr e : Children.expressions(s)) {
        if (hasCall(e)) {
          return result;
        }
      }
    }
    List<Stmt> top = loop.body().statements();
    for (int k = 0; k < top.size(); k++) {
      if (!(top.get(k) instanceof Stmt.Declare d) || alreadyRecomputed.contains(d) || d.init() == null
          || !Type.SCALAR.is(d.var().type()) || writesOf(d.var(), all) != 1) {
        continue;
      }
      Set<Var> reads = Collections.newSetFromMap(new IdentityHashMap<>());
      if (!arithmetic(d.init(), reads)) {
        continue;
      }
      int last = -1;
      boolean plain = true;
      for (int m = k + 1; m < top.size(); m++) {
        Stmt s = top.get(m);
        if (reads(s, Collections.singleton(d.var()))) {
          plain &= s instanceof Stmt.Declare || s instanceof Stmt.Assign || s instanceof Stmt.Store;
          last = m;
        }
      }
      if (last < 0 || !plain) {
        continue;
      }
      boolean ok = true;
      for (Stmt s : all) {
        Var w = written(s);
        if (w == null || !reads.contains(w)) {
          continue;
        }
        int at = -1;
        for (int m = 0; m < top.size(); m++) {
          if (top.get(m) == s) {
            at = m;
          }
        }
        // Allowed writers of what the initializer reads: the last reader itself (its reverse
        // restores first), or a top-level assignment or store before the declaration (its effect
        // is still there when the last reader is reversed; the saves put it back between
        // iterations, as the recomputation's reads are noted at the last reader).
        boolean lastReader = s == top.get(last) && !(s instanceof Stmt.Declare);
        boolean before = at >= 0 && at < k && !(s instanceof Stmt.Declare);
        if (!lastReader && !before) {
          ok = false;
        }
      }
      if (ok) {
        result.computeIfAbsent(top.get(last), x -> new ArrayList<>()).add(d);
      }
    }
    return result;
  }

  static Var written(Stmt s) {
    if (s instanceof Stmt.Declare d) {
      return d.var();
    }
    if (s instanceof Stmt.Assign a) {
      return a.var();
    }
    return s instanceof Stmt.Store st ? st.array() : null;
  }

  /** Whether {@code s} or a statement nested in it reads one of {@code vars}. */
  static boolean reads(Stmt s, Set<Var> vars) {
    List<Stmt> nested = new ArrayList<>();
    collect(s, nested);
    for (Stmt n : nested) {
      for (Expr e : Children.expressions(n)) {
        if (LoopFusion.reads(e, vars)) {
          return true;
        }
      }
    }
    return false;
  }

  static void collect(Stmt s, List<Stmt> out) {
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

  static boolean hasCall(Expr e) {
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
