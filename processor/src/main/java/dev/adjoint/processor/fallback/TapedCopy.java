package dev.adjoint.processor.fallback;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.ArrayTypeTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import dev.adjoint.processor.RuntimeNames;
import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.diag.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * The body of one method rewritten to run on a {@code ScalarTape}: {@code double} becomes
 * {@code TapedDouble}, each arithmetic operator, comparison and {@code Math} call becomes a call
 * of the {@code TapeOps} overload of the same name (statically imported by the companion), so
 * Java's overload resolution does the typing: {@code int} arithmetic stays {@code int}, anything
 * touching a taped value is taped. Calls of static methods of the same class go to their taped
 * copies. The rest of the source (try/catch, loops, arrays, recursion) is copied as written.
 *
 * <p>What cannot run this way is a {@link Problem} ({@link Message#TAPE_UNSUPPORTED} or
 * {@link Message#FIELD_WRITE}) at the construct.
 */
final class TapedCopy {
  static final String TAPED = RuntimeNames.TAPED_DOUBLE.simpleName();
  /** The {@code TapeOps} functions of {@code Math}/{@code StrictMath} (same names). */
  static final Set<String> MATH = Set.of("sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh",
      "exp", "expm1", "log", "log10", "log1p", "sqrt", "cbrt", "abs", "toRadians", "toDegrees", "signum", "floor",
      "ceil", "rint", "round", "pow", "atan2", "hypot", "max", "min");

  /**
   * The locals in scope at the point being printed, innermost scope first: name → array
   * dimensions of a double-typed variable (0: double), or -1 for a local of another type.
   */
  private final java.util.ArrayDeque<Map<String, Integer>> scopes = new java.util.ArrayDeque<>();
  private final CompilationUnitTree unit;
  private final SourcePositions positions;
  private final CharSequence source;
  private final FallbackMethods owner;
  private final ExecutableElement method;
  private final String reason;

  private TapedCopy(Trees trees, CompilationUnitTree unit, FallbackMethods owner, ExecutableElement method,
      String reason) {
    this.unit = unit;
    this.positions = trees.getSourcePositions();
    this.owner = owner;
    this.method = method;
    this.reason = reason;
    try {
      this.source = unit.getSourceFile().getCharContent(true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The rewritten body (with braces) of {@code tree}, whose element is {@code method}. */
  static String body(Trees trees, CompilationUnitTree unit, FallbackMethods owner, ExecutableElement method,
      MethodTree tree, String reason) {
    TapedCopy copy = new TapedCopy(trees, unit, owner, method, reason);
    Map<String, Integer> params = new HashMap<>();
    for (VariableElement p : method.getParameters()) {
      params.put(p.getSimpleName().toString(), doubleDims(p.asType()));
    }
    copy.scopes.push(params);
    return copy.print(tree.getBody());
  }

  /** Array dimensions of a double-based type (0: double), or -1. */
  static int doubleDims(TypeMirror t) {
    int dims = 0;
    while (t.getKind() == TypeKind.ARRAY) {
      t = ((ArrayType) t).getComponentType();
      dims++;
    }
    return t.getKind() == TypeKind.DOUBLE ? dims : -1;
  }

  /** The double dimensions of the local {@code name} in scope, or null (not a local, or not double-typed). */
  private Integer dimsOf(String name) {
    for (Map<String, Integer> scope : scopes) {
      Integer dims = scope.get(name);
      if (dims != null) {
        return dims < 0 ? null : dims;
      }
    }
    return null;
  }

  private boolean isLocal(String name) {
    return scopes.stream().anyMatch(scope -> scope.containsKey(name));
  }

  /** {@code body()} inside a new scope of locals. */
  private String scoped(java.util.function.Supplier<String> body) {
    scopes.push(new HashMap<>());
    try {
      return body.get();
    } finally {
      scopes.pop();
    }
  }

  private static int typeDims(Tree type) {
    int dims = 0;
    while (type instanceof ArrayTypeTree a) {
      type = a.getType();
      dims++;
    }
    return type instanceof PrimitiveTypeTree p && p.getPrimitiveTypeKind() == TypeKind.DOUBLE ? dims : -1;
  }

  // ---- printing ------------------------------------------------------------------------------

  private long start(Tree t) { return positions.getStartPosition(unit, t); }

  private long end(Tree t) { return positions.getEndPosition(unit, t); }

  private String text(Tree t) { return source.subSequence((int) start(t), (int) end(t)).toString(); }

  /** The non-null direct children of {@code t} (a scanner that does not descend further). */
  private static List<Tree> directChildren(Tree t) {
    List<Tree> children = new ArrayList<>();
    t.accept(new TreeScanner<Void, Void>() {
      @Override
      public Void scan(Tree child, Void p) {
        if (child != null) {
          children.add(child);
        }
        return null;
      }
    }, null);
    return children;
  }

  /** The source of {@code t} with each direct child replaced by its printed form. */
  private String generic(Tree t) {
    return generic(t, List.of());
  }

  /** Like {@link #generic(Tree)}, but the children in {@code verbatim} keep their source (case labels). */
  private String generic(Tree t, List<? extends Tree> verbatim) {
    List<Tree> children = directChildren(t);
    children.removeIf(c -> start(c) < 0 || end(c) < 0);
    children.sort(Comparator.comparingLong(this::start));
    StringBuilder out = new StringBuilder();
    long at = start(t);
    for (Tree c : children) {
      if (start(c) < at) {
        continue; // shares source with a sibling (int a, b): printed with it
      }
      out.append(source, (int) at, (int) start(c)).append(verbatim.contains(c) ? text(c) : print(c));
      at = end(c);
    }
    return out.append(source, (int) at, (int) Math.max(at, end(t))).toString();
  }

  private String print(Tree t) {
    switch (t.getKind()) {
      case BLOCK: return scoped(() -> block((BlockTree) t));
      case CATCH: case TRY: case SWITCH: return scoped(() -> generic(t));
      case VARIABLE: return declaration((VariableTree) t, true);
      case FOR_LOOP: return scoped(() -> forLoop((ForLoopTree) t));
      case ENHANCED_FOR_LOOP: {
        EnhancedForLoopTree f = (EnhancedForLoopTree) t;
        String iterable = print(f.getExpression());
        return scoped(() -> "for (" + declaration(f.getVariable(), false) + " : " + iterable + ") "
            + print(f.getStatement()));
      }
      case EXPRESSION_STATEMENT: return statementExpression(((ExpressionStatementTree) t).getExpression()) + ";";
      case PRIMITIVE_TYPE:
        return ((PrimitiveTypeTree) t).getPrimitiveTypeKind() == TypeKind.DOUBLE ? TAPED : text(t);
      case PLUS: return call("add", (BinaryTree) t);
      case MINUS: return call("sub", (BinaryTree) t);
      case MULTIPLY: return call("mul", (BinaryTree) t);
      case DIVIDE: return call("div", (BinaryTree) t);
      case REMAINDER: return call("rem", (BinaryTree) t);
      case LESS_THAN: return call("lt", (BinaryTree) t);
      case LESS_THAN_EQUAL: return call("le", (BinaryTree) t);
      case GREATER_THAN: return call("gt", (BinaryTree) t);
      case GREATER_THAN_EQUAL: return call("ge", (BinaryTree) t);
      case EQUAL_TO: return call("eq", (BinaryTree) t);
      case NOT_EQUAL_TO: return call("ne", (BinaryTree) t);
      case UNARY_MINUS: return "neg(" + print(((UnaryTree) t).getExpression()) + ")";
      case UNARY_PLUS: return print(((UnaryTree) t).getExpression());
      case ASSIGNMENT: {
        AssignmentTree a = (AssignmentTree) t;
        checkWritable(a.getVariable());
        return isDoubleScalar(a.getVariable())
            ? print(a.getVariable()) + " = d(" + print(a.getExpression()) + ")" : generic(t);
      }
      case PLUS_ASSIGNMENT: return compound((CompoundAssignmentTree) t, "add");
      case MINUS_ASSIGNMENT: return compound((CompoundAssignmentTree) t, "sub");
      case MULTIPLY_ASSIGNMENT: return compound((CompoundAssignmentTree) t, "mul");
      case DIVIDE_ASSIGNMENT: return compound((CompoundAssignmentTree) t, "div");
      case REMAINDER_ASSIGNMENT: return compound((CompoundAssignmentTree) t, "rem");
      case PREFIX_INCREMENT: case PREFIX_DECREMENT: case POSTFIX_INCREMENT: case POSTFIX_DECREMENT: {
        ExpressionTree v = ((UnaryTree) t).getExpression();
        checkWritable(v);
        if (isDoubleScalar(v)) {
          throw cannot(t, "++/-- on a double inside an expression", "write x += 1 as its own statement");
        }
        return generic(t);
      }
      case TYPE_CAST: return cast((TypeCastTree) t);
      case NEW_ARRAY: return newArray((NewArrayTree) t, false);
      case RETURN: {
        ReturnTree r = (ReturnTree) t;
        if (r.getExpression() != null && method.getReturnType().getKind() == TypeKind.DOUBLE) {
          return "return d(" + print(r.getExpression()) + ");";
        }
        return generic(t);
      }
      case CONDITIONAL_EXPRESSION: {
        ConditionalExpressionTree c = (ConditionalExpressionTree) t;
        if (mentionsDouble(c.getTrueExpression()) || mentionsDouble(c.getFalseExpression())) {
          return "(" + print(c.getCondition()) + " ? d(" + print(c.getTrueExpression()) + ") : d("
              + print(c.getFalseExpression()) + "))";
        }
        return generic(t);
      }
      case METHOD_INVOCATION: return invocation((MethodInvocationTree) t);
      case NEW_CLASS: {
        for (ExpressionTree a : ((NewClassTree) t).getArguments()) {
          if (mentionsDouble(a) && !mentionsString(a)) {
            throw cannot(a, "passing a double to a constructor", "compute the object from inactive values");
          }
        }
        return generic(t);
      }
      case LAMBDA_EXPRESSION: case MEMBER_REFERENCE:
        if (mentionsDouble(t)) {
          throw cannot(t, "a lambda or method reference over doubles",
              "write it as a loop, or as a static helper method of this class");
        }
        return scoped(() -> generic(t));
      case CLASS:
        throw cannot(t, "a local or anonymous class", "move it out of the method");
      case IDENTIFIER: return identifier((IdentifierTree) t);
      case CASE: return caseTree((com.sun.source.tree.CaseTree) t);
      default: return generic(t);
    }
  }

  /**
   * A name as the companion (another class, same package) must write it: locals as they are,
   * members of the owner and imported names qualified.
   */
  private String identifier(IdentifierTree id) {
    String name = id.getName().toString();
    if (isLocal(name)) {
      return name;
    }
    String qualified = owner.qualify(name, unit, id);
    return qualified != null ? qualified : name;
  }

  /**
   * A case: its labels stay as written (constant expressions; on JDK 21+ they are label trees
   * wrapping the expressions), its statements or body are printed.
   */
  private String caseTree(com.sun.source.tree.CaseTree c) {
    List<Tree> children = directChildren(c);
    List<Tree> code = new ArrayList<>();
    if (c.getStatements() != null) {
      code.addAll(c.getStatements());
    }
    if (c.getBody() != null) {
      code.add(c.getBody());
    }
    children.removeIf(code::contains);
    return generic(c, children);
  }

  private String block(BlockTree b) {
    StringBuilder out = new StringBuilder(b.isStatic() ? "static {\n" : "{\n");
    for (StatementTree s : b.getStatements()) {
      out.append(print(s).indent(2)); // nested blocks indent once more
    }
    return out.append('}').toString();
  }

  private String forLoop(ForLoopTree f) {
    StringBuilder out = new StringBuilder("for (");
    for (int i = 0; i < f.getInitializer().size(); i++) {
      StatementTree s = f.getInitializer().get(i);
      if (s instanceof VariableTree v) {
        out.append(i == 0 ? declaration(v, false) : ", " + v.getName() + initializer(v));
      } else {
        out.append(i == 0 ? "" : ", ").append(statementExpression(((ExpressionStatementTree) s).getExpression()));
      }
    }
    out.append("; ").append(f.getCondition() == null ? "" : print(f.getCondition())).append("; ");
    for (int i = 0; i < f.getUpdate().size(); i++) {
      out.append(i == 0 ? "" : ", ").append(statementExpression(f.getUpdate().get(i).getExpression()));
    }
    return out.append(") ").append(print(f.getStatement())).toString();
  }

  /** {@code [final] type name [= init]}, with {@code ;} when {@code statement}. */
  private String declaration(VariableTree v, boolean statement) {
    if (v.getType() != null && start(v.getType()) >= 0 && text(v.getType()).contains("Double")) {
      throw cannot(v, "a variable of type " + text(v.getType()) + " (it holds doubles the tape cannot see)",
          "use double, double[] or double[][] values, loops and static helper methods of this class");
    }
    int dims = typeDims(v.getType());
    if (dims < 0 && v.getType() == null && v.getInitializer() != null && mentionsDouble(v.getInitializer())) {
      dims = 0; // var x = <double expression>
    }
    scopes.peek().put(v.getName().toString(), dims);
    StringBuilder out = new StringBuilder();
    if (v.getModifiers() != null && start(v.getModifiers()) >= 0) {
      out.append(text(v.getModifiers())).append(' ');
    }
    if (v.getType() != null && start(v.getType()) >= 0) {
      out.append(print(v.getType())).append(' ');
    } else if (start(v) >= 0 && source.subSequence((int) start(v), source.length()).toString().startsWith("var")) {
      out.append("var ");
    }
    out.append(v.getName()).append(initializer(v));
    return statement && isStatement(v) ? out.append(';').toString() : out.toString();
  }

  private boolean isStatement(VariableTree v) {
    long e = end(v);
    return e > 0 && source.charAt((int) e - 1) == ';';
  }

  private String initializer(VariableTree v) {
    ExpressionTree init = v.getInitializer();
    if (init == null) {
      return "";
    }
    Integer dims = dimsOf(v.getName().toString());
    if (init instanceof NewArrayTree n && n.getType() == null && dims != null && dims > 0) {
      return " = " + newArray(n, true); // double[] a = {1, 2};
    }
    return " = " + (dims != null && dims == 0 ? "d(" + print(init) + ")" : print(init));
  }

  /** An expression used as a statement: {@code x++} on a double becomes {@code x = add(x, 1)}. */
  private String statementExpression(ExpressionTree e) {
    if (e instanceof UnaryTree u && isDoubleScalar(u.getExpression())) {
      checkWritable(u.getExpression());
      String v = print(u.getExpression());
      boolean up = e.getKind() == Tree.Kind.POSTFIX_INCREMENT || e.getKind() == Tree.Kind.PREFIX_INCREMENT;
      return v + " = " + (up ? "add(" : "sub(") + v + ", 1.0)";
    }
    return print(e);
  }

  private String call(String function, BinaryTree b) {
    return function + "(" + print(b.getLeftOperand()) + ", " + print(b.getRightOperand()) + ")";
  }

  private String compound(CompoundAssignmentTree c, String function) {
    checkWritable(c.getVariable());
    if (!isDoubleScalar(c.getVariable())) {
      if (mentionsDouble(c.getExpression())) {
        throw cannot(c, "a compound assignment of a double to an integer", "cast the right-hand side");
      }
      return generic(c);
    }
    String v = print(c.getVariable());
    return v + " = " + function + "(" + v + ", " + print(c.getExpression()) + ")";
  }

  private String cast(TypeCastTree c) {
    if (c.getType() instanceof PrimitiveTypeTree p) {
      if (p.getPrimitiveTypeKind() == TypeKind.DOUBLE) {
        return "d(" + print(c.getExpression()) + ")";
      }
      return "((" + text(p) + ") value(" + print(c.getExpression()) + "))";
    }
    return generic(c);
  }

  private String newArray(NewArrayTree n, boolean doubleElements) {
    boolean isDouble = doubleElements || n.getType() != null && typeDims(n.getType()) == 0;
    if (!isDouble) {
      return generic(n);
    }
    if (n.getInitializers() != null) {
      StringBuilder out = new StringBuilder();
      if (n.getType() != null) {
        out.append("new ").append(TAPED).append("[]".repeat(bracketPairs(n)));
      }
      out.append('{');
      for (int i = 0; i < n.getInitializers().size(); i++) {
        ExpressionTree e = n.getInitializers().get(i);
        out.append(i == 0 ? "" : ", ");
        out.append(e instanceof NewArrayTree inner && inner.getType() == null ? newArray(inner, true)
            : e instanceof NewArrayTree inner2 ? print(inner2) : nestedOrScalar(e));
      }
      return out.append('}').toString();
    }
    List<? extends ExpressionTree> dims = n.getDimensions();
    String brackets = "[]".repeat(bracketPairs(n) - dims.size());
    if (dims.size() == 1 && brackets.isEmpty()) {
      return "zeros(" + print(dims.get(0)) + ")";
    }
    if (dims.size() == 2 && brackets.isEmpty()) {
      return "zeros(" + print(dims.get(0)) + ", " + print(dims.get(1)) + ")";
    }
    StringBuilder out = new StringBuilder("new ").append(TAPED);
    for (ExpressionTree d : dims) {
      out.append('[').append(print(d)).append(']');
    }
    return out.append(brackets).toString();
  }

  private String nestedOrScalar(ExpressionTree e) {
    return "d(" + print(e) + ")";
  }

  /** How many bracket pairs follow the element type of {@code n} in the source ({@code new double[n][]}: 2). */
  private int bracketPairs(NewArrayTree n) {
    String t = text(n);
    int brace = t.indexOf('{');
    String head = brace < 0 ? t : t.substring(0, brace);
    int pairs = 0;
    int depth = 0;
    for (int i = 0; i < head.length(); i++) {
      char ch = head.charAt(i);
      if (ch == '[' && depth++ == 0) {
        pairs++;
      } else if (ch == ']') {
        depth--;
      }
    }
    return pairs;
  }

  private String invocation(MethodInvocationTree call) {
    ExpressionTree select = call.getMethodSelect();
    String name;
    String qualifier = null;
    if (select instanceof IdentifierTree id) {
      name = id.getName().toString();
    } else if (select instanceof MemberSelectTree ms) {
      name = ms.getIdentifier().toString();
      qualifier = ms.getExpression().toString();
    } else {
      return generic(call);
    }
    boolean ownClass = qualifier == null || qualifier.equals(owner.simpleName());
    if (ownClass && owner.hasStaticMethod(name)) {
      ExecutableElement target = owner.staticMethod(name, call.getArguments().size());
      if (target == null) {
        throw cannot(call, "the call of " + name, "call it with its declared number of arguments");
      }
      owner.require(target);
      StringBuilder out = new StringBuilder(FallbackMethods.tapedName(name)).append('(');
      for (int i = 0; i < call.getArguments().size(); i++) {
        ExpressionTree a = call.getArguments().get(i);
        boolean scalar = i < target.getParameters().size()
            && target.getParameters().get(i).asType().getKind() == TypeKind.DOUBLE;
        out.append(i == 0 ? "" : ", ").append(scalar ? "d(" + print(a) + ")" : print(a));
      }
      return out.append(')').toString();
    }
    boolean math = qualifier == null && !owner.hasMethod(name)
        || "Math".equals(qualifier) || "StrictMath".equals(qualifier)
        || "java.lang.Math".equals(qualifier) || "java.lang.StrictMath".equals(qualifier);
    if (math && MATH.contains(name)) {
      StringBuilder out = new StringBuilder(name).append('(');
      for (int i = 0; i < call.getArguments().size(); i++) {
        out.append(i == 0 ? "" : ", ").append(print(call.getArguments().get(i)));
      }
      return out.append(')').toString();
    }
    ExecutableElement resolved = owner.resolveStatic(qualifier, name, call.getArguments().size(), unit, call);
    if (resolved != null && dev.adjoint.processor.parse.SignatureReader.isDifferentiable(resolved)
        && call.getArguments().stream().anyMatch(this::mentionsDouble)) {
      return differentiableCall(call, resolved, qualifier + "." + name);
    }
    String custom = customCall(call, qualifier, name);
    if (custom != null) {
      return custom;
    }
    boolean receiverActive = select instanceof MemberSelectTree ms2 && mentionsDouble(ms2.getExpression());
    boolean onLocal = select instanceof MemberSelectTree ms3 && ms3.getExpression() instanceof IdentifierTree q
        && isLocal(q.getName().toString());
    for (ExpressionTree a : call.getArguments()) {
      if (a.getKind() == Tree.Kind.LAMBDA_EXPRESSION || a.getKind() == Tree.Kind.MEMBER_REFERENCE) {
        print(a); // a lambda over doubles is the problem to name, not the call taking it
      }
      if (onLocal && (receiverActive || mentionsDouble(a))) {
        throw cannot(call, "the instance method call " + qualifier + "." + name + " with a double argument",
            "make " + name + " a static method of this class that takes what it reads as parameters");
      }
      if (receiverActive || mentionsDouble(a) && !mentionsString(a)) {
        throw cannot(call, "the call of " + (qualifier == null ? "" : qualifier + ".") + name
                + " with a double argument (it has no known derivative and no source in this class)",
            "make it @Differentiable, give it @DerivativeOf partials, or move it into this class as a static method");
      }
    }
    return generic(call);
  }

  /**
   * A {@code @Differentiable} method of another class with a double result and at most two
   * differentiated double parameters: one tape entry whose value and partials come from its
   * companion's {@code nameGradient}.
   */
  private String differentiableCall(MethodInvocationTree call, ExecutableElement callee, String shown) {
    dev.adjoint.processor.ir.Signature sig;
    try {
      sig = dev.adjoint.processor.parse.SignatureReader.read(callee);
    } catch (Problem p) {
      throw new Problem(p.message(), call, p.args());
    }
    String advice = "compute it outside the code that needs the tape (e.g. before the try), or give this class its own"
        + " copy";
    if (sig.returnType() != dev.adjoint.processor.ir.Type.SCALAR) {
      throw cannot(call, "the call of the @Differentiable method " + shown + " returning "
          + sig.returnType().javaName(), advice);
    }
    List<String> values = new ArrayList<>();
    StringBuilder partials = new StringBuilder();
    int active = 0;
    for (int i = 0; i < call.getArguments().size(); i++) {
      ExpressionTree a = call.getArguments().get(i);
      dev.adjoint.processor.ir.Type type = sig.paramTypes().get(i);
      if (type == dev.adjoint.processor.ir.Type.SCALAR) {
        values.add("value(" + print(a) + ")");
        if (sig.wrt().contains(i)) {
          active++;
          partials.append(", d(").append(print(a)).append("), ").append(recordOf(callee, sig)).append("::")
              .append(sig.paramNames().get(i));
        } else if (mentionsDouble(a)) {
          throw new Problem(Message.WRT_MISSING_IN_CALLEE, a, a, shown, sig.name(), sig.paramNames().get(i),
              sig.paramNames().get(i));
        }
      } else if (type.differentiable() && mentionsDouble(a)) {
        throw cannot(call, "passing an array to the @Differentiable method " + shown, advice);
      } else {
        values.add(print(a));
      }
    }
    if (active == 0 || active > 2) {
      throw cannot(call, "the call of the @Differentiable method " + shown + " with " + active
          + " differentiated arguments", advice);
    }
    String companion = recordOf(callee, sig);
    companion = companion.substring(0, companion.lastIndexOf('.'));
    return "call(" + companion + "." + sig.gradientMethod() + "(" + String.join(", ", values) + "), "
        + recordOf(callee, sig) + "::value" + partials + ")";
  }

  /** {@code p.OwnerDerivatives.NameGradient}. */
  private static String recordOf(ExecutableElement callee, dev.adjoint.processor.ir.Signature sig) {
    dev.adjoint.processor.ir.ClassRef ref = sig.owner();
    String pkg = ref.packageName().isEmpty() ? "" : ref.packageName() + ".";
    return pkg + ref.companionSimpleName() + "." + sig.gradientRecord();
  }

  /**
   * A function with {@code @DerivativeOf} methods: its value and partials at the argument values,
   * recorded as one entry ({@code custom(value, a, da, b, db)}) for up to two partials, else as a
   * chain ({@code custom(value, new Object[] {inputs}, new Object[] {partials})}) where an array
   * argument's partials are its VJP with seed 1; null for other calls.
   */
  private String customCall(MethodInvocationTree call, String qualifier, String name) {
    ExecutableElement function = owner.resolveStatic(qualifier, name, call.getArguments().size(), unit, call);
    if (function == null) {
      return null;
    }
    dev.adjoint.processor.ir.CustomDerivative derivative = owner.partialsOf(function, call);
    if (derivative == null) {
      return null;
    }
    String shown = (qualifier == null ? "" : qualifier + ".") + name;
    if (derivative.result() == dev.adjoint.processor.ir.Type.TENSOR) {
      throw cannot(call, "the call of the @DerivativeOf function " + shown + " returning Tensor",
          "call it from a method the processor differentiates statically (no fallback construct), where its VJP"
              + " and JVP are used");
    }
    if (derivative.result() != dev.adjoint.processor.ir.Type.SCALAR) {
      return customArrayCall(call, function, derivative, shown);
    }
    List<String> values = new ArrayList<>();
    for (ExpressionTree a : call.getArguments()) {
      values.add(derivative.params().get(values.size()).differentiable() ? "value(" + print(a) + ")" : print(a));
    }
    String at = "(" + String.join(", ", values) + ")";
    String target = function.getEnclosingElement().toString() + "." + name;
    List<String> inputs = new ArrayList<>();
    List<String> partials = new ArrayList<>();
    for (int i = 0; i < derivative.params().size(); i++) {
      dev.adjoint.processor.ir.Type type = derivative.params().get(i);
      if (!type.differentiable()) {
        continue;
      }
      if (type == dev.adjoint.processor.ir.Type.TENSOR) {
        throw cannot(call, "passing a Tensor to the @DerivativeOf function " + shown + " on the scalar tape",
            "compute it outside the code that needs the tape");
      }
      dev.adjoint.processor.ir.PartialMethod partial = derivative.partials().get(i);
      dev.adjoint.processor.ir.PartialMethod vjp = derivative.vjps().get(i);
      String arg = print(call.getArguments().get(i));
      inputs.add(type == dev.adjoint.processor.ir.Type.SCALAR ? "d(" + arg + ")" : arg);
      partials.add(partial != null ? partial.owner().qualifiedName() + "." + partial.name() + at
          : vjp.owner().qualifiedName() + "." + vjp.name() + "(" + String.join(", ", values) + ", 1.0)");
    }
    if (derivative.allPartials() && inputs.size() == values.size() && inputs.size() <= 2) {
      StringBuilder out = new StringBuilder("custom(").append(target).append(at);
      for (int i = 0; i < inputs.size(); i++) {
        out.append(", ").append(inputs.get(i)).append(", ").append(partials.get(i));
      }
      return out.append(')').toString();
    }
    return "custom(" + target + at + ", new Object[] {" + String.join(", ", inputs) + "}, new Object[] {"
        + String.join(", ", partials) + "})";
  }

  /**
   * A {@code @DerivativeOf} function with an array result: {@code customArray(at, inputs, function,
   * vjps)} records each element with the partials from the VJPs at its unit seed. The lambdas take
   * the argument values as a parameter, so they capture no (possibly reassigned) local; their
   * parameters end in {@code $}, which user code does not use.
   */
  private String customArrayCall(MethodInvocationTree call, ExecutableElement function,
      dev.adjoint.processor.ir.CustomDerivative derivative, String shown) {
    List<String> at = new ArrayList<>();
    List<String> casts = new ArrayList<>();
    List<String> inputs = new ArrayList<>();
    List<String> vjps = new ArrayList<>();
    for (int i = 0; i < derivative.params().size(); i++) {
      dev.adjoint.processor.ir.Type type = derivative.params().get(i);
      if (type == dev.adjoint.processor.ir.Type.TENSOR) {
        throw cannot(call, "passing a Tensor to the @DerivativeOf function " + shown + " on the scalar tape",
            "compute it outside the code that needs the tape");
      }
      String arg = print(call.getArguments().get(i));
      at.add(type.differentiable() ? "value(" + arg + ")" : arg);
      casts.add("(" + type.javaName() + ") at$[" + i + "]");
    }
    String result = derivative.result().javaName();
    for (int i = 0; i < derivative.params().size(); i++) {
      dev.adjoint.processor.ir.Type type = derivative.params().get(i);
      if (type.differentiable()) {
        dev.adjoint.processor.ir.PartialMethod vjp = derivative.vjps().get(i);
        inputs.add(type == dev.adjoint.processor.ir.Type.SCALAR ? "d(" + print(call.getArguments().get(i)) + ")"
            : print(call.getArguments().get(i)));
        vjps.add(vjp.owner().qualifiedName() + "." + vjp.name() + "(" + String.join(", ", casts) + ", (" + result
            + ") seed$)");
      }
    }
    String target = function.getEnclosingElement().toString() + "." + function.getSimpleName();
    return (derivative.result() == dev.adjoint.processor.ir.Type.ARRAY ? "customArray" : "customArray2")
        + "(new Object[] {" + String.join(", ", at) + "}, new Object[] {" + String.join(", ", inputs) + "}, at$ -> "
        + target + "(" + String.join(", ", casts) + "), (at$, seed$) -> new Object[] {" + String.join(", ", vjps)
        + "})";
  }

  // ---- checks --------------------------------------------------------------------------------

  private void checkWritable(ExpressionTree target) {
    ExpressionTree t = target;
    while (t instanceof ArrayAccessTree a) {
      t = a.getExpression();
    }
    while (t instanceof ParenthesizedTree p) {
      t = p.getExpression();
    }
    if (t instanceof IdentifierTree id && isLocal(id.getName().toString())) {
      return;
    }
    throw new Problem(Message.FIELD_WRITE, target, target);
  }

  /** Whether {@code e} is a double-typed variable or array element (a TapedDouble in the copy). */
  private boolean isDoubleScalar(ExpressionTree e) {
    int depth = 0;
    while (e instanceof ArrayAccessTree a) {
      e = a.getExpression();
      depth++;
    }
    if (e instanceof IdentifierTree id) {
      Integer dims = dimsOf(id.getName().toString());
      return dims != null && dims == depth;
    }
    return false;
  }

  /** Whether {@code e} may have a double value: names a double variable or holds a double literal. */
  boolean mentionsDouble(Tree e) {
    boolean[] found = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree id, Void p) {
        found[0] |= dimsOf(id.getName().toString()) != null;
        return null;
      }

      @Override
      public Void visitLiteral(com.sun.source.tree.LiteralTree l, Void p) {
        found[0] |= l.getKind() == Tree.Kind.DOUBLE_LITERAL || l.getKind() == Tree.Kind.FLOAT_LITERAL;
        return null;
      }

      @Override
      public Void visitMemberSelect(MemberSelectTree m, Void p) {
        return m.getIdentifier().contentEquals("length") ? null : super.visitMemberSelect(m, p);
      }

      @Override
      public Void visitTypeCast(TypeCastTree c, Void p) {
        return c.getType() instanceof PrimitiveTypeTree t && t.getPrimitiveTypeKind() != TypeKind.DOUBLE
            ? null : super.visitTypeCast(c, p);
      }

      @Override
      public Void visitMethodInvocation(MethodInvocationTree m, Void p) {
        String name = m.getMethodSelect() instanceof MemberSelectTree s ? s.getIdentifier().toString()
            : m.getMethodSelect().toString();
        ExecutableElement target = owner.staticMethod(name, m.getArguments().size());
        if (target != null && doubleDims(target.getReturnType()) >= 0) {
          found[0] = true;
        }
        return super.visitMethodInvocation(m, p);
      }
    }.scan(e, null);
    return found[0];
  }

  private static boolean mentionsString(Tree e) {
    boolean[] found = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitLiteral(com.sun.source.tree.LiteralTree l, Void p) {
        found[0] |= l.getKind() == Tree.Kind.STRING_LITERAL;
        return null;
      }
    }.scan(e, null);
    return found[0];
  }

  private Problem cannot(Tree at, String what, String advice) {
    return new Problem(Message.TAPE_UNSUPPORTED, at, method.getSimpleName(), reason, what, advice);
  }

  static boolean isStatic(ExecutableElement m) { return m.getModifiers().contains(Modifier.STATIC); }
}
