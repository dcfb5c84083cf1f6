package dev.adjoint.processor.analysis;

import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.MethodIr;
import dev.adjoint.processor.ir.Signature;
import dev.adjoint.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.List;

/** The {@code @Differentiable} methods a body calls (their companions must exist). */
public final class Callees {
  private final List<Signature> found = new ArrayList<>();

  private Callees() {}

  public static List<Signature> of(MethodIr method) {
    Callees c = new Callees();
    c.statement(method.body());
    return c.found;
  }

  private void statement(Stmt s) {
    if (s instanceof Stmt.Declare d) {
      expression(d.init());
    } else if (s instanceof Stmt.Assign a) {
      expression(a.value());
    } else if (s instanceof Stmt.If i) {
      expression(i.condition());
      statement(i.then());
      statement(i.orElse());
    } else if (s instanceof Stmt.Return r) {
      expression(r.value());
    } else if (s instanceof Stmt.Block b) {
      b.statements().forEach(this::statement);
    } else if (s instanceof Stmt.Call c) {
      expression(c.call());
    }
  }

  private void expression(Expr e) {
    if (e instanceof Expr.Unary u) {
      expression(u.operand());
    } else if (e instanceof Expr.Binary b) {
      expression(b.left());
      expression(b.right());
    } else if (e instanceof Expr.Conditional c) {
      expression(c.condition());
      expression(c.ifTrue());
      expression(c.ifFalse());
    } else if (e instanceof Expr.Cast c) {
      expression(c.operand());
    } else if (e instanceof Expr.MathCall m) {
      m.args().forEach(this::expression);
    } else if (e instanceof Expr.PlainCall p) {
      p.args().forEach(this::expression);
    } else if (e instanceof Expr.DiffCall d) {
      found.add(d.callee());
      d.args().forEach(this::expression);
    }
  }
}
