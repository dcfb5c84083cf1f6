package dev.adjoint.processor.transform;

import dev.adjoint.processor.analysis.Activity;
import dev.adjoint.processor.ir.Children;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.MethodIr;
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
    // LoopFusion fuses no loop whose body writes what its init declares: the counter changes
    // only in the update, by the constant step
    if (loop.init().size() != 1 || !(loop.init().get(0) instanceof Stmt.Declare d) || d.var().type() != Type.INT
        || loop.update().size() != 1 || !(loop.update().get(0) instanceof Stmt.Assign update)
        || update.var() != d.var()) {
      return;
    }
    Var counter = d.var();
    Expr.Literal step = ReverseTransform.integerStep(counter, update.value());
    if (step == null || Integer.parseInt(step.text()) == 0) {
      return;
    }
    List<Stmt> inLoop = new ArrayList<>();
    Recomputation.collect(loop, inLoop);
    List<Stmt> everywhere = new ArrayList<>();
    Recomputation.collect(method.body(), everywhere);
    Stmt last = method.body().statements().get(method.body().statements().size() - 1);
    for (Var x : method.params()) {
      if ((x.type() != Type.ARRAY && x.type() != Type.FLOAT_ARRAY) || !activity.isActive(x)
          || everywhere.stream().anyMatch(s -> Recomputation.written(s) == x
              || Children.expressions(s).stream().anyMatch(e -> touches(e, x, s == last)))) {
        continue;
      }
      TreeMap<Integer, Expr.ArrayRead> read = new TreeMap<>();
      if (!inLoop.stream().allMatch(s -> elementReads(s, x, counter, selectedInits, read)) || read.isEmpty()
          || read.lastKey() - read.firstKey() >= Math.abs(Integer.parseInt(step.text()))) {
        continue;
      }
      Set<Integer> claimed = new HashSet<>();
      List<Stmt> body = loop.body().statements();
      for (int j = body.size() - 1; j >= 0; j--) {
        Stmt s = body.get(j);
        Map<Integer, Expr.ArrayRead> mentioned = new TreeMap<>();
        elementReads(s, x, counter, selectedInits, mentioned);
        if (straight(s, x, selectedInits)) {
          mentioned.forEach((offset, element) -> {
            if (!claimed.contains(offset)) {
              out.computeIfAbsent(s, k -> new ArrayList<>()).add(element);
            }
          });
        }
        claimed.addAll(mentioned.keySet());
      }
    }
  }

  /**
   * Adds, by offset, the elements {@code x[i + c]} that {@code s} or a statement nested in it reads,
   * also through a selected local's initializer (where the reverse sweep sends the seed); false if
   * it reads an element of {@code x} at any other index.
   */
  private static boolean elementReads(Stmt s, Var x, Var counter, Map<Var, Expr> selectedInits,
      Map<Integer, Expr.ArrayRead> out) {
    List<Stmt> nested = new ArrayList<>();
    Recomputation.collect(s, nested);
    boolean ok = true;
    for (Stmt n : nested) {
      for (Expr e : Children.expressions(n)) {
        ok &= elementReads(e, x, counter, selectedInits, out);
      }
    }
    return ok;
  }

  private static boolean elementReads(Expr e, Var x, Var counter, Map<Var, Expr> selectedInits,
      Map<Integer, Expr.ArrayRead> out) {
    boolean ok = true;
    if (e instanceof Expr.ArrayRead a && a.array() instanceof Expr.Read r && r.var() == x) {
      Integer c = CountedLoop.offset(a.index(), counter);
      if (c == null) {
        return false;
      }
      out.putIfAbsent(c, a);
    } else if (e instanceof Expr.Read r && selectedInits.containsKey(r.var())) {
      ok = elementReads(selectedInits.get(r.var()), x, counter, selectedInits, out);
    }
    for (Expr child : Children.of(e)) {
      ok &= elementReads(child, x, counter, selectedInits, out);
    }
    return ok;
  }

  /**
   * Whether {@code e} reaches the array {@code x} other than through its elements and its length
   * ({@code evenElements}: at all) — an opaque expression that mentions it counts — so that
   * another path may lead to its adjoint.
   */
  private static boolean touches(Expr e, Var x, boolean evenElements) {
    if (e instanceof Expr.Read r) {
      return r.var() == x;
    }
    if (e instanceof Expr.Opaque o) {
      return o.reads().contains(x) || o.parts().stream().anyMatch(p -> p instanceof Expr part && touches(part, x, true));
    }
    if (!evenElements && e instanceof Expr.ArrayLength l && l.array() instanceof Expr.Read r && r.var() == x) {
      return false;
    }
    if (!evenElements && e instanceof Expr.ArrayRead a && a.array() instanceof Expr.Read r && r.var() == x) {
      return touches(a.index(), x, false);
    }
    return Children.of(e).stream().anyMatch(child -> touches(child, x, evenElements));
  }
}
