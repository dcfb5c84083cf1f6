package dev.adjoint.processor.analysis;

import dev.adjoint.processor.ir.Children;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.MethodIr;
import dev.adjoint.processor.ir.Signature;
import dev.adjoint.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.List;

/** The {@code @Differentiable} methods a body calls (their companions must exist). */
public final class Callees {
  private Callees() {}

  public static List<Signature> of(MethodIr method) {
    List<Signature> found = new ArrayList<>();
    statement(method.body(), found);
    return found;
  }

  private static void statement(Stmt s, List<Signature> found) {
    Children.expressions(s).forEach(e -> expression(e, found));
    Children.statements(s).forEach(c -> statement(c, found));
  }

  private static void expression(Expr e, List<Signature> found) {
    if (e instanceof Expr.DiffCall d) {
      found.add(d.callee());
    }
    Children.of(e).forEach(c -> expression(c, found));
  }
}
