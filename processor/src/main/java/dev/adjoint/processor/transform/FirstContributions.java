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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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

  /**
   * Adds to {@code out}, for statements of the fused loop's body (see {@link LoopFusion}), the
   * elements of parameter arrays whose first contribution their reverse assigns: what a
   * hand-written gradient stores ({@code dx[i + 1] = 200 * t1;}) where the generated one would
   * add ({@code dx[i + 1] += dt1;}, a load and a store).
   *
   * <p>That needs every iteration's reverse to find its elements at zero. It does when the
   * iterations touch disjoint elements of an adjoint nothing touched before the loop: the counter
   * {@code i} is the loop's own, steps by a constant {@code s} and is written nowhere else, so it
   * never takes a value twice; every element the loop reads is {@code x[i + c]} with int
   * literals {@code c} spanning less than {@code |s|}, so two iterations never share an element;
   * and nothing reaches the adjoint array but those reads (the array is a parameter, never
   * assigned, stored into, passed on whole or read by the return, whose reverse runs before the
   * loop; the statements before the loop add to it later). Within an iteration, the usual rule of
   * {@link #find} applies per element: the last statement of the body that mentions it, if its
   * reverse is straight-line code.
   */
  static void elements(MethodIr method, Stmt.Loop loop, Activity activity, Map<Var, Expr> selectedInits,
      Map<Stmt, List<Expr.ArrayRead>> out) {
    Var counter = counter(loop);
    long step = counter == null ? 0 : step(loop, counter);
    if (step == 0) {
      return;
    }
    List<Stmt> inLoop = new ArrayList<>();
    Recomputation.collect(loop, inLoop);
    for (Stmt s : inLoop) {
      if (Recomputation.written(s) == counter && s != loop.init().get(0) && s != loop.update().get(0)) {
        return;
      }
    }
    List<Stmt> everywhere = new ArrayList<>();
    Recomputation.collect(method.body(), everywhere);
    for (Var x : method.params()) {
      if ((x.type() != Type.ARRAY && x.type() != Type.FLOAT_ARRAY) || !activity.isActive(x)
          || !onlyElementsRead(x, everywhere, method.body().statements())) {
        continue;
      }
      // offset -> the statements of the loop that read x[i + offset] (none may read another element)
      Set<Long> offsets = new HashSet<>();
      boolean ok = true;
      for (Stmt s : inLoop) {
        for (Expr e : Children.expressions(s)) {
          ok &= offsets(e, x, counter, offsets);
        }
      }
      if (!ok || offsets.isEmpty()
          || Collections.max(offsets) - Collections.min(offsets) >= Math.abs(step)) {
        continue;
      }
      Set<Long> claimed = new HashSet<>();
      List<Stmt> body = loop.body().statements();
      for (int j = body.size() - 1; j >= 0; j--) {
        Stmt s = body.get(j);
        Map<Long, Expr.ArrayRead> mentioned = new TreeMap<>();
        List<Stmt> nested = new ArrayList<>();
        Recomputation.collect(s, nested);
        for (Stmt n : nested) {
          for (Expr e : Children.expressions(n)) {
            mentioned(e, x, counter, selectedInits, mentioned);
          }
        }
        if (straight(s, x, selectedInits)) {
          for (Map.Entry<Long, Expr.ArrayRead> m : mentioned.entrySet()) {
            if (!claimed.contains(m.getKey())) {
              out.computeIfAbsent(s, k -> new ArrayList<>()).add(m.getValue());
            }
          }
        }
        claimed.addAll(mentioned.keySet());
      }
    }
  }

  /** The counter the loop declares in its init and steps in its update, or null. */
  private static Var counter(Stmt.Loop loop) {
    return loop.init().size() == 1 && loop.init().get(0) instanceof Stmt.Declare d && d.var().type() == Type.INT
        && loop.update().size() == 1 ? d.var() : null;
  }

  /** {@code s} for an update {@code i = i + s} ({@code i += s}, {@code i++}), {@code -s} for {@code i = i - s}; else 0. */
  private static long step(Stmt.Loop loop, Var counter) {
    if (loop.update().get(0) instanceof Stmt.Assign a && a.var() == counter && a.value() instanceof Expr.Binary b
        && (b.op() == Operator.PLUS || b.op() == Operator.MINUS) && b.left() instanceof Expr.Read r
        && r.var() == counter && intLiteral(b.right()) != null) {
      long s = intLiteral(b.right());
      return b.op() == Operator.PLUS ? s : -s;
    }
    return 0;
  }

  private static Long intLiteral(Expr e) {
    if (e instanceof Expr.Literal l && l.type() == Type.INT) {
      try {
        return Long.decode(l.text());
      } catch (NumberFormatException notPlain) {
        return null; // 1_000, 0b10: not worth reading
      }
    }
    return null;
  }

  /** c for {@code i}, {@code i + c} or {@code i - c} (c an int literal); null for any other index. */
  private static Long offset(Expr index, Var counter) {
    if (index instanceof Expr.Read r) {
      return r.var() == counter ? 0L : null;
    }
    if (index instanceof Expr.Binary b && (b.op() == Operator.PLUS || b.op() == Operator.MINUS)
        && b.left() instanceof Expr.Read r && r.var() == counter && intLiteral(b.right()) != null) {
      long c = intLiteral(b.right());
      return b.op() == Operator.PLUS ? c : -c;
    }
    return null;
  }

  /**
   * Adds the offsets of the elements of {@code x} that {@code e} reads; false if it reads one at
   * another index (or {@code x} whole: {@link #onlyElementsRead} rules that out first).
   */
  private static boolean offsets(Expr e, Var x, Var counter, Set<Long> out) {
    if (e instanceof Expr.ArrayRead a && a.array() instanceof Expr.Read r && r.var() == x) {
      Long c = offset(a.index(), counter);
      if (c == null) {
        return false;
      }
      out.add(c);
      return offsets(a.index(), x, counter, out);
    }
    boolean ok = true;
    for (Expr child : Children.of(e)) {
      ok &= offsets(child, x, counter, out);
    }
    return ok;
  }

  /** The elements of {@code x} that {@code e} reads, also through a selected local's initializer, by offset. */
  private static void mentioned(Expr e, Var x, Var counter, Map<Var, Expr> selectedInits,
      Map<Long, Expr.ArrayRead> out) {
    if (e instanceof Expr.ArrayRead a && a.array() instanceof Expr.Read r && r.var() == x) {
      out.putIfAbsent(offset(a.index(), counter), a);
    } else if (e instanceof Expr.Read r && selectedInits.containsKey(r.var())) {
      mentioned(selectedInits.get(r.var()), x, counter, selectedInits, out);
    }
    for (Expr child : Children.of(e)) {
      mentioned(child, x, counter, selectedInits, out);
    }
  }

  /**
   * Whether the method touches the array {@code x} only through its elements and its length, and
   * never writes it: no other path reaches its adjoint. The last statement (the return after the
   * fused loop) must not read it at all: its reverse runs before the loop.
   */
  private static boolean onlyElementsRead(Var x, List<Stmt> everywhere, List<Stmt> top) {
    Stmt last = top.get(top.size() - 1);
    for (Stmt s : everywhere) {
      if (Recomputation.written(s) == x) {
        return false;
      }
      for (Expr e : Children.expressions(s)) {
        if (s == last ? LoopFusion.reads(e, Set.of(x)) || opaqueReads(e, x) : !elementsOnly(e, x)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean elementsOnly(Expr e, Var x) {
    if (e instanceof Expr.Read r) {
      return r.var() != x;
    }
    if (e instanceof Expr.Opaque o) {
      return !opaqueReads(o, x);
    }
    if ((e instanceof Expr.ArrayRead a && a.array() instanceof Expr.Read r1 && r1.var() == x)) {
      return elementsOnly(a.index(), x);
    }
    if (e instanceof Expr.ArrayLength l && l.array() instanceof Expr.Read r2 && r2.var() == x) {
      return true;
    }
    for (Expr child : Children.of(e)) {
      if (!elementsOnly(child, x)) {
        return false;
      }
    }
    return true;
  }

  /** Whether an opaque expression in {@code e} reads {@code x} (its reads, or an IR expression among its parts). */
  private static boolean opaqueReads(Expr e, Var x) {
    if (e instanceof Expr.Opaque o) {
      return o.reads().contains(x) || o.parts().stream().anyMatch(p -> p instanceof Expr part
          && (LoopFusion.reads(part, Set.of(x)) || opaqueReads(part, x)));
    }
    for (Expr child : Children.of(e)) {
      if (opaqueReads(child, x)) {
        return true;
      }
    }
    return false;
  }
}
