package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Children;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.MethodIr;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A local read only by a selection gets its derivative work in the branch that picks it. In
 * {@code double hold = disc * (p * v[i + 1] + q * v[i]); double exercise = k - spot[j]; v[i] =
 * Math.max(hold, exercise);} forward mode writes the tangent of {@code hold} into the branch of
 * {@code dv[i] = hold > exercise ? … : …} that picks {@code hold}: {@link TangentTransform} leaves
 * out {@code dhold}'s declaration and prints its initializer's tangent there. Reverse mode
 * likewise sends the seed, in the branch that picks {@code hold}, straight into {@code hold}'s
 * initializer ({@code ddisc += g * (…); dv[i + 1] += g * disc * p; …}), and the declaration has
 * no reverse of its own ({@link ReverseTransform}). The nodes where exercising wins then do none of
 * the holding side's work, where they used to compute its tangent and add zeros into its
 * adjoints: the shape of a hand-written tree adjoint (docs/performance.md has the times).
 *
 * <p>Only where that is the same value and no extra work: the local is a {@code double} or
 * {@code float} declared with an initializer without calls and never assigned again; the first
 * later statement of the same block that reads it, {@code use}, is an assignment, a store, a
 * declaration or a {@code return} without calls that reads it only as an operand of a
 * {@code max}/{@code min} written as a selection ({@link #selects}) or as a whole branch of a
 * {@code ?:} (conditions read only the value); nothing reads it after {@code use}; the statements
 * in between are plain assignments and declarations without calls that write nothing the
 * initializer reads, and stores only if it reads no array (another name may refer to the same
 * array). So at {@code use} every value and tangent the initializer's tangent reads is still what
 * it was at the declaration, and the selection evaluates that tangent at most once. For the same
 * reasons the reverse of the declaration may move up to the use: the statements in between write
 * nothing it reads, and it only adds into adjoints that they neither read nor reset.
 */
final class SelectedTangents {
  private SelectedTangents() {}

  /**
   * {@code max(a, b)}/{@code min(a, b)} of simple operands, whose tangent is written as the
   * selection {@code a > b ? da : a < b ? db : 0.5 * (da + db)}.
   */
  static boolean selects(Expr e) {
    return Partials.isChoice(e) && e instanceof Expr.MathCall m && simple(m.args().get(0)) && simple(m.args().get(1));
  }

  /** An operand cheap to evaluate twice: a variable, an element, a literal. */
  private static boolean simple(Expr e) {
    return e instanceof Expr.Read || e instanceof Expr.Literal
        || e instanceof Expr.ArrayRead r && simple(r.array()) && simple(r.index());
  }

  /** Whether {@code d}, followed in its block by {@code rest}, gets its tangent where it is selected. */
  static boolean applies(Stmt.Declare d, List<Stmt> rest, MethodIr method) {
    Var v = d.var();
    if (d.init() == null || !Type.SCALAR.is(v.type()) || Recomputation.hasCall(d.init())) {
      return false;
    }
    Stmt use = use(d, rest);
    if (use == null || !Children.expressions(use).stream().allMatch(e -> selectedOnly(e, v))) {
      return false;
    }
    // every read of v is in the use, and nothing assigns it again
    List<Stmt> everything = new ArrayList<>();
    method.body().statements().forEach(s -> Recomputation.collect(s, everything));
    int reads = 0;
    for (Stmt s : everything) {
      if (s instanceof Stmt.Assign a && a.var() == v) {
        return false;
      }
      for (Expr e : Children.expressions(s)) {
        reads += count(e, v);
      }
    }
    return reads == Children.expressions(use).stream().mapToInt(e -> count(e, v)).sum();
  }

  /**
   * The first statement of {@code rest} that reads {@code d}'s variable, if it and every statement
   * before it are plain statements without calls and those before it write nothing the
   * initializer reads; else null.
   */
  private static Stmt use(Stmt.Declare d, List<Stmt> rest) {
    Set<Var> reads = Collections.newSetFromMap(new IdentityHashMap<>());
    collectReads(d.init(), reads);
    boolean readsArrays = reads.stream().anyMatch(r -> r.type().isArray());
    for (Stmt s : rest) {
      if (!(s instanceof Stmt.Declare || s instanceof Stmt.Assign || s instanceof Stmt.Store
          || s instanceof Stmt.Return r && Type.SCALAR.is(r.value().type()))) {
        return null;
      }
      int here = 0;
      for (Expr e : Children.expressions(s)) {
        if (Recomputation.hasCall(e)) {
          return null;
        }
        here += count(e, d.var());
      }
      if (here > 0) {
        return s;
      }
      // a store may write through another name of an array the initializer reads
      if (s instanceof Stmt.Return || reads.contains(Recomputation.written(s)) || s instanceof Stmt.Store && readsArrays) {
        return null;
      }
    }
    return null;
  }

  /** Whether every read of {@code v} in {@code e} is a selected operand or a whole branch of a {@code ?:}. */
  private static boolean selectedOnly(Expr e, Var v) {
    if (e instanceof Expr.Read r) {
      return r.var() != v;
    }
    if (e instanceof Expr.Conditional c) {
      // the condition is evaluated for its value only: no tangent reads there
      return branch(c.ifTrue(), v) && branch(c.ifFalse(), v);
    }
    if (selects(e)) {
      return ((Expr.MathCall) e).args().stream().allMatch(a -> branch(a, v));
    }
    return Children.of(e).stream().allMatch(child -> selectedOnly(child, v));
  }

  private static boolean branch(Expr e, Var v) {
    return e instanceof Expr.Read r && r.var() == v || selectedOnly(e, v);
  }

  private static int count(Expr e, Var v) {
    int n = e instanceof Expr.Read r && r.var() == v ? 1 : 0;
    for (Expr child : Children.of(e)) {
      n += count(child, v);
    }
    return n;
  }

  private static void collectReads(Expr e, Set<Var> out) {
    if (e instanceof Expr.Read r) {
      out.add(r.var());
    }
    for (Expr child : Children.of(e)) {
      collectReads(child, out);
    }
  }
}
