package dev.adjoint.processor.fallback;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.adjoint.processor.RuntimeNames;
import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.diag.Problem;
import dev.adjoint.processor.ir.ClassRef;
import dev.adjoint.processor.ir.CustomDerivative;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.HiddenMember;
import dev.adjoint.processor.ir.MethodIr;
import dev.adjoint.processor.ir.PartialMethod;
import dev.adjoint.processor.ir.Signature;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.transform.JavaTypes;
import dev.adjoint.processor.transform.Names;
import java.util.ArrayList;
import java.util.List;

/**
 * The dynamic-tape back end: prints a method's IR (the same classified IR the static transforms
 * read) as code that runs on a {@code ScalarTape}. {@code double} values become
 * {@code TapedDouble}s; every arithmetic operator, comparison and {@code Math} function on them
 * becomes the {@code TapeOps} function of that name (statically imported by the companion), whose
 * overloads leave {@code int} arithmetic native and tape everything that touches a taped value;
 * {@code d(…)} makes a taped value, {@code value(…)} reads one where plain Java needs a
 * {@code double} (passive code: a call without derivative, a string). Calls of the class's own
 * methods go to their taped copies; {@code try}, {@code synchronized} and recursion run as written.
 */
final class TapedPrinter {
  static final ClassName TAPED = RuntimeNames.TAPED_DOUBLE;

  private final FallbackMethods owner;
  private final Names names;
  private final String method;
  private final String reason;
  /** Parameters that stay plain {@code double[]} / {@code double[][]} (see {@link #passiveArrays}). */
  private final java.util.Set<Var> plainArrays;
  /** Differentiated parameters read by element through {@code LeafArray}s (see {@link #passiveArrays}). */
  private final java.util.Set<Var> leafArrays = new java.util.HashSet<>();

  /**
   * Local {@code double}s assigned after their declaration: {@code TapedVariable}s, so that a
   * value a loop carries is no handle allocated per iteration (see {@code TapedVariable}).
   */
  private final java.util.Set<Var> variables = new java.util.HashSet<>();

  /** The loops of the method by id, for the labels of jumps. */
  private final java.util.Map<Integer, Stmt.Loop> loops = new java.util.HashMap<>();

  private TapedPrinter(FallbackMethods owner, MethodIr ir, String reason, java.util.Set<Var> plainArrays) {
    this.owner = owner;
    this.names = new Names(ir);
    this.method = ir.signature().name();
    this.reason = reason;
    this.plainArrays = new java.util.HashSet<>(plainArrays);
    for (Var v : plainArrays) {
      if (ir.wrt().contains(v)) {
        this.plainArrays.remove(v);
        leafArrays.add(v);
      }
    }
    collectLoops(ir.body());
    if (operations(ir.body()) <= VARIABLES_UP_TO) {
      collectVariables(ir.body(), new java.util.HashSet<>(ir.locals()));
    }
  }

  /**
   * Variables only in methods of at most this many operations on doubles: C2 removes the handles
   * read from a variable only where the operation that reads them is inlined, and in a longer
   * method (a Runge-Kutta step written out) its inlining budget runs out, so each read of a
   * variable would allocate a handle where one shared handle was before.
   */
  private static final int VARIABLES_UP_TO = 40;

  private static int operations(Stmt s) {
    int n = 0;
    for (Expr e : dev.adjoint.processor.ir.Children.expressions(s)) {
      n += operations(e);
    }
    for (Stmt c : dev.adjoint.processor.ir.Children.statements(s)) {
      n += operations(c);
    }
    return n;
  }

  private static int operations(Expr e) {
    if (e == null) {
      return 0;
    }
    int n = e.type() == Type.SCALAR && (e instanceof Expr.Binary || e instanceof Expr.Unary || e instanceof Expr.MathCall)
        ? 1 : 0;
    for (Expr c : dev.adjoint.processor.ir.Children.of(e)) {
      n += operations(c);
    }
    return n;
  }

  private void collectVariables(Stmt s, java.util.Set<Var> locals) {
    if (s instanceof Stmt.Assign a && a.var().type() == Type.SCALAR && locals.contains(a.var())) {
      variables.add(a.var());
    }
    dev.adjoint.processor.ir.Children.statements(s).forEach(c -> collectVariables(c, locals));
  }

  /** A variable's name where its value is read. */
  private CodeBlock read(Var v) {
    return variables.contains(v) ? CodeBlock.of("$L.get()", names.of(v)) : CodeBlock.of("$L", names.of(v));
  }

  /** {@code v = value}, as an expression statement. */
  private CodeBlock assign(Var v, CodeBlock value) {
    return variables.contains(v) ? CodeBlock.of("$L.set($L)", names.of(v), value)
        : CodeBlock.of("$L = $L", names.of(v), value);
  }

  /** The declaration {@code v = init} (a for loop's too). */
  private CodeBlock declare(Var v, CodeBlock init) {
    return variables.contains(v) ? CodeBlock.of("$T $L = local($L)", RuntimeNames.TAPED_VARIABLE, names.of(v), init)
        : CodeBlock.of("$T $L = $L", taped(v.type()), names.of(v), init);
  }

  private void collectLoops(Stmt s) {
    if (s instanceof Stmt.Loop l) {
      loops.put(l.id(), l);
    }
    dev.adjoint.processor.ir.Children.statements(s).forEach(this::collectLoops);
  }

  /** The statements of the taped copy of {@code ir}; the parameters {@code plainArrays} stay plain arrays. */
  static CodeBlock body(FallbackMethods owner, MethodIr ir, String reason, java.util.Set<Var> plainArrays) {
    TapedPrinter p = new TapedPrinter(owner, ir, reason, plainArrays);
    CodeBlock.Builder out = CodeBlock.builder();
    for (Stmt s : ir.body().statements()) {
      p.statement(s, ir.signature().returnType(), out);
    }
    if (!ir.signature().returnType().typeName().equals(TypeName.VOID)
        && new dev.adjoint.processor.transform.ControlFlow(ir.body()).completesNormally(ir.body())) {
      // Every path of the source returns, but javac cannot see that through a switch written as ifs.
      out.addStatement("throw new $T($S)", AssertionError.class, "unreachable: every path of the method returns");
    }
    return out.build();
  }

  /**
   * The {@code double[]} and {@code double[][]} parameters of {@code ir} that the body only reads
   * element by element ({@code x[i][j]}, {@code x.length}, {@code x[i].length}): never written,
   * assigned, passed on or read as a whole. A taped copy can take them as plain arrays: no constant
   * handle per element, and the operations with their elements record no entry; the differentiated
   * ones as {@code LeafArray}s, leaves over the caller's arrays whose element handles are made
   * where they are read ({@code w.at(j)}). The others are taped arrays.
   */
  static java.util.Set<Var> passiveArrays(MethodIr ir) {
    java.util.Set<Var> result = new java.util.LinkedHashSet<>();
    for (Var p : ir.params()) {
      if (p.type() == Type.ARRAY || p.type() == Type.ARRAY2) {
        result.add(p);
      }
    }
    if (!result.isEmpty()) {
      excludeWholeUses(ir.body(), result);
    }
    return result;
  }

  private static void excludeWholeUses(Stmt s, java.util.Set<Var> candidates) {
    if (s instanceof Stmt.Assign a) {
      candidates.remove(a.var());
    } else if (s instanceof Stmt.Store st) {
      candidates.remove(rootVar(st.target()));
    }
    for (Expr e : dev.adjoint.processor.ir.Children.expressions(s)) {
      excludeWholeUses(e, candidates);
    }
    for (Stmt c : dev.adjoint.processor.ir.Children.statements(s)) {
      excludeWholeUses(c, candidates);
    }
  }

  /** Removes from {@code candidates} each variable {@code e} reads other than by element or length. */
  private static void excludeWholeUses(Expr e, java.util.Set<Var> candidates) {
    if (e == null) {
      return;
    }
    Expr array = e instanceof Expr.ArrayRead r && r.type() == Type.SCALAR ? r
        : e instanceof Expr.ArrayLength l ? l.array() : null;
    if (array != null) {
      // an element or a length: the indices are read as values, the root by element
      while (array instanceof Expr.ArrayRead r) {
        excludeWholeUses(r.index(), candidates);
        array = r.array();
      }
      if (!(array instanceof Expr.Read)) {
        excludeWholeUses(array, candidates);
      }
      return;
    }
    if (e instanceof Expr.Read r) {
      candidates.remove(r.var());
    } else if (e instanceof Expr.Opaque o) {
      candidates.removeAll(o.reads());
      o.parts().stream().filter(Expr.class::isInstance).forEach(x -> excludeWholeUses((Expr) x, candidates));
    }
    dev.adjoint.processor.ir.Children.of(e).forEach(c -> excludeWholeUses(c, candidates));
  }

  private static Var rootVar(Expr e) {
    while (e instanceof Expr.ArrayRead r) {
      e = r.array();
    }
    return e instanceof Expr.Read r ? r.var() : null;
  }

  /** The type of a differentiated {@code double[]} / {@code double[][]} parameter read only by element. */
  static TypeName leafArray(Type t) {
    return t == Type.ARRAY ? RuntimeNames.LEAF_ARRAY : ArrayTypeName.of(RuntimeNames.LEAF_ARRAY);
  }

  /** The type a value of {@code t} has in taped code. */
  static TypeName taped(Type t) {
    if (t == Type.SCALAR) {
      return TAPED;
    }
    if (t == Type.ARRAY) {
      return ArrayTypeName.of(TAPED);
    }
    if (t == Type.ARRAY2) {
      return ArrayTypeName.of(ArrayTypeName.of(TAPED));
    }
    if (t.isRecord() || t.isRecordArray()) {
      return ArrayTypeName.of(ClassName.OBJECT); // a record result: its components (columns), see LoweredEntries
    }
    return t.typeName();
  }

  // ---- statements ----------------------------------------------------------------------------

  private void statement(Stmt s, Type returns, CodeBlock.Builder out) {
    if (s instanceof Stmt.Declare d) {
      Var v = d.var();
      out.addStatement("$L", declare(v, d.init() == null ? zero(v.type()) : as(v.type(), d.init())));
    } else if (s instanceof Stmt.Assign a) {
      out.addStatement("$L", assign(a.var(), as(a.var().type(), a.value())));
    } else if (s instanceof Stmt.Store st) {
      out.addStatement("$L = $L", expr(st.target()), as(st.target().type(), st.value()));
    } else if (s instanceof Stmt.Block b) {
      out.add("{\n$>");
      b.statements().forEach(c -> statement(c, returns, out));
      out.add("$<}\n");
    } else if (s instanceof Stmt.If i) {
      out.beginControlFlow("if ($L)", root(i.condition()));
      i.then().statements().forEach(c -> statement(c, returns, out));
      if (!i.orElse().statements().isEmpty()) {
        out.nextControlFlow("else");
        i.orElse().statements().forEach(c -> statement(c, returns, out));
      }
      out.endControlFlow();
    } else if (s instanceof Stmt.Loop l) {
      loop(l, returns, out);
    } else if (s instanceof Stmt.Break b) {
      String label = loops.get(b.loopId()).label();
      out.addStatement("$L", label == null ? "break" : "break " + label);
    } else if (s instanceof Stmt.Continue c) {
      String label = loops.get(c.loopId()).label();
      out.addStatement("$L", label == null ? "continue" : "continue " + label);
    } else if (s instanceof Stmt.Return r) {
      if (r.value() == null) {
        out.addStatement("return");
      } else if (r.value() instanceof Expr.NewRecord n) {
        List<CodeBlock> parts = new ArrayList<>();
        flatten(n, parts);
        out.addStatement("return new $T[] {$L}", Object.class, CodeBlock.join(parts, ", "));
      } else {
        out.addStatement("return $L", as(returns, r.value()));
      }
    } else if (s instanceof Stmt.Throw t) {
      out.addStatement("throw $L", expr(t.exception()));
    } else if (s instanceof Stmt.Call c) {
      out.addStatement("$L", expr(c.call()));
    } else if (s instanceof Stmt.Synchronized y) {
      out.beginControlFlow("synchronized ($L)", expr(y.lock()));
      y.body().statements().forEach(c -> statement(c, returns, out));
      out.endControlFlow();
    } else if (s instanceof Stmt.Try t) {
      tryStatement(t, returns, out);
    } else {
      throw new IllegalStateException("no taped form for " + s);
    }
  }

  /** The components of a returned record, nested records flattened, each in its taped form. */
  private void flatten(Expr.NewRecord n, List<CodeBlock> out) {
    List<dev.adjoint.processor.ir.RecordShape.Component> components = n.type().shape().components();
    for (int k = 0; k < components.size(); k++) {
      Expr c = n.components().get(k);
      Type t = n.type().isRecordArray() ? c.type() : components.get(k).type(); // an array of records: columns
      if (c instanceof Expr.NewRecord inner) {
        flatten(inner, out);
      } else {
        out.add(t.differentiable() ? as(t, c) : expr(c));
      }
    }
  }

  /** {@code { init; label: for (; condition; update) body }}: a continue runs the update, as in Java. */
  private void loop(Stmt.Loop l, Type returns, CodeBlock.Builder out) {
    if (l.testFirst() && l.init().size() == 1 && l.init().get(0) instanceof Stmt.Declare d && d.init() != null) {
      // for (int i = 0; i < n; i++), as the source wrote it
      List<CodeBlock> updates = new ArrayList<>();
      for (Stmt u : l.update()) {
        updates.add(updateExpression(u));
      }
      String label = l.label() == null ? "" : l.label() + ": ";
      out.beginControlFlow("$Lfor ($L; $L; $L)", label, declare(d.var(), as(d.var().type(), d.init())),
          l.condition() == null ? CodeBlock.of("") : root(l.condition()),
          CodeBlock.join(updates, ", "));
      l.body().statements().forEach(s -> statement(s, returns, out));
      out.endControlFlow();
      return;
    }
    boolean block = !l.init().isEmpty();
    if (block) {
      out.add("{\n$>");
      l.init().forEach(s -> statement(s, returns, out));
    }
    String label = l.label() == null ? "" : l.label() + ": ";
    if (l.testFirst()) {
      List<CodeBlock> updates = new ArrayList<>();
      for (Stmt u : l.update()) {
        updates.add(updateExpression(u));
      }
      out.beginControlFlow("$Lfor (; $L; $L)", label, l.condition() == null ? CodeBlock.of("") : root(l.condition()),
          CodeBlock.join(updates, ", "));
      l.body().statements().forEach(s -> statement(s, returns, out));
      out.endControlFlow();
    } else {
      out.beginControlFlow("$Ldo", label);
      l.body().statements().forEach(s -> statement(s, returns, out));
      l.update().forEach(s -> statement(s, returns, out));
      out.endControlFlow("while ($L)", l.condition() == null ? CodeBlock.of("true") : expr(l.condition()));
    }
    if (block) {
      out.add("$<}\n");
    }
  }

  private CodeBlock updateExpression(Stmt u) {
    if (u instanceof Stmt.Assign a && a.var().type() != Type.SCALAR && a.value() instanceof Expr.Binary b
        && b.left() instanceof Expr.Read r
        && r.var() == a.var() && b.right() instanceof Expr.Literal one && one.text().equals("1")
        && (b.op() == dev.adjoint.processor.ir.Operator.PLUS || b.op() == dev.adjoint.processor.ir.Operator.MINUS)) {
      return CodeBlock.of("$L$L", names.of(a.var()), b.op() == dev.adjoint.processor.ir.Operator.PLUS ? "++" : "--");
    }
    if (u instanceof Stmt.Assign a) {
      return assign(a.var(), as(a.var().type(), a.value()));
    }
    if (u instanceof Stmt.Store st) {
      return CodeBlock.of("$L = $L", expr(st.target()), as(st.target().type(), st.value()));
    }
    if (u instanceof Stmt.Call c) {
      return expr(c.call());
    }
    throw new Problem(Message.TAPE_UNSUPPORTED, u.tree(), method, reason, "this loop update", "write it in the body");
  }

  private void tryStatement(Stmt.Try t, Type returns, CodeBlock.Builder out) {
    List<CodeBlock> resources = new ArrayList<>();
    for (Stmt.Declare r : t.resources()) {
      resources.add(CodeBlock.of("$T $L = $L", taped(r.var().type()), names.of(r.var()), as(r.var().type(), r.init())));
    }
    if (resources.isEmpty()) {
      out.beginControlFlow("try");
    } else {
      out.beginControlFlow("try ($L)", CodeBlock.join(resources, "; "));
    }
    t.body().statements().forEach(s -> statement(s, returns, out));
    for (Stmt.Catch c : t.catches()) {
      CodeBlock types = CodeBlock.join(c.catchTypes().stream().map(x -> CodeBlock.of("$T", x)).toList(), " | ");
      out.nextControlFlow("catch ($L $L)", types, names.of(c.parameter()));
      c.body().statements().forEach(s -> statement(s, returns, out));
    }
    if (!t.finallyBlock().statements().isEmpty() || t.catches().isEmpty() && t.resources().isEmpty()) {
      out.nextControlFlow("finally");
      t.finallyBlock().statements().forEach(s -> statement(s, returns, out));
    }
    out.endControlFlow();
  }

  private static CodeBlock zero(Type t) {
    return t == Type.SCALAR ? CodeBlock.of("d(0.0)") : CodeBlock.of("$L", t.zero());
  }

  // ---- expressions ---------------------------------------------------------------------------

  /** {@code e} where a value of type {@code target} is expected: a taped value for {@code double}. */
  private CodeBlock as(Type target, Expr e) {
    if (target == Type.SCALAR) {
      return taped(e) ? expr(e) : CodeBlock.of("d($L)", expr(e));
    }
    if ((target == Type.ARRAY || target == Type.ARRAY2) && !tapedArray(e) && !Expr.Opaque.isNull(e)) {
      return CodeBlock.of("constants($L)", expr(e)); // a double[] computed without the tape
    }
    return expr(e);
  }

  /** Whether {@code e} is already a taped value in taped code (no {@code d(…)} needed). */
  private boolean taped(Expr e) {
    if (e.type() != Type.SCALAR) {
      return false;
    }
    if (e instanceof Expr.ArrayRead r) {
      Expr root = r;
      while (root instanceof Expr.ArrayRead inner) {
        root = inner.array();
      }
      // an element of a field's double[] (or of a plain array parameter) is a plain double
      return root instanceof Expr.Read read && !plainArrays.contains(read.var());
    }
    if (e instanceof Expr.Read || e instanceof Expr.HelperCall || e instanceof Expr.DiffCall
        || e instanceof Expr.CustomCall || e instanceof Expr.Conditional) {
      return true;
    }
    if (e instanceof Expr.MathCall m) {
      // TapeOps.sin(double) is a plain double: taped only when an argument is
      return !m.owner().qualifiedName().equals("java.lang.Math") ? !m.function().piecewiseConstant()
          : !m.function().piecewiseConstant() && m.args().stream().anyMatch(this::taped);
    }
    if (e instanceof Expr.Unary u) {
      return u.op() == dev.adjoint.processor.ir.Operator.NEG && taped(u.operand());
    }
    return e instanceof Expr.Binary b && (taped(b.left()) || taped(b.right()));
  }

  /** Whether {@code e} is an array of taped values in taped code (variables, elements, new arrays). */
  private boolean tapedArray(Expr e) {
    if (e instanceof Expr.ArrayRead r) {
      return tapedArray(r.array()); // a row of a field's double[][] is a plain double[]
    }
    return e instanceof Expr.Read read && !plainArrays.contains(read.var()) || e instanceof Expr.NewArray
        || e instanceof Expr.HelperCall || e instanceof Expr.Conditional || e instanceof Expr.CustomCall;
  }

  /** {@code e} where plain Java needs its plain value ({@code value(x)} for a taped one). */
  private CodeBlock plain(Expr e) {
    if (e.type() == Type.SCALAR || (e.type() == Type.ARRAY || e.type() == Type.ARRAY2) && tapedArray(e)) {
      return CodeBlock.of("value($L)", expr(e));
    }
    return expr(e);
  }

  /** {@code e} where nothing surrounds it (a condition, a right-hand side): no outer parentheses. */
  private CodeBlock root(Expr e) {
    if (e instanceof Expr.Binary b && !(b.left().type() == Type.SCALAR || b.right().type() == Type.SCALAR)) {
      return CodeBlock.of("$L $L $L", expr(b.left()), b.op().symbol(), expr(b.right()));
    }
    return expr(e);
  }

  private CodeBlock expr(Expr e) {
    if (e instanceof Expr.Literal l) {
      return JavaTypes.literal(l);
    }
    if (e instanceof Expr.Read r) {
      return read(r.var());
    }
    if (e instanceof Expr.FieldRead f) {
      return CodeBlock.of("$T.$L", className(f.owner()), f.name());
    }
    if (e instanceof Expr.Unary u) {
      return unary(u);
    }
    if (e instanceof Expr.Binary b) {
      return binary(b);
    }
    if (e instanceof Expr.Conditional c) {
      return c.type() == Type.SCALAR
          ? CodeBlock.of("($L ? d($L) : d($L))", expr(c.condition()), expr(c.ifTrue()), expr(c.ifFalse()))
          : CodeBlock.of("($L ? $L : $L)", expr(c.condition()), expr(c.ifTrue()), expr(c.ifFalse()));
    }
    if (e instanceof Expr.Cast c) {
      if (c.type() == Type.SCALAR) {
        return CodeBlock.of("d($L)", expr(c.operand()));
      }
      return CodeBlock.of("(($T) $L)", c.type().typeName(), plain(c.operand()));
    }
    if (e instanceof Expr.MathCall m) {
      return mathCall(m);
    }
    if (e instanceof Expr.ArrayRead r) {
      return r.type() == Type.SCALAR && leafArrays.contains(rootVar(r))
          ? CodeBlock.of("$L.at($L)", expr(r.array()), expr(r.index()))
          : CodeBlock.of("$L[$L]", expr(r.array()), expr(r.index()));
    }
    if (e instanceof Expr.ArrayLength l) {
      return CodeBlock.of("$L.length", expr(l.array()));
    }
    if (e instanceof Expr.NewArray n) {
      return newArray(n);
    }
    if (e instanceof Expr.HelperCall h) {
      return helperCall(h);
    }
    if (e instanceof Expr.PlainCall p) {
      return CodeBlock.of("$T.$L($L)", className(p.owner()), p.name(), arguments(p.args(), true));
    }
    if (e instanceof Expr.Opaque o) {
      return opaque(o);
    }
    if (e instanceof Expr.DiffCall d) {
      return differentiableCall(d);
    }
    if (e instanceof Expr.CustomCall c) {
      return customCall(c);
    }
    throw new Problem(Message.TAPE_UNSUPPORTED, e.tree(), method, reason, describe(e),
        "compute it in a @Differentiable method of its own that the processor differentiates statically");
  }

  private static String describe(Expr e) {
    return e instanceof Expr.TensorCall ? "a Tensor operation in a method of doubles" : "this expression";
  }

  /**
   * {@code Math.f}: the TapeOps function of that name. {@code StrictMath} or a {@code FastMath}
   * (whose values may differ from {@code Math}'s in the last bit): that very function's value,
   * recorded with the rule table's partials, so the tape's value is the original's.
   */
  private CodeBlock mathCall(Expr.MathCall m) {
    if (m.owner().qualifiedName().equals("java.lang.Math")) {
      return CodeBlock.of("$L($L)", m.function().javaName(), arguments(m.args(), false));
    }
    CodeBlock at = arguments(m.args(), true);
    CodeBlock value = CodeBlock.of("$T.$L($L)", className(m.owner()), m.function().javaName(), at);
    if (m.function().piecewiseConstant() || m.type() != Type.SCALAR) {
      return m.type() == Type.SCALAR ? CodeBlock.of("d($L)", value) : value;
    }
    List<CodeBlock> inputs = new ArrayList<>();
    List<CodeBlock> partials = new ArrayList<>();
    for (int i = 0; i < m.args().size(); i++) {
      if (m.function().partialRule(i) != null) { // null: derivative 0 in this argument
        inputs.add(CodeBlock.of("d($L)", expr(m.args().get(i))));
        partials.add(CodeBlock.of("$T.$L($L)", RuntimeNames.SCALAR_RULES, m.function().partialRule(i), at));
      }
    }
    if (inputs.size() > 2) {
      // StrictMath.fma: one entry per input, chained
      return CodeBlock.of("custom($L, new Object[] {$L}, new Object[] {$L})", value, CodeBlock.join(inputs, ", "),
          CodeBlock.join(partials, ", "));
    }
    CodeBlock.Builder out = CodeBlock.builder().add("custom($L", value);
    for (int i = 0; i < inputs.size(); i++) {
      out.add(", $L, $L", inputs.get(i), partials.get(i));
    }
    return out.add(")").build();
  }

  private CodeBlock unary(Expr.Unary u) {
    switch (u.op()) {
      case NEG:
        return CodeBlock.of("neg($L)", expr(u.operand()));
      case PLUS_UNARY:
        return expr(u.operand());
      default:
        return CodeBlock.of("$L($L)", u.op().symbol(), expr(u.operand()));
    }
  }

  private CodeBlock binary(Expr.Binary b) {
    String function = switch (b.op()) {
      case PLUS -> "add";
      case MINUS -> "sub";
      case TIMES -> "mul";
      case DIVIDE -> "div";
      case REMAINDER -> "rem";
      case LT -> "lt";
      case LE -> "le";
      case GT -> "gt";
      case GE -> "ge";
      case EQ -> "eq";
      case NE -> "ne";
      default -> null;
    };
    boolean taped = b.left().type() == Type.SCALAR || b.right().type() == Type.SCALAR;
    if (function != null && taped) {
      return CodeBlock.of("$L($L, $L)", function, expr(b.left()), expr(b.right()));
    }
    return CodeBlock.of("($L $L $L)", expr(b.left()), b.op().symbol(), expr(b.right()));
  }

  private CodeBlock newArray(Expr.NewArray n) {
    if (n.type() != Type.ARRAY && n.type() != Type.ARRAY2) {
      CodeBlock.Builder out = CodeBlock.builder();
      if (n.dimensions().isEmpty()) {
        return out.add("new $T {$L}", n.type().typeName(), arguments(n.elements(), false)).build();
      }
      out.add("new int");
      n.dimensions().forEach(d -> out.add("[$L]", expr(d)));
      return out.build();
    }
    if (n.type() == Type.ARRAY2 && n.dimensions().size() == 1) {
      return CodeBlock.of("new $T[$L][]", TAPED, expr(n.dimensions().get(0))); // rows made later
    }
    if (!n.dimensions().isEmpty()) {
      return n.dimensions().size() == 1 ? CodeBlock.of("zeros($L)", expr(n.dimensions().get(0)))
          : CodeBlock.of("zeros($L, $L)", expr(n.dimensions().get(0)), expr(n.dimensions().get(1)));
    }
    Type element = n.type() == Type.ARRAY ? Type.SCALAR : Type.ARRAY;
    List<CodeBlock> elements = new ArrayList<>();
    for (Expr x : n.elements()) {
      elements.add(as(element, x));
    }
    return CodeBlock.of("new $T {$L}", taped(n.type()), CodeBlock.join(elements, ", "));
  }

  /** Arguments as they are ({@code false}: the TapeOps overloads take taped values) or plain. */
  private CodeBlock arguments(List<Expr> args, boolean plain) {
    List<CodeBlock> out = new ArrayList<>();
    for (Expr a : args) {
      out.add(plain ? plain(a) : expr(a));
    }
    return CodeBlock.join(out, ", ");
  }

  /** A method of the class: its taped copy, its double arguments taped. */
  private CodeBlock helperCall(Expr.HelperCall h) {
    owner.require(h.method());
    List<CodeBlock> args = new ArrayList<>();
    List<? extends javax.lang.model.element.VariableElement> params = h.method().getParameters();
    int fixed = h.method().isVarArgs() ? params.size() - 1 : params.size();
    for (int i = 0; i < fixed; i++) {
      Type param = dev.adjoint.processor.parse.Types.of(params.get(i).asType());
      args.add(param.differentiable() ? as(param, h.args().get(i)) : expr(h.args().get(i)));
    }
    if (h.method().isVarArgs()) {
      Type array = dev.adjoint.processor.parse.Types.of(params.get(fixed).asType());
      boolean asArray = h.args().size() == params.size() && h.args().get(fixed).type().isArray();
      if (asArray) {
        args.add(as(array, h.args().get(fixed)));
      } else {
        // f(a, b, c) of f(double... xs): the array Java would make, of taped values
        Type element = array == Type.ARRAY ? Type.SCALAR : array == Type.ARRAY2 ? Type.ARRAY : Type.INT;
        List<CodeBlock> packed = new ArrayList<>();
        for (Expr a : h.args().subList(fixed, h.args().size())) {
          packed.add(element.differentiable() ? as(element, a) : expr(a));
        }
        args.add(CodeBlock.of("new $T {$L}", taped(array), CodeBlock.join(packed, ", ")));
      }
    }
    return CodeBlock.of("$L($L)", FallbackMethods.tapedName(h.method().getSimpleName().toString()),
        CodeBlock.join(args, ", "));
  }

  /** Passive code as written, reading the plain values of taped variables. */
  private CodeBlock opaque(Expr.Opaque o) {
    CodeBlock.Builder out = CodeBlock.builder();
    for (Object part : o.parts()) {
      if (part instanceof Var v) {
        out.add("$L", v.type() == Type.SCALAR || v.type() == Type.ARRAY || v.type() == Type.ARRAY2
            ? CodeBlock.of("value($L)", read(v)) : names.of(v));
      } else if (part instanceof TypeName t) {
        out.add("$T", t);
      } else if (part instanceof HiddenMember h) {
        out.add("$L", h.accessor());
      } else if (part instanceof Expr sub) {
        out.add("($L)", plain(sub));
      } else {
        out.add("$L", part);
      }
    }
    return out.build();
  }

  /**
   * A {@code @Differentiable} method of another class with a double result: one tape entry whose
   * value and partials come from its companion's {@code nameGradient}.
   */
  private CodeBlock differentiableCall(Expr.DiffCall call) {
    Signature sig = call.callee();
    String shown = sig.owner().simpleNames().get(sig.owner().simpleNames().size() - 1) + "." + sig.name();
    String advice = "compute it outside the code that needs the tape (e.g. before the try), or give this class its"
        + " own copy";
    if (sig.returnType() != Type.SCALAR) {
      throw new Problem(Message.TAPE_UNSUPPORTED, call.tree(), method, reason,
          "the call of the @Differentiable method " + shown + " returning " + sig.returnType().javaName(), advice);
    }
    ClassName companion = ClassName.get(sig.owner().packageName(), sig.owner().companionSimpleName());
    ClassName record = companion.nestedClass(sig.gradientRecord());
    List<CodeBlock> values = new ArrayList<>();
    CodeBlock.Builder partials = CodeBlock.builder();
    int active = 0;
    for (int i = 0; i < call.args().size(); i++) {
      Expr a = call.args().get(i);
      Type type = sig.paramTypes().get(i);
      if (type == Type.SCALAR) {
        values.add(plain(a));
        if (sig.wrt().contains(i)) {
          active++;
          partials.add(", d($L), $T::$L", expr(a), record, sig.paramNames().get(i));
        }
      } else if (type.differentiable()) {
        throw new Problem(Message.TAPE_UNSUPPORTED, call.tree(), method, reason,
            "passing an array to the @Differentiable method " + shown, advice);
      } else {
        values.add(expr(a));
      }
    }
    if (active == 0 || active > 2) {
      throw new Problem(Message.TAPE_UNSUPPORTED, call.tree(), method, reason,
          "the call of the @Differentiable method " + shown + " with " + active + " differentiated arguments", advice);
    }
    return CodeBlock.of("call($T.$L($L), $T::value$L)", companion, sig.gradientMethod(), CodeBlock.join(values, ", "),
        record, partials.build());
  }

  /**
   * A function with {@code @DerivativeOf} methods: its value and partials at the argument values,
   * one entry ({@code custom(value, a, da, b, db)}) for up to two partials, else a chain; an array
   * argument's partials are its VJP at seed 1; an array result records each element.
   */
  private CodeBlock customCall(Expr.CustomCall c) {
    CustomDerivative derivative = c.derivative();
    String shown = c.owner().simpleNames().get(c.owner().simpleNames().size() - 1) + "." + c.name();
    if (derivative.result() == Type.TENSOR || derivative.params().contains(Type.TENSOR)) {
      throw new Problem(Message.TAPE_UNSUPPORTED, c.tree(), method, reason,
          "the call of the @DerivativeOf function " + shown + " with Tensor values on the scalar tape",
          "call it from a method the processor differentiates statically, where its VJP and JVP are used");
    }
    ClassName function = className(c.owner());
    List<CodeBlock> values = new ArrayList<>();
    for (int i = 0; i < c.args().size(); i++) {
      values.add(!derivative.params().get(i).differentiable() ? expr(c.args().get(i))
          : underived(derivative, i) ? CodeBlock.of("noDerivative($L, $S, $L)", expr(c.args().get(i)), shown, i)
          : plain(c.args().get(i)));
    }
    CodeBlock at = CodeBlock.join(values, ", ");
    if (derivative.result() != Type.SCALAR) {
      return customArrayCall(c, function, values);
    }
    List<CodeBlock> inputs = new ArrayList<>();
    List<CodeBlock> partials = new ArrayList<>();
    for (int i = 0; i < derivative.params().size(); i++) {
      Type type = derivative.params().get(i);
      if (!type.differentiable() || underived(derivative, i)) {
        continue;
      }
      PartialMethod partial = derivative.partials().get(i);
      PartialMethod vjp = derivative.vjps().get(i);
      inputs.add(type == Type.SCALAR ? CodeBlock.of("d($L)", expr(c.args().get(i))) : expr(c.args().get(i)));
      partials.add(partial != null ? CodeBlock.of("$T.$L($L)", className(partial.owner()), partial.name(), at)
          : CodeBlock.of("$T.$L($L, 1.0)", className(vjp.owner()), vjp.name(), at));
    }
    if (derivative.allPartials() && inputs.size() == values.size() && inputs.size() <= 2) {
      CodeBlock.Builder out = CodeBlock.builder().add("custom($T.$L($L)", function, c.name(), at);
      for (int i = 0; i < inputs.size(); i++) {
        out.add(", $L, $L", inputs.get(i), partials.get(i));
      }
      return out.add(")").build();
    }
    return CodeBlock.of("custom($T.$L($L), new Object[] {$L}, new Object[] {$L})", function, c.name(), at,
        CodeBlock.join(inputs, ", "), CodeBlock.join(partials, ", "));
  }

  /**
   * An array result: {@code customArray(at, inputs, function, vjps)} records each element with the
   * partials from the VJPs at its unit seed; the lambdas take the argument values as a parameter,
   * so they capture no (possibly reassigned) local.
   */
  private CodeBlock customArrayCall(Expr.CustomCall c, ClassName function, List<CodeBlock> values) {
    CustomDerivative derivative = c.derivative();
    String at = names.fresh("at");
    String seed = names.fresh("seedOf");
    List<CodeBlock> casts = new ArrayList<>();
    for (int i = 0; i < derivative.params().size(); i++) {
      casts.add(CodeBlock.of("($T) $L[$L]", derivative.params().get(i).typeName(), at, i));
    }
    List<CodeBlock> inputs = new ArrayList<>();
    List<CodeBlock> vjps = new ArrayList<>();
    for (int i = 0; i < derivative.params().size(); i++) {
      Type type = derivative.params().get(i);
      if (type.differentiable() && !underived(derivative, i)) {
        PartialMethod vjp = derivative.vjps().get(i);
        inputs.add(type == Type.SCALAR ? CodeBlock.of("d($L)", expr(c.args().get(i))) : expr(c.args().get(i)));
        vjps.add(CodeBlock.of("$T.$L($L, ($T) $L)", className(vjp.owner()), vjp.name(), CodeBlock.join(casts, ", "),
            derivative.result().typeName(), seed));
      }
    }
    return CodeBlock.of("$L(new Object[] {$L}, new Object[] {$L}, $L -> $T.$L($L), ($L, $L) -> new Object[] {$L})",
        derivative.result() == Type.ARRAY ? "customArray" : "customArray2", CodeBlock.join(values, ", "),
        CodeBlock.join(inputs, ", "), at, function, c.name(), CodeBlock.join(casts, ", "), at, seed,
        CodeBlock.join(vjps, ", "));
  }

  /**
   * Whether argument {@code i} has no derivative at all: the value passed there must carry none,
   * which {@code TapeOps.noDerivative} checks as the taped copy runs.
   */
  private static boolean underived(CustomDerivative derivative, int i) {
    return derivative.partials().get(i) == null && derivative.vjps().get(i) == null;
  }

  private static ClassName className(ClassRef ref) {
    List<String> simple = ref.simpleNames();
    return ClassName.get(ref.packageName(), simple.get(0), simple.subList(1, simple.size()).toArray(new String[0]));
  }
}
