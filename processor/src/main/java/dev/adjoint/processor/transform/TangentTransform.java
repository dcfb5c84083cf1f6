package dev.adjoint.processor.transform;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.sun.source.tree.IfTree;
import dev.adjoint.processor.RuntimeNames;
import dev.adjoint.processor.analysis.Activity;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.MethodIr;
import dev.adjoint.processor.ir.Operator;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Forward mode: the body of {@code nameJvp}. The primal statements stay where they are; each
 * assignment to an active variable {@code v} gets its tangent {@code dv} computed just before it
 * (from the values the statement reads).
 */
public final class TangentTransform {
  private static final Expr ZERO = Expr.Literal.of(0.0);
  private static final Expr FLOAT_ZERO = new Expr.Literal("0.0f", Type.FLOAT, null);
  /** The tangent of a tensor that does not depend on the differentiated parameters. */
  private static final dev.adjoint.processor.ir.ClassRef TENSOR_CLASS =
      new dev.adjoint.processor.ir.ClassRef(RuntimeNames.TENSOR.packageName(), List.of(RuntimeNames.TENSOR.simpleName()));
  private static final Expr NO_TENSOR_TANGENT = new Expr.Name("null", Type.TENSOR);

  private final Activity activity;
  private final Names names;
  private final LineComments comments;
  private final ClassName tangentRecord;
  private final ExprPrinter printer;
  private CodeBlock.Builder out = CodeBlock.builder();
  /** In a split body (see {@link MethodBody}): the frame's fields, which top-level locals become. */
  private final List<MethodBody.Field> fields;
  private final ControlFlow flow;
  private final MethodIr method;
  /** Locals whose tangent is computed where it is selected ({@link SelectedTangents}): that tangent, or null for zero. */
  private final java.util.Map<Var, Expr> selected = new java.util.IdentityHashMap<>();
  /** Conditions (negated for the false branch) of the {@code ?:} branches being differentiated. */
  private final Deque<Expr> guards = new ArrayDeque<>();
  /** The line of the statement whose branches are being written (0 at the top). */
  private long enclosingLine;
  /** The line of the temporary just written (its statement is not quoted again), or -1. */
  private long temporaryLine = -1;
  /** The source statement of the simple statement just written: the components of one record statement are quoted once. */
  private com.sun.source.tree.Tree lastTree;

  private TangentTransform(MethodIr method, Activity activity, Names names, LineComments comments,
      ClassName tangentRecord, boolean split) {
    this.fields = split ? new ArrayList<>() : null;
    this.activity = activity;
    this.names = names;
    this.comments = comments;
    this.tangentRecord = tangentRecord;
    this.printer = new ExprPrinter(names, (v, shape) -> { });
    this.flow = new ControlFlow(method.body());
    this.method = method;
  }

  public static MethodBody body(MethodIr method, Activity activity, Names names, LineComments comments,
      ClassName tangentRecord, MethodBody.Limits limits) {
    MethodBody attempt = MethodBody.inline(inline(method, activity, names.copy(), comments, tangentRecord));
    if (attempt.fits(limits) || ReverseTransform.usesTensors(method)) {
      return MethodBody.inline(inline(method, activity, names, comments, tangentRecord));
    }
    return new TangentTransform(method, activity, names, comments, tangentRecord, true).split(method, limits);
  }

  private static CodeBlock inline(MethodIr method, Activity activity, Names names, LineComments comments,
      ClassName tangentRecord) {
    TangentTransform t = new TangentTransform(method, activity, names, comments, tangentRecord, false);
    for (Var p : Lvalues.writtenParameters(method)) {
      // The body writes into this array: work on copies, never on the caller's arrays.
      t.out.addStatement("$L = $L", names.of(p), t.printer.print(Lvalues.arrayOps("copy", new Expr.Read(p, null))));
      if (method.wrt().contains(p)) {
        t.out.addStatement("$L = $L", names.derivative(p),
            t.printer.print(Lvalues.arrayOps("copy", new Expr.Name(names.derivative(p), p.type()))));
      }
    }
    for (Var p : Lvalues.activeOutsideWrt(method, activity)) {
      t.out.addStatement("$T $L = $L", JavaTypes.of(p.type()), names.derivative(p),
          t.printer.print(Lvalues.zeroDerivative(p)));
    }
    t.statements(method.body().statements());
    if (t.flow.completesNormally(method.body())) {
      // Every path of the source returns, but javac cannot see that through a switch written as ifs.
      t.out.addStatement("throw new $T($S)", AssertionError.class, "unreachable: every path of the method returns");
    }
    return t.out.build();
  }

  /**
   * The split form: top-level locals become fields of the frame, and the statements go into
   * parts that return the result when the method returns, null otherwise.
   */
  private MethodBody split(MethodIr method, MethodBody.Limits limits) {
    for (Var p : method.params()) {
      fields.add(MethodBody.field(p.type(), names.of(p), null));
    }
    for (Var w : method.wrt()) {
      fields.add(MethodBody.field(w.type(), names.derivative(w), null));
    }
    CodeBlock.Builder run = CodeBlock.builder();
    for (Var p : Lvalues.activeOutsideWrt(method, activity)) {
      fields.add(MethodBody.field(p.type(), names.derivative(p), null));
      if (p.type().isArray()) {
        run.addStatement("$L = $L", names.derivative(p), printer.print(Lvalues.zeroDerivative(p)));
      }
    }
    for (Var p : Lvalues.writtenParameters(method)) {
      run.addStatement("$L = $L", names.of(p), printer.print(Lvalues.arrayOps("copy", new Expr.Read(p, null))));
      if (method.wrt().contains(p)) {
        run.addStatement("$L = $L", names.derivative(p),
            printer.print(Lvalues.arrayOps("copy", new Expr.Name(names.derivative(p), p.type()))));
      }
    }
    List<CodeBlock> pieces = new ArrayList<>();
    List<Boolean> completes = new ArrayList<>();
    topLevel(method.body().statements(), pieces, completes);
    String result = names.fresh("result");
    run.addStatement("$T $L", tangentRecord, result);
    List<MethodBody.Part> parts = new ArrayList<>();
    int index = 0;
    for (List<CodeBlock> group : MethodBody.group(pieces, method, limits)) {
      String name = "part" + parts.size();
      CodeBlock.Builder part = CodeBlock.builder();
      group.forEach(part::add);
      index += group.size();
      if (completes.get(index - 1)) {
        part.addStatement("return null");
      }
      parts.add(new MethodBody.Part(name, tangentRecord, part.build()));
      run.beginControlFlow("if (($L = $L()) != null)", result, name).addStatement("return $L", result).endControlFlow();
    }
    run.addStatement("throw new $T($S)", AssertionError.class, "unreachable: every path of the method returns");
    return new MethodBody(run.build(), fields, parts);
  }

  /** One piece per top-level statement (the statements of a top-level block count as top-level). */
  private void topLevel(List<Stmt> statements, List<CodeBlock> pieces, List<Boolean> completes) {
    for (Stmt s : statements) {
      if (s instanceof Stmt.Block b) {
        topLevel(b.statements(), pieces, completes);
        continue;
      }
      out = CodeBlock.builder();
      if (s instanceof Stmt.Declare d) {
        comments.add(out, s.tree(), enclosingLine);
        declare(d, true);
      } else {
        statement(s);
      }
      pieces.add(out.build());
      completes.add(flow.completesNormally(s));
    }
  }

  private void statements(List<Stmt> statements) {
    for (int i = 0; i < statements.size(); i++) {
      Stmt s = statements.get(i);
      if (s instanceof Stmt.Declare d && activity.isActive(d.var())
          && SelectedTangents.applies(d, statements.subList(i + 1, statements.size()), method)) {
        selected.put(d.var(), null);
      }
      statement(s);
    }
  }

  private void statement(Stmt s) {
    if (s instanceof Stmt.Block b) {
      statements(b.statements());
      return;
    }
    long line = comments.lineOf(s.tree());
    if (line != temporaryLine && (s.tree() != lastTree || !(s instanceof Stmt.Declare || s instanceof Stmt.Assign))) {
      comments.add(out, s.tree(), enclosingLine);
    }
    // The temporaries of a statement are quoted once, before the first of them.
    temporaryLine = s instanceof Stmt.Declare t && t.var().isTemporary() ? line : -1;
    lastTree = s.tree();
    if (s instanceof Stmt.Declare d) {
      declare(d, false);
    } else if (s instanceof Stmt.Assign a) {
      if (activity.isActive(a.var())) {
        out.add(printer.assignment(names.derivative(a.var()), a.var().type(), tangentOrZero(a.value())));
      }
      out.add(printer.assignment(a.var(), a.value()));
    } else if (s instanceof Stmt.Store st) {
      if (activity.isActive(st.array())) {
        out.addStatement("$L = $L", printer.print(Lvalues.derivative(st.target(), names)),
            printer.print(tangentOrZero(st.value())));
      }
      out.addStatement("$L = $L", printer.print(st.target()), printer.print(st.value()));
    } else if (s instanceof Stmt.Loop l) {
      loop(l);
    } else if (s instanceof Stmt.Break b) {
      Stmt.Loop target = flow.loop(b.loopId());
      if (target.label() == null) {
        out.addStatement("break");
      } else {
        out.addStatement("break $L", target.label());
      }
    } else if (s instanceof Stmt.Continue c) {
      // Loops are written as while loops with the update at the end of the body: run it here too.
      Stmt.Loop target = flow.loop(c.loopId());
      statements(target.update());
      if (target.label() == null) {
        out.addStatement("continue");
      } else {
        out.addStatement("continue $L", target.label());
      }
    } else if (s instanceof Stmt.If i) {
      ifStatement(i);
    } else if (s instanceof Stmt.Return r) {
      Expr tangent = tangentOrZero(r.value());
      Expr value = r.value();
      if (value.type() == Type.TENSOR) {
        // A null tangent means zeros: the caller gets a tensor shaped like the value.
        String result = names.fresh("value");
        out.addStatement("$T $L = $L", JavaTypes.TENSOR, result, printer.print(value));
        out.addStatement("return new $T($L, $T.tangent($L, $L))", tangentRecord, result, JavaTypes.TENSOR_SUPPORT,
            printer.print(tangent), result);
        return;
      }
      if (value instanceof Expr.Read && value.type().isArray()) {
        // Returned arrays are copies: the caller may not share them with an argument.
        value = Lvalues.arrayOps("copy", value);
        tangent = Lvalues.arrayOps("copy", tangent);
      }
      out.addStatement("return new $T($L, $L)", tangentRecord, printer.print(Lvalues.copyingArrays(value)),
          printer.print(Lvalues.copyingArrays(tangent)));
    } else if (s instanceof Stmt.Call c) {
      out.addStatement("$L", printer.print(c.call()));
    } else if (s instanceof Stmt.Throw t) {
      out.addStatement("throw $L", printer.print(t.exception()));
    } else if (s instanceof Stmt.Synchronized y) {
      long outer = enclosingLine;
      enclosingLine = comments.lineOf(y.tree());
      out.beginControlFlow("synchronized ($L)", printer.print(y.lock()));
      statements(y.body().statements());
      out.endControlFlow();
      enclosingLine = outer;
    } else {
      throw new IllegalStateException("no tangent for " + s);
    }
  }

  /** A declaration; {@code asField}: of a top-level local of a split body, which is a field. */
  private void declare(Stmt.Declare d, boolean asField) {
    Var v = d.var();
    if (asField) {
      fields.add(MethodBody.field(v.type(), names.of(v), null));
      if (activity.isActive(v)) {
        fields.add(MethodBody.field(v.type(), names.derivative(v), null));
      }
    }
    if (d.init() == null) {
      if (!asField) {
        // Initialized: javac cannot see that a switch lowered to ifs (or an inlined helper) assigns it on every path.
        out.addStatement("$T $L = $L", JavaTypes.of(v.type()), names.of(v), v.type().zero());
        if (activity.isActive(v)) {
          out.addStatement("$T $L = $L", JavaTypes.of(v.type()), names.derivative(v), v.type().zero());
        }
      }
      return;
    }
    Expr tangent = activity.isActive(v) ? tangent(d.init()) : null;
    CodeBlock type = asField ? CodeBlock.of("") : CodeBlock.of("$T ", JavaTypes.of(v.type()));
    out.addStatement("$L$L = $L", type, names.of(v), printer.print(d.init()));
    if (selected.containsKey(v)) {
      out.add("// $L: computed where $L is selected\n", names.derivative(v), names.of(v));
      selected.put(v, tangent);
      return;
    }
    if (activity.isActive(v)) {
      if (tangent == null) {
        tangent = v.type() == Type.TENSOR ? NO_TENSOR_TANGENT
            : Expr.Opaque.isNull(d.init()) ? d.init()
            : v.type().isArray() ? Lvalues.arrayOps("zerosLike", new Expr.Read(v, null))
            : v.type() == Type.FLOAT ? FLOAT_ZERO : ZERO;
      }
      out.addStatement("$L$L = $L", type, names.derivative(v), printer.print(tangent));
    }
  }

  private void loop(Stmt.Loop l) {
    long outer = enclosingLine;
    enclosingLine = comments.lineOf(l.tree());
    statements(l.init());
    String labelPrefix = l.label() == null ? "" : l.label() + ": ";
    CodeBlock condition = l.condition() == null ? CodeBlock.of("true") : printer.print(l.condition());
    out.beginControlFlow("$L", l.testFirst() ? CodeBlock.of("$Lwhile ($L)", labelPrefix, condition) : CodeBlock.of("$Ldo", labelPrefix));
    statements(l.body().statements());
    if (flow.completesNormally(l.body())) {
      statements(l.update());
    }
    if (l.testFirst()) {
      out.endControlFlow();
    } else {
      out.endControlFlow("while ($L)", condition);
    }
    enclosingLine = outer;
  }

  private void ifStatement(Stmt.If i) {
    long outer = enclosingLine;
    enclosingLine = comments.lineOf(i.tree());
    out.beginControlFlow("if ($L)", printer.print(i.condition()));
    statements(i.then().statements());
    Stmt.If elseIf = elseIf(i);
    while (elseIf != null) {
      out.nextControlFlow("else if ($L)", printer.print(elseIf.condition()));
      statements(elseIf.then().statements());
      i = elseIf;
      elseIf = elseIf(i);
    }
    if (!i.orElse().statements().isEmpty()) {
      out.nextControlFlow("else");
      statements(i.orElse().statements());
    }
    out.endControlFlow();
    enclosingLine = outer;
  }

  /** The {@code if} of an {@code else if}, or null. */
  static Stmt.If elseIf(Stmt.If i) {
    List<Stmt> orElse = i.orElse().statements();
    return orElse.size() == 1 && orElse.get(0) instanceof Stmt.If inner && i.orElse().tree() instanceof IfTree
        ? inner : null;
  }

  private Expr tangentOrZero(Expr e) {
    Expr t = tangent(e);
    if (t != null) {
      return t;
    }
    if (e instanceof Expr.NewRecord r) {
      return new Expr.NewRecord(r.type(), r.components().stream()
          .map(c -> c.type().differentiable() ? tangentOrZero(c) : c).toList(), null);
    }
    if (Expr.Opaque.isNull(e)) {
      return e; // no array, no tangent array
    }
    return e.type() == Type.TENSOR ? NO_TENSOR_TANGENT : e.type().isArray() ? Lvalues.arrayOps("zerosLike", e)
        : e.type() == Type.FLOAT ? FLOAT_ZERO : ZERO;
  }

  /**
   * A branch's tangent in a {@code float} conditional ({@code k > 0 ? 1 : f}): a {@code float}, so
   * the conditional stays one (a double branch would make it double, and not fit a float array).
   */
  private static Expr floatIf(Type type, Expr tangent) {
    if (type != Type.FLOAT || tangent.type() == Type.FLOAT) {
      return tangent;
    }
    return tangent == ZERO ? FLOAT_ZERO : new Expr.Cast(Type.FLOAT, tangent, null);
  }

  /**
   * The tangent of {@code e}, or null for an exact zero, of {@code e}'s type: the tangent of a
   * {@code float} value is a {@code float} (the partials of its operations are double-valued).
   */
  private Expr tangent(Expr e) {
    Expr t = tangentOf(e);
    return t == null || e.type() != Type.FLOAT || t.type() == Type.FLOAT ? t : new Expr.Cast(Type.FLOAT, t, null);
  }

  /** The tangent of {@code e}, or null for an exact zero; emits the companion calls it needs first. */
  private Expr tangentOf(Expr e) {
    if (!activity.isActive(e)) {
      return null;
    }
    if (e instanceof Expr.Read r && selected.containsKey(r.var())) {
      return selected.get(r.var());
    }
    if (e instanceof Expr.Read || e instanceof Expr.ArrayRead) {
      return activity.isActive(Lvalues.root(e)) ? Lvalues.derivative(e, names) : null;
    }
    if (e instanceof Expr.NewRecord r) {
      // passive components are carried over: the tangent is a record of the same type
      List<Expr> tangents = r.components().stream()
          .map(c -> c.type().differentiable() ? tangentOrZero(c) : c).toList();
      return new Expr.NewRecord(r.type(), tangents, null);
    }
    if (e instanceof Expr.NewArray n) {
      List<Expr> tangents = n.elements().stream().map(this::tangentOrZero).toList();
      return n.elements().isEmpty() ? null : new Expr.NewArray(n.type(), List.of(), tangents, null);
    }
    if (e instanceof Expr.Conditional c) {
      guards.push(c.condition());
      Expr ifTrue = floatIf(c.type(), tangentOrZero(c.ifTrue()));
      guards.pop();
      guards.push(new Expr.Unary(Operator.NOT, c.condition(), Type.BOOL, null));
      Expr ifFalse = floatIf(c.type(), tangentOrZero(c.ifFalse()));
      guards.pop();
      return new Expr.Conditional(c.condition(), ifTrue, ifFalse, c.type(), null);
    }
    if (e instanceof Expr.DiffCall call) {
      return calleeTangent(call);
    }
    if (e instanceof Expr.TensorCall call) {
      if (!call.function().differentiable()) {
        return null;
      }
      List<Expr> tangents = new ArrayList<>();
      for (int i = 0; i < call.args().size(); i++) {
        Expr arg = call.args().get(i);
        boolean flows = call.function().reverseRule(i) != null;
        tangents.add(!flows ? null : arg.type() == Type.TENSOR ? tangentOrZero(arg) : tangentOrZero(arg));
      }
      return new Expr.RuleCall(call.function().forwardRule(), call, null, tangents, -1, null, call.type());
    }
    if (e instanceof Expr.CustomCall c && !c.derivative().allPartials()) {
      Expr sum = null;
      for (int i = 0; i < c.args().size(); i++) {
        Expr t = c.args().get(i).type().differentiable() ? tangent(c.args().get(i)) : null;
        if (t != null) {
          sum = Partials.plus(sum, Partials.tangentOf(c, i, t), c.type());
        }
      }
      return sum;
    }
    if (SelectedTangents.selects(e)) {
      return selectedTangent((Expr.MathCall) e);
    }
    Expr sum = null;
    for (Partials.Partial p : Partials.of(e)) {
      sum = Sym.add(sum, p.scale().apply(tangent(p.operand())));
    }
    return sum;
  }

  /**
   * {@code max(a, b)}: the tangent of the operand that wins, {@code a > b ? da : a < b ? db :
   * 0.5 * (da + db)} — the same values as the partials {@code maxPartialFirst/Second} (1, 0 or ½
   * each, also for NaN), without two rule calls and two products per evaluation.
   */
  private Expr selectedTangent(Expr.MathCall m) {
    Expr a = m.args().get(0);
    Expr b = m.args().get(1);
    Expr ta = tangent(a);
    Expr tb = tangent(b);
    Partials.Choice choice = Partials.Choice.of(m);
    Expr tie = Sym.mul(Expr.Literal.of(0.5), Sym.add(ta, tb)); // an inactive operand adds nothing
    return new Expr.Conditional(choice.firstWins(), ta == null ? ZERO : ta,
        new Expr.Conditional(choice.secondWins(), tb == null ? ZERO : tb, tie, Type.SCALAR, null), Type.SCALAR, null);
  }

  /**
   * {@code FooTangent foo = OtherDerivatives.fooJvp(args, tangents)}; the call's value is then
   * {@code foo.value()}. Inside a {@code ?:} branch the call happens only where the branch is taken.
   */
  private Expr calleeTangent(Expr.DiffCall call) {
    List<Expr> args = new ArrayList<>(call.args());
    for (int i : call.callee().wrt()) {
      Expr arg = call.args().get(i);
      Expr tangent = tangent(arg);
      // The callee's tangent parameters are tensors, never null: an inactive argument gets zeros.
      args.add(tangent != null ? tangent : arg.type() == Type.TENSOR
          ? new Expr.PlainCall(TENSOR_CLASS, "zerosLike", List.of(arg), Type.TENSOR, null) : tangentOrZero(arg));
    }
    ClassName companion = ExprPrinter.companionOf(call.callee().owner());
    String result = names.fresh(call.callee().name());
    CodeBlock.Builder invocation = CodeBlock.builder();
    if (!guards.isEmpty()) {
      Expr guard = null;
      for (Expr g : guards) {
        guard = guard == null ? g : new Expr.Binary(Operator.CONDITIONAL_AND, g, guard, Type.BOOL, null);
      }
      invocation.add("$L ? ", printer.print(guard));
    }
    printer.call(companion, call.callee().jvpMethod(), args, invocation);
    invocation.add(guards.isEmpty() ? "" : " : null");
    out.addStatement("$T $L = $L", companion.nestedClass(call.callee().tangentRecord()), result, invocation.build());
    printer.replace(call, new Expr.Name(result + ".value()", call.type()));
    return new Expr.Name(result + ".tangent()", call.type());
  }
}
