package dev.adjoint.processor.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** The direct sub-statements and sub-expressions of IR nodes, for analyses that visit everything. */
public final class Children {
  private Children() {}

  /** Statements directly nested in {@code s}, in source order. */
  public static List<Stmt> statements(Stmt s) {
    if (s instanceof Stmt.Block b) {
      return b.statements();
    }
    if (s instanceof Stmt.If i) {
      return List.of(i.then(), i.orElse());
    }
    if (s instanceof Stmt.Loop l) {
      List<Stmt> result = new ArrayList<>(l.init());
      result.add(l.body());
      result.addAll(l.update());
      return result;
    }
    if (s instanceof Stmt.Try t) {
      List<Stmt> result = new ArrayList<>(t.resources());
      result.add(t.body());
      t.catches().forEach(c -> result.add(c.body()));
      result.add(t.finallyBlock());
      return result;
    }
    if (s instanceof Stmt.Synchronized y) {
      return List.of(y.body());
    }
    return List.of();
  }

  /** Expressions {@code s} itself evaluates (not those of nested statements). */
  public static List<Expr> expressions(Stmt s) {
    List<Expr> result = new ArrayList<>();
    if (s instanceof Stmt.Declare d && d.init() != null) {
      result.add(d.init());
    } else if (s instanceof Stmt.Assign a) {
      result.add(a.value());
    } else if (s instanceof Stmt.Store st) {
      result.add(st.target());
      result.add(st.value());
    } else if (s instanceof Stmt.If i) {
      result.add(i.condition());
    } else if (s instanceof Stmt.Return r) {
      result.add(r.value());
    } else if (s instanceof Stmt.Call c) {
      result.add(c.call());
    } else if (s instanceof Stmt.Throw t) {
      result.add(t.exception());
    } else if (s instanceof Stmt.Synchronized y) {
      result.add(y.lock());
    } else if (s instanceof Stmt.Loop l && l.condition() != null) {
      result.add(l.condition());
    }
    return result;
  }

  public static List<Expr> of(Expr e) {
    if (e instanceof Expr.Unary u) {
      return List.of(u.operand());
    }
    if (e instanceof Expr.Binary b) {
      return List.of(b.left(), b.right());
    }
    if (e instanceof Expr.Conditional c) {
      return List.of(c.condition(), c.ifTrue(), c.ifFalse());
    }
    if (e instanceof Expr.Cast c) {
      return List.of(c.operand());
    }
    if (e instanceof Expr.MathCall m) {
      return m.args();
    }
    if (e instanceof Expr.DiffCall d) {
      return d.args();
    }
    if (e instanceof Expr.PlainCall p) {
      return p.args();
    }
    if (e instanceof Expr.HelperCall h) {
      return h.args();
    }
    if (e instanceof Expr.CustomCall c) {
      return c.args();
    }
    if (e instanceof Expr.TensorCall t) {
      return t.args();
    }
    if (e instanceof Expr.Rule r) {
      return r.args();
    }
    if (e instanceof Expr.TangentCall t) {
      List<Expr> all = new ArrayList<>(t.args());
      all.addAll(t.tangents());
      return all;
    }
    if (e instanceof Expr.ArrayRead r) {
      return List.of(r.array(), r.index());
    }
    if (e instanceof Expr.ArrayLength l) {
      return List.of(l.array());
    }
    if (e instanceof Expr.NewRecord r) {
      return r.components();
    }
    if (e instanceof Expr.NewArray n) {
      List<Expr> all = new ArrayList<>(n.dimensions());
      all.addAll(n.elements());
      return all;
    }
    return List.of();
  }

  /**
   * {@code e} with each direct sub-expression (those {@link #of} lists) replaced by {@code f} of
   * it; {@code e} itself when none changes. An {@link Expr.Opaque}'s parts are not sub-expressions.
   */
  public static Expr map(Expr e, UnaryOperator<Expr> f) {
    List<Expr> old = of(e);
    List<Expr> k = new ArrayList<>(old.size());
    boolean changed = false;
    for (Expr child : old) {
      Expr mapped = f.apply(child);
      changed |= mapped != child;
      k.add(mapped);
    }
    if (!changed) {
      return e;
    }
    if (e instanceof Expr.Unary u) {
      return new Expr.Unary(u.op(), k.get(0), u.type(), u.tree());
    }
    if (e instanceof Expr.Binary b) {
      return new Expr.Binary(b.op(), k.get(0), k.get(1), b.type(), b.tree());
    }
    if (e instanceof Expr.Conditional c) {
      return new Expr.Conditional(k.get(0), k.get(1), k.get(2), c.type(), c.tree());
    }
    if (e instanceof Expr.Cast c) {
      return new Expr.Cast(c.type(), k.get(0), c.tree());
    }
    if (e instanceof Expr.MathCall m) {
      return new Expr.MathCall(m.function(), m.owner(), k, m.type(), m.tree());
    }
    if (e instanceof Expr.DiffCall d) {
      return new Expr.DiffCall(d.callee(), k, d.tree());
    }
    if (e instanceof Expr.PlainCall p) {
      return new Expr.PlainCall(p.owner(), p.name(), k, p.type(), p.tree());
    }
    if (e instanceof Expr.HelperCall h) {
      return new Expr.HelperCall(h.method(), k, h.type(), h.tree());
    }
    if (e instanceof Expr.CustomCall c) {
      return new Expr.CustomCall(c.owner(), c.name(), k, c.derivative(), c.tree());
    }
    if (e instanceof Expr.TensorCall t) {
      return new Expr.TensorCall(t.function(), k, t.tree());
    }
    if (e instanceof Expr.Rule r) {
      return new Expr.Rule(r.method(), k);
    }
    if (e instanceof Expr.TangentCall t) {
      int n = t.args().size();
      return new Expr.TangentCall(t.callee(), k.subList(0, n), k.subList(n, k.size()));
    }
    if (e instanceof Expr.ArrayRead r) {
      return new Expr.ArrayRead(k.get(0), k.get(1), r.type(), r.tree());
    }
    if (e instanceof Expr.ArrayLength l) {
      return new Expr.ArrayLength(k.get(0), l.tree());
    }
    if (e instanceof Expr.NewRecord r) {
      return new Expr.NewRecord(r.type(), k, r.tree());
    }
    if (e instanceof Expr.NewArray n) {
      int dims = n.dimensions().size();
      return new Expr.NewArray(n.type(), k.subList(0, dims), k.subList(dims, k.size()), n.tree());
    }
    throw new IllegalStateException("no rebuild for " + e.getClass().getSimpleName());
  }
}
