package dev.adjoint.processor.transform;

import dev.adjoint.processor.analysis.Activity;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.MethodIr;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Second order, step one: forward mode written as IR instead of Java. For a method
 * {@code f(x)} with a {@code double} result it builds the method {@code g(x, ẋ) = ⟨∇f(x), ẋ⟩}:
 * the same statements, each assignment to an active variable {@code v} preceded by the
 * assignment of its tangent {@code v_dot} (a variable of the IR, computed with the local
 * derivatives of {@link Partials}, whose rules of {@code ScalarRules} have known derivatives in
 * turn), every {@code return e} turned into {@code primal = e; return ė}. Step two is
 * {@link ReverseTransform} on that method with respect to {@code x} and {@code ẋ}: its gradient
 * is {@code ∇²f · ẋ} in {@code x} and {@code ∇f} in {@code ẋ} (reverse over forward). So the
 * Hessian-vector product is generated code of the same kind as the first-order code, with the
 * same {@code // line N:} comments, records of the forward run, loops and branches.
 */
public final class TangentProgram {
  /**
   * @param method the tangent program; its differentiated parameters are the original's, then
   *     their directions
   * @param primal the local that holds {@code f(x)} when the program returns
   * @param grouped statements quoted with the next one (a tangent and its primal statement)
   */
  public record Result(MethodIr method, Var primal, List<Var> directions, Set<Stmt> grouped) {}

  /**
   * An operand of a product, quotient or function with more nodes than this is first assigned to
   * a temporary: its derivative code names it instead of repeating it, and the reverse sweep of
   * the tangent (whose local derivatives repeat their operands once more) stays linear in size.
   */
  static final int LARGEST_OPERAND = 6;

  private final Activity activity;
  private final Map<Var, Var> tangents = new IdentityHashMap<>();
  /** Locals the tangent program adds (temporaries and tangents), in order. */
  private final List<Var> added = new ArrayList<>();
  private final Names names;
  private final Set<Stmt> grouped = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Var primal;

  private TangentProgram(Activity activity, Var primal, Names names) {
    this.activity = activity;
    this.primal = primal;
    this.names = names;
  }

  /** The tangent program of {@code method} (a {@code double} result, no tensors, no custom derivatives). */
  public static Result of(MethodIr method, Activity activity) {
    Names names = new Names(method);
    Set<String> declared = new HashSet<>(method.declaredNames());
    Var primal = new Var(names.fresh("primal"), Type.SCALAR, Var.Kind.LOCAL, null);
    TangentProgram t = new TangentProgram(activity, primal, names);
    List<Var> directions = new ArrayList<>();
    for (Var w : method.wrt()) {
      Var d = new Var(names.fresh(names.of(w) + "_dot"), w.type(), Var.Kind.PARAMETER, null);
      t.tangents.put(w, d);
      directions.add(d);
    }
    List<Var> locals = new ArrayList<>();
    // a parameter outside wrt that the body makes active: its tangent starts at zero
    List<Stmt> zeroTangents = new ArrayList<>();
    for (Var p : Lvalues.activeOutsideWrt(method, activity)) {
      Var d = new Var(names.fresh(names.of(p) + "_dot"), p.type(), Var.Kind.LOCAL, null);
      t.tangents.put(p, d);
      locals.add(d);
      zeroTangents.add(new Stmt.Declare(d, Lvalues.zeroDerivative(p), null));
    }
    for (Var v : method.locals()) {
      locals.add(v);
      if (activity.isActive(v)) {
        Var d = new Var(names.fresh(names.of(v) + "_dot"), v.type(), v.kind(), v.declaration());
        t.tangents.put(v, d);
        locals.add(d);
      }
    }
    Stmt.Block body = t.block(method.body());
    if (!zeroTangents.isEmpty()) {
      zeroTangents.addAll(body.statements());
      body = new Stmt.Block(zeroTangents, body.tree());
    }
    locals.addAll(t.added);
    locals.add(primal);
    List<Var> params = new ArrayList<>(method.params());
    params.addAll(directions);
    List<Var> wrt = new ArrayList<>(method.wrt());
    wrt.addAll(directions);
    MethodIr program = new MethodIr(method.signature(), params, wrt, locals, body, declared, method.arrayCalls(), null,
        method.lambdaNames());
    return new Result(program, primal, directions, t.grouped);
  }

  private Stmt.Block block(Stmt.Block b) {
    List<Stmt> out = new ArrayList<>();
    b.statements().forEach(s -> statement(s, out));
    return new Stmt.Block(out, b.tree());
  }

  private List<Stmt> statements(List<Stmt> statements) {
    List<Stmt> out = new ArrayList<>();
    statements.forEach(s -> statement(s, out));
    return out;
  }

  private void statement(Stmt s, List<Stmt> out) {
    if (s instanceof Stmt.Block b) {
      out.add(block(b));
    } else if (s instanceof Stmt.Declare d) {
      Var t = tangents.get(d.var());
      if (t == null) {
        out.add(d);
      } else if (d.init() == null) {
        pair(d, new Stmt.Declare(t, null, d.tree()), out);
      } else {
        d = new Stmt.Declare(d.var(), hoisted(d.init(), d.tree(), out), d.tree());
        Expr tangent = tangent(d.init());
        if (Expr.Opaque.isNull(d.init())) {
          pair(d, new Stmt.Declare(t, d.init(), d.tree()), out); // no array, no tangent array
        } else if (tangent == null && d.var().type().isArray()) {
          // zeros shaped like the new array: after it
          pair(d, new Stmt.Declare(t, Lvalues.arrayOps("zerosLike", new Expr.Read(d.var(), null)), d.tree()), out);
        } else {
          pair(new Stmt.Declare(t, tangent != null ? tangent : zero(d.var().type()), d.tree()), d, out);
        }
      }
    } else if (s instanceof Stmt.Assign a) {
      Var t = tangents.get(a.var());
      if (t == null) {
        out.add(a);
        return;
      }
      a = new Stmt.Assign(a.var(), hoisted(a.value(), a.tree(), out), a.tree());
      Expr tangent = tangent(a.value());
      if (Expr.Opaque.isNull(a.value())) {
        pair(a, new Stmt.Assign(t, a.value(), a.tree()), out);
      } else if (tangent == null && a.var().type().isArray()) {
        pair(a, new Stmt.Assign(t, Lvalues.arrayOps("zerosLike", new Expr.Read(a.var(), null)), a.tree()), out);
      } else {
        // before the assignment: it reads the values the assignment overwrites (s = s * s)
        pair(new Stmt.Assign(t, tangent != null ? tangent : zero(a.var().type()), a.tree()), a, out);
      }
    } else if (s instanceof Stmt.Store st) {
      if (!tangents.containsKey(st.array())) {
        out.add(st);
        return;
      }
      st = new Stmt.Store(st.target(), hoisted(st.value(), st.tree(), out), st.tree());
      Expr tangent = tangent(st.value());
      Expr.ArrayRead target = (Expr.ArrayRead) derivative(st.target());
      pair(new Stmt.Store(target, tangent != null ? tangent : zero(st.target().type()), st.tree()), st, out);
    } else if (s instanceof Stmt.If i) {
      out.add(new Stmt.If(i.condition(), block(i.then()), block(i.orElse()), i.tree()));
    } else if (s instanceof Stmt.Synchronized y) {
      out.add(new Stmt.Synchronized(y.lock(), block(y.body()), y.tree()));
    } else if (s instanceof Stmt.Loop l) {
      out.add(new Stmt.Loop(l.id(), l.label(), statements(l.init()), l.condition(), statements(l.update()),
          block(l.body()), l.testFirst(), l.tree()));
    } else if (s instanceof Stmt.Return r) {
      Expr value = hoisted(r.value(), r.tree(), out);
      Expr tangent = tangent(value);
      pair(new Stmt.Assign(primal, value, r.tree()),
          new Stmt.Return(tangent != null ? tangent : zero(value.type()), r.tree()), out);
    } else {
      out.add(s); // break, continue, calls for their effect, throw: as they are
    }
  }

  /**
   * {@code e} with its large active operands of nonlinear nodes assigned to temporaries first
   * (declared, with their tangents, into {@code out}), innermost first. Never inside a branch of
   * {@code ?:} (evaluated only when taken) or through calls without derivative (their order of
   * evaluation stays the source's).
   */
  private Expr hoisted(Expr e, com.sun.source.tree.Tree tree, List<Stmt> out) {
    if (!active(e) || !pure(e)) {
      return e;
    }
    if (e instanceof Expr.Unary u) {
      return new Expr.Unary(u.op(), hoisted(u.operand(), tree, out), u.type(), u.tree());
    }
    if (e instanceof Expr.Cast c) {
      return new Expr.Cast(c.type(), hoisted(c.operand(), tree, out), c.tree());
    }
    if (e instanceof Expr.Binary b) {
      boolean linear = b.op() == dev.adjoint.processor.ir.Operator.PLUS || b.op() == dev.adjoint.processor.ir.Operator.MINUS;
      Expr left = hoisted(b.left(), tree, out);
      Expr right = hoisted(b.right(), tree, out);
      return new Expr.Binary(b.op(), linear ? left : temporary(left, tree, out), linear ? right : temporary(right, tree, out),
          b.type(), b.tree());
    }
    if (e instanceof Expr.MathCall m) {
      List<Expr> args = m.args().stream().map(a -> temporary(hoisted(a, tree, out), tree, out)).toList();
      return new Expr.MathCall(m.function(), m.owner(), args, m.type(), m.tree());
    }
    if (e instanceof Expr.DiffCall d) {
      List<Expr> args = d.args().stream().map(a -> temporary(hoisted(a, tree, out), tree, out)).toList();
      return new Expr.DiffCall(d.callee(), args, d.tree());
    }
    return e;
  }

  /** {@code e}, or a read of a new temporary holding it when it is active and large. */
  private Expr temporary(Expr e, com.sun.source.tree.Tree tree, List<Stmt> out) {
    if (!Type.SCALAR.is(e.type()) || !active(e) || size(e) <= LARGEST_OPERAND) {
      return e;
    }
    Var v = new Var(names.fresh("tmp"), Type.SCALAR, Var.Kind.SYNTHETIC, null);
    Var t = new Var(names.fresh(v.sourceName() + "_dot"), Type.SCALAR, Var.Kind.SYNTHETIC, null);
    added.add(v);
    added.add(t);
    Expr tangent = tangent(e);
    tangents.put(v, t);
    pair(new Stmt.Declare(t, tangent != null ? tangent : zero(Type.SCALAR), tree), new Stmt.Declare(v, e, tree), out);
    return new Expr.Read(v, null);
  }

  /** Only arithmetic, functions, reads and calls of {@code @Differentiable} methods: free to evaluate earlier. */
  private static boolean pure(Expr e) {
    if (e instanceof Expr.Opaque || e instanceof Expr.PlainCall || e instanceof Expr.CustomCall
        || e instanceof Expr.TensorCall || e instanceof Expr.HelperCall || e instanceof Expr.Conditional
        || e instanceof Expr.NewArray) {
      return false;
    }
    return dev.adjoint.processor.ir.Children.of(e).stream().allMatch(TangentProgram::pure);
  }

  private static int size(Expr e) {
    int n = 1;
    for (Expr c : dev.adjoint.processor.ir.Children.of(e)) {
      n += size(c);
    }
    return n;
  }

  /** Whether {@code e} carries a derivative: the method's active variables, and the temporaries. */
  private boolean active(Expr e) {
    if (activity.isActive(e)) {
      return true;
    }
    Set<Var> flow = Collections.newSetFromMap(new IdentityHashMap<>());
    Activity.flowVars(e, flow);
    return flow.stream().anyMatch(tangents::containsKey);
  }

  /** Two statements from one source statement, quoted once. */
  private void pair(Stmt first, Stmt second, List<Stmt> out) {
    grouped.add(first);
    out.add(first);
    out.add(second);
  }

  private static Expr zero(Type type) {
    return type == Type.FLOAT ? new Expr.Literal("0.0f", Type.FLOAT, null) : Expr.Literal.of(0.0);
  }

  /** {@code x} → {@code x_dot}, {@code a[i][j]} → {@code a_dot[i][j]}. */
  private Expr derivative(Expr e) {
    if (e instanceof Expr.Read r) {
      return new Expr.Read(tangents.get(r.var()), null);
    }
    Expr.ArrayRead a = (Expr.ArrayRead) e;
    return new Expr.ArrayRead(derivative(a.array()), a.index(), a.type(), null);
  }

  private Expr tangentOrZero(Expr e) {
    Expr t = tangent(e);
    if (t != null) {
      return t;
    }
    return e.type().isArray() ? Lvalues.arrayOps("zerosLike", e) : zero(e.type());
  }

  /** The tangent of {@code e} of {@code e}'s type: a float value's tangent is narrowed to float. */
  private Expr tangent(Expr e) {
    Expr t = tangentOf(e);
    return t == null || e.type() != Type.FLOAT || t.type() == Type.FLOAT ? t : new Expr.Cast(Type.FLOAT, t, null);
  }

  /** The tangent of {@code e} as an expression, or null for an exact zero. */
  private Expr tangentOf(Expr e) {
    if (!active(e)) {
      return null;
    }
    if (e instanceof Expr.Read || e instanceof Expr.ArrayRead) {
      return tangents.containsKey(Lvalues.root(e)) ? derivative(e) : null;
    }
    if (e instanceof Expr.NewArray n) {
      List<Expr> elements = n.elements().stream().map(this::tangentOrZero).toList();
      return n.elements().isEmpty() ? null : new Expr.NewArray(n.type(), List.of(), elements, null);
    }
    if (e instanceof Expr.Conditional c) {
      return new Expr.Conditional(c.condition(), tangentOrZero(c.ifTrue()), tangentOrZero(c.ifFalse()), c.type(), null);
    }
    if (e instanceof Expr.DiffCall call) {
      List<Expr> directions = new ArrayList<>();
      for (int i : call.callee().wrt()) {
        directions.add(tangentOrZero(call.args().get(i)));
      }
      return new Expr.TangentCall(call.callee(), call.args(), directions);
    }
    if (e instanceof Expr.TensorCall || e instanceof Expr.CustomCall) {
      throw new IllegalStateException("no second derivative of " + e); // SecondOrder rejects these first
    }
    Expr sum = null;
    for (Partials.Partial p : Partials.of(e)) {
      sum = Sym.add(sum, p.scale().apply(tangent(p.operand())));
    }
    return sum;
  }
}
