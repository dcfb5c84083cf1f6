package dev.adjoint.processor.transform;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.ParameterizedTypeName;
import dev.adjoint.processor.RuntimeNames;
import dev.adjoint.processor.analysis.Activity;
import dev.adjoint.processor.ir.Children;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.MethodIr;
import dev.adjoint.processor.ir.Operator;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverse mode: the body of {@code nameVjp}, a forward sweep followed by a reverse sweep.
 *
 * <p>The forward sweep runs the primal statements and records what the reverse sweep needs:
 * the old value of a variable an assignment overwrites, when some adjoint statement reads that
 * variable (to-be-recorded analysis: a dry run notes every variable the reverse code reads),
 * which branch an {@code if} took, how many iterations a loop ran and how each iteration ended.
 * Outside loops each record is a local; inside loops it goes on a primitive stack of
 * {@code dev.adjoint.internal}. Locals are hoisted so both sweeps see them.
 *
 * <p>Java cannot jump into a block, so jumps are encoded with exit sites (see
 * {@link ControlFlow}): the forward sweep leaves through a labeled block on {@code return},
 * notes the site in {@code exit} (per iteration: pushes it as the iteration's token), and the
 * reverse sweep reverses a statement only if the run reached it.
 */
public final class ReverseTransform {
  private record Swept(CodeBlock forward, CodeBlock reverse) {}

  /**
   * The statement that ends the method, from the name of the result and the gradient components
   * (one per differentiated parameter, in order): {@code return new NameGradient(value, dx, …)}.
   */
  public interface Result {
    CodeBlock statement(String value, List<CodeBlock> gradients);

    static Result record(ClassName gradientRecord) {
      return (value, gradients) -> {
        CodeBlock.Builder components = CodeBlock.builder().add("$L", value);
        gradients.forEach(g -> components.add(", $L", g));
        return CodeBlock.builder().addStatement("return new $T($L)", gradientRecord, components.build()).build();
      };
    }
  }

  /** The seed of {@code nameHvp}, which has no seed parameter. */
  public static final String UNIT_SEED = "1.0";

  /** A construct the forward sweep is inside whose record a jump out of it must still push. */
  private sealed interface Frame {}

  private record IfFrame(boolean inThen) implements Frame {}

  private record LoopFrame(Stmt.Loop loop, String count, boolean tokens) implements Frame {}

  /** A stack of primitives kept in two locals: {@code array} and its {@code size}. */
  private record PrimitiveStack(String array, String size) {}

  private static final CodeBlock NORMAL_END = CodeBlock.of("$T.MAX_VALUE", Integer.class); // $T: a local may be named Integer
  private static final ClassName DOUBLE_STACK = RuntimeNames.DOUBLE_STACK;
  private static final ClassName INT_STACK = RuntimeNames.INT_STACK;
  private static final ClassName LONG_STACK = RuntimeNames.LONG_STACK;
  private static final ClassName OBJECT_STACK = RuntimeNames.OBJECT_STACK;

  private final MethodIr method;
  private final Activity activity;
  private final Names names;
  private final LineComments comments;
  /** What the reverse sweep reads where; filled by the dry run, then consulted. */
  private final AdjointReads reads;
  /** Source-order number of the simple statement being swept. */
  private int order;
  /** The loops around the statement being swept, innermost first. */
  private final Deque<Integer> loopIds = new ArrayDeque<>();
  /**
   * How many if branches the sweep is inside; per enclosing loop, how many it was at the loop
   * (-1 for a loop with early exits), for {@link #unconditionalInLoop}.
   */
  private int branchDepth;
  private final Deque<Integer> loopBranchDepths = new ArrayDeque<>();
  /** Declarations the reverse sweep recomputes at the top of each iteration instead of saving. */
  private final Set<Stmt> recomputed = Collections.newSetFromMap(new IdentityHashMap<>());
  private final ExprPrinter forwardPrinter;
  private final ExprPrinter reversePrinter;
  private final ControlFlow flow;
  /** Declarations of records and stacks, in source order (a construct's slot is taken before its body's). */
  private final List<MethodBody.Field> hoisted = new ArrayList<>();
  private final Deque<Frame> frames = new ArrayDeque<>();
  /** Per loop id, the name of its iteration token in the reverse sweep. */
  private final Map<Integer, String> tokens = new HashMap<>();
  /** Per stack class, this call's stack of it (see {@link #stack}). */
  private final Map<ClassName, PrimitiveStack> stacks = new HashMap<>();
  /**
   * Inside the body of a {@link CountedLoop}: per stack, how many pushes one iteration makes at
   * most (of each {@code if}, the larger branch's), each a store without a check; the loop
   * reserves room for them first. Else null.
   */
  private Map<ClassName, Integer> reserved;
  private final Map<com.palantir.javapoet.TypeName, String> objectStacks = new HashMap<>();
  private final String seed;
  /** The adjoint the return statements start from: the seed, or its checked copy for an array result. */
  private final String resultAdjoint;
  private final String value;
  private final String exit;
  private final String label;
  /** Whether the body is split into a frame's methods (see {@link MethodBody}). */
  private final boolean split;
  /** The line of the statement whose branches are being swept (0 at the top). */
  private long enclosingLine;
  /** The innermost loop around the statements being swept, or {@link ControlFlow#METHOD}. */
  private int scope = ControlFlow.METHOD;
  /** The line of the temporary just swept (its statement is not quoted again), or -1. */
  private long temporaryLine = -1;
  /**
   * Statements quoted together with the next one, which comes from the same source statement (a
   * tangent program's tangent and primal assignments): the forward sweep quotes the first, the
   * reverse sweep (which meets them in the other order) the second.
   */
  private final Set<Stmt> grouped;
  /** Whether the grouped statement just swept had reverse code (its partner then quotes the line). */
  private boolean groupReverse;
  /** The source statement of the simple statement just written: the components of one record statement are quoted once. */
  private com.sun.source.tree.Tree lastTree;
  /** Statements whose reverse is quoted by the one after them (the same source statement). */
  private final Set<Stmt> quotedByNext = Collections.newSetFromMap(new IdentityHashMap<>());
  /** The loop swept as one fused pass (see {@link LoopFusion}), or null. */
  private final Stmt.Loop fused;
  /** How many fused loop bodies the sweep is inside: their statements run once per iteration. */
  private int fusedDepth;
  /** Per statement, temporaries its reverse recomputes right after its restore (see {@link Recomputation#afterRestore}). */
  private final Map<Stmt, List<Stmt.Declare>> recomputeAt = new IdentityHashMap<>();
  /** Counters of replayed loops: their writes save nothing (see {@link #replayedLoop}). */
  private final Set<Var> unsaved = Collections.newSetFromMap(new IdentityHashMap<>());
  /**
   * Locals read only where a selection picks them ({@link SelectedTangents}), with their
   * initializers: the branch of the selection that picks one sends the seed straight into its
   * initializer, and its declaration has no reverse of its own (nothing else reaches its adjoint).
   */
  private final Map<Var, Expr> selectedInits = new IdentityHashMap<>();
  /** Per statement, the locals whose first contribution its reverse assigns ({@link FirstContributions}). */
  private final Map<Stmt, Set<Var>> firstContributions = new IdentityHashMap<>();
  /** Of those, the ones the statement being swept has not reached yet. */
  private Set<Var> assignNext = Set.of();
  /** Per statement of the fused loop's body, the elements whose first contribution its reverse assigns ({@link FirstContributions#elements}). */
  private final Map<Stmt, List<Expr.ArrayRead>> firstElements = new IdentityHashMap<>();
  /** Of those, the ones the statement being swept has not reached yet. */
  private List<Expr.ArrayRead> assignNextElements = List.of();
  /**
   * The variable ({@code Read}) or element ({@code ArrayRead}) whose adjoint the statement being
   * swept has just reset to zero before sending its old value on ({@code dv_next = dv; dv = 0.0;}
   * for {@code v = f(v)}, the same for {@code a[i] = f(a[i])}): its first contribution assigns.
   * Contributions are written in the order they run, but for exclusive branches, which never both
   * run; so the first one written finds the zero wherever it runs. Null: none.
   */
  private Expr zeroed;
  /**
   * The {@code Tensor} parameters differentiated and never reassigned. Their adjoints are only
   * added to and read once, at the end, by {@code TensorSupport.gradient} (which hands over a sum
   * it owns and copies anything else), so their contributions go through {@code
   * TensorSupport.accumulate} (or a product's rule that multiplies into the sum, {@code
   * TensorFunction.accumulatingRule}), which may add in place into a sum it allocated. Tensor
   * methods are never split (see {@link #usesTensors}), so that end is the straight form's.
   */
  private final List<Var> ownedSums;
  /** The parameters the body assigns ({@link Lvalues#assignedParameters}). */
  private final List<Var> reassigned;

  private ReverseTransform(MethodIr method, Activity activity, Names names, LineComments comments,
      AdjointReads reads, String seed, boolean split, Set<Stmt> grouped) {
    this.grouped = grouped;
    this.split = split;
    this.method = method;
    this.activity = activity;
    this.names = names;
    this.comments = comments;
    this.reads = reads;
    this.forwardPrinter = new ExprPrinter(names, (v, shape) -> { });
    this.reversePrinter = new ExprPrinter(names, (v, shape) -> reads.record(v, order, List.copyOf(loopIds), shape));
    this.seed = seed;
    this.flow = new ControlFlow(method.body());
    this.value = names.fresh("value");
    Type result = method.signature().returnType();
    this.resultAdjoint = result.isArray() || result == Type.TENSOR ? names.fresh("dvalue") : seed;
    this.exit = flow.returnCount() > 1 ? names.fresh("exit") : null;
    this.label = needsLabel(method.body()) ? names.fresh("forward") : null;
    this.fused = LoopFusion.find(method, activity, flow);
    this.reassigned = Lvalues.assignedParameters(method);
    this.ownedSums = split ? List.of() : method.wrt().stream()
        .filter(p -> p.type() == Type.TENSOR && !reassigned.contains(p)).toList();
  }

  /**
   * The statements of {@code nameVjp} after its parameters, ending in
   * {@code return new NameGradient(...)}.
   */
  public static MethodBody body(MethodIr method, Activity activity, Names names, LineComments comments,
      ClassName gradientRecord, String seed, MethodBody.Limits limits) {
    return body(method, activity, names, comments, Result.record(gradientRecord), seed, limits, Set.of());
  }

  /**
   * The same for any final statement {@code result}; {@code seed} may be {@link #UNIT_SEED};
   * {@code grouped}: statements quoted with the next one (see {@link #grouped}).
   */
  public static MethodBody body(MethodIr method, Activity activity, Names names, LineComments comments,
      Result result, String seed, MethodBody.Limits limits, Set<Stmt> grouped) {
    AdjointReads read = new AdjointReads();
    new ReverseTransform(method, activity, names.copy(), comments, read, seed, false, grouped).sweep(method.body());
    CodeBlock attempt = new ReverseTransform(method, activity, names.copy(), comments, read, seed, false, grouped)
        .build(result);
    if (MethodBody.inline(attempt).fits(limits) || usesTensors(method)) {
      return MethodBody.inline(new ReverseTransform(method, activity, names, comments, read, seed, false, grouped)
          .build(result));
    }
    return new ReverseTransform(method, activity, names, comments, read, seed, true, grouped).buildSplit(result, limits);
  }

  /**
   * Whether the method has tensor values. Such methods are never split into a frame (see
   * {@link MethodBody}): their bodies are short, and the split forms know no tensor seeds.
   */
  static boolean usesTensors(MethodIr method) {
    return method.signature().returnType() == Type.TENSOR
        || method.params().stream().anyMatch(v -> v.type() == Type.TENSOR)
        || method.locals().stream().anyMatch(v -> v.type() == Type.TENSOR);
  }

  /** {@code 0.0}, or a zero array shaped like the parameter. */
  private CodeBlock zeroLike(Var p) {
    if (p.type() == Type.TENSOR) {
      return CodeBlock.of("null"); // no adjoint yet; TensorSupport.gradient gives zeros at the end
    }
    return forwardPrinter.print(Lvalues.zeroDerivative(p));
  }

  private CodeBlock build(Result resultStatement) {
    Swept body = sweep(method.body());
    CodeBlock.Builder out = CodeBlock.builder();
    for (Var v : method.locals()) {
      out.addStatement("$T $L = $L", JavaTypes.of(v.type()), names.of(v), v.type().zero());
    }
    hoisted.stream().filter(f -> f != null).forEach(f -> out.add(f.declaration()));
    for (Var p : Lvalues.writtenParameters(method)) {
      // The body writes into this array: work on a copy, never on the caller's array.
      out.addStatement("$L = $L", names.of(p), forwardPrinter.print(Lvalues.arrayOps("copy", new Expr.Read(p, null))));
    }
    List<CodeBlock> gradients = new ArrayList<>();
    Map<Var, CodeBlock> gradientOf = new IdentityHashMap<>();
    for (Var p : method.wrt()) {
      String like = names.of(p);
      if (p.type() == Type.TENSOR && reassigned.contains(p)) {
        // The body reassigns the parameter: keep the argument for the gradient's shape.
        like = names.fresh(names.of(p) + "_argument");
        out.addStatement("$T $L = $L", JavaTypes.TENSOR, like, names.of(p));
      }
      gradients.add(p.type() == Type.TENSOR
          ? CodeBlock.of("$T.gradient($L, $L)", JavaTypes.TENSOR_SUPPORT, names.derivative(p), like)
          : CodeBlock.of("$L", names.derivative(p)));
      gradientOf.put(p, gradients.get(gradients.size() - 1));
      out.addStatement("$T $L = $L", JavaTypes.of(p.type()), names.derivative(p), zeroLike(p));
    }
    for (Var p : Lvalues.activeOutsideWrt(method, activity)) {
      out.addStatement("$T $L = $L", JavaTypes.of(p.type()), names.derivative(p), zeroLike(p));
    }
    for (Var v : method.locals()) {
      if (activity.isActive(v)) {
        out.addStatement("$T $L = $L", JavaTypes.of(v.type()), names.derivative(v), v.type().zero());
      }
    }
    Type result = method.signature().returnType();
    out.addStatement("$T $L = $L", JavaTypes.of(result), value, result.zero());
    if (exit != null) {
      out.addStatement("int $L = 0", exit);
    }
    out.add("\n// forward sweep\n");
    if (label != null) {
      out.beginControlFlow("$L:", label).add(body.forward()).endControlFlow();
    } else {
      out.add(body.forward());
    }
    out.add("\n// reverse sweep\n");
    if (result == Type.TENSOR) {
      // Check the seed's shape before using it (a null seed, from nameGradient, means 1).
      out.addStatement("$T $L = $T.seed($L, $L, $S)", JavaTypes.TENSOR, resultAdjoint, JavaTypes.TENSOR_SUPPORT, seed,
          value, method.signature().vjpMethod());
    }
    if (result.isArray()) {
      // Check the seed's shape before using it.
      out.addStatement("$L $L = $L", result.javaName(), resultAdjoint,
          forwardPrinter.print(Lvalues.arrayOps("zerosLike", new Expr.Name(value, result))));
      out.addStatement("$T.addTo($L, $L, $S)", ExprPrinter.classNameOf(Lvalues.ARRAY_OPS), resultAdjoint, seed,
          method.signature().vjpMethod());
    }
    out.add(body.reverse());
    if (method.hasRecords()) {
      // gradients of records are records of the same types
      gradients = RecordLayouts.gradients(method, gradientOf::get, names, out);
    }
    releaseStacks(out);
    out.add(resultStatement.statement(value, gradients));
    return out.build();
  }

  /**
   * The split form of {@link #build}: the same statements, with every local a field of the
   * frame, the forward sweep cut into {@code boolean forwardN()} parts (true: the method
   * returned, skip the rest) and the reverse sweep into {@code void reverseN()} parts.
   */
  private MethodBody buildSplit(Result resultStatement, MethodBody.Limits limits) {
    List<Stmt> top = method.body().statements();
    FirstContributions.find(top, method.params(), activity, selectedInits, firstContributions);
    List<CodeBlock> forwardPieces = new ArrayList<>();
    List<Boolean> completes = new ArrayList<>();
    List<CodeBlock> reversePieces = new ArrayList<>();
    int last = 0;
    for (int k = 0; k < top.size(); k++) {
      Stmt s = top.get(k);
      int guard = last;
      last = Math.max(last, flow.lastSiteLeaving(s, scope));
      Swept swept = sweep(s);
      if (s instanceof Stmt.Return && k > 0 && top.get(k - 1) == fused) {
        // as in sequence: the return's reverse runs before the fused loop, and only there
        forwardPieces.set(k - 1, CodeBlock.builder().add(swept.reverse()).add(forwardPieces.get(k - 1)).build());
        swept = new Swept(swept.forward(), CodeBlock.of(""));
      }
      forwardPieces.add(swept.forward());
      // a return's forward sweep only stores the value (or returns true from the part)
      completes.add(s instanceof Stmt.Return || flow.completesNormally(s));
      CodeBlock reverse = swept.reverse();
      if (guard > 0 && !reverse.isEmpty()) {
        reverse = CodeBlock.builder().beginControlFlow("if ($L > $L)", exit, guard).add(reverse).endControlFlow().build();
      }
      reversePieces.add(0, reverse);
    }
    List<MethodBody.Field> fields = new ArrayList<>();
    for (Var p : method.params()) {
      fields.add(MethodBody.field(p.type(), names.of(p), null));
    }
    Type result = method.signature().returnType();
    if (!seed.equals(UNIT_SEED)) {
      fields.add(MethodBody.field(result, seed, null));
    }
    for (Var v : method.locals()) {
      fields.add(MethodBody.field(v.type(), names.of(v), null));
    }
    hoisted.stream().filter(f -> f != null).forEach(fields::add);
    CodeBlock.Builder run = CodeBlock.builder();
    for (Var p : Lvalues.writtenParameters(method)) {
      run.addStatement("$L = $L", names.of(p), forwardPrinter.print(Lvalues.arrayOps("copy", new Expr.Read(p, null))));
    }
    List<CodeBlock> gradients = new ArrayList<>();
    for (Var p : method.wrt()) {
      gradients.add(CodeBlock.of("$L", names.derivative(p)));
      fields.add(MethodBody.field(p.type(), names.derivative(p), null));
      if (p.type().isArray()) {
        run.addStatement("$L = $L", names.derivative(p), zeroLike(p));
      }
    }
    for (Var p : Lvalues.activeOutsideWrt(method, activity)) {
      fields.add(MethodBody.field(p.type(), names.derivative(p), null));
      if (p.type().isArray()) {
        run.addStatement("$L = $L", names.derivative(p), zeroLike(p));
      }
    }
    for (Var v : method.locals()) {
      if (activity.isActive(v)) {
        fields.add(MethodBody.field(v.type(), names.derivative(v), null));
      }
    }
    fields.add(MethodBody.field(result, value, null));
    if (exit != null) {
      fields.add(MethodBody.field(Type.INT, exit, null));
    }
    List<MethodBody.Part> parts = new ArrayList<>();
    if (label != null) {
      run.beginControlFlow("$L:", label);
    }
    int index = 0;
    for (List<CodeBlock> group : MethodBody.group(forwardPieces, method, limits)) {
      String name = "forward" + parts.size();
      CodeBlock.Builder part = CodeBlock.builder();
      group.forEach(part::add);
      index += group.size();
      if (completes.get(index - 1)) {
        part.addStatement("return false");
      }
      parts.add(new MethodBody.Part(name, com.palantir.javapoet.TypeName.BOOLEAN, part.build()));
      if (label != null) {
        run.beginControlFlow("if ($L())", name).addStatement("break $L", label).endControlFlow();
      } else {
        run.addStatement("$L()", name);
      }
    }
    if (label != null) {
      run.endControlFlow();
    }
    if (result.isArray()) {
      fields.add(MethodBody.field(result, resultAdjoint, null));
      run.addStatement("$L = $L", resultAdjoint,
          forwardPrinter.print(Lvalues.arrayOps("zerosLike", new Expr.Name(value, result))));
      run.addStatement("$T.addTo($L, $L, $S)", ExprPrinter.classNameOf(Lvalues.ARRAY_OPS), resultAdjoint, seed,
          method.signature().vjpMethod());
    }
    int reverseIndex = 0;
    for (List<CodeBlock> group : MethodBody.group(reversePieces, method, limits)) {
      String name = "reverse" + reverseIndex++;
      CodeBlock.Builder part = CodeBlock.builder();
      group.forEach(part::add);
      parts.add(new MethodBody.Part(name, com.palantir.javapoet.TypeName.VOID, part.build()));
      run.addStatement("$L()", name);
    }
    if (method.hasRecords()) {
      gradients = RecordLayouts.gradients(method, v -> CodeBlock.of("$L", names.derivative(v)), names, run);
    }
    releaseStacks(run);
    run.add(resultStatement.statement(value, gradients));
    return new MethodBody(run.build(), fields, parts);
  }

  // ---- statements ---------------------------------------------------------------------------

  private Swept sweep(Stmt s) {
    if (s instanceof Stmt.Block b) {
      return sequence(b.statements());
    }
    if (s instanceof Stmt.Synchronized y) {
      // the forward sweep holds the lock as the source does; the reverse sweep is a plain block
      long outer = enclosingLine;
      enclosingLine = comments.lineOf(y.tree());
      Swept body = sequence(y.body().statements());
      enclosingLine = outer;
      CodeBlock.Builder forward = CodeBlock.builder();
      comments.add(forward, y.tree(), enclosingLine);
      forward.beginControlFlow("synchronized ($L)", forwardPrinter.print(y.lock())).add(body.forward()).endControlFlow();
      return new Swept(forward.build(), body.reverse());
    }
    if (s instanceof Stmt.If i) {
      return ifStatement(i);
    }
    if (s instanceof Stmt.Loop l) {
      return loop(l);
    }
    order++;
    CodeBlock.Builder forward = CodeBlock.builder();
    long line = comments.lineOf(s.tree());
    if (line != temporaryLine && (s.tree() != lastTree || !(s instanceof Stmt.Declare || s instanceof Stmt.Assign))) {
      comments.add(forward, s.tree(), enclosingLine);
    }
    // The temporaries of a statement are quoted once, before the first of them.
    temporaryLine = isTemporary(s) || grouped.contains(s) ? line : -1;
    lastTree = s.tree();
    assignNext = Collections.newSetFromMap(new IdentityHashMap<>());
    assignNext.addAll(firstContributions.getOrDefault(s, Set.of()));
    assignNextElements = new ArrayList<>(firstElements.getOrDefault(s, List.of()));
    CodeBlock.Builder reverse = CodeBlock.builder();
    if (s instanceof Stmt.Declare d && loopIds.isEmpty() && fusedDepth == 0) {
      // Runs once: nothing to save, and no later statement of the reverse sweep uses its adjoint.
      if (d.init() != null) {
        forward.addStatement("$L = $L", names.of(d.var()), forwardPrinter.print(d.init()));
        if (activity.isActive(d.var())) {
          if (d.var().type().isArray()) {
            forward.addStatement("$L = $L", names.derivative(d.var()), zerosLike(d.var(), d.init()));
          }
          if (!selectedInits.containsKey(d.var())) {
            adjointOfAssignment(d.var(), d.init(), true, reverse);
          }
        }
      }
    } else if (s instanceof Stmt.Declare d && d.var().type().isArray()) {
      replaceArray(d.var(), d.init(), forward, reverse);
    } else if (s instanceof Stmt.Assign a && a.var().type().isArray() && !(a.value() instanceof Expr.DiffCall)) {
      // a new array or null, never an alias (MethodParser); y = step(y, …) of a @Checkpoint step keeps y's
      // adjoint array (below)
      replaceArray(a.var(), a.value(), forward, reverse);
    } else if (s instanceof Stmt.Declare || s instanceof Stmt.Assign) {
      Var v = s instanceof Stmt.Declare d ? d.var() : ((Stmt.Assign) s).var();
      Expr e = s instanceof Stmt.Declare d ? d.init() : ((Stmt.Assign) s).value();
      if (e != null) {
        boolean inPlace = e instanceof Expr.TensorCall set && set.function().inPlace();
        boolean selected = s instanceof Stmt.Declare && selectedInits.containsKey(v);
        Expr result = activity.isActive(v) && activity.isActive(e) && !flowsFrom(e, v) && !selected
            ? resultBeforeRestore(new Expr.Read(v, null), e, reverse) : null;
        // An in-place set keeps the shape: reads of only the shape need no copy.
        if (!recomputed.contains(s) && !unsaved.contains(v) && reads.mustSave(v, order, List.copyOf(loopIds), inPlace)) {
          Expr.Literal step = integerStep(v, e);
          if (step != null) {
            // i += c is undone by i -= c: a counter costs no stack (a counted loop counts down).
            Operator inverse = ((Expr.Binary) e).op() == Operator.PLUS ? Operator.MINUS : Operator.PLUS;
            reverse.add(reversePrinter.assignment(v, new Expr.Binary(inverse, new Expr.Read(v, null), step, v.type(), null)));
          } else {
            // An in-place set changes the object itself: save a copy, not the reference.
            save(new Expr.Read(v, null), forward, reverse, inPlace);
          }
        }
        if (!inPlace && unconditionalInLoop()) {
          reads.recordUnconditionalWrite(v, order, List.copyOf(loopIds));
        }
        recomputeAfterRestore(s, reverse);
        if (v.type().isArray() && s instanceof Stmt.Assign && e instanceof Expr.DiffCall call) {
          // y = step(y, …): y keeps its adjoint array, so the new array must have the old one's shape
          forward.addStatement("$L = $T.sameShape($L, $L, $S)", names.of(v), ExprPrinter.classNameOf(Lvalues.ARRAY_OPS),
              names.of(v), forwardPrinter.print(e), call.callee().name());
        } else {
          forward.add(forwardPrinter.assignment(v, e));
        }
        if (result != null) {
          Expr dv = new Expr.Name(names.derivative(v), v.type());
          adjoint(((Expr.MathCall) e).args().get(0), Sym.mul(dv, result), reverse);
          reverse.addStatement("$L = $L", names.derivative(v), zeroOf(v.type()));
        } else if (activity.isActive(v) && !selected) {
          adjointOfAssignment(v, e, false, reverse);
        }
      }
    } else if (s instanceof Stmt.Store st) {
      Expr result = activity.isActive(st.array()) && activity.isActive(st.value())
          ? resultBeforeRestore(st.target(), st.value(), reverse) : null;
      if (reads.mustSave(st.array(), order, List.copyOf(loopIds), false)) {
        save(st.target(), forward, reverse, false);
      }
      recomputeAfterRestore(s, reverse);
      forward.addStatement("$L = $L", forwardPrinter.print(st.target()), forwardPrinter.print(st.value()));
      if (result != null) {
        CodeBlock element = reversePrinter.print(Lvalues.derivative(st.target(), names));
        String next = names.fresh(names.derivative(st.array()) + "_element");
        Type elementType = st.target().type();
        reverse.addStatement("$T $L = $L", JavaTypes.of(elementType), next, element)
            .addStatement("$L = $L", element, zeroOf(elementType));
        adjointIntoZeroed(st.target(), ((Expr.MathCall) st.value()).args().get(0),
            Sym.mul(new Expr.Name(next, elementType), result), reverse);
      } else if (activity.isActive(st.array())) {
        adjointOfStore(st, reverse);
      }
    } else if (s instanceof Stmt.Return r) {
      Expr returned = r.value() instanceof Expr.Read && r.value().type().isArray()
          ? Lvalues.arrayOps("copy", r.value()) : Lvalues.copyingArrays(r.value());
      forward.addStatement("$L = $L", value, forwardPrinter.print(returned));
      if (exit != null) {
        forward.addStatement("$L = $L", exit, flow.site(r));
      }
      leave(r, null, forward);
      if (label != null && !isLastStatement(r)) {
        // in a split body the forward sweep's parts return true for "the method returned"
        if (split) {
          forward.addStatement("return true");
        } else {
          forward.addStatement("break $L", label);
        }
      }
      adjoint(r.value(), resultAdjoint.equals(UNIT_SEED) ? Expr.Literal.of(1.0)
          : new Expr.Name(resultAdjoint, r.value().type()), reverse);
    } else if (s instanceof Stmt.Break b) {
      Stmt.Loop target = flow.loop(b.loopId());
      leave(b, target, forward);
      if (target.label() == null) {
        forward.addStatement("break");
      } else {
        forward.addStatement("break $L", target.label());
      }
    } else if (s instanceof Stmt.Continue c) {
      Stmt.Loop target = flow.loop(c.loopId());
      leave(c, target, forward);
      if (target.label() == null) {
        forward.addStatement("continue");
      } else {
        forward.addStatement("continue $L", target.label());
      }
    } else if (s instanceof Stmt.Call c) {
      forward.addStatement("$L", forwardPrinter.print(c.call()));
    } else if (s instanceof Stmt.Throw t) {
      forward.addStatement("throw $L", forwardPrinter.print(t.exception())); // no reverse sweep follows

    } else {
      throw new IllegalStateException("no adjoint for " + s);
    }
    assignNext = Set.of();
    assignNextElements = List.of();
    return new Swept(forward.build(), commented(s, reverse.build()));
  }

  /**
   * {@code double[] a = new double[n];} in a loop (a new array each iteration), or {@code a = new
   * double[n];} / {@code a = null;} anywhere. The forward sweep keeps the reference of the array it
   * replaces (a pointer per execution; the old array's elements stay as they were, and nothing
   * aliases it), the reverse sweep gives the new array's adjoint to its initializer, then returns to
   * the array before with a fresh zero adjoint (every use of it came before).
   */
  private void replaceArray(Var v, Expr init, CodeBlock.Builder forward, CodeBlock.Builder reverse) {
    if (init == null) {
      return; // double[] a; in a loop: javac makes the body assign it before any read
    }
    String stack = objectStack(v.type());
    String name = names.of(v);
    forward.addStatement("$L.push($L)", stack, name);
    forward.addStatement("$L = $L", name, forwardPrinter.print(init));
    boolean active = activity.isActive(v);
    // a = new double[] {a[1], …} reads the array it replaces: its adjoint goes to that array's
    // adjoint, after the restore (the new array's adjoint kept aside)
    boolean readsItself = reads(init, v);
    Expr.Name adjointOfNew = new Expr.Name(names.derivative(v), v.type());
    if (active) {
      forward.addStatement("$L = $L", names.derivative(v), zerosLike(v, init));
      if (activity.isActive(init) && !readsItself) {
        adjoint(init, adjointOfNew, reverse);
      }
      if (activity.isActive(init) && readsItself) {
        adjointOfNew = new Expr.Name(names.fresh(names.derivative(v) + "_new"), v.type());
        reverse.addStatement("$T $L = $L", JavaTypes.of(v.type()), adjointOfNew.text(), names.derivative(v));
      }
    }
    reverse.addStatement("$L = $L.pop()", name, stack);
    if (active) {
      reverse.addStatement("$L = $L == null ? null : $L", names.derivative(v), name,
          reversePrinter.print(Lvalues.arrayOps("zerosLike", new Expr.Name(name, v.type()))));
      if (activity.isActive(init) && readsItself) {
        adjoint(init, adjointOfNew, reverse);
      }
    }
  }

  /** Whether {@code e} reads variable {@code v} anywhere. */
  private static boolean reads(Expr e, Var v) {
    if (e instanceof Expr.Read r && r.var() == v || e instanceof Expr.Opaque o && o.reads().contains(v)) {
      return true;
    }
    for (Expr c : dev.adjoint.processor.ir.Children.of(e)) {
      if (reads(c, v)) {
        return true;
      }
    }
    return false;
  }

  /** The zero adjoint of array {@code v} just assigned {@code init}: null while the array is null. */
  private CodeBlock zerosLike(Var v, Expr init) {
    CodeBlock zeros = forwardPrinter.print(Lvalues.arrayOps("zerosLike", new Expr.Read(v, null)));
    if (Expr.Opaque.isNull(init)) {
      return CodeBlock.of("null");
    }
    return init instanceof Expr.NewArray || init instanceof Expr.CustomCall ? zeros
        : CodeBlock.of("$L == null ? null : $L", names.of(v), zeros);
  }

  /**
   * {@code for (int i = a; i < b; i++) y = step(y, …);} of a {@code @Checkpoint(snapshots = k)} step
   * (see {@link BinomialLoop}): the forward sweep keeps the states a {@code BinomialSchedule} says
   * (at most k), and the state before the last step; the reverse sweep follows the schedule, running
   * steps forward again from the kept states and each step's reverse (its VJP, as for a call
   * checkpointed on its own) from the state before it. Nothing per step is recorded.
   */
  private Swept binomialLoop(Stmt.Loop l, Var state) {
    Stmt.Declare init = (Stmt.Declare) l.init().get(0);
    Var i = init.var();
    Expr end = ((Expr.Binary) l.condition()).right();
    Stmt step = l.body().statements().get(0);
    int snapshots = ((Expr.DiffCall) ((Stmt.Assign) step).value()).callee().snapshots();
    com.palantir.javapoet.TypeName stateType = JavaTypes.of(state.type());
    String start = names.fresh("start");
    String steps = names.fresh("steps");
    String schedule = names.fresh("schedule");
    String kept = names.fresh("kept");
    String current = names.fresh(names.of(state) + "_current");
    String action = names.fresh("action");
    hoisted.add(MethodBody.field(Type.INT, start, null));
    hoisted.add(MethodBody.field(Type.INT, steps, null));
    hoisted.add(new MethodBody.Field(RuntimeNames.BINOMIAL_SCHEDULE, schedule, CodeBlock.of("null")));
    hoisted.add(new MethodBody.Field(com.palantir.javapoet.ArrayTypeName.of(stateType), kept, CodeBlock.of("null")));
    hoisted.add(new MethodBody.Field(stateType, current, CodeBlock.of(state.type().isArray() ? "null" : "0.0")));
    long outer = enclosingLine;
    enclosingLine = comments.lineOf(l.tree());
    // the step's own write of the state saves nothing: the schedule gives the state back (other
    // writes of the state, before or after the loop, save as usual)
    boolean alreadyUnsaved = !unsaved.add(state);
    Swept body = sweep(step);
    if (!alreadyUnsaved) {
      unsaved.remove(state);
    }
    enclosingLine = outer;
    ClassName bs = RuntimeNames.BINOMIAL_SCHEDULE;
    String name = names.of(i);
    CodeBlock.Builder forward = CodeBlock.builder();
    comments.add(forward, l.tree(), enclosingLine);
    forward.add("// binomial checkpointing: at most $L states of the loop kept, its steps run again from them\n",
        snapshots);
    forward.add(forwardPrinter.assignment(i, init.init()));
    forward.addStatement("$L = $L", start, name);
    forward.addStatement("$L = $T.max(0, $L - $L)", steps, Math.class, forwardPrinter.print(end), start);
    forward.addStatement("$L = new $T($L, $L)", schedule, bs, steps, snapshots);
    forward.addStatement("$L = new $L", kept, arrayAllocation(state.type(),
        CodeBlock.of("$T.slots($L, $L)", bs, steps, snapshots)));
    forward.beginControlFlow("for (int $L = $L.next(); $L != $T.TURN && $L != $T.DONE; $L = $L.next())", action,
        schedule, action, bs, action, bs, action, schedule);
    forward.beginControlFlow("if ($L == $T.ADVANCE)", action, bs);
    advance(forward, name, start, schedule, body.forward());
    forward.nextControlFlow("else");
    forward.addStatement("$L[$L.slot()] = $L", kept, schedule, names.of(state));
    forward.endControlFlow().endControlFlow();
    forward.addStatement("$L = $L", current, names.of(state));
    forward.beginControlFlow("if ($L > 0)", steps);
    forward.addStatement("$L = $L + $L - 1", name, start, steps);
    forward.add(body.forward());
    forward.endControlFlow();

    CodeBlock.Builder reverse = CodeBlock.builder();
    reverse.addStatement("$L = $L", names.of(state), current);
    reverse.beginControlFlow("for (int $L = $L.action(); $L != $T.DONE; $L = $L.next())", action, schedule, action, bs,
        action, schedule);
    reverse.beginControlFlow("if ($L == $T.ADVANCE)", action, bs);
    advance(reverse, name, start, schedule, body.forward());
    reverse.nextControlFlow("else if ($L == $T.STORE)", action, bs);
    reverse.addStatement("$L[$L.slot()] = $L", kept, schedule, names.of(state));
    reverse.nextControlFlow("else if ($L == $T.RESTORE)", action, bs);
    reverse.addStatement("$L = $L[$L.slot()]", names.of(state), kept, schedule);
    reverse.nextControlFlow("else");
    reverse.addStatement("$L = $L + $L.step()", name, start, schedule);
    reverse.add(body.reverse());
    reverse.endControlFlow().endControlFlow();
    return new Swept(forward.build(), commented(l, reverse.build()));
  }

  /** {@code for (i = start + from; i < start + to; i++) { step }}: an ADVANCE of the schedule. */
  private static void advance(CodeBlock.Builder out, String i, String start, String schedule, CodeBlock step) {
    out.beginControlFlow("for ($L = $L + $L.from(); $L < $L + $L.to(); $L++)", i, start, schedule, i, start, schedule, i);
    out.add(step);
    out.endControlFlow();
  }

  /** {@code double[n]}, {@code double[n][]}: an array of {@code n} values of {@code type}. */
  private static CodeBlock arrayAllocation(Type type, CodeBlock n) {
    com.palantir.javapoet.TypeName t = JavaTypes.of(type);
    int dims = 0;
    while (t instanceof com.palantir.javapoet.ArrayTypeName a) {
      t = a.componentType();
      dims++;
    }
    return CodeBlock.of("$T[$L]$L", t, n, "[]".repeat(dims));
  }

  /**
   * For {@code target = Math.tanh(arg)} or {@code Math.exp(arg)} on a {@code double}: reads the
   * result back from the target before the reverse sweep restores the target's old value, and
   * returns the local derivative computed from it (no second tanh or exp); null otherwise.
   */
  private Expr resultBeforeRestore(Expr target, Expr e, CodeBlock.Builder reverse) {
    if (!(e instanceof Expr.MathCall m) || m.args().size() != 1 || !Type.SCALAR.is(target.type())) {
      return null;
    }
    String rule = switch (m.function()) {
      case TANH -> RuntimeNames.TANH_DERIVATIVE_OF_RESULT;
      case EXP -> RuntimeNames.EXP_DERIVATIVE_OF_RESULT;
      default -> null;
    };
    if (rule == null) {
      return null;
    }
    String name = names.fresh(names.of(Lvalues.root(target)) + "_result");
    reverse.addStatement("double $L = $L", name, reversePrinter.print(target));
    return new Expr.Rule(rule, List.of(new Expr.Name(name, Type.SCALAR)));
  }

  /**
   * The temporaries {@code s}'s reverse recomputes, right after it restored what {@code s}
   * overwrote: the values they read are then those of their declaration. (The dry run notes these
   * reads at {@code s}, so {@code s} saves what it overwrites of them.)
   */
  private void recomputeAfterRestore(Stmt s, CodeBlock.Builder reverse) {
    for (Stmt.Declare d : recomputeAt.getOrDefault(s, List.of())) {
      // printed either way, so the dry run notes the same reads as the final sweep; emitted only
      // if the reverse sweep reads the temporary at all (known in the final sweep)
      CodeBlock recompute = reversePrinter.assignment(d.var(), d.init());
      if (reads.isRead(d.var())) {
        reverse.add("// recomputed after the restore, not saved\n").add(recompute);
      }
    }
  }

  /** Whether the statement being swept runs in every iteration of its innermost loop (no if around it there). */
  private boolean unconditionalInLoop() {
    return !loopBranchDepths.isEmpty() && loopBranchDepths.peek() == branchDepth;
  }

  /** The constant {@code c} when {@code v = e} is {@code v = v + c} or {@code v = v - c} on an integer {@code v}. */
  static Expr.Literal integerStep(Var v, Expr e) {
    boolean integer = v.type() == Type.INT || v.type() == Type.LONG;
    if (integer && e instanceof Expr.Binary b && (b.op() == Operator.PLUS || b.op() == Operator.MINUS)
        && b.left() instanceof Expr.Read r && r.var() == v && b.right() instanceof Expr.Literal c) {
      return c;
    }
    return null;
  }

  /** Saves a variable or element before it is overwritten; the reverse sweep restores it first. */
  private void save(Expr lvalue, CodeBlock.Builder forward, CodeBlock.Builder reverse, boolean copy) {
    Type type = lvalue.type();
    CodeBlock written = forwardPrinter.print(lvalue);
    if (copy) {
      written = CodeBlock.of("$T.copy($L)", JavaTypes.TENSOR_SUPPORT, written);
    }
    // Restoring a variable writes it, it does not read it (an element's array and index are read).
    CodeBlock restored = lvalue instanceof Expr.Read ? forwardPrinter.print(lvalue) : reversePrinter.print(lvalue);
    if (loopIds.isEmpty()) {
      String old = names.fresh(names.of(Lvalues.root(lvalue)) + "_old");
      hoisted.add(MethodBody.field(type, old, null));
      forward.addStatement("$L = $L", old, written);
      reverse.addStatement("$L = $L", restored, old);
    } else if (type.isReference()) {
      String stack = objectStack(type);
      forward.addStatement("$L.push($L)", stack, written);
      reverse.addStatement("$L = $L.pop()", restored, stack);
    } else if (type == Type.BOOL) {
      forward.add(push(INT_STACK, CodeBlock.of("$L ? 1 : 0", written)));
      reverse.addStatement("$L = $L", restored, popBoolean(false));
    } else if (Type.SCALAR.is(type) || type == Type.LONG || type == Type.INT) {
      ClassName stack = Type.SCALAR.is(type) ? DOUBLE_STACK : type == Type.LONG ? LONG_STACK : INT_STACK;
      forward.add(push(stack, written));
      // a float value is saved exactly as a double and narrowed back
      reverse.addStatement(type == Type.FLOAT ? "$L = (float) $L" : "$L = $L", restored, pop(stack));
    } else {
      // A passive primitive (char, byte, short, float): kept on the stack it widens to.
      ClassName stack = type.typeName().equals(com.palantir.javapoet.TypeName.FLOAT) ? DOUBLE_STACK : INT_STACK;
      forward.add(push(stack, written));
      reverse.addStatement("$L = ($T) $L", restored, type.typeName(), pop(stack));
    }
  }

  /** The stack of values of the reference type {@code type} (tensors, passive objects), declared on first use. */
  private String objectStack(Type type) {
    return objectStacks.computeIfAbsent(type.typeName(), t -> {
      String name = names.fresh(type == Type.TENSOR ? "tensors" : "objects");
      com.palantir.javapoet.TypeName element = t.isPrimitive() ? t.box() : t;
      hoisted.add(new MethodBody.Field(ParameterizedTypeName.get(OBJECT_STACK, element), name,
          CodeBlock.of("new $T<>()", OBJECT_STACK)));
      return name;
    });
  }

  /**
   * This call's stack of {@code type} (DoubleStack, IntStack or LongStack), declared on first use:
   * an array borrowed from the stack class, and its size (see {@link #push}, {@link #pop}).
   */
  private PrimitiveStack stack(ClassName type) {
    return stacks.computeIfAbsent(type, t -> {
      String name = names.fresh(t == DOUBLE_STACK ? "doubles" : t == INT_STACK ? "ints" : "longs");
      com.palantir.javapoet.TypeName element = t == DOUBLE_STACK ? com.palantir.javapoet.TypeName.DOUBLE
          : t == INT_STACK ? com.palantir.javapoet.TypeName.INT : com.palantir.javapoet.TypeName.LONG;
      hoisted.add(new MethodBody.Field(com.palantir.javapoet.ArrayTypeName.of(element), name,
          CodeBlock.of("$T.borrow()", t)));
      String size = names.fresh(name + "Size");
      hoisted.add(MethodBody.field(Type.INT, size, null));
      return new PrimitiveStack(name, size);
    });
  }

  /**
   * {@code doubles = DoubleStack.push(doubles, doublesSize++, value);}, or {@code
   * doubles[doublesSize++] = value;} where the loop reserved the room (see {@link #reserved}).
   */
  private CodeBlock push(ClassName type, Object value) {
    PrimitiveStack s = stack(type);
    if (reserved != null) {
      reserved.merge(type, 1, Integer::sum);
      return CodeBlock.builder().addStatement("$L[$L++] = $L", s.array(), s.size(), value).build();
    }
    return CodeBlock.builder()
        .addStatement("$L = $T.push($L, $L++, $L)", s.array(), type, s.array(), s.size(), value).build();
  }

  /** {@code doubles[--doublesSize]}: the value pushed last, taken off. */
  private CodeBlock pop(ClassName type) {
    PrimitiveStack s = stack(type);
    return CodeBlock.of("$L[--$L]", s.array(), s.size());
  }

  /** The branch decision pushed last, taken off: {@code ints[--intsSize] != 0} (or {@code == 0} negated). */
  private CodeBlock popBoolean(boolean negated) {
    return CodeBlock.of("$L $L 0", pop(INT_STACK), negated ? "==" : "!=");
  }

  /** Hands the large arrays of this call's stacks back for the thread's next call (see {@code DoubleStack.release}). */
  private void releaseStacks(CodeBlock.Builder out) {
    stacks.entrySet().stream().sorted(Map.Entry.comparingByValue(java.util.Comparator.comparing(PrimitiveStack::array)))
        .forEach(e -> out.addStatement("$T.release($L)", e.getKey(), e.getValue().array()));
  }

  /**
   * At a jump: pushes the records of every construct it leaves before {@code target} (the loop
   * a break or continue goes to; null for a return), innermost first, so that the reverse sweep
   * pops them in its order.
   */
  private void leave(Stmt jump, Stmt.Loop target, CodeBlock.Builder forward) {
    int site = flow.site(jump);
    for (Frame f : frames) {
      if (f instanceof IfFrame i) {
        forward.add(push(INT_STACK, i.inThen() ? 1 : 0));
      } else {
        LoopFrame l = (LoopFrame) f;
        if (l.loop() == target && jump instanceof Stmt.Continue) {
          forward.add(sequence(l.loop().update()).forward());
        }
        if (l.tokens()) {
          forward.add(push(INT_STACK, site));
        }
        if (l.loop() == target) {
          return;
        }
        forward.add(push(INT_STACK, l.count()));
      }
    }
  }

  private Swept ifStatement(Stmt.If i) {
    int slot = hoisted.size();
    hoisted.add(null);
    // Inside a loop the decision goes on a stack, pushed before the sweep knows whether the
    // reverse needs it: decide by what the branches contain. Outside, a local flag is enough.
    boolean onStack = !loopIds.isEmpty() && ControlFlow.hasWork(i);
    long outer = enclosingLine;
    enclosingLine = comments.lineOf(i.tree());
    branchDepth++;
    // In a reserving loop only one branch runs per iteration: room for the larger branch's pushes.
    Map<ClassName, Integer> before = reserved == null ? null : new LinkedHashMap<>(reserved);
    Swept then = branch(i.then(), onStack, true);
    Map<ClassName, Integer> afterThen = reserved == null ? null : new LinkedHashMap<>(reserved);
    if (reserved != null) {
      reserved.clear();
      reserved.putAll(before);
    }
    Swept orElse = branch(i.orElse(), onStack, false);
    if (reserved != null) {
      afterThen.forEach((type, n) -> reserved.merge(type, n, Math::max));
    }
    branchDepth--;
    enclosingLine = outer;
    CodeBlock.Builder forward = CodeBlock.builder();
    comments.add(forward, i.tree(), enclosingLine);
    boolean linear = then.reverse().isEmpty() && orElse.reverse().isEmpty();
    String decision = null;
    if (!onStack && !linear) {
      decision = names.fresh("branch" + comments.lineOf(i.tree()));
      hoisted.set(slot, MethodBody.field(Type.BOOL, decision, null));
      if (fusedDepth > 0) {
        // runs once per iteration of a fused loop: the previous iteration's decision is stale
        forward.addStatement("$L = false", decision);
      }
    }
    forward.beginControlFlow("if ($L)", forwardPrinter.print(i.condition()));
    if (!onStack && linear) {
      forward.add(then.forward());
      elseBranch(forward, orElse.forward());
      return new Swept(forward.endControlFlow().build(), CodeBlock.of(""));
    }
    if (!onStack) {
      forward.addStatement("$L = true", decision);
    }
    forward.add(then.forward());
    elseBranch(forward, orElse.forward());
    forward.endControlFlow();

    CodeBlock.Builder reverse = CodeBlock.builder();
    if (then.reverse().isEmpty() && orElse.reverse().isEmpty()) {
      // Recorded for nothing (the branches turned out linear): still take it off the stack.
      return new Swept(forward.build(), CodeBlock.builder().addStatement("$L--", stack(INT_STACK).size()).build());
    }
    if (then.reverse().isEmpty()) {
      reverse.beginControlFlow("if ($L)", onStack ? popBoolean(true) : CodeBlock.of("!$L", decision)).add(orElse.reverse());
    } else {
      reverse.beginControlFlow("if ($L)", onStack ? popBoolean(false) : decision).add(then.reverse());
      elseBranch(reverse, orElse.reverse());
    }
    return new Swept(forward.build(), commented(i, reverse.endControlFlow().build()));
  }

  /** A branch of an if; inside a loop it pushes which branch it was when it ends, however it ends. */
  private Swept branch(Stmt.Block block, boolean onStack, boolean inThen) {
    if (!onStack) {
      return sequence(block.statements());
    }
    frames.push(new IfFrame(inThen));
    Swept s = sequence(block.statements());
    frames.pop();
    if (!flow.completesNormally(block)) {
      return s;
    }
    CodeBlock forward = CodeBlock.builder().add(s.forward()).add(push(INT_STACK, inThen ? 1 : 0)).build();
    return new Swept(forward, s.reverse());
  }

  private static void elseBranch(CodeBlock.Builder out, CodeBlock orElse) {
    if (!orElse.isEmpty()) {
      out.nextControlFlow("else").add(orElse);
    }
  }

  /**
   * Forward: {@code count = 0; while (cond) { count++; body; update; push(token) } push(count)}.
   * Reverse: pop the count, then per iteration pop how it ended, reverse the update if it ran,
   * and the body up to where it ended.
   */
  private Swept loop(Stmt.Loop l) {
    Var state = loopIds.isEmpty() && fusedDepth == 0 ? BinomialLoop.state(l) : null;
    if (state != null) {
      return binomialLoop(l, state);
    }
    if (l == fused) {
      return fusedLoop(l);
    }
    if (!usesTensors(method) && LoopFusion.replayable(l, flow)) {
      return replayedLoop(l);
    }
    int slot = hoisted.size();
    hoisted.add(null);
    boolean recorded = ControlFlow.hasWork(l);
    long outer = enclosingLine;
    int outerScope = scope;
    enclosingLine = comments.lineOf(l.tree());
    Swept init = sequence(l.init());
    String count = recorded ? names.fresh("count") : null;
    String token = recorded && flow.hasEarlyExits(l) ? names.fresh("token") : null;
    tokens.put(l.id(), token);
    scope = l.id();
    loopIds.push(l.id());
    // A continue could run the update without the body's earlier writes: then no write counts (-1).
    loopBranchDepths.push(flow.hasEarlyExits(l) ? -1 : branchDepth);
    if (recorded) {
      frames.push(new LoopFrame(l, count, token != null));
    }
    List<Stmt.Declare> recomputable = Recomputation.declarations(l, flow.hasEarlyExits(l));
    recomputed.addAll(recomputable);
    Map<Stmt, List<Stmt.Declare>> afterRestore = Recomputation.afterRestore(l, flow.hasEarlyExits(l), recomputable);
    afterRestore.values().forEach(recomputed::addAll);
    recomputeAt.putAll(afterRestore);
    Expr trips = recorded ? CountedLoop.trips(l) : null;
    Map<ClassName, Integer> outerReserved = reserved;
    reserved = trips != null ? new LinkedHashMap<>() : null;
    Swept body = sequence(l.body().statements());
    // Printed here, inside the loop after its body: the reads keep their variables' values right.
    CodeBlock.Builder recompute = CodeBlock.builder();
    for (Stmt.Declare d : recomputable) {
      if (reads.isRead(d.var())) {
        recompute.add(reversePrinter.assignment(d.var(), d.init()));
      }
    }
    Swept update = sequence(l.update());
    Map<ClassName, Integer> pushes = reserved;
    reserved = outerReserved;
    if (recorded) {
      frames.pop();
    }
    loopIds.pop();
    loopBranchDepths.pop();
    scope = outerScope;
    enclosingLine = outer;

    CodeBlock.Builder forward = CodeBlock.builder();
    comments.add(forward, l.tree(), enclosingLine);
    forward.add(init.forward());
    if (count != null) {
      hoisted.set(slot, MethodBody.field(Type.INT, count, null));
      forward.addStatement("$L = 0", count);
    }
    if (pushes != null) {
      pushes.forEach((type, n) -> {
        PrimitiveStack st = stack(type);
        Expr room = n == 1 ? trips : new Expr.Binary(Operator.TIMES, new Expr.Literal(n.toString(), Type.INT, null),
            trips, Type.LONG, null);
        forward.addStatement("$L = $T.reserve($L, $L, $L)", st.array(), type, st.array(), st.size(),
            forwardPrinter.print(room));
      });
    }
    String labelPrefix = l.label() == null ? "" : l.label() + ": ";
    CodeBlock condition = l.condition() == null ? CodeBlock.of("true") : forwardPrinter.print(l.condition());
    forward.beginControlFlow("$L", l.testFirst() ? CodeBlock.of("$Lwhile ($L)", labelPrefix, condition) : CodeBlock.of("$Ldo", labelPrefix));
    if (count != null) {
      forward.addStatement("$L++", count);
    }
    forward.add(body.forward());
    if (flow.completesNormally(l.body())) {
      forward.add(update.forward());
      if (token != null) {
        forward.add(push(INT_STACK, NORMAL_END));
      }
    }
    if (l.testFirst()) {
      forward.endControlFlow();
    } else {
      forward.endControlFlow("while ($L)", condition);
    }
    if (count != null && flow.completesNormally(l)) {
      forward.add(push(INT_STACK, count));
    }
    if (count == null) {
      return new Swept(forward.build(), CodeBlock.of(""));
    }

    CodeBlock.Builder reverse = CodeBlock.builder();
    String iteration = names.fresh("iteration");
    reverse.beginControlFlow("for (int $L = $L; $L > 0; $L--)", iteration, pop(INT_STACK), iteration, iteration);
    if (token != null) {
      reverse.addStatement("int $L = $L", token, pop(INT_STACK));
    }
    if (!update.reverse().isEmpty()) {
      if (token != null) {
        CodeBlock.Builder ran = CodeBlock.builder().add("$L == $L", token, NORMAL_END);
        flow.continueSites(l).forEach(site -> ran.add(" || $L == $L", token, site));
        reverse.beginControlFlow("if ($L)", ran.build()).add(update.reverse()).endControlFlow();
      } else {
        reverse.add(update.reverse());
      }
    }
    CodeBlock recomputeCode = recompute.build();
    if (!recomputeCode.isEmpty()) {
      reverse.add("// recomputed, not saved\n").add(recomputeCode);
    }
    reverse.add(body.reverse()).endControlFlow();
    reverse.add(init.reverse());
    return new Swept(forward.build(), commented(l, reverse.build()));
  }

  /**
   * A loop of accumulator updates (see {@link LoopFusion#replayable}): the forward sweep runs it
   * as written and records nothing; the reverse sweep runs its header again, forward, around the
   * reverse of its body. Its counters need no saving: they are declared in its init, so nothing
   * outside reads them, and the replay sets them as the forward did.
   */
  private Swept replayedLoop(Stmt.Loop l) {
    long outer = enclosingLine;
    int outerScope = scope;
    enclosingLine = comments.lineOf(l.tree());
    tokens.put(l.id(), null);
    for (Stmt st : l.init()) {
      unsaved.add(((Stmt.Declare) st).var());
    }
    Swept init = sequence(l.init());
    scope = l.id();
    loopIds.push(l.id());
    loopBranchDepths.push(branchDepth);
    List<CodeBlock[]> rowLocals = hoistRows(l);
    Swept body = sequence(l.body().statements());
    // the header as the replay runs it, with the hoisted rows (j < x_row.length)
    CodeBlock replayCondition = l.condition() == null ? CodeBlock.of("true") : reversePrinter.print(l.condition());
    CodeBlock.Builder hoistedRows = CodeBlock.builder();
    for (CodeBlock[] local : rowLocals) {
      if (reversePrinter.usedRow(local[0].toString())) {
        hoistedRows.addStatement("$L $L = $L", local[2], local[0], local[1]);
      }
    }
    CodeBlock hoisted = hoistedRows.build();
    reversePrinter.clearRows();
    Swept update = sequence(l.update());
    // The replayed header reads what it read in the forward sweep: record that for the saves.
    for (Stmt st : l.init()) {
      Children.expressions(st).forEach(reversePrinter::print);
    }
    for (Stmt st : l.update()) {
      Children.expressions(st).forEach(reversePrinter::print);
    }
    loopIds.pop();
    loopBranchDepths.pop();
    scope = outerScope;
    enclosingLine = outer;
    String labelPrefix = l.label() == null ? "" : l.label() + ": ";
    CodeBlock condition = l.condition() == null ? CodeBlock.of("true") : forwardPrinter.print(l.condition());
    CodeBlock.Builder forward = CodeBlock.builder();
    comments.add(forward, l.tree(), enclosingLine);
    forward.add(init.forward());
    CodeBlock.Builder reverse = CodeBlock.builder();
    reverse.add("// replayed forward: the iterations' reverses are independent, no trip count recorded\n");
    reverse.add(hoisted);
    reverse.add(init.forward());
    for (CodeBlock.Builder out : List.of(forward, reverse)) {
      CodeBlock test = out == forward ? condition : replayCondition;
      out.beginControlFlow("$L", l.testFirst() ? CodeBlock.of("$Lwhile ($L)", labelPrefix, test)
          : CodeBlock.of("$Ldo", labelPrefix));
      out.add(out == forward ? body.forward() : body.reverse()).add(update.forward());
      if (l.testFirst()) {
        out.endControlFlow();
      } else {
        out.endControlFlow("while ($L)", test);
      }
    }
    return new Swept(forward.build(), commented(l, reverse.build()));
  }

  /**
   * Before a replayed loop's reverse: each row {@code m[i]} of a {@code double[][]} the body
   * reads at an index the loop does not change gets a local ({@code double[] m_row = m[i];}, and
   * {@code dm_row = dm[i]} for its adjoint), which the body's reverse then indexes: C2 keeps
   * such a row out of the loop and vectorizes {@code dm_row[j] += da * x_row[j]}, which it does
   * not for {@code dm[i][j] += da * x[s][j]}.
   */
  private List<CodeBlock[]> hoistRows(Stmt.Loop l) {
    Set<Var> written = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Expr> rows = new ArrayList<>();
    for (Stmt st : l.init()) {
      written.add(((Stmt.Declare) st).var());
    }
    for (Stmt st : l.body().statements()) {
      written.add(((Stmt.Assign) st).var());
    }
    for (Stmt st : l.body().statements()) {
      collectRows(((Stmt.Assign) st).value(), written, rows);
    }
    collectRows(l.condition(), written, rows);
    List<CodeBlock[]> locals = new ArrayList<>();
    Map<String, String> aliases = new HashMap<>();
    for (Expr row : rows) {
      Expr.ArrayRead r = (Expr.ArrayRead) row;
      Var array = ((Expr.Read) r.array()).var();
      CodeBlock printed = reversePrinter.print(row);
      String key = printed.toString();
      String alias = aliases.get(key);
      String adjoint = aliases.get("d:" + key);
      if (alias == null) {
        alias = names.fresh(names.of(array) + "_row");
        aliases.put(key, alias);
        CodeBlock rowType = CodeBlock.of("$T", JavaTypes.of(array.type().element()));
        locals.add(new CodeBlock[] {CodeBlock.of("$L", alias), printed, rowType});
        if (activity.isActive(array)) {
          adjoint = names.fresh(names.derivative(array) + "_row");
          aliases.put("d:" + key, adjoint);
          locals.add(new CodeBlock[] {CodeBlock.of("$L", adjoint), reversePrinter.print(new Expr.ArrayRead(
              new Expr.Name(names.derivative(array), array.type()), r.index(), array.type().element(), null)), rowType});
        }
      }
      reversePrinter.hoistRow(names.of(array), r.index(), alias);
      if (adjoint != null) {
        reversePrinter.hoistRow(names.derivative(array), r.index(), adjoint);
      }
    }
    return locals;
  }

  /** The rows {@code m[i]} of two-dimensional arrays in {@code e} whose index reads nothing in {@code written}. */
  private static void collectRows(Expr e, Set<Var> written, List<Expr> rows) {
    Expr row = e instanceof Expr.ArrayRead r ? r.array() : e instanceof Expr.ArrayLength n ? n.array() : null;
    if (row instanceof Expr.ArrayRead r && r.array() instanceof Expr.Read && Type.ARRAY2.is(r.array().type())
        && isPlain(r.index()) && !LoopFusion.reads(r.index(), written)) {
      rows.add(row);
      if (e instanceof Expr.ArrayRead element) {
        collectRows(element.index(), written, rows);
      }
      return;
    }
    if (e == null) {
      return;
    }
    for (Expr child : Children.of(e)) {
      collectRows(child, written, rows);
    }
  }

  /** A side-effect-free index: variables, literals and arithmetic on them. */
  private static boolean isPlain(Expr e) {
    if (e instanceof Expr.Read || e instanceof Expr.Literal) {
      return true;
    }
    if (e instanceof Expr.Binary b) {
      return isPlain(b.left()) && isPlain(b.right());
    }
    return e instanceof Expr.Unary u && isPlain(u.operand());
  }

  /**
   * The fused loop (see {@link LoopFusion}): {@code init; while (cond) { body; reverse of body;
   * update }}. Its reverse sweep only restores what the init overwrote; the updates' effects need
   * no undoing, since only the loop's own variables and the accumulators change in it.
   */
  private Swept fusedLoop(Stmt.Loop l) {
    long outer = enclosingLine;
    enclosingLine = comments.lineOf(l.tree());
    Swept init = sequence(l.init());
    fusedDepth++;
    Swept body = sequence(l.body().statements());
    Swept update = sequence(l.update());
    fusedDepth--;
    enclosingLine = outer;
    CodeBlock.Builder forward = CodeBlock.builder();
    comments.add(forward, l.tree(), enclosingLine);
    forward.add("// one pass: each iteration's reverse right after it (the accumulators' adjoints are known)\n");
    forward.add(init.forward());
    String labelPrefix = l.label() == null ? "" : l.label() + ": ";
    CodeBlock condition = l.condition() == null ? CodeBlock.of("true") : forwardPrinter.print(l.condition());
    forward.beginControlFlow("$L", l.testFirst() ? CodeBlock.of("$Lwhile ($L)", labelPrefix, condition)
        : CodeBlock.of("$Ldo", labelPrefix));
    forward.add(body.forward()).add(body.reverse()).add(update.forward());
    if (l.testFirst()) {
      forward.endControlFlow();
    } else {
      forward.endControlFlow("while ($L)", condition);
    }
    return new Swept(forward.build(), commented(l, init.reverse()));
  }

  /**
   * Forward in order; reverse in reverse order, each statement guarded by "the run got past
   * every exit site before it" when its scope (method or loop iteration) has such sites.
   */
  private Swept sequence(List<Stmt> statements) {
    CodeBlock.Builder forward = CodeBlock.builder();
    List<Swept> swept = new ArrayList<>();
    int[] lastSiteBefore = new int[statements.size()];
    int last = 0;
    for (int k = 0; k + 1 < statements.size(); k++) {
      // the components of one record statement: the reverse sweep quotes the source line once, before the last
      Stmt a = statements.get(k);
      Stmt b = statements.get(k + 1);
      if (a.tree() != null && a.tree() == b.tree() && (a instanceof Stmt.Declare || a instanceof Stmt.Assign)
          && (b instanceof Stmt.Declare || b instanceof Stmt.Assign)) {
        quotedByNext.add(a);
      }
    }
    for (int k = 0; k < statements.size(); k++) {
      if (statements.get(k) instanceof Stmt.Declare d && activity.isActive(d.var())
          && SelectedTangents.applies(d, statements.subList(k + 1, statements.size()), method)) {
        selectedInits.put(d.var(), d.init());
      }
    }
    FirstContributions.find(statements, statements == method.body().statements() ? method.params() : List.of(),
        activity, selectedInits, firstContributions);
    if (fused != null && statements == fused.body().statements()) {
      FirstContributions.elements(method, fused, activity, selectedInits, firstElements);
    }
    for (int k = 0; k < statements.size(); k++) {
      lastSiteBefore[k] = last;
      last = Math.max(last, flow.lastSiteLeaving(statements.get(k), scope));
      Swept s = sweep(statements.get(k));
      if (statements.get(k) instanceof Stmt.Return && k > 0 && statements.get(k - 1) == fused) {
        // The return's reverse gives the accumulators' adjoints the fused loop reads: it runs
        // first (it reads nothing the loop writes), and not again in the reverse sweep.
        CodeBlock loopCode = swept.get(k - 1).forward();
        forward = CodeBlock.builder().add(forwardBefore(swept, k - 1)).add(s.reverse()).add(loopCode);
        s = new Swept(s.forward(), CodeBlock.of(""));
      }
      swept.add(s);
      forward.add(s.forward());
    }
    String guardVariable = scope == ControlFlow.METHOD ? exit : tokens.get(scope);
    CodeBlock.Builder reverse = CodeBlock.builder();
    int k = statements.size() - 1;
    while (k >= 0) {
      int guard = lastSiteBefore[k];
      CodeBlock.Builder group = CodeBlock.builder();
      for (; k >= 0 && lastSiteBefore[k] == guard; k--) {
        group.add(swept.get(k).reverse());
      }
      CodeBlock g = group.build();
      if (guard > 0 && !g.isEmpty()) {
        reverse.beginControlFlow("if ($L > $L)", guardVariable, guard).add(g).endControlFlow();
      } else {
        reverse.add(g);
      }
    }
    return new Swept(forward.build(), reverse.build());
  }

  private static CodeBlock forwardBefore(List<Swept> swept, int end) {
    CodeBlock.Builder out = CodeBlock.builder();
    for (int k = 0; k < end; k++) {
      out.add(swept.get(k).forward());
    }
    return out.build();
  }

  private static boolean isTemporary(Stmt s) {
    return s instanceof Stmt.Declare d && d.var().isTemporary();
  }

  private CodeBlock commented(Stmt s, CodeBlock reverse) {
    if (grouped.contains(s)) {
      groupReverse = !reverse.isEmpty();
      return reverse; // its partner, next in the source, comes first in the reverse sweep: it quotes the line
    }
    boolean partnerReverse = groupReverse;
    groupReverse = false;
    String quote = partnerReverse && reverse.isEmpty() && !isTemporary(s) ? comments.of(s.tree(), enclosingLine) : null;
    if (quote != null) {
      return CodeBlock.builder().add("// $L\n", quote).build();
    }
    if (reverse.isEmpty() || isTemporary(s) || quotedByNext.contains(s)) {
      return reverse;
    }
    CodeBlock.Builder out = CodeBlock.builder();
    comments.add(out, s.tree(), enclosingLine);
    return out.add(reverse).build();
  }

  // ---- adjoints of expressions --------------------------------------------------------------

  /** {@code v = e}: the adjoint of the new {@code v} flows into {@code e}'s operands. */
  private void adjointOfAssignment(Var v, Expr e, boolean declaration, CodeBlock.Builder out) {
    String name = names.derivative(v);
    Expr dv = new Expr.Name(name, v.type());
    String zero = v.type() == Type.TENSOR ? "null" : zeroOf(v.type());
    if (v.type().isArray() && !declaration) {
      // y = step(y, …) of a @Checkpoint step: the new array's adjoint goes to the call, the old array
      // (restored before) starts from zeros of the same shape (the forward sweep checked the shapes)
      String next = names.fresh(name + "_next");
      out.addStatement("$T $L = $L", JavaTypes.of(v.type()), next, name)
          .addStatement("$L = $T.zerosLike($L)", name, ExprPrinter.classNameOf(Lvalues.ARRAY_OPS), next);
      if (activity.isActive(e)) {
        adjoint(e, new Expr.Name(next, v.type()), out);
      }
      return;
    }
    if (!activity.isActive(e)) {
      if (!declaration) {
        out.addStatement("$L = $L", name, zero);
      }
      return;
    }
    if (v.type() == Type.TENSOR) {
      // A tensor adjoint is null until something reaches it: nothing to propagate then.
      if (flowsFrom(e, v)) {
        String next = names.fresh(name + "_next");
        out.addStatement("$T $L = $L", JavaTypes.TENSOR, next, name).addStatement("$L = null", name);
        out.beginControlFlow("if ($L != null)", next);
        adjoint(e, new Expr.Name(next, Type.TENSOR), out);
        out.endControlFlow();
      } else {
        out.beginControlFlow("if ($L != null)", name);
        adjoint(e, dv, out);
        if (!declaration) {
          out.addStatement("$L = null", name);
        }
        out.endControlFlow();
      }
      return;
    }
    if (e instanceof Expr.Binary b && (b.op() == Operator.PLUS || b.op() == Operator.MINUS)
        && b.left() instanceof Expr.Read r && r.var() == v && !flowsFrom(b.right(), v)) {
      // v += rest: the adjoint of v passes through unchanged; rest gets its share.
      adjoint(b.right(), b.op() == Operator.PLUS ? dv : Sym.neg(dv), out);
      return;
    }
    if (flowsFrom(e, v)) {
      String next = names.fresh(name + "_next");
      out.addStatement("$T $L = $L", JavaTypes.of(v.type()), next, name).addStatement("$L = $L", name, zero);
      adjointIntoZeroed(new Expr.Read(v, null), e, new Expr.Name(next, v.type()), out);
    } else {
      adjoint(e, dv, out);
      if (!declaration) {
        out.addStatement("$L = $L", name, zero);
      }
    }
  }

  /** {@code a[i] = e}: the adjoint of the new element flows into {@code e}; the element's is then 0. */
  private void adjointOfStore(Stmt.Store st, CodeBlock.Builder out) {
    CodeBlock element = reversePrinter.print(Lvalues.derivative(st.target(), names));
    Type elementType = st.target().type();
    if (!activity.isActive(st.value())) {
      out.addStatement("$L = $L", element, zeroOf(elementType));
      return;
    }
    String next = names.fresh(names.derivative(st.array()) + "_element");
    out.addStatement("$T $L = $L", JavaTypes.of(elementType), next, element)
        .addStatement("$L = $L", element, zeroOf(elementType));
    adjointIntoZeroed(st.target(), st.value(), new Expr.Name(next, elementType), out);
  }

  /** The zero an adjoint of a {@code double} or {@code float} value is reset to. */
  private static String zeroOf(Type t) {
    return t == Type.FLOAT ? "0.0f" : "0.0";
  }

  private static boolean flowsFrom(Expr e, Var v) {
    Set<Var> operands = Collections.newSetFromMap(new IdentityHashMap<>());
    Activity.flowVars(e, operands);
    return operands.contains(v);
  }

  /** A {@code @Differentiable} call (or a conditional holding one) whose adjoint waits for the rest of its expression's. */
  private record Deferred(Expr unit, Expr seed) {}

  /**
   * The deferred calls of the expression being swept, in the order their adjoints are written:
   * the reverse of the order in which Java evaluates the calls. Null outside {@link #adjoint}.
   */
  private Deque<Deferred> deferred;

  /**
   * Adds {@code seed} times the derivative of {@code e} to the adjoints of its active operands.
   *
   * <p>The calls of other {@code @Differentiable} methods in {@code e} come last, the last-evaluated
   * first, after the expression's other contributions: the order in which the reverse sweep meets
   * the same calls when they are inlined (as statements before {@code e}), so that adjoints are
   * summed in the same order and a {@code @Checkpoint} call's gradient is bit-identical to the
   * inlined call's.
   */
  private void adjoint(Expr e, Expr seed, CodeBlock.Builder out) {
    Deque<Deferred> outer = deferred;
    deferred = new ArrayDeque<>();
    try {
      operandAdjoint(e, seed, out);
      writeDeferred(deferred, out);
    } finally {
      deferred = outer;
    }
  }

  private void writeDeferred(Deque<Deferred> calls, CodeBlock.Builder out) {
    for (Deferred d : calls) {
      if (d.unit() instanceof Expr.DiffCall call) {
        calleeAdjoint(call, d.seed(), out);
      } else {
        conditionalAdjoint((Expr.Conditional) d.unit(), d.seed(), out);
      }
    }
  }

  private static boolean hasDiffCall(Expr e) {
    return e instanceof Expr.DiffCall
        || dev.adjoint.processor.ir.Children.of(e).stream().anyMatch(ReverseTransform::hasDiffCall);
  }

  private void conditionalAdjoint(Expr.Conditional c, Expr seed, CodeBlock.Builder out) {
    CodeBlock.Builder ifTrue = CodeBlock.builder();
    CodeBlock.Builder ifFalse = CodeBlock.builder();
    Expr before = zeroed;
    adjoint(c.ifTrue(), seed, ifTrue);
    Expr afterTrue = zeroed;
    zeroed = before;
    adjoint(c.ifFalse(), seed, ifFalse);
    zeroed = afterTrue == before && zeroed == before ? before : null; // exclusive branches: see #zeroed
    out.beginControlFlow("if ($L)", reversePrinter.print(c.condition())).add(ifTrue.build());
    elseBranch(out, ifFalse.build());
    out.endControlFlow();
  }

  /** {@link #adjoint} within an expression: calls are deferred to the end of the expression. */
  private void operandAdjoint(Expr e, Expr seed, CodeBlock.Builder out) {
    if (!activity.isActive(e)) {
      return;
    }
    if (zeroed instanceof Expr.ArrayRead z && (e instanceof Expr.ArrayRead || e.type().isArray())
        && !Partials.sameValue(e, z) && !(e instanceof Expr.ArrayRead a && distinctElements(a, z))) {
      zeroed = null; // a contribution that may reach the reset element another way (a[j] with j == i, a row)
    }
    if (e instanceof Expr.Read r && selectedInits.containsKey(r.var())) {
      operandAdjoint(selectedInits.get(r.var()), seed, out); // where the selection picks it: see selectedInits
      return;
    }
    if (e instanceof Expr.Read r && r.type() == Type.TENSOR) {
      String d = names.derivative(r.var());
      out.addStatement("$L = $T.$L($L, $L)", d, JavaTypes.TENSOR_SUPPORT,
          ownedSums.contains(r.var()) ? "accumulate" : "plus", d, reversePrinter.print(seed));
    } else if (e instanceof Expr.TensorCall call) {
      tensorAdjoint(call, seed, out);
    } else if (e instanceof Expr.Read r && r.type().isArray()) {
      out.addStatement("$T.addTo($L, $L, $S)", ExprPrinter.classNameOf(Lvalues.ARRAY_OPS), names.derivative(r.var()),
          reversePrinter.print(seed), method.signature().vjpMethod());
    } else if (e instanceof Expr.ArrayRead a && firstElement(a)) {
      assignAdjoint(e, seed, out); // its adjoint is still zero here (FirstContributions.elements)
    } else if (e instanceof Expr.Read r && assignNext.contains(r.var())) {
      assignNext.remove(r.var()); // its adjoint is still zero here (FirstContributions)
      assignAdjoint(e, seed, out);
    } else if ((e instanceof Expr.Read || e instanceof Expr.ArrayRead) && zeroed != null && Partials.sameValue(e, zeroed)) {
      zeroed = null;
      assignAdjoint(e, seed, out);
    } else if (e instanceof Expr.Read || e instanceof Expr.ArrayRead) {
      accumulate(reversePrinter.print(Lvalues.derivative(e, names)), seed, out);
    } else if (e instanceof Expr.NewRecord r && r.type().isRecordArray()) {
      // the seed is an array of records of the same length: each column's adjoint is its column
      List<dev.adjoint.processor.ir.RecordShape.Component> components = r.type().shape().components();
      CodeBlock whole = reversePrinter.print(seed);
      for (int k = 0; k < components.size(); k++) {
        Expr column = r.components().get(k);
        if (column.type().differentiable()) {
          adjoint(column, new Expr.Name(RecordLayouts.column(components.get(k).type(), whole,
              r.type().shape().type(), components.get(k).name()).toString(), column.type()), out);
        }
      }
    } else if (e instanceof Expr.NewRecord r) {
      // the seed is a record of the same type: each component's adjoint is its component
      List<dev.adjoint.processor.ir.RecordShape.Component> components = r.type().shape().components();
      CodeBlock whole = reversePrinter.print(seed);
      for (int k = 0; k < components.size(); k++) {
        Expr part = r.components().get(k);
        if (part.type().differentiable()) {
          adjoint(part, new Expr.Name(whole + "." + components.get(k).name() + "()", part.type()), out);
        }
      }
    } else if (e instanceof Expr.NewArray n) {
      for (int k = 0; k < n.elements().size(); k++) {
        operandAdjoint(n.elements().get(k), new Expr.ArrayRead(seed, new Expr.Literal(Integer.toString(k), Type.INT,
            null), n.elements().get(k).type(), null), out);
      }
    } else if (e instanceof Expr.Conditional c && hasDiffCall(c)) {
      deferred.addFirst(new Deferred(c, seed)); // like a conditional whose calls are inlined: after the rest
    } else if (e instanceof Expr.Conditional c) {
      conditionalAdjoint(c, seed, out);
    } else if (e instanceof Expr.DiffCall call) {
      deferred.addFirst(new Deferred(call, seed));
    } else if (e instanceof Expr.TangentCall call) {
      calleeTangentAdjoint(call, seed, out);
    } else if (e instanceof Expr.CustomCall call && !call.derivative().allPartials()) {
      customAdjoint(call, seed, out);
    } else if (Partials.isChoice(e) && !hasDiffCall(e)) {
      selectedAdjoint((Expr.MathCall) e, seed, out);
    } else {
      for (Partials.Partial p : Partials.of(e)) {
        if (activity.isActive(p.operand())) {
          operandAdjoint(p.operand(), p.scale().apply(seed), out);
        }
      }
    }
  }

  /**
   * {@code max(a, b)}: the seed goes to the operand that wins, half to each on a tie (or a NaN) —
   * {@code if (a > b) {da += g;} else if (a < b) {db += g;} else {…0.5 * g…}}. The same sums as
   * multiplying by the partials {@code maxPartialFirst/Second} (1, 0 or ½), without two rule calls
   * per evaluation and without the loser's adjoint work on a zero (a fifth of a binomial tree's
   * gradient); and like PyTorch's {@code maximum}, the loser gets nothing, not {@code 0 * g}.
   */
  private void selectedAdjoint(Expr.MathCall m, Expr seed, CodeBlock.Builder out) {
    Expr a = m.args().get(0);
    Expr b = m.args().get(1);
    boolean activeA = activity.isActive(a);
    boolean activeB = activity.isActive(b);
    if (activeA && activeB && !(seed instanceof Expr.Name || seed instanceof Expr.Read)) {
      String g = names.fresh("g");
      out.addStatement("$T $L = $L", JavaTypes.of(seed.type()), g, reversePrinter.print(seed));
      seed = new Expr.Name(g, seed.type());
    }
    Partials.Choice choice = Partials.Choice.of(m);
    Expr aWins = choice.firstWins();
    Expr bWins = choice.secondWins();
    Expr half = Sym.mul(seed, Expr.Literal.of(0.5));
    // exclusive branches: each starts from the zeroed state before them (see #zeroed)
    Expr before = zeroed;
    boolean changed = false;
    CodeBlock.Builder tie = CodeBlock.builder();
    if (activeA) {
      operandAdjoint(a, half, tie);
    }
    if (activeB) {
      operandAdjoint(b, half, tie);
    }
    changed |= zeroed != before;
    zeroed = before;
    CodeBlock.Builder winner = CodeBlock.builder();
    operandAdjoint(activeA ? a : b, seed, winner);
    changed |= zeroed != before;
    zeroed = before;
    out.beginControlFlow("if ($L)", reversePrinter.print(activeA ? aWins : bWins)).add(winner.build());
    if (activeA && activeB) {
      CodeBlock.Builder other = CodeBlock.builder();
      operandAdjoint(b, seed, other);
      changed |= zeroed != before;
      out.nextControlFlow("else if ($L)", reversePrinter.print(bWins)).add(other.build());
      out.nextControlFlow("else").add(tie.build());
    } else {
      // the inactive operand wins when the other test holds; a tie (or a NaN) when neither does
      Expr neither = new Expr.Unary(Operator.NOT, activeA ? bWins : aWins, Type.BOOL, null);
      out.nextControlFlow("else if ($L)", reversePrinter.print(neither)).add(tie.build());
    }
    out.endControlFlow();
    zeroed = changed ? null : before;
  }

  /** Each active argument of a {@code @DerivativeOf} function gets its partial times {@code seed}, or its VJP of it. */
  private void customAdjoint(Expr.CustomCall call, Expr seed, CodeBlock.Builder out) {
    List<Integer> active = new ArrayList<>();
    for (int i = 0; i < call.args().size(); i++) {
      if (call.args().get(i).type().differentiable() && activity.isActive(call.args().get(i))) {
        active.add(i);
      }
    }
    if (active.size() > 1 && !(seed instanceof Expr.Name)) {
      String g = names.fresh("g");
      out.addStatement("$T $L = $L", JavaTypes.of(seed.type()), g, reversePrinter.print(seed));
      seed = new Expr.Name(g, seed.type());
    }
    for (int i : active) {
      dev.adjoint.processor.ir.PartialMethod partial = call.partials().get(i);
      Expr arg = call.args().get(i);
      operandAdjoint(arg, partial == null ? Partials.vjp(call, i, seed)
          : Sym.mul(seed, new Expr.PlainCall(partial.owner(), partial.name(), call.args(), Type.SCALAR, null)), out);
    }
  }

  /** Each active argument of a tensor operation gets its rule applied to {@code seed}. */
  private void tensorAdjoint(Expr.TensorCall call, Expr seed, CodeBlock.Builder out) {
    List<Integer> active = new ArrayList<>();
    for (int i = 0; i < call.args().size(); i++) {
      if (call.function().reverseRule(i) != null && activity.isActive(call.args().get(i))) {
        active.add(i);
      }
    }
    if (active.size() > 1 && !(seed instanceof Expr.Name)) {
      // Several rules use the seed: compute it once.
      String g = names.fresh("g");
      out.addStatement("$T $L = $L", JavaTypes.of(seed.type()), g, reversePrinter.print(seed));
      seed = new Expr.Name(g, seed.type());
    }
    for (int i : active) {
      Expr arg = call.args().get(i);
      String into = call.function().accumulatingRule(i);
      if (into != null && arg instanceof Expr.Read r && ownedSums.contains(r.var())) {
        // an owned parameter gradient: the rule adds its contribution in place (see ownedSums)
        String d = names.derivative(r.var());
        out.addStatement("$L = $L", d, reversePrinter.print(
            new Expr.RuleCall(into, call, seed, null, -1, new Expr.Name(d, Type.TENSOR), Type.TENSOR)));
        continue;
      }
      operandAdjoint(arg, new Expr.RuleCall(call.function().reverseRule(i), call, seed, null, i - call.varargsFrom(),
          null, arg.type()), out);
    }
  }

  /**
   * Whether {@code a} is one of {@link #assignNextElements} (taken off the list); a contribution to
   * an element of the same array that may be one of them (not surely another) takes that one off too.
   */
  private boolean firstElement(Expr.ArrayRead a) {
    boolean first = false;
    for (java.util.Iterator<Expr.ArrayRead> it = assignNextElements.iterator(); it.hasNext(); ) {
      Expr.ArrayRead next = it.next();
      if (!first && Partials.sameValue(a, next)) {
        it.remove();
        first = true;
      } else if (Partials.sameValue(a.array(), next.array()) && !distinctElements(a, next)) {
        it.remove();
      }
    }
    return first;
  }

  /** Whether {@code a} and {@code b} are surely different elements: a[x + 1] and a[x], a[2] and a[0]. */
  private static boolean distinctElements(Expr.ArrayRead a, Expr.ArrayRead b) {
    if (!Partials.sameValue(a.array(), b.array())) {
      return false;
    }
    Expr baseA = offsetBase(a.index());
    Expr baseB = offsetBase(b.index());
    return (baseA == null ? baseB == null : baseB != null && Partials.sameValue(baseA, baseB))
        && offset(a.index()) != offset(b.index());
  }

  /** x for x + c, x - c and x; null for a literal c. */
  private static Expr offsetBase(Expr index) {
    if (index instanceof Expr.Literal) {
      return null;
    }
    if (index instanceof Expr.Binary b && (b.op() == Operator.PLUS || b.op() == Operator.MINUS)
        && b.right() instanceof Expr.Literal c && c.type() == Type.INT) {
      return b.left();
    }
    return index;
  }

  /** c for x + c, -c for x - c, c for a literal c, 0 otherwise (Long.MIN_VALUE: not an int literal). */
  private static long offset(Expr index) {
    if (index instanceof Expr.Literal c) {
      return c.type() == Type.INT ? Long.parseLong(c.text()) : Long.MIN_VALUE;
    }
    if (index instanceof Expr.Binary b && (b.op() == Operator.PLUS || b.op() == Operator.MINUS)
        && b.right() instanceof Expr.Literal c && c.type() == Type.INT) {
      return b.op() == Operator.PLUS ? Long.parseLong(c.text()) : -Long.parseLong(c.text());
    }
    return 0;
  }

  /** {@code dv = seed} for a variable or element whose adjoint is known to be zero here. */
  private void assignAdjoint(Expr target, Expr seed, CodeBlock.Builder out) {
    // += narrows to float implicitly, = does not (a float's partials may be doubles)
    Expr narrowed = target.type() == Type.FLOAT && seed.type() != Type.FLOAT ? new Expr.Cast(Type.FLOAT, seed, null) : seed;
    out.addStatement("$L = $L", reversePrinter.print(Lvalues.derivative(target, names)), reversePrinter.print(narrowed));
  }

  /** {@link #adjoint} right after the adjoint of {@code target} was reset (see {@link #zeroed}). */
  private void adjointIntoZeroed(Expr target, Expr e, Expr seed, CodeBlock.Builder out) {
    zeroed = target;
    try {
      adjoint(e, seed, out);
    } finally {
      zeroed = null;
    }
  }

  private void accumulate(CodeBlock target, Expr seed, CodeBlock.Builder out) {
    if (seed instanceof Expr.Unary u && u.op() == Operator.NEG) {
      out.addStatement("$L -= $L", target, reversePrinter.print(u.operand()));
    } else {
      out.addStatement("$L += $L", target, reversePrinter.print(seed));
    }
  }

  /** {@code FooGradient g = OtherDerivatives.fooVjp(args, seed)}, then each active argument gets its share. */
  private void calleeAdjoint(Expr.DiffCall call, Expr seed, CodeBlock.Builder out) {
    ClassName companion = ExprPrinter.companionOf(call.callee().owner());
    String result = names.fresh(call.callee().name() + "Gradient");
    List<Expr> args = new ArrayList<>(call.args());
    // a float method's seed is a float; the partials around the call may be doubles
    args.add(call.callee().returnType() == Type.FLOAT && seed.type() != Type.FLOAT
        ? new Expr.Cast(Type.FLOAT, seed, null) : seed);
    CodeBlock.Builder invocation = CodeBlock.builder();
    reversePrinter.call(companion, call.callee().vjpMethod(), args, invocation);
    out.addStatement("$T $L = $L", companion.nestedClass(call.callee().gradientRecord()), result,
        invocation.build());
    // Last parameter first, as when the call is inlined (its parameters are declarations swept
    // backwards), and the calls among the arguments after all of them: a @Checkpoint call's
    // gradients are then bit-identical to the inlined call's.
    List<Integer> wrt = new ArrayList<>(call.callee().wrt());
    Collections.reverse(wrt);
    Deque<Deferred> outer = deferred;
    Deque<Deferred> calls = new ArrayDeque<>();
    try {
      for (int i : wrt) {
        deferred = new ArrayDeque<>();
        Expr arg = call.args().get(i);
        String param = call.callee().paramNames().get(i);
        operandAdjoint(arg, new Expr.Name(result + "." + param + "()", call.callee().paramTypes().get(i)), out);
        calls.addAll(deferred);
      }
    } finally {
      deferred = outer;
    }
    writeDeferred(calls, out);
  }

  /**
   * The adjoint of the tangent {@code t = <∇g(x), v>} of a call of {@code g} (second order):
   * {@code x} gets {@code seed · H v}, {@code v} gets {@code seed · ∇g}, both from
   * {@code GHvp h = OtherDerivatives.gHvp(x, v)}.
   */
  private void calleeTangentAdjoint(Expr.TangentCall call, Expr seed, CodeBlock.Builder out) {
    dev.adjoint.processor.ir.Signature callee = call.callee();
    ClassName companion = ExprPrinter.companionOf(callee.owner());
    String result = names.fresh(callee.name() + "Hvp");
    List<Expr> args = new ArrayList<>(call.args());
    args.addAll(call.tangents());
    CodeBlock.Builder invocation = CodeBlock.builder();
    reversePrinter.call(companion, callee.hvpMethod(), args, invocation);
    out.addStatement("$T $L = $L", companion.nestedClass(callee.hvpRecord()), result, invocation.build());
    if (!(seed instanceof Expr.Literal) && !(seed instanceof Expr.Name)) {
      String g = names.fresh("g");
      out.addStatement("double $L = $L", g, reversePrinter.print(seed));
      seed = new Expr.Name(g, Type.SCALAR);
    }
    for (int j = 0; j < callee.wrt().size(); j++) {
      int i = callee.wrt().get(j);
      String component = dev.adjoint.processor.ir.Signature.gradientComponent(callee.paramNames().get(i)) + "()";
      Type type = callee.paramTypes().get(i);
      adjoint(call.args().get(i), scaled(seed, new Expr.Name(result + ".hvp()." + component, type)), out);
      adjoint(call.tangents().get(j), scaled(seed, new Expr.Name(result + ".gradient()." + component, type)), out);
    }
  }

  /** {@code seed · e} for a {@code double} or an array {@code e}. */
  private static Expr scaled(Expr seed, Expr e) {
    if (seed instanceof Expr.Literal l && l.isOne()) {
      return e;
    }
    if (Type.SCALAR.is(e.type())) {
      return Sym.mul(seed, e);
    }
    return new Expr.PlainCall(Lvalues.ARRAY_OPS, "scale", List.of(seed, e), e.type(), null);
  }

  // ---- exit sites ---------------------------------------------------------------------------

  private boolean isLastStatement(Stmt s) {
    List<Stmt> top = method.body().statements();
    return !top.isEmpty() && top.get(top.size() - 1) == s;
  }

  /** Whether some return is not the body's last statement, so the forward sweep must jump out. */
  private boolean needsLabel(Stmt s) {
    if (s instanceof Stmt.Return) {
      return !isLastStatement(s);
    }
    return dev.adjoint.processor.ir.Children.statements(s).stream().anyMatch(this::needsLabel);
  }
}
