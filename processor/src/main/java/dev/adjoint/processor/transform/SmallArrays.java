package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Children;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.MethodIr;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scalar replacement of small arrays: a local {@code double[]} (or {@code float[]}) that always
 * holds a fresh array of one fixed length ({@code new double[] {a, b}}, {@code new double[2]}, what
 * an inlined helper {@code return new double[] {…}} made) and is used only through constant
 * indices ({@code k[0]}, {@code k[1] = …}, {@code k.length}) becomes one scalar local per element.
 * That is how an RK stage {@code double[] k2 = rates(…)} is written by hand: the reverse sweep
 * then saves and restores doubles instead of arrays and allocates no adjoint arrays.
 *
 * <p>Any other use keeps the array: passed to a call, aliased ({@code double[] j = k}), returned,
 * read by an opaque expression, indexed by a variable, assigned an array from elsewhere or one
 * built from its own elements, or an index outside the length (Java would throw there).
 */
public final class SmallArrays {
  /** Longer arrays stay arrays: one scalar each would only crowd the generated method. */
  static final int MAX_LENGTH = 16;

  private SmallArrays() {}

  /** {@code method} with its small arrays replaced by scalars, or {@code method} itself if it has none. */
  public static MethodIr apply(MethodIr method) {
    Map<Var, Integer> lengths = new IdentityHashMap<>();
    for (Var v : method.locals()) {
      if (Type.ARRAY.is(v.type())) { // double[] or float[]
        lengths.put(v, -1); // length not known yet
      }
    }
    if (lengths.isEmpty()) {
      return method;
    }
    method.arrayCalls().forEach(c -> lengths.remove(c.array()));
    Scan scan = new Scan(lengths);
    scan.statement(method.body());
    lengths.values().removeIf(n -> n < 0);
    scan.maxIndex.forEach((v, max) -> {
      if (lengths.containsKey(v) && max >= lengths.get(v)) {
        lengths.remove(v);
      }
    });
    if (lengths.isEmpty()) {
      return method;
    }
    Map<Var, List<Var>> scalars = new IdentityHashMap<>();
    List<Var> locals = new ArrayList<>();
    for (Var v : method.locals()) {
      Integer n = lengths.get(v);
      if (n == null) {
        locals.add(v);
        continue;
      }
      Type element = v.type().element();
      List<Var> parts = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        parts.add(new Var(v.sourceName() + i, element, v.kind(), v.declaration()));
      }
      scalars.put(v, parts);
      locals.addAll(parts);
    }
    Rewrite rewrite = new Rewrite(scalars);
    Stmt.Block body = (Stmt.Block) rewrite.statements(List.of(method.body())).get(0);
    return new MethodIr(method.signature(), method.params(), method.wrt(), locals, body, method.declaredNames(),
        method.arrayCalls(), method.layout(), method.lambdaNames());
  }

  /** Whether {@code e} is {@code k[c]} for a candidate {@code k} and an int literal {@code c}: c, else -1. */
  private static int constantIndex(Expr e) {
    if (e instanceof Expr.Literal l && Type.INT.is(l.type())) {
      try {
        return Integer.parseInt(l.text());
      } catch (NumberFormatException notDecimal) {
        return -1;
      }
    }
    return -1;
  }

  private static Var arrayVar(Expr e) {
    return e instanceof Expr.Read r ? r.var() : null;
  }

  /** The length of a fresh array {@code e} builds, or -1. */
  private static int freshLength(Expr e) {
    if (e instanceof Expr.NewArray n) {
      if (n.dimensions().isEmpty()) {
        return n.elements().size();
      }
      if (n.dimensions().size() == 1) {
        return constantIndex(n.dimensions().get(0));
      }
    }
    return -1;
  }

  /** Removes every candidate used in a way scalars cannot stand for; records lengths and indices. */
  private static final class Scan {
    final Map<Var, Integer> lengths;
    final Map<Var, Integer> maxIndex = new IdentityHashMap<>();

    Scan(Map<Var, Integer> lengths) {
      this.lengths = lengths;
    }

    void statement(Stmt s) {
      if (s instanceof Stmt.Declare d && lengths.containsKey(d.var())) {
        if (d.init() != null) {
          assigned(d.var(), d.init());
        }
      } else if (s instanceof Stmt.Assign a && lengths.containsKey(a.var())) {
        assigned(a.var(), a.value());
      } else if (s instanceof Stmt.Store st && lengths.containsKey(arrayVar(st.target().array()))) {
        element(st.target());
        expr(st.value());
      } else {
        Children.expressions(s).forEach(this::expr);
      }
      Children.statements(s).forEach(this::statement);
    }

    /** {@code v = value}: a fresh array of the one length, whose elements do not read {@code v}. */
    private void assigned(Var v, Expr value) {
      int n = freshLength(value);
      Integer known = lengths.get(v);
      if (n < 1 || n > MAX_LENGTH || (known >= 0 && known != n)) {
        lengths.remove(v);
      } else {
        lengths.put(v, n);
      }
      Children.of(value).forEach(this::expr);
      if (lengths.containsKey(v) && reads(value, v)) {
        lengths.remove(v); // k = new double[] {k[1], k[0]}: scalars would overwrite what they read
      }
    }

    private void element(Expr.ArrayRead r) {
      Var v = arrayVar(r.array());
      int index = constantIndex(r.index());
      if (index < 0) {
        lengths.remove(v);
        expr(r.index());
      } else {
        maxIndex.merge(v, index, Math::max);
      }
    }

    void expr(Expr e) {
      if (e instanceof Expr.Read r) {
        lengths.remove(r.var()); // the array itself, not one of its elements
      } else if (e instanceof Expr.ArrayRead r && lengths.containsKey(arrayVar(r.array()))) {
        element(r);
      } else if (e instanceof Expr.ArrayLength l && lengths.containsKey(arrayVar(l.array()))) {
        // k.length: the fixed length
      } else if (e instanceof Expr.Opaque o) {
        o.reads().forEach(lengths::remove);
        for (Object part : o.parts()) {
          if (part instanceof Var v) {
            lengths.remove(v);
          } else if (part instanceof Expr x) {
            expr(x);
          }
        }
      } else {
        Children.of(e).forEach(this::expr);
      }
    }

    private static boolean reads(Expr e, Var v) {
      if (e instanceof Expr.Read r) {
        return r.var() == v;
      }
      if (e instanceof Expr.Opaque o) {
        return o.reads().contains(v) || o.parts().stream().anyMatch(p -> p == v || p instanceof Expr x && reads(x, v));
      }
      return Children.of(e).stream().anyMatch(c -> reads(c, v));
    }
  }

  /** Replaces each small array by its scalars. */
  private static final class Rewrite {
    final Map<Var, List<Var>> scalars;

    Rewrite(Map<Var, List<Var>> scalars) {
      this.scalars = scalars;
    }

    List<Stmt> statements(List<? extends Stmt> in) {
      List<Stmt> out = new ArrayList<>();
      for (Stmt s : in) {
        statement(s, out);
      }
      return out;
    }

    private Stmt.Block block(Stmt.Block b) {
      return new Stmt.Block(statements(b.statements()), b.tree());
    }

    private void statement(Stmt s, List<Stmt> out) {
      if (s instanceof Stmt.Declare d && scalars.containsKey(d.var())) {
        List<Var> parts = scalars.get(d.var());
        for (int i = 0; i < parts.size(); i++) {
          out.add(new Stmt.Declare(parts.get(i), d.init() == null ? null : element(d.init(), i, parts.get(i)), d.tree()));
        }
      } else if (s instanceof Stmt.Assign a && scalars.containsKey(a.var())) {
        List<Var> parts = scalars.get(a.var());
        for (int i = 0; i < parts.size(); i++) {
          out.add(new Stmt.Assign(parts.get(i), element(a.value(), i, parts.get(i)), a.tree()));
        }
      } else if (s instanceof Stmt.Store st && scalars.containsKey(arrayVar(st.target().array()))) {
        out.add(new Stmt.Assign(scalar(st.target()), expr(st.value()), st.tree()));
      } else if (s instanceof Stmt.Declare d) {
        out.add(new Stmt.Declare(d.var(), d.init() == null ? null : expr(d.init()), d.tree()));
      } else if (s instanceof Stmt.Assign a) {
        out.add(new Stmt.Assign(a.var(), expr(a.value()), a.tree()));
      } else if (s instanceof Stmt.Store st) {
        out.add(new Stmt.Store((Expr.ArrayRead) expr(st.target()), expr(st.value()), st.tree()));
      } else if (s instanceof Stmt.If i) {
        out.add(new Stmt.If(expr(i.condition()), block(i.then()), block(i.orElse()), i.tree()));
      } else if (s instanceof Stmt.Return r) {
        out.add(new Stmt.Return(r.value() == null ? null : expr(r.value()), r.tree()));
      } else if (s instanceof Stmt.Block b) {
        out.add(block(b));
      } else if (s instanceof Stmt.Loop l) {
        out.add(new Stmt.Loop(l.id(), l.label(), statements(l.init()), l.condition() == null ? null : expr(l.condition()),
            statements(l.update()), block(l.body()), l.testFirst(), l.tree()));
      } else if (s instanceof Stmt.Call c) {
        out.add(new Stmt.Call(expr(c.call()), c.tree()));
      } else if (s instanceof Stmt.Throw t) {
        out.add(new Stmt.Throw(expr(t.exception()), t.tree()));
      } else if (s instanceof Stmt.Try t) {
        List<Stmt.Declare> resources = statements(t.resources()).stream().map(Stmt.Declare.class::cast).toList();
        List<Stmt.Catch> catches = t.catches().stream()
            .map(c -> new Stmt.Catch(c.parameter(), c.catchTypes(), block(c.body()))).toList();
        out.add(new Stmt.Try(resources, block(t.body()), catches, block(t.finallyBlock()), t.tree()));
      } else if (s instanceof Stmt.Synchronized y) {
        out.add(new Stmt.Synchronized(expr(y.lock()), block(y.body()), y.tree()));
      } else {
        out.add(s); // break, continue: nothing to replace
      }
    }

    /** Element {@code i} of the fresh array {@code value} (its initializer, or the zero of {@code part}). */
    private Expr element(Expr value, int i, Var part) {
      Expr.NewArray n = (Expr.NewArray) value;
      if (n.elements().isEmpty()) {
        return new Expr.Literal(part.type().zero(), part.type(), null);
      }
      return expr(n.elements().get(i));
    }

    private Var scalar(Expr.ArrayRead r) {
      return scalars.get(arrayVar(r.array())).get(constantIndex(r.index()));
    }

    Expr expr(Expr e) {
      if (e instanceof Expr.ArrayRead r && scalars.containsKey(arrayVar(r.array()))) {
        return new Expr.Read(scalar(r), r.tree());
      }
      if (e instanceof Expr.ArrayLength l && scalars.containsKey(arrayVar(l.array()))) {
        return new Expr.Literal(Integer.toString(scalars.get(arrayVar(l.array())).size()), Type.INT, l.tree());
      }
      if (e instanceof Expr.Opaque o) {
        List<Object> parts = o.parts().stream().map(p -> p instanceof Expr x ? (Object) expr(x) : p).toList();
        return new Expr.Opaque(parts, o.reads(), o.type(), o.what(), o.tree());
      }
      return Children.map(e, this::expr);
    }
  }
}
