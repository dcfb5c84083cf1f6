package dev.adjoint.processor.transform;

import dev.adjoint.processor.RuntimeNames;
import dev.adjoint.processor.ir.Children;
import dev.adjoint.processor.ir.ClassRef;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.MethodIr;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.List;

/** Derivative counterparts of variables and array elements, and the array helpers generated code calls. */
final class Lvalues {
  static final ClassRef ARRAY_OPS = new ClassRef(RuntimeNames.ARRAY_OPS.packageName(), List.of(RuntimeNames.ARRAY_OPS.simpleName()));

  private Lvalues() {}

  /** {@code x} → {@code dx}, {@code a[i][j]} → {@code da[i][j]}. */
  static Expr derivative(Expr e, Names names) {
    if (e instanceof Expr.Read r) {
      return new Expr.Name(names.derivative(r.var()), r.var().type());
    }
    Expr.ArrayRead a = (Expr.ArrayRead) e;
    return new Expr.ArrayRead(derivative(a.array(), names), a.index(), a.type(), null);
  }

  /** The variable an element read or write goes to. */
  static Var root(Expr e) {
    while (e instanceof Expr.ArrayRead r) {
      e = r.array();
    }
    return ((Expr.Read) e).var();
  }

  /** The zero derivative of {@code v}: a zero array shaped like it, or the zero of its type. */
  static Expr zeroDerivative(Var v) {
    return v.type().isArray() ? arrayOps("zerosLike", new Expr.Read(v, null))
        : new Expr.Literal(v.type().zero(), v.type(), null);
  }

  /** {@code ArrayOps.name(arg)}. */
  static Expr arrayOps(String name, Expr arg) {
    return new Expr.PlainCall(ARRAY_OPS, name, List.of(arg), arg.type(), null);
  }

  /** {@code e}, with the arrays a returned record reads replaced by copies (the caller may not share them). */
  static Expr copyingArrays(Expr e) {
    if (!(e instanceof Expr.NewRecord r) || r.type().isRecordArray()) {
      return e; // an array of records is built anew from its columns' elements
    }
    List<Expr> parts = new ArrayList<>();
    for (Expr c : r.components()) {
      parts.add(c.type().isArray() && (c instanceof Expr.Read || c instanceof Expr.Name || c instanceof Expr.ArrayRead)
          ? arrayOps("copy", c) : copyingArrays(c));
    }
    return new Expr.NewRecord(r.type(), parts, r.tree());
  }

  /**
   * Parameters outside {@code wrt} that the body makes active ({@code x[0] = x[0] * w[0]} for an
   * array {@code x}, {@code b = b * w[0]}): their derivatives flow through the method like a
   * local's, start at zero and are not returned.
   */
  static List<Var> activeOutsideWrt(MethodIr method, dev.adjoint.processor.analysis.Activity activity) {
    return method.params().stream()
        .filter(p -> !method.wrt().contains(p) && p.type().differentiable() && activity.isActive(p)).toList();
  }

  /** Parameters whose elements the body writes: generated code works on a copy of them. */
  static List<Var> writtenParameters(MethodIr method) {
    List<Var> written = new ArrayList<>();
    collectWritten(method.body(), method, written);
    return written;
  }

  /** Parameters the body assigns a new value to. */
  static List<Var> assignedParameters(MethodIr method) {
    List<Var> assigned = new ArrayList<>();
    collectAssigned(method.body(), method, assigned);
    return assigned;
  }

  private static void collectAssigned(Stmt s, MethodIr method, List<Var> assigned) {
    if (s instanceof Stmt.Assign a && method.params().contains(a.var()) && !assigned.contains(a.var())) {
      assigned.add(a.var());
    }
    Children.statements(s).forEach(c -> collectAssigned(c, method, assigned));
  }

  private static void collectWritten(Stmt s, MethodIr method, List<Var> written) {
    if (s instanceof Stmt.Store st && method.params().contains(st.array()) && !written.contains(st.array())) {
      written.add(st.array());
    }
    Children.statements(s).forEach(c -> collectWritten(c, method, written));
  }
}
