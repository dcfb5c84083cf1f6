package dev.adjoint.processor.analysis;

import dev.adjoint.processor.ir.Children;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.HiddenMember;
import dev.adjoint.processor.ir.MethodIr;
import dev.adjoint.processor.ir.Stmt;
import java.util.LinkedHashSet;
import java.util.Set;

/** The members a method's generated code reaches through the companion's accessors. */
public final class Hidden {
  private Hidden() {}

  public static Set<HiddenMember> of(MethodIr method) {
    Set<HiddenMember> found = new LinkedHashSet<>();
    statement(method.body(), found);
    return found;
  }

  private static void statement(Stmt s, Set<HiddenMember> found) {
    Children.expressions(s).forEach(e -> expression(e, found));
    Children.statements(s).forEach(c -> statement(c, found));
  }

  private static void expression(Expr e, Set<HiddenMember> found) {
    if (e instanceof Expr.Opaque o) {
      for (Object part : o.parts()) {
        if (part instanceof HiddenMember h) {
          found.add(h);
        } else if (part instanceof Expr sub) {
          expression(sub, found);
        }
      }
    }
    Children.of(e).forEach(c -> expression(c, found));
  }
}
