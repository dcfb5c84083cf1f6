package dev.adjoint.processor.ir;

import java.util.ArrayList;
import java.util.List;

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
    if (e instanceof Expr.ArrayRead r) {
      return List.of(r.array(), r.index());
    }
    if (e instanceof Expr.ArrayLength l) {
      return List.of(l.array());
    }
    if (e instanceof Expr.NewArray n) {
      List<Expr> all = new ArrayList<>(n.dimensions());
      all.addAll(n.elements());
      return all;
    }
    return List.of();
  }
}
