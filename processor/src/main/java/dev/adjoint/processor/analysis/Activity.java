package dev.adjoint.processor.analysis;

import dev.adjoint.processor.ir.Children;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.MethodIr;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Activity analysis: a variable is active when it is <em>varied</em> (depends on a
 * differentiated parameter) and <em>useful</em> (reaches the result). Flow-insensitive, so a
 * variable is active everywhere if it is anywhere: conservative and simple.
 */
public final class Activity {
  private final Set<Var> active;
  private final Set<Var> varied;
  /** Variables of any type whose value is computed from a differentiated parameter, derivative or not. */
  private final Set<Var> reached;

  private Activity(Set<Var> active, Set<Var> varied, Set<Var> reached) {
    this.active = active;
    this.varied = varied;
    this.reached = reached;
  }

  public static Activity of(MethodIr method) {
    List<Stmt> assignments = new ArrayList<>();
    List<Expr> results = new ArrayList<>();
    collect(method.body(), assignments, results);

    Set<Var> varied = identitySet();
    varied.addAll(method.wrt());
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Stmt s : assignments) {
        Var target = targetOf(s);
        if (target.type().differentiable() && !varied.contains(target)
            && dependsOn(valueOf(s), varied)) {
          varied.add(target);
          changed = true;
        }
      }
    }

    Set<Var> useful = identitySet();
    for (Expr r : results) {
      flowVars(r, useful);
    }
    changed = true;
    while (changed) {
      changed = false;
      for (Stmt s : assignments) {
        if (useful.contains(targetOf(s))) {
          int before = useful.size();
          flowVars(valueOf(s), useful);
          changed |= useful.size() != before;
        }
      }
    }

    Set<Var> active = identitySet();
    for (Var v : varied) {
      if (useful.contains(v)) {
        active.add(v);
      }
    }
    Set<Var> reached = identitySet();
    reached.addAll(method.wrt());
    changed = true;
    while (changed) {
      changed = false;
      for (Stmt s : assignments) {
        Var target = targetOf(s);
        if (!reached.contains(target) && readsAnyUnwarned(valueOf(s), reached)) {
          reached.add(target);
          changed = true;
        }
      }
    }
    return new Activity(active, varied, reached);
  }

  /**
   * Whether the value of {@code e} is computed from a differentiated parameter in any way, also
   * through values that carry no derivative ({@code long} bits, a string, an object): where such a
   * value turns back into a {@code double}, the derivative was lost on the way.
   */
  public boolean reaches(Expr e) { return e != null && readsAny(e, reached); }

  /**
   * {@link #readsAny}, not through an integer cast or a piecewise-constant function: those cut the
   * derivative visibly and have warnings of their own.
   */
  private static boolean readsAnyUnwarned(Expr e, Set<Var> vars) {
    if (e instanceof Expr.Cast c && !c.type().differentiable() && c.type().isNumeric()
        || e instanceof Expr.MathCall m && m.function().piecewiseConstant()) {
      return false;
    }
    if (e instanceof Expr.Read || e instanceof Expr.Opaque || e instanceof Expr.ArrayLength) {
      return readsAny(e, vars);
    }
    if (e instanceof Expr.Conditional c) {
      return readsAnyUnwarned(c.ifTrue(), vars) || readsAnyUnwarned(c.ifFalse(), vars);
    }
    for (Expr child : Children.of(e)) {
      if (readsAnyUnwarned(child, vars)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code e} reads any of {@code vars} as data (not through a {@code ?:} condition). */
  private static boolean readsAny(Expr e, Set<Var> vars) {
    if (e instanceof Expr.ArrayLength || e instanceof Expr.TensorCall t && !t.function().differentiable()) {
      return false; // a shape, not a value
    }
    if (e instanceof Expr.Read r) {
      return vars.contains(r.var());
    }
    if (e instanceof Expr.Opaque o) {
      return o.reads().stream().anyMatch(vars::contains);
    }
    if (e instanceof Expr.Conditional c) {
      return readsAny(c.ifTrue(), vars) || readsAny(c.ifFalse(), vars);
    }
    for (Expr child : Children.of(e)) {
      if (readsAny(child, vars)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code e} reads a varied variable in any way (an {@link Expr.Opaque} too). */
  public boolean readsVaried(Expr e) { return e != null && readsAny(e, varied); }

  public boolean isActive(Var v) { return active.contains(v); }

  /** Whether {@code e} carries a derivative: it reads an active variable along a differentiable path. */
  public boolean isActive(Expr e) { return e != null && dependsOn(e, active); }

  /**
   * Whether a derivative reaches {@code e} from a differentiated parameter, useful or not: what the
   * warnings ask, since a value whose derivative is cut on its way to the result is no longer useful.
   */
  public boolean isVaried(Expr e) { return e != null && dependsOn(e, varied); }

  private static boolean dependsOn(Expr e, Set<Var> vars) {
    Set<Var> flow = identitySet();
    flowVars(e, flow);
    for (Var v : flow) {
      if (vars.contains(v)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The variables whose derivative can flow into {@code e}'s value: paths through
   * non-differentiable values (conditions, integer casts, piecewise-constant functions) carry none.
   */
  public static void flowVars(Expr e, Set<Var> out) {
    if (e == null || e.type() == null || !e.type().differentiable()) {
      return;
    }
    if (e instanceof Expr.Read r) {
      out.add(r.var());
    } else if (e instanceof Expr.Unary u) {
      flowVars(u.operand(), out);
    } else if (e instanceof Expr.Binary b) {
      flowVars(b.left(), out);
      flowVars(b.right(), out);
    } else if (e instanceof Expr.Conditional c) {
      flowVars(c.ifTrue(), out);
      flowVars(c.ifFalse(), out);
    } else if (e instanceof Expr.Cast c) {
      flowVars(c.operand(), out);
    } else if (e instanceof Expr.MathCall m) {
      if (!m.function().piecewiseConstant()) {
        m.args().forEach(a -> flowVars(a, out));
      }
    } else if (e instanceof Expr.DiffCall d) {
      d.args().forEach(a -> flowVars(a, out));
    } else if (e instanceof Expr.PlainCall p) {
      p.args().forEach(a -> flowVars(a, out));
    } else if (e instanceof Expr.HelperCall h) {
      h.args().forEach(a -> flowVars(a, out));
    } else if (e instanceof Expr.CustomCall c) {
      c.args().forEach(a -> flowVars(a, out));
    } else if (e instanceof Expr.TensorCall t) {
      for (int i = 0; i < t.args().size(); i++) {
        if (t.function().reverseRule(i) != null) {
          flowVars(t.args().get(i), out);
        }
      }
    } else if (e instanceof Expr.ArrayRead r) {
      flowVars(r.array(), out);
    } else if (e instanceof Expr.NewArray n) {
      n.elements().forEach(a -> flowVars(a, out));
    }
  }

  private static void collect(Stmt s, List<Stmt> assignments, List<Expr> results) {
    if (s instanceof Stmt.Declare d && d.init() != null || s instanceof Stmt.Assign || s instanceof Stmt.Store) {
      assignments.add(s);
    } else if (s instanceof Stmt.Return r) {
      results.add(r.value());
    }
    Children.statements(s).forEach(c -> collect(c, assignments, results));
  }

  private static Var targetOf(Stmt s) {
    if (s instanceof Stmt.Store st) {
      return st.array();
    }
    return s instanceof Stmt.Declare d ? d.var() : ((Stmt.Assign) s).var();
  }

  private static Expr valueOf(Stmt s) {
    if (s instanceof Stmt.Store st) {
      return st.value();
    }
    return s instanceof Stmt.Declare d ? d.init() : ((Stmt.Assign) s).value();
  }

  private static Set<Var> identitySet() {
    return Collections.newSetFromMap(new IdentityHashMap<Var, Boolean>());
  }
}
