package dev.adjoint.processor.transform;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.adjoint.processor.analysis.Activity;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.MethodIr;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverse mode: the body of {@code nameVjp}, a forward sweep followed by a reverse sweep.
 *
 * <p>The forward sweep runs the primal statements and keeps what the reverse sweep will need:
 * the old value of a variable an assignment overwrites, when some adjoint statement reads that
 * variable (to-be-recorded analysis, found by a dry run that notes every variable the reverse
 * code reads), and which branch an {@code if} took. Locals are hoisted to the top so both
 * sweeps see them. Returns are numbered in source order ("exit sites"); the forward sweep
 * leaves through a labeled block and notes the site, and the reverse sweep reverses statement
 * {@code i} of a block only if the run reached it, i.e. the exit site is later than every
 * return before it.
 */
public final class ReverseTransform {
  private record Swept(CodeBlock forward, CodeBlock reverse) {}

  private final MethodIr method;
  private final Activity activity;
  private final Names names;
  private final LineComments comments;
  /** What the reverse sweep reads; filled by the dry run, then consulted. */
  private final Set<Var> readByAdjoint;
  private final ExprPrinter forwardPrinter;
  private final ExprPrinter reversePrinter;
  private final Map<Stmt.Return, Integer> exitSites = new IdentityHashMap<>();
  /** Declarations of saved values and branch flags, in source order (a flag's slot is taken before its branches'). */
  private final List<CodeBlock> hoisted = new ArrayList<>();
  /** The line of the statement whose branches are being swept (0 at the top). */
  private long enclosingLine;
  private final String seed;
  private final String value;
  private final String exit;
  private final String label;

  private ReverseTransform(MethodIr method, Activity activity, Names names, LineComments comments,
      Set<Var> readByAdjoint, String seed) {
    this.method = method;
    this.activity = activity;
    this.names = names;
    this.comments = comments;
    this.readByAdjoint = readByAdjoint;
    this.forwardPrinter = new ExprPrinter(names, v -> { });
    this.reversePrinter = new ExprPrinter(names, readByAdjoint::add);
    this.seed = seed;
    numberExitSites(method.body());
    this.value = names.fresh("value");
    this.exit = exitSites.size() > 1 ? names.fresh("exit") : null;
    this.label = needsLabel() ? names.fresh("forward") : null;
  }

  /**
   * The statements of {@code nameVjp} after its parameters, ending in
   * {@code return new NameGradient(...)}.
   */
  public static CodeBlock body(MethodIr method, Activity activity, Names names, LineComments comments,
      ClassName gradientRecord, String seed) {
    Set<Var> read = Collections.newSetFromMap(new IdentityHashMap<>());
    new ReverseTransform(method, activity, names.copy(), comments, read, seed).sweep(method.body());
    return new ReverseTransform(method, activity, names, comments, read, seed).build(gradientRecord);
  }

  private CodeBlock build(ClassName gradientRecord) {
    Swept body = sweep(method.body());
    CodeBlock.Builder out = CodeBlock.builder();
    for (Var v : method.locals()) {
      out.addStatement("$L $L = $L", v.type().javaName(), names.of(v), v.type().zero());
    }
    hoisted.forEach(out::add);
    List<String> gradients = new ArrayList<>();
    for (Var p : method.wrt()) {
      gradients.add(names.derivative(p));
      out.addStatement("double $L = 0.0", names.derivative(p));
    }
    for (Var v : method.locals()) {
      if (activity.isActive(v)) {
        out.addStatement("double $L = 0.0", names.derivative(v));
      }
    }
    out.addStatement("double $L = 0.0", value);
    if (exit != null) {
      out.addStatement("int $L = 0", exit);
    }
    out.add("\n// forward sweep\n");
    if (label != null) {
      out.beginControlFlow("$L:", label).add(body.forward()).endControlFlow();
    } else {
      out.add(body.forward());
    }
    out.add("\n// reverse sweep\n").add(body.reverse());
    out.addStatement("return new $T($L$L)", gradientRecord, value,
        gradients.stream().map(g -> ", " + g).reduce("", String::concat));
    return out.build();
  }

  // ---- statements ---------------------------------------------------------------------------

  private Swept sweep(Stmt s) {
    if (s instanceof Stmt.Block b) {
      return sequence(b.statements());
    }
    CodeBlock.Builder forward = CodeBlock.builder();
    comments.add(forward, s.tree(), enclosingLine);
    CodeBlock.Builder reverse = CodeBlock.builder();
    if (s instanceof Stmt.Declare d) {
      if (d.init() != null) {
        forward.addStatement("$L = $L", names.of(d.var()), forwardPrinter.print(d.init()));
        if (activity.isActive(d.var())) {
          adjointOfAssignment(d.var(), d.init(), true, reverse);
        }
      }
    } else if (s instanceof Stmt.Assign a) {
      Var v = a.var();
      if (readByAdjoint.contains(v)) {
        String old = names.fresh(names.of(v) + "_old");
        hoisted.add(CodeBlock.builder().addStatement("$L $L = $L", v.type().javaName(), old, v.type().zero()).build());
        forward.addStatement("$L = $L", old, names.of(v));
        reverse.addStatement("$L = $L", names.of(v), old);
      }
      forward.addStatement("$L = $L", names.of(v), forwardPrinter.print(a.value()));
      if (activity.isActive(v)) {
        adjointOfAssignment(v, a.value(), false, reverse);
      }
    } else if (s instanceof Stmt.If i) {
      return ifStatement(i);
    } else if (s instanceof Stmt.Return r) {
      forward.addStatement("$L = $L", value, forwardPrinter.print(r.value()));
      if (exit != null) {
        forward.addStatement("$L = $L", exit, exitSites.get(r));
      }
      if (label != null && !isLastStatement(r)) {
        forward.addStatement("break $L", label);
      }
      adjoint(r.value(), new Expr.Name(seed, Type.SCALAR), reverse);
    } else if (s instanceof Stmt.Call c) {
      forward.addStatement("$L", forwardPrinter.print(c.call()));
    } else {
      throw new IllegalStateException("no adjoint for " + s);
    }
    return new Swept(forward.build(), commented(s, reverse.build()));
  }

  private Swept ifStatement(Stmt.If i) {
    int slot = hoisted.size();
    hoisted.add(CodeBlock.of(""));
    long outer = enclosingLine;
    enclosingLine = comments.lineOf(i.tree());
    Swept then = sequence(i.then().statements());
    Swept orElse = sequence(i.orElse().statements());
    enclosingLine = outer;
    CodeBlock.Builder forward = CodeBlock.builder();
    comments.add(forward, i.tree(), enclosingLine);
    forward.beginControlFlow("if ($L)", forwardPrinter.print(i.condition()));
    if (then.reverse().isEmpty() && orElse.reverse().isEmpty()) {
      forward.add(then.forward());
      elseBranch(forward, orElse.forward());
      return new Swept(forward.endControlFlow().build(), CodeBlock.of(""));
    }
    String took = names.fresh("branch" + comments.lineOf(i.tree()));
    hoisted.set(slot, CodeBlock.builder().addStatement("boolean $L = false", took).build());
    forward.addStatement("$L = true", took).add(then.forward());
    elseBranch(forward, orElse.forward());
    forward.endControlFlow();

    CodeBlock.Builder reverse = CodeBlock.builder();
    if (then.reverse().isEmpty()) {
      reverse.beginControlFlow("if (!$L)", took).add(orElse.reverse());
    } else {
      reverse.beginControlFlow("if ($L)", took).add(then.reverse());
      elseBranch(reverse, orElse.reverse());
    }
    return new Swept(forward.build(), commented(i, reverse.endControlFlow().build()));
  }

  private static void elseBranch(CodeBlock.Builder out, CodeBlock orElse) {
    if (!orElse.isEmpty()) {
      out.nextControlFlow("else").add(orElse);
    }
  }

  /**
   * Forward in order; reverse in reverse order, each statement guarded by "the run got past
   * every return before it" when there are such returns.
   */
  private Swept sequence(List<Stmt> statements) {
    CodeBlock.Builder forward = CodeBlock.builder();
    List<Swept> swept = new ArrayList<>();
    int[] lastSiteBefore = new int[statements.size()];
    int last = 0;
    for (int k = 0; k < statements.size(); k++) {
      lastSiteBefore[k] = last;
      last = Math.max(last, lastExitSite(statements.get(k)));
      Swept s = sweep(statements.get(k));
      swept.add(s);
      forward.add(s.forward());
    }
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
        reverse.beginControlFlow("if ($L > $L)", exit, guard).add(g).endControlFlow();
      } else {
        reverse.add(g);
      }
    }
    return new Swept(forward.build(), reverse.build());
  }

  private CodeBlock commented(Stmt s, CodeBlock reverse) {
    if (reverse.isEmpty()) {
      return reverse;
    }
    CodeBlock.Builder out = CodeBlock.builder();
    comments.add(out, s.tree(), enclosingLine);
    return out.add(reverse).build();
  }

  // ---- adjoints of expressions --------------------------------------------------------------

  /** {@code v = e}: the adjoint of the new {@code v} flows into {@code e}'s operands. */
  private void adjointOfAssignment(Var v, Expr e, boolean declaration, CodeBlock.Builder out) {
    String dv = names.derivative(v);
    if (!activity.isActive(e)) {
      if (!declaration) {
        out.addStatement("$L = 0.0", dv);
      }
      return;
    }
    Set<Var> operands = Collections.newSetFromMap(new IdentityHashMap<>());
    Activity.flowVars(e, operands);
    if (operands.contains(v)) {
      String next = names.fresh(dv + "_next");
      out.addStatement("double $L = $L", next, dv).addStatement("$L = 0.0", dv);
      adjoint(e, new Expr.Name(next, Type.SCALAR), out);
    } else {
      adjoint(e, new Expr.Name(dv, Type.SCALAR), out);
      if (!declaration) {
        out.addStatement("$L = 0.0", dv);
      }
    }
  }

  /** Adds {@code seed} times the derivative of {@code e} to the adjoints of its active operands. */
  private void adjoint(Expr e, Expr seed, CodeBlock.Builder out) {
    if (!activity.isActive(e)) {
      return;
    }
    if (e instanceof Expr.Read r) {
      accumulate(names.derivative(r.var()), seed, out);
    } else if (e instanceof Expr.Conditional c) {
      CodeBlock.Builder ifTrue = CodeBlock.builder();
      CodeBlock.Builder ifFalse = CodeBlock.builder();
      adjoint(c.ifTrue(), seed, ifTrue);
      adjoint(c.ifFalse(), seed, ifFalse);
      out.beginControlFlow("if ($L)", reversePrinter.print(c.condition())).add(ifTrue.build());
      elseBranch(out, ifFalse.build());
      out.endControlFlow();
    } else if (e instanceof Expr.DiffCall call) {
      calleeAdjoint(call, seed, out);
    } else {
      for (Partials.Partial p : Partials.of(e)) {
        if (activity.isActive(p.operand())) {
          adjoint(p.operand(), p.scale().apply(seed), out);
        }
      }
    }
  }

  private void accumulate(String target, Expr seed, CodeBlock.Builder out) {
    if (seed instanceof Expr.Unary u && u.op() == dev.adjoint.processor.ir.Operator.NEG) {
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
    args.add(seed);
    CodeBlock.Builder invocation = CodeBlock.builder();
    reversePrinter.call(companion, call.callee().vjpMethod(), args, invocation);
    out.addStatement("$T $L = $L", companion.nestedClass(call.callee().gradientRecord()), result,
        invocation.build());
    for (int i : call.callee().wrt()) {
      Expr arg = call.args().get(i);
      String param = call.callee().paramNames().get(i);
      adjoint(arg, new Expr.Name(result + "." + param + "()", Type.SCALAR), out);
    }
  }

  // ---- exit sites ---------------------------------------------------------------------------

  private void numberExitSites(Stmt s) {
    if (s instanceof Stmt.Return r) {
      exitSites.put(r, exitSites.size() + 1);
    } else if (s instanceof Stmt.Block b) {
      b.statements().forEach(this::numberExitSites);
    } else if (s instanceof Stmt.If i) {
      numberExitSites(i.then());
      numberExitSites(i.orElse());
    }
  }

  /** The highest exit site inside {@code s}, 0 if none. */
  private int lastExitSite(Stmt s) {
    if (s instanceof Stmt.Return r) {
      return exitSites.get(r);
    }
    if (s instanceof Stmt.Block b) {
      return b.statements().stream().mapToInt(this::lastExitSite).max().orElse(0);
    }
    if (s instanceof Stmt.If i) {
      return Math.max(lastExitSite(i.then()), lastExitSite(i.orElse()));
    }
    return 0;
  }

  private boolean isLastStatement(Stmt s) {
    List<Stmt> top = method.body().statements();
    return !top.isEmpty() && top.get(top.size() - 1) == s;
  }

  private boolean needsLabel() {
    return exitSites.keySet().stream().anyMatch(r -> !isLastStatement(r));
  }
}
