package dev.adjoint.processor.parse;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssertTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.diag.Problem;
import dev.adjoint.processor.ir.ClassRef;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.MathFunction;
import dev.adjoint.processor.ir.MethodIr;
import dev.adjoint.processor.ir.Operator;
import dev.adjoint.processor.ir.ParamLayout;
import dev.adjoint.processor.ir.RecordShape;
import dev.adjoint.processor.ir.Signature;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.TensorFunction;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * The front end: builds the typed IR of one method body from its attributed tree. Every name
 * and call is classified here, once, from javac's own symbols and types ({@link Attributed}):
 * a variable of the method, a constant, a rule-table function ({@code Math}, {@code FastMath},
 * {@code Tensor}), a function with {@code @DerivativeOf}, another {@code @Differentiable}
 * method, a helper of the same class (inlined), or a passive value of any type
 * ({@link Expr.Opaque}). Anything the back ends cannot take ends in {@link Unsupported#construct}.
 */
public final class MethodParser {
  /** Classes whose static functions have {@code java.lang.Math}'s contracts for the names they share. */
  private static final Set<String> MATH_CLASSES = Set.of("java.lang.Math", "java.lang.StrictMath",
      "org.apache.commons.math3.util.FastMath", "org.hipparchus.util.FastMath", "net.jafama.FastMath",
      "net.jafama.StrictFastMath");

  private final Attributed src;
  private final Elements elements;
  private final CustomDerivatives customs;
  /** Parsing for the dynamic-tape back end (see the constructor). */
  private final boolean tape;
  private final javax.lang.model.util.Types types;
  private final ClassRef caller;
  /** What the companion can name, and the accessors of what it cannot. */
  private final Access access;
  private Type returnType;
  /** The method being differentiated (a call of it is never inlined). */
  private Element current;
  private final List<Var> locals = new ArrayList<>();
  /** The method's variables by javac's symbol: no scopes of our own. */
  private final Map<Element, Var> vars = new HashMap<>();
  /** Tensor locals written in place by set: they may not alias another variable. */
  private final Set<Var> setTargets = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
  /** The loops around the statement being parsed, innermost first. */
  private final Deque<LoopLabel> loops = new ArrayDeque<>();
  private int loopIds;
  /** Set just before parsing an expression statement's call: only there may an in-place set stand. */
  private boolean inPlaceAllowed;
  /** Statements to run before the statement being parsed; null where none may be. */
  private List<Stmt> pending;
  /** Statements to run after the statement being parsed (the copy loop of {@code double[] b = a.clone()}). */
  private List<Stmt> following = new ArrayList<>();
  /** Set where tensor temporaries are not worth a lowering (loop conditions, branches of ?: and &&). */
  private boolean noTemporaries;
  /** The helpers being inlined, innermost first. */
  private final Deque<Inlined> inlining = new ArrayDeque<>();
  /** Parameters of inlined helpers that stand for the caller's array (or row) they were passed. */
  private final Map<Element, Expr> aliases = new HashMap<>();
  /** Arrays an inlined helper made and returned: a local declared from one just names it. */
  private final Set<Var> helperResults = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
  /**
   * Array locals that hold (or held) a field's array or one of its rows ({@code double[] row =
   * COEF[i];}), with that field as written: read only, as the field itself. A passive value, no
   * alias of an array the method differentiates.
   */
  private final Map<Var, String> fieldViews = new java.util.IdentityHashMap<>();
  /** The first element write of each array local, for a field view assigned after it. */
  private final Map<Var, Tree> stored = new java.util.IdentityHashMap<>();
  /** Calls without source receiving double arrays inside expressions, by call tree (guarded statements removed). */
  private final Map<Tree, MethodIr.ArrayCall> arrayCalls = new java.util.LinkedHashMap<>();
  /** Library methods that only read the arrays they receive. */
  private static final Set<String> READ_ONLY = Set.of("java.util.Arrays.toString", "java.util.Arrays.deepToString",
      "java.util.Arrays.equals", "java.util.Arrays.deepEquals", "java.util.Arrays.hashCode",
      "java.util.Arrays.deepHashCode", "java.util.Arrays.binarySearch", "java.util.Arrays.stream",
      "java.util.Arrays.compare", "java.util.Arrays.mismatch");
  /** Locals bound to a lambda or method reference that is only applied in place: its tree, inlined at each application. */
  private final Map<Element, ExpressionTree> functions = new HashMap<>();
  /** For a function chosen by {@code c ? f : g}: each conditional's boolean, evaluated where the local is declared. */
  private final Map<ExpressionTree, Var> choices = new HashMap<>();
  /** Names declared inside the lambdas of the method and of the helpers inlined into it. */
  private final Set<String> lambdaNames = new HashSet<>();
  /** Names declared by the method and the helpers inlined into it. */
  private final Set<String> declaredNames = new HashSet<>();

  /**
   * A helper whose body is being inlined: its returns assign {@code result} (null for void or an
   * array result read in place) and, unless {@code loopId} is -1, leave the loop that runs once
   * around the body.
   */
  private record Inlined(ExecutableElement method, Object result, boolean declaredAtReturn, int loopId, String label,
      Object receiver) {}

  /**
   * The object an inlined instance method (or the instance method being differentiated) runs on
   * ({@code this} in its body), or null; a record receiver rebuilt from its components.
   */
  private Expr receiver() {
    Object r = receiverValue();
    return r instanceof Rec rec ? materialize(rec, null) : (Expr) r;
  }

  /** The receiver as the front end holds it: a {@link Rec}, a passive {@link Expr}, or null. */
  private Object receiverValue() {
    for (Inlined frame : inlining) {
      return frame.receiver();
    }
    return topReceiver;
  }

  // ---- records ------------------------------------------------------------------------------

  /**
   * A differentiable record value lowered to its components (scalar replacement): per component
   * an {@link Expr} (a variable, an element of a column, any expression), a nested {@link Rec} or a
   * {@link RecArray}. Records are values, so a component read is the expression itself.
   */
  private record Rec(Type type, List<Object> parts) {}

  /**
   * An array of differentiable records lowered to one array per component, its columns:
   * {@code Layer[] layers} → {@code double[][] layers_w}, {@code double[] layers_b}.
   */
  private record RecArray(Type type, List<Expr> columns) {}

  /** The record variables of the method and of the helpers inlined into it → their {@link Rec} or {@link RecArray}. */
  private final Map<Element, Object> records = new HashMap<>();
  /** The receiver of the instance method being differentiated: a {@link Rec}, a passive {@link Expr}, or null. */
  private Object topReceiver;

  /** A parameter of the signature lowered to variables, and the value the body sees. */
  private record Lowered(ParamLayout layout, Object value) {}

  private static Lowered lower(String name, String var, Type type, Tree at, boolean differentiated, List<Var> params,
      List<Var> wrt) {
    if (type.isRecord()) {
      List<ParamLayout> components = new ArrayList<>();
      List<Object> parts = new ArrayList<>();
      for (RecordShape.Component c : type.shape().components()) {
        Lowered l = lower(c.name(), var + "_" + c.name(), c.type(), at, differentiated, params, wrt);
        components.add(l.layout());
        parts.add(l.value());
      }
      return new Lowered(new ParamLayout.Record(name, type, components), new Rec(type, parts));
    }
    if (type.isRecordArray()) {
      List<Var> columns = new ArrayList<>();
      List<Expr> reads = new ArrayList<>();
      for (RecordShape.Component c : type.shape().components()) {
        Type column = columnType(c, at);
        Var v = new Var(var + "_" + c.name(), column, Var.Kind.PARAMETER, null);
        params.add(v);
        if (differentiated && column.differentiable()) {
          wrt.add(v);
        }
        columns.add(v);
        reads.add(new Expr.Read(v, null));
      }
      return new Lowered(new ParamLayout.RecordArray(name, type, columns), new RecArray(type, reads));
    }
    Var v = new Var(var, type, Var.Kind.PARAMETER, null);
    params.add(v);
    if (differentiated && type.differentiable()) {
      wrt.add(v);
    }
    return new Lowered(new ParamLayout.Plain(name, v), new Expr.Read(v, null));
  }

  /** The array type of one column of an array of records. */
  private static Type columnType(RecordShape.Component c, Tree at) {
    Type t = c.type();
    if (t == Type.SCALAR) {
      return Type.ARRAY;
    }
    if (t == Type.ARRAY) {
      return Type.ARRAY2;
    }
    if (t == Type.INT) {
      return Type.INT_ARRAY;
    }
    if (t.differentiable() || t.typeName().isPrimitive()) {
      throw Unsupported.construct(at, "an array of records with the " + t.javaName() + " component " + c.name(),
          "give the records of an array double and double[] components (or hold the records in a record of named"
              + " components)");
    }
    return Type.passive(com.palantir.javapoet.ArrayTypeName.of(t.typeName()));
  }

  /** Whether javac's type of {@code tree} is a differentiable record or an array of them. */
  private boolean isRecordValued(ExpressionTree tree) {
    TypeMirror t = src.typeOf(tree);
    if (t == null || t.getKind() != TypeKind.DECLARED && t.getKind() != TypeKind.ARRAY) {
      return false;
    }
    return Types.recordType(t) != null;
  }

  /** The record value of {@code tree}, lowered to its components. */
  private Object recordValue(ExpressionTree tree) {
    tree = skipParens(tree);
    Type type = typeOf(tree);
    switch (tree.getKind()) {
      case IDENTIFIER: {
        Element e = src.elementOf(tree);
        if (((IdentifierTree) tree).getName().contentEquals("this") && receiverValue() instanceof Rec self) {
          return self;
        }
        Object r = e == null ? null : records.get(e);
        if (r != null) {
          return r;
        }
        Object field = e == null ? null : receiverField(e);
        if (field != null) {
          return field;
        }
        break;
      }
      case MEMBER_SELECT: {
        MemberSelectTree ms = (MemberSelectTree) tree;
        Element e = src.elementOf(ms);
        if (e != null && e.getKind() == ElementKind.FIELD && !e.getModifiers().contains(Modifier.STATIC)
            && isRecordValued(ms.getExpression())) {
          return component(recordValue(ms.getExpression()), e.getSimpleName().toString(), tree);
        }
        break;
      }
      case NEW_CLASS:
        return newRecord((com.sun.source.tree.NewClassTree) tree, type);
      case NEW_ARRAY:
        if (type.isRecordArray() && pending != null) {
          return newRecordArray((NewArrayTree) tree, type);
        }
        break;
      case SWITCH_EXPRESSION:
        // held as an object, its active components would lose their derivatives with no line to name
        throw Unsupported.construct(tree, "a switch expression whose value is a record",
            "declare the record before a switch statement that assigns it, or choose with ?:");
      case METHOD_INVOCATION: {
        Object value = recordCall((MethodInvocationTree) tree, type);
        if (value != null) {
          return value;
        }
        break;
      }
      case ARRAY_ACCESS: {
        ArrayAccessTree a = (ArrayAccessTree) tree;
        if (isRecordValued(a.getExpression()) && recordValue(a.getExpression()) instanceof RecArray array) {
          return element(array, once(expression(a.getIndex()), "index", tree), tree);
        }
        break;
      }
      case CONDITIONAL_EXPRESSION: {
        ConditionalExpressionTree c = (ConditionalExpressionTree) tree;
        if (pending == null || !type.isRecord()) {
          break;
        }
        Expr condition = expression(c.getCondition());
        Rec result = recordVariables("choice", type, tree);
        List<Stmt> outer = pending;
        List<Stmt> ifTrue = new ArrayList<>();
        pending = ifTrue;
        ifTrue.addAll(assignRecord(result, recordValue(c.getTrueExpression()), tree));
        List<Stmt> ifFalse = new ArrayList<>();
        pending = ifFalse;
        ifFalse.addAll(assignRecord(result, recordValue(c.getFalseExpression()), tree));
        pending = outer;
        pending.add(new Stmt.If(condition, new Stmt.Block(ifTrue, null), new Stmt.Block(ifFalse, null), tree));
        return result;
      }
      default:
        break;
    }
    if (type.isRecord() && pending != null) {
      // a record from something without derivative (a static field, a library call, a cast): held in a
      // variable, its components read by their accessors
      Var held = synthetic(type.shape().simpleName().substring(0, 1).toLowerCase(java.util.Locale.ROOT)
          + type.shape().simpleName().substring(1), Type.passive(type.typeName()), tree);
      pending.add(new Stmt.Declare(held, passiveOpaque(tree), tree));
      return fromObject(new Expr.Read(held, null), type, tree);
    }
    throw Unsupported.construct(tree, "the record value " + describe(tree), "build records with their canonical"
        + " constructor, or read them from parameters, variables, accessors and methods of this class");
  }

  /**
   * {@code new R[n]} or {@code new R[] {a, b}}: a new array per component, its column; components of
   * type double, int (and records' other values, in their own arrays) only, as a row of a column
   * could only be written by aliasing an array.
   */
  private RecArray newRecordArray(NewArrayTree tree, Type type) {
    List<RecordShape.Component> components = type.shape().components();
    String base = type.shape().simpleName().substring(0, 1).toLowerCase(java.util.Locale.ROOT)
        + type.shape().simpleName().substring(1);
    if (tree.getInitializers() == null && tree.getDimensions().size() != 1) {
      throw Unsupported.construct(tree, "this array of arrays of records", "create a one-dimensional array of records");
    }
    Expr size = tree.getInitializers() == null ? once(expression(tree.getDimensions().get(0)), "length", tree) : null;
    List<Rec> elements = new ArrayList<>();
    if (tree.getInitializers() != null) {
      for (ExpressionTree e : tree.getInitializers()) {
        if (!(recordValue(e) instanceof Rec r)) {
          throw Unsupported.construct(e, "an array of records as an element", "create a one-dimensional array of records");
        }
        elements.add(r);
      }
    }
    List<Expr> columns = new ArrayList<>();
    for (int k = 0; k < components.size(); k++) {
      RecordShape.Component c = components.get(k);
      Type column = columnType(c, tree);
      if (column != Type.ARRAY && column != Type.INT_ARRAY) {
        throw Unsupported.construct(tree, "creating an array of records with the " + c.type().javaName()
            + " component " + c.name(), "create arrays of records with double and int components, or pass the array"
            + " as a parameter");
      }
      int at = k;
      List<Expr> values = elements.stream().map(r -> Typing.castIfNarrowing((Expr) r.parts().get(at), c.type()))
          .toList();
      Var v = synthetic(base + "_" + c.name(), column, tree);
      pending.add(new Stmt.Declare(v, new Expr.NewArray(column, size == null ? List.of() : List.of(size), values, tree),
          tree));
      columns.add(new Expr.Read(v, null));
    }
    return new RecArray(type, columns);
  }

  /** {@code a[i] = r;} of an array of records: each column's element, from the values of r computed first. */
  private List<Stmt> storeRecord(RecArray array, ArrayAccessTree element, ExpressionTree value, Tree tree) {
    Expr index = once(expression(element.getIndex()), "index", tree);
    if (!(recordValue(value) instanceof Rec r)) {
      throw Unsupported.construct(value, "an array of records as an element", "store records");
    }
    List<Expr> parts = new ArrayList<>();
    for (int k = 0; k < r.parts().size(); k++) {
      if (!(r.parts().get(k) instanceof Expr part) || !array.columns().get(k).type().isArray()
          || array.columns().get(k).type().element().isArray()) {
        throw Unsupported.construct(tree, "storing a record with the component "
            + array.type().shape().components().get(k).name() + " into an array of records",
            "store records of double and int components");
      }
      parts.add(once(part, array.type().shape().components().get(k).name(), tree));
    }
    List<Stmt> out = new ArrayList<>();
    Rec target = element(array, index, tree);
    for (int k = 0; k < parts.size(); k++) {
      Expr.ArrayRead at = (Expr.ArrayRead) target.parts().get(k);
      out.add(new Stmt.Store(at, Typing.castIfNarrowing(parts.get(k), at.type()), tree));
    }
    return out;
  }

  /** The components of the record {@code object} (a passive value), read through its accessors. */
  private Rec fromObject(Expr object, Type type, Tree tree) {
    List<Object> parts = new ArrayList<>();
    for (RecordShape.Component c : type.shape().components()) {
      Expr read = opaque(List.of(object, "." + c.name() + "()"), c.type().shape() != null
          ? Type.passive(c.type().typeName()) : c.type(), "the component " + c.name(), null);
      if (c.type().isRecord()) {
        parts.add(fromObject(once(read, c.name(), tree), c.type(), tree));
      } else if (c.type().isRecordArray()) {
        throw Unsupported.construct(tree, "the array of records " + c.name() + " of a record from " + describe(
            (ExpressionTree) tree), "pass the record as a parameter");
      } else {
        parts.add(read);
      }
    }
    return new Rec(type, parts);
  }

  /** A field of the record receiver ({@code k} or {@code this.k} in a record's method): its component, else null. */
  private Object receiverField(Element e) {
    if (e.getKind() != ElementKind.FIELD || e.getModifiers().contains(Modifier.STATIC)
        || !(receiverValue() instanceof Rec self)
        || !Types.className((TypeElement) e.getEnclosingElement()).equals(self.type().typeName())) {
      return null;
    }
    int k = self.type().shape().indexOf(e.getSimpleName().toString());
    return k < 0 ? null : self.parts().get(k);
  }

  /** Component {@code name} of a record value. */
  private static Object component(Object record, String name, Tree at) {
    Rec r = (Rec) record;
    int k = r.type().shape().indexOf(name);
    if (k < 0) {
      throw new IllegalStateException("no component " + name + " in " + r.type() + " at " + at);
    }
    return r.parts().get(k);
  }

  /** {@code array[index]} of an array of records: its components read from the columns. */
  private Rec element(RecArray array, Expr index, Tree tree) {
    List<Object> parts = new ArrayList<>();
    List<RecordShape.Component> components = array.type().shape().components();
    for (int k = 0; k < components.size(); k++) {
      Expr column = array.columns().get(k);
      Type t = components.get(k).type();
      parts.add(column.type().isArray() ? new Expr.ArrayRead(column, index, t, null)
          : opaque(List.of(column, "[", index, "]"), t, "the component " + components.get(k).name(), null));
    }
    return new Rec(array.type().shape() == null ? null : Type.record(array.type().shape()), parts);
  }

  /** The length of an array of records: of its first column. */
  private Expr lengthOf(RecArray array, Tree tree) {
    Expr column = array.columns().get(0);
    return column.type().isArray() ? new Expr.ArrayLength(column, tree)
        : opaque(List.of(column, ".length"), Type.INT, "the length", tree);
  }

  /** {@code new R(a, b, …)} with the canonical constructor: its arguments are the components. */
  private Object newRecord(com.sun.source.tree.NewClassTree tree, Type type) {
    if (!type.isRecord() || tree.getClassBody() != null || tree.getEnclosingExpression() != null) {
      throw Unsupported.construct(tree, "creating " + describe(tree), "create records with new R(…)");
    }
    ExecutableElement constructor = (ExecutableElement) src.elementOf(tree);
    List<RecordShape.Component> components = type.shape().components();
    if (constructor == null || constructor.getParameters().size() != components.size()) {
      throw Unsupported.construct(tree, "a constructor of " + type.shape().simpleName() + " other than its canonical"
          + " one", "call the canonical constructor new " + type.shape().simpleName() + "(…) with every component");
    }
    List<Object> args = new ArrayList<>();
    for (int k = 0; k < components.size(); k++) {
      ExpressionTree arg = tree.getArguments().get(k);
      Type t = components.get(k).type();
      args.add(t.shape() != null ? recordValue(arg) : Typing.castIfNarrowing(expression(arg), t));
    }
    MethodTree body = elements.getOrigin(constructor) == Elements.Origin.MANDATED ? null
        : src.trees().getTree(constructor);
    if (body == null || body.getBody() == null || onlySuperCall(body.getBody())) {
      return new Rec(type, args);
    }
    return compactConstructor(constructor, body, args, tree, type);
  }

  private static boolean onlySuperCall(BlockTree body) {
    return body.getStatements().stream().allMatch(MethodParser::isSuperCall);
  }

  private static boolean isSuperCall(StatementTree s) {
    return s instanceof ExpressionStatementTree e && e.getExpression() instanceof MethodInvocationTree m
        && m.getMethodSelect() instanceof IdentifierTree id && id.getName().contentEquals("super");
  }

  /**
   * A record whose compact constructor checks or normalizes its arguments: the body runs inlined with
   * the parameters as locals, whose final values are the components.
   */
  private Rec compactConstructor(ExecutableElement constructor, MethodTree body, List<Object> args, Tree call,
      Type type) {
    boolean[] assignsFields = {false};
    new com.sun.source.util.TreeScanner<Void, Void>() {
      @Override
      public Void visitAssignment(AssignmentTree a, Void p) {
        Element target = src.elementOf(a.getVariable());
        assignsFields[0] |= target != null && target.getKind() == ElementKind.FIELD;
        return super.visitAssignment(a, p);
      }
    }.scan(body.getBody(), null);
    if (assignsFields[0] || pending == null || !returnsOnlyAtTheEnd(body.getBody())) {
      throw Unsupported.construct(call, "the canonical constructor of " + type.shape().simpleName() + " written out"
          + " with its own body", "write its checks in a compact constructor (R { … }) that does not return early");
    }
    declareNames(body);
    List<Object> parts = new ArrayList<>();
    for (int k = 0; k < args.size(); k++) {
      VariableTree p = body.getParameters().get(k);
      Element pe = src.elementOf(p);
      Type t = type.shape().components().get(k).type();
      if (t.shape() != null) {
        Object value = bindRecord(pe, p.getName().toString(), t, args.get(k), p);
        parts.add(value);
        continue;
      }
      Var v = new Var(p.getName().toString(), t, Var.Kind.LOCAL, p);
      if (t.isArray()) {
        aliases.put(pe, (Expr) args.get(k));
        parts.add(args.get(k));
        continue;
      }
      vars.put(pe, v);
      locals.add(v);
      pending.add(new Stmt.Declare(v, (Expr) args.get(k), p));
      parts.add(new Expr.Read(v, null));
    }
    int id = loopIds++;
    inlining.push(new Inlined(constructor, null, false, -1, "constructor_" + id, null));
    try {
      for (StatementTree st : body.getBody().getStatements()) {
        if (!isSuperCall(st)) {
          pending.addAll(hoisting(st));
        }
      }
    } finally {
      inlining.pop();
    }
    return new Rec(type, parts);
  }

  /**
   * Binds the record parameter {@code element} of an inlined helper to {@code value}: the record
   * itself where the helper never assigns it (records are values), else copies of its components.
   */
  private Object bindRecord(Element element, String name, Type type, Object value, Tree at) {
    records.put(element, value);
    return value;
  }

  /** New variables for a record ({@code base_w}, {@code base_b}), declared before the statement without value. */
  private Rec recordVariables(String base, Type type, Tree tree) {
    List<Object> parts = new ArrayList<>();
    for (RecordShape.Component c : type.shape().components()) {
      if (c.type().isRecord()) {
        parts.add(recordVariables(base + "_" + c.name(), c.type(), tree));
        continue;
      }
      if (c.type().isArray() || c.type().isRecordArray()) {
        throw Unsupported.construct(tree, "a record with the array component " + c.name() + " that is assigned"
            + " (assigning an array variable)", "build the record once, or let the method run on the tape");
      }
      Var v = synthetic(base + "_" + c.name(), c.type(), tree);
      pending.add(new Stmt.Declare(v, null, tree));
      parts.add(new Expr.Read(v, null));
    }
    return new Rec(type, parts);
  }

  /** The leaves of a lowered record, in order (an array of records is one leaf per column). */
  private static void leaves(Object value, List<Expr> out) {
    if (value instanceof Rec r) {
      r.parts().forEach(p -> leaves(p, out));
    } else if (value instanceof RecArray a) {
      out.addAll(a.columns());
    } else {
      out.add((Expr) value);
    }
  }

  /** {@code target = value} for record variables: every component, the new values computed before any is written. */
  private List<Stmt> assignRecord(Rec target, Object value, Tree tree) {
    List<Expr> to = new ArrayList<>();
    List<Expr> from = new ArrayList<>();
    leaves(target, to);
    leaves(value, from);
    Set<Var> written = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (Expr t : to) {
      if (!(t instanceof Expr.Read r) || r.type().isArray() || r.type().isRecordArray()) {
        throw Unsupported.construct(tree, "assigning a record whose array component is another array",
            "build the record once, or let the method run on the tape");
      }
      written.add(r.var());
    }
    List<Stmt> out = new ArrayList<>();
    for (int k = 0; k < from.size(); k++) {
      Expr f = from.get(k);
      boolean same = f instanceof Expr.Read r && r.var() == ((Expr.Read) to.get(k)).var();
      if (!same && readsAny(f, written)) {
        Var v = synthetic(((Expr.Read) to.get(k)).var().sourceName() + "_new", f.type(), tree);
        out.add(new Stmt.Declare(v, f, tree));
        from.set(k, new Expr.Read(v, null));
      }
    }
    for (int k = 0; k < from.size(); k++) {
      Var v = ((Expr.Read) to.get(k)).var();
      if (!(from.get(k) instanceof Expr.Read r && r.var() == v)) {
        out.add(new Stmt.Assign(v, Typing.castIfNarrowing(from.get(k), v.type()), tree));
      }
    }
    return out;
  }

  /**
   * {@code R name = value;}: a variable per component ({@code name_w}, …); an array component that is
   * already an array of the method is that array (arrays are never assigned, and records share them).
   */
  private Object declareRecord(String name, Type type, Object value, Tree tree) {
    if (value instanceof RecArray) {
      return value;
    }
    Rec r = (Rec) value;
    List<Object> parts = new ArrayList<>();
    List<RecordShape.Component> components = type.shape().components();
    for (int k = 0; k < components.size(); k++) {
      Object part = r.parts().get(k);
      Type t = components.get(k).type();
      String base = name + "_" + components.get(k).name();
      if (part instanceof Rec || part instanceof RecArray) {
        parts.add(declareRecord(base, t, part, tree));
        continue;
      }
      Expr e = (Expr) part;
      if (t.isArray() && isArrayPlace(e)) {
        parts.add(e);
        continue;
      }
      Var v = new Var(base, t, Var.Kind.LOCAL, tree);
      locals.add(v);
      declaredNames.add(base);
      pending.add(new Stmt.Declare(v, Typing.castIfNarrowing(e, t), tree));
      parts.add(new Expr.Read(v, null));
    }
    return new Rec(type, parts);
  }

  /** A record rebuilt from its components, as a passive value ({@code new P(p_w, p_b)}): for uses that need the object. */
  private Expr materialize(Object value, Tree tree) {
    if (value instanceof RecArray) {
      throw Unsupported.construct(tree, "an array of records used as an object" + (tree == null ? ""
          : " (" + describe((ExpressionTree) tree) + ")"), "read its elements' components (layers[i].w())");
    }
    Rec r = (Rec) value;
    List<Object> pieces = new ArrayList<>(List.of("new ", r.type().typeName(), "("));
    for (int k = 0; k < r.parts().size(); k++) {
      if (k > 0) {
        pieces.add(", ");
      }
      Object part = r.parts().get(k);
      pieces.add(part instanceof Expr e ? e : materialize(part, tree));
    }
    pieces.add(")");
    return opaque(pieces, Type.passive(r.type().typeName()), "the record " + r.type().shape().simpleName(), tree);
  }

  /** {@code tree} printed as written, a passive value (a record typed as the object it is). */
  private Expr passiveOpaque(ExpressionTree tree) {
    Expr.Opaque o = (Expr.Opaque) opaque(tree);
    return o;
  }

  /**
   * A call whose value is a record: an accessor of a record value, a method of this source
   * (inlined), or null for a call without source (evaluated as an object).
   */
  private Object recordCall(MethodInvocationTree tree, Type type) {
    Element element = src.elementOf(tree);
    if (!(element instanceof ExecutableElement method)) {
      throw new Deferred(tree.getMethodSelect().toString());
    }
    boolean isStatic = method.getModifiers().contains(Modifier.STATIC);
    ExpressionTree receiverTree = !isStatic && tree.getMethodSelect() instanceof MemberSelectTree ms
        ? ms.getExpression() : null;
    if (!isStatic) {
      Object receiver = receiverTree != null ? (isRecordValued(receiverTree) ? recordValue(receiverTree) : null)
          : receiverValue();
      if (receiver instanceof Rec rec) {
        int k = accessorIndex(method, rec);
        if (k >= 0) {
          return rec.parts().get(k);
        }
        MethodTree body = instanceInlinable(method);
        if (body != null && pending != null) {
          // inlined on the tape too: a taped copy takes plain values, never records
          return inline(method, body, recordArguments(tree), tree, rec);
        }
        refuseOnTape(method, tree);
        return null;
      }
      MethodTree body = receiver != null ? null : instanceInlinable(method);
      if (body != null && pending != null && receiverTree != null) {
        return inline(method, body, recordArguments(tree), tree, once(expression(receiverTree), "receiver", tree));
      }
      refuseOnTape(method, tree);
      return null;
    }
    MethodTree helper = inlinable(method);
    if (helper != null && pending != null) {
      return inline(method, helper, recordArguments(tree), tree, null);
    }
    refuseOnTape(method, tree);
    if (SignatureReader.isDifferentiable(method)) {
      throw Unsupported.construct(tree, "calling " + describe(tree) + ", whose record result comes from another"
          + " class", "move the method into this class");
    }
    return null;
  }

  /**
   * On the tape, a method of this source that takes or gives records or an instance cannot be
   * inlined here (a recursive call): the call would run without derivatives, so it is refused.
   */
  private void refuseOnTape(ExecutableElement method, MethodInvocationTree tree) {
    MethodTree source = src.trees().getTree(method);
    boolean recursive = method.equals(current) || inlining.stream().anyMatch(i -> i.method().equals(method));
    boolean instance = !method.getModifiers().contains(Modifier.STATIC);
    // an instance method a subclass may override runs as a call on the static path too (passive)
    if (tape && (recursive || !instance) && source != null && source.getBody() != null && src.contains(source)) {
      throw Unsupported.construct(tree, describe(tree) + ", a recursive call of a method with records or a receiver,", "write the recursion in a static helper of plain double, double[] or double[][] parameters");
    }
  }

  /** The component an implicit accessor of {@code rec} reads, or -1 (an accessor written out is inlined). */
  private int accessorIndex(ExecutableElement method, Rec rec) {
    if (!method.getParameters().isEmpty() || method.getEnclosingElement().getKind() != ElementKind.RECORD
        || src.trees().getTree(method) != null) {
      return -1;
    }
    return rec.type().shape().indexOf(method.getSimpleName().toString());
  }

  /** A call's arguments, a record one lowered ({@link Rec}, {@link RecArray}), every other an {@link Expr}. */
  private ArrayList<Object> recordArguments(MethodInvocationTree tree) {
    ArrayList<Object> args = new ArrayList<>();
    for (ExpressionTree a : tree.getArguments()) {
      // a function local applied in place has no value: the inlined helper's parameter stands for it
      args.add(boundFunction(a) != null ? null : isRecordValued(a) ? recordValue(a) : expression(a));
    }
    return args;
  }

  /** A loop being parsed; a switch is parsed as a loop that runs once (its breaks leave it). */
  private static final class LoopLabel {
    final int id;
    final String label;
    final boolean isSwitch;
    /** A labeled block: only a break naming it leaves it. */
    final boolean isBlock;
    /** Set when a jump must name this loop across a switch or block (which becomes a loop itself). */
    boolean needsLabel;
    /**
     * For a do/while whose condition needs statements: the loop around its body that a continue
     * leaves (to the condition), or -1; {@link #continued} once a continue did.
     */
    int continueId = -1;
    boolean continued;
    /** Set once a break leaves it (a labeled statement no break names needs no loop). */
    boolean broken;

    LoopLabel(int id, String label, boolean isSwitch) {
      this(id, label, isSwitch, false);
    }

    LoopLabel(int id, String label, boolean isSwitch, boolean isBlock) {
      this.id = id;
      this.label = label;
      this.isSwitch = isSwitch;
      this.isBlock = isBlock;
    }

    String label() {
      return label != null || !needsLabel ? label : "loop_" + id;
    }
  }

  public MethodParser(Attributed src, Elements elements, javax.lang.model.util.Types types, TypeElement owner,
      CustomDerivatives customs) {
    this(src, elements, types, owner, customs, false);
  }

  /**
   * @param tape for the dynamic-tape back end: methods of the class are called (their taped
   *     copies), not inlined, and {@code try} and {@code synchronized} are statements of the IR
   */
  public MethodParser(Attributed src, Elements elements, javax.lang.model.util.Types types, TypeElement owner,
      CustomDerivatives customs, boolean tape) {
    this.tape = tape;
    this.src = src;
    this.elements = elements;
    this.types = types;
    this.customs = customs;
    this.caller = Types.refOf(owner);
    this.access = new Access(elements, types, caller);
  }

  /** The dynamic tape records double values only (its TapedDouble); float values have no taped flavour yet. */
  private static RuntimeException floatOnTape(Tree at) {
    return Unsupported.construct(at, "float values on the dynamic tape (it records double values only)",
        "use double in code that needs the tape, or keep the float code to what is differentiated statically");
  }

  public MethodIr parse(MethodTree method, Signature signature) {
    if (tape && (signature.returnType().isFloat() || signature.paramTypes().stream().anyMatch(Type::isFloat))) {
      throw floatOnTape(method);
    }
    returnType = signature.returnType();
    current = src.elementOf(method);
    List<Var> params = new ArrayList<>();
    List<Var> wrt = new ArrayList<>();
    List<ParamLayout> layout = new ArrayList<>();
    int offset = signature.instance() ? 1 : 0;
    for (int i = 0; i < signature.paramNames().size(); i++) {
      String name = signature.paramNames().get(i);
      Type type = signature.paramTypes().get(i);
      VariableTree tree = i < offset ? null : method.getParameters().get(i - offset);
      if (type.shape() != null) {
        // a record (or an array of them): one parameter variable per component
        Lowered l = lower(name, name, type, tree == null ? method : tree, signature.wrt().contains(i), params, wrt);
        layout.add(l.layout());
        if (tree == null) {
          topReceiver = l.value();
        } else {
          records.put(src.elementOf(tree), l.value());
        }
        continue;
      }
      Var p = new Var(name, type, Var.Kind.PARAMETER, tree);
      if (tree != null) {
        vars.put(src.elementOf(tree), p);
      } else {
        topReceiver = new Expr.Read(p, null); // an object whose fields are passive values
      }
      params.add(p);
      layout.add(new ParamLayout.Plain(name, p));
      if (signature.wrt().contains(i)) {
        wrt.add(p);
      }
    }
    declareNames(method);
    if (signature.instance()) {
      declaredNames.add(Signature.SELF);
    }
    Stmt.Block body = block(method.getBody());
    TensorCalls.checkAliases(body, setTargets);
    return new MethodIr(signature, params, wrt, locals, body, declaredNames, new ArrayList<>(arrayCalls.values()),
        layout, lambdaNames);
  }

  /**
   * The parameters of {@code signature} lowered as {@link #parse} lowers them ({@link ParamLayout}),
   * with an empty body: for a method the tensor tape runs as written.
   */
  public static MethodIr lowered(Signature signature, MethodTree method) {
    List<Var> params = new ArrayList<>();
    List<Var> wrt = new ArrayList<>();
    List<ParamLayout> layout = new ArrayList<>();
    int offset = signature.instance() ? 1 : 0;
    for (int i = 0; i < signature.paramNames().size(); i++) {
      String name = signature.paramNames().get(i);
      Tree at = i < offset ? method : method.getParameters().get(i - offset);
      layout.add(lower(name, name, signature.paramTypes().get(i), at, signature.wrt().contains(i), params, wrt).layout());
    }
    return new MethodIr(signature, params, wrt, List.of(), new Stmt.Block(List.of(), null),
        Set.copyOf(signature.paramNames()), List.of(), layout, null);
  }

  /** Every name {@code method} declares (lambda parameters included): generated names avoid them all. */
  private void declareNames(Tree method) {
    new com.sun.source.util.TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree v, Void p) {
        declaredNames.add(v.getName().toString());
        return super.visitVariable(v, p);
      }

      @Override
      public Void visitLambdaExpression(com.sun.source.tree.LambdaExpressionTree l, Void p) {
        new com.sun.source.util.TreeScanner<Void, Void>() {
          @Override
          public Void visitVariable(VariableTree v, Void q) {
            lambdaNames.add(v.getName().toString());
            return super.visitVariable(v, q);
          }

          @Override
          public Void visitClass(com.sun.source.tree.ClassTree c, Void q) {
            return null; // a class's own scope: its names may shadow
          }
        }.scan(l, null);
        return super.visitLambdaExpression(l, p);
      }
    }.scan(method, null);
  }

  // ---- types ----------------------------------------------------------------------------------

  /** javac's type of an expression, as an IR type. */
  private Type typeOf(Tree tree) {
    return typeOf(tree, false);
  }

  private Type typeOf(Tree tree, boolean lenient) {
    TypeMirror t = src.typeOf(tree);
    if (t == null) {
      throw new IllegalStateException("javac gave no type to " + tree);
    }
    return typeOf(t, tree, lenient);
  }

  private Type typeOf(TypeMirror t, Tree at) {
    return typeOf(t, at, false);
  }

  /** {@code lenient}: a value of a class the companion cannot name is an {@code Object} to it. */
  private Type typeOf(TypeMirror t, Tree at, boolean lenient) {
    if (t.getKind() == TypeKind.DECLARED && ((TypeElement) types.asElement(t)).getNestingKind()
        == javax.lang.model.element.NestingKind.ANONYMOUS) {
      // new Comparator<Double>() {…}: the value is known by what it implements or extends
      List<? extends TypeMirror> supertypes = types.directSupertypes(t);
      t = supertypes.get(supertypes.size() - 1);
    }
    if (t.getKind() == TypeKind.INTERSECTION || t.getKind() == TypeKind.UNION
        || t.getKind() == TypeKind.TYPEVAR && t.toString().startsWith("capture#")) {
      throw Unsupported.construct(at, "a value of the type " + t + " (which Java source cannot name)",
          "declare the variable with an explicit type");
    }
    Type type = Types.withRecords(t);
    if (tape && type.isFloat()) {
      return Type.passive(type.typeName()); // the tape's float values are constants: a float cast of an active value is an ERROR
    }
    if (type.isPassiveOther() && !access.nameable(t) && lenient) {
      return Type.passive(ClassName.OBJECT); // an intermediate value: generated code never names its type
    }
    if (type.isPassiveOther() && !access.nameable(t)) {
      throw Unsupported.construct(at, "a value of the type " + t + ", which the generated companion (another"
          + " class) cannot name", "make the class package-private, or keep such values inside a helper the"
          + " method calls");
    }
    return type;
  }

  // ---- statements ---------------------------------------------------------------------------

  private Stmt.Block block(BlockTree tree) {
    List<Stmt> result = new ArrayList<>();
    List<? extends StatementTree> statements = tree.getStatements();
    for (int k = 0; k < statements.size(); k++) {
      StatementTree s = statements.get(k);
      List<? extends StatementTree> outer = restOfBlock;
      restOfBlock = s instanceof VariableTree ? statements.subList(k + 1, statements.size()) : null;
      try {
        result.addAll(hoisting(s));
      } finally {
        restOfBlock = outer;
      }
    }
    return new Stmt.Block(result, tree);
  }

  /**
   * The statements after the declaration being parsed, when it is a statement of a block (its
   * whole scope), else null: what {@link #rowAlias} reads to know that an alias stays one.
   */
  private List<? extends StatementTree> restOfBlock;

  /**
   * {@code tree} preceded by what its expressions moved before it: temporaries of nested tensor
   * operations and of values with side effects ({@code x = a[i++]}), inlined helpers, so every
   * operation reads variables only and the reverse sweep reads (and saves) values instead of
   * recomputing them.
   */
  private List<Stmt> hoisting(StatementTree tree) {
    List<Stmt> outer = pending;
    List<Stmt> outerFollowing = following;
    pending = new ArrayList<>();
    following = new ArrayList<>();
    try {
      Stmt stmt = statement(tree);
      List<Stmt> result = new ArrayList<>(pending);
      if (stmt != null) {
        result.add(stmt);
      }
      result.addAll(following);
      return result;
    } finally {
      pending = outer;
      following = outerFollowing;
    }
  }

  /** Parses {@code tree} where nothing can go before the statement (loop conditions). */
  private Expr inPlace(ExpressionTree tree) {
    List<Stmt> outer = pending;
    pending = null;
    try {
      return expression(tree);
    } finally {
      pending = outer;
    }
  }

  /**
   * Parses {@code tree}, which Java evaluates only sometimes (a branch of {@code ?:}, the right
   * operand of {@code &&}): what it needs before it comes back in {@code before} instead of
   * running unconditionally before the statement.
   */
  private Expr conditionally(ExpressionTree tree, List<Stmt> before) {
    List<Stmt> outer = pending;
    boolean outerOptional = noTemporaries;
    pending = outer == null ? null : before;
    noTemporaries = true; // only what must move does: evaluated in place, a tensor operation is fine
    try {
      return expression(tree);
    } finally {
      pending = outer;
      noTemporaries = outerOptional;
    }
  }

  /** A statement as a block of its own (the branch of an if without braces). */
  private Stmt.Block asBlock(StatementTree tree) {
    if (tree instanceof BlockTree b) {
      return block(b);
    }
    return new Stmt.Block(hoisting(tree), tree);
  }

  private Stmt statement(StatementTree tree) {
    switch (tree.getKind()) {
      case BLOCK:
        return block((BlockTree) tree);
      case EMPTY_STATEMENT:
        return null;
      case VARIABLE:
        return declaration((VariableTree) tree);
      case EXPRESSION_STATEMENT:
        return expressionStatement((ExpressionStatementTree) tree);
      case IF: {
        IfTree i = (IfTree) tree;
        Expr condition = expression(i.getCondition());
        Stmt.Block then = asBlock(i.getThenStatement());
        Stmt.Block orElse = i.getElseStatement() == null
            ? new Stmt.Block(List.of(), null) : asBlock(i.getElseStatement());
        return new Stmt.If(condition, then, orElse, tree);
      }
      case RETURN: {
        ReturnTree r = (ReturnTree) tree;
        if (!inlining.isEmpty()) {
          return inlinedReturn(r);
        }
        if (r.getExpression() == null) {
          return new Stmt.Return(null, tree); // a void helper's return, on the tape
        }
        if (returnType.isRecord()) {
          return new Stmt.Return(newRecordOf(recordValue(r.getExpression()), returnType, r.getExpression()), tree);
        }
        if (returnType.isRecordArray()) {
          // an array of records: its columns, which the companion builds the result from
          if (!(recordValue(r.getExpression()) instanceof RecArray array)
              || !array.columns().stream().allMatch(c -> c instanceof Expr.Read && c.type().isArray())) {
            throw Unsupported.construct(r.getExpression(), "returning this array of records",
                "return an array of records created in the method (new R[n]) or a parameter");
          }
          return new Stmt.Return(new Expr.NewRecord(returnType, array.columns(), r.getExpression()), tree);
        }
        Expr value = Typing.castIfNarrowing(expression(r.getExpression()), returnType);
        if (returnType.isArray() && !tape && !(value instanceof Expr.Read || value instanceof Expr.NewArray n
            && n.dimensions().isEmpty() && Type.ARRAY.is(value.type()))) {
          throw Unsupported.construct(r.getExpression(), "returning this array expression",
              "return a local array or new double[] {…}");
        }
        return new Stmt.Return(value, tree);
      }
      case THROW:
        return new Stmt.Throw(expression(((ThrowTree) tree).getExpression()), tree);
      case ASSERT: {
        AssertTree a = (AssertTree) tree;
        List<Object> parts = new ArrayList<>(List.of("assert "));
        List<Var> reads = new ArrayList<>();
        SourceTemplate condition = template(a.getCondition());
        parts.addAll(condition.parts());
        reads.addAll(condition.reads());
        if (a.getDetail() != null) {
          SourceTemplate detail = template(a.getDetail());
          parts.add(" : ");
          parts.addAll(detail.parts());
          reads.addAll(detail.reads());
        }
        return new Stmt.Call(new Expr.Opaque(parts, reads, Type.BOOL, "assert", a), tree);
      }
      case FOR_LOOP: case WHILE_LOOP: case DO_WHILE_LOOP: case ENHANCED_FOR_LOOP:
        return loop(tree, null);
      case LABELED_STATEMENT: {
        LabeledStatementTree labeled = (LabeledStatementTree) tree;
        Tree.Kind kind = labeled.getStatement().getKind();
        if (kind == Tree.Kind.FOR_LOOP || kind == Tree.Kind.WHILE_LOOP || kind == Tree.Kind.DO_WHILE_LOOP
            || kind == Tree.Kind.ENHANCED_FOR_LOOP) {
          return loop(labeled.getStatement(), labeled.getLabel().toString());
        }
        // label: { … break label; … } (or label: if …, label: switch …) as a loop that runs once;
        // a label no break names is dropped
        int id = loopIds++;
        LoopLabel once = new LoopLabel(id, labeled.getLabel().toString(), false, true);
        loops.push(once);
        Stmt.Block body = kind == Tree.Kind.BLOCK ? block((BlockTree) labeled.getStatement())
            : asBlock(labeled.getStatement());
        loops.pop();
        if (!once.broken) {
          return kind == Tree.Kind.BLOCK || body.statements().size() != 1 ? body : body.statements().get(0);
        }
        return new Stmt.Loop(id, once.label(), List.of(), new Expr.Literal("false", Type.BOOL, null), List.of(), body,
            false, tree);
      }
      case BREAK:
        return new Stmt.Break(target(tree, ((BreakTree) tree).getLabel()), tree);
      case CONTINUE:
        return new Stmt.Continue(target(tree, ((ContinueTree) tree).getLabel()), tree);
      case SWITCH:
        return switchStatement((SwitchTree) tree);
      case YIELD: {
        if (switchResults.isEmpty()) {
          throw Unsupported.construct(tree, "yield outside a switch expression", "use it in a switch expression");
        }
        Var result = switchResults.peek();
        Expr value = Typing.castIfNarrowing(expression(((com.sun.source.tree.YieldTree) tree).getValue()), result.type());
        LoopLabel target = switchLoops.peek();
        // leaving the switch across loops inside it needs its label
        boolean across = loops.peek() != target;
        target.needsLabel |= across;
        return new Stmt.Block(List.of(new Stmt.Assign(result, value, tree), new Stmt.Break(target.id, tree)), tree);
      }
      case CLASS: case RECORD: case ENUM: case INTERFACE: case ANNOTATION_TYPE:
        localType((com.sun.source.tree.ClassTree) tree);
        return null;
      case TRY:
        if (tape) {
          return tryStatement((com.sun.source.tree.TryTree) tree);
        }
        throw Unsupported.construct(tree, "a try", "move it out of the method, or let the method run on the tape");
      case SYNCHRONIZED: {
        // the generated code holds the lock where the source does (the forward sweep, the tangent
        // code); the reverse sweep reads only what the forward sweep left, and runs unlocked
        com.sun.source.tree.SynchronizedTree y = (com.sun.source.tree.SynchronizedTree) tree;
        return new Stmt.Synchronized(expression(y.getExpression()), block(y.getBlock()), tree);
      }
      default:
        throw Unsupported.construct(tree, "a " + Unsupported.describe(tree),
            "use declarations, assignments, if/else, loops, switch, throw and return");
    }
  }

  /**
   * A class, record, enum or interface declared in the body: generated code names its copy, a
   * member of the companion's {@code Locals} class ({@link Types#className}), so it may capture
   * nothing of the method (no local variable, no {@code this}) and read no private member.
   */
  private void localType(com.sun.source.tree.ClassTree tree) {
    TypeElement type = (TypeElement) src.elementOf(tree);
    Set<Element> inside = new HashSet<>();
    new com.sun.source.util.TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree v, Void p) {
        if (src.contains(v)) {
          inside.add(src.elementOf(v));
        }
        return super.visitVariable(v, p);
      }
    }.scan(tree, null);
    Set<Element> outer = new HashSet<>();
    for (Element e = type.getEnclosingElement(); e != null && !(e instanceof javax.lang.model.element.PackageElement);
        e = e.getEnclosingElement()) {
      outer.add(e);
    }
    String what = "the local " + tree.getKind().toString().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " "
        + tree.getSimpleName();
    String advice = "declare it as a member of the class instead of in the method";
    if (!(type.getEnclosingElement().getEnclosingElement() instanceof TypeElement declaring)
        || !Types.refOf(declaring).equals(caller)) {
      // its copy is written next to this class's companion, which names it by the class of its method
      throw Unsupported.construct(tree, what + " in a method of another class", advice);
    }
    new com.sun.source.util.TreeScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree id, Void p) {
        Element e = src.contains(id) ? src.elementOf(id) : null; // javac's implicit members are not the source
        if (e == null) {
          return null;
        }
        boolean local = e.getKind() == ElementKind.LOCAL_VARIABLE || e.getKind() == ElementKind.PARAMETER
            || e.getKind() == ElementKind.EXCEPTION_PARAMETER || e.getKind() == ElementKind.RESOURCE_VARIABLE
            || e.getKind() == ElementKind.BINDING_VARIABLE;
        boolean outerMember = (e.getKind().isField() || e.getKind() == ElementKind.METHOD)
            && !e.getModifiers().contains(Modifier.STATIC) && outer.contains(e.getEnclosingElement());
        if (local && !inside.contains(e) || outerMember
            || e.getKind() == ElementKind.TYPE_PARAMETER && outer.contains(e.getEnclosingElement())) {
          throw Unsupported.construct(id, what + ", which uses " + id + " of the method around it", advice);
        }
        return null;
      }

      @Override
      public Void visitMemberSelect(MemberSelectTree ms, Void p) {
        if (src.contains(ms) && ms.getIdentifier().contentEquals("this")
            && outer.contains(src.elementOf(ms.getExpression()))) {
          throw Unsupported.construct(ms, what + ", which uses " + ms, advice);
        }
        return super.visitMemberSelect(ms, p);
      }
    }.scan(tree, null);
    SourceTemplate template = SourceTemplate.of(src, elements, access, e -> null, e -> null, () -> null, tree);
    // a local class is an inner class; its copy, a member, must be static to be made without an instance
    StringBuilder text = new StringBuilder(tree.getKind() == Tree.Kind.CLASS ? "static " : "");
    for (Object part : template.parts()) {
      if (part instanceof String string) {
        text.append(string);
      } else if (part instanceof ClassName c) {
        text.append(c.canonicalName());
      } else {
        throw Unsupported.construct(tree, what + ", which reads a private member of another class", advice);
      }
    }
    ClassName name = Types.className(type);
    if (name.enclosingClassName().simpleName().equals(name.simpleName())
        || !src.addLocalType(name, text.toString())) {
      throw Unsupported.construct(tree, what + ", whose name another local class of " + current.getSimpleName()
          + " or of the helpers it calls has", "give it a name of its own");
    }
  }

  private Stmt loop(StatementTree tree, String label) {
    if (tree instanceof EnhancedForLoopTree each) {
      return forEach(each, loopIds++, label);
    }
    int id = loopIds++;
    List<Stmt> init = new ArrayList<>();
    List<Stmt> update = new ArrayList<>();
    ExpressionTree condition;
    StatementTree body;
    boolean testFirst = true;
    if (tree instanceof ForLoopTree f) {
      for (StatementTree s : f.getInitializer()) {
        init.addAll(hoisting(s));
      }
      condition = f.getCondition();
      body = f.getStatement();
      List<Stmt> outer = pending;
      pending = null;
      for (ExpressionStatementTree u : f.getUpdate()) {
        update.add(statement(u));
      }
      pending = outer;
    } else if (tree instanceof WhileLoopTree w) {
      condition = w.getCondition();
      body = w.getStatement();
    } else {
      DoWhileLoopTree d = (DoWhileLoopTree) tree;
      condition = d.getCondition();
      body = d.getStatement();
      testFirst = false;
    }
    LoopLabel loop = new LoopLabel(id, label, false);
    Expr test = null;
    List<Stmt> beforeTest = new ArrayList<>();
    if (condition != null) {
      test = conditionally(condition, beforeTest);
    }
    if (!beforeTest.isEmpty() && !testFirst) {
      loop.continueId = loopIds++;
    }
    loops.push(loop);
    Stmt.Block block = asBlock(body);
    loops.pop();
    if (!beforeTest.isEmpty() && !testFirst) {
      // do body while (++k < n)  ->  while (true) { body; k++; if (!(k < n)) break; }; a continue
      // goes to the condition: the body is then a loop that runs once, which the continue leaves
      List<Stmt> statements = new ArrayList<>();
      if (loop.continued) {
        loop.needsLabel = true; // a break in the body leaves both loops
        statements.add(new Stmt.Loop(loop.continueId, "loop_" + loop.continueId, List.of(),
            new Expr.Literal("false", Type.BOOL, null), List.of(), block, false, tree));
      } else {
        statements.addAll(block.statements());
      }
      statements.addAll(beforeTest);
      statements.add(new Stmt.If(new Expr.Unary(Operator.NOT, test, Type.BOOL, null),
          new Stmt.Block(List.of(new Stmt.Break(id, null)), null), new Stmt.Block(List.of(), null), condition));
      return new Stmt.Loop(id, loop.label(), init, null, update, new Stmt.Block(statements, block.tree()), true, tree);
    }
    if (!beforeTest.isEmpty()) {
      // while (f(x) > 0) body  ->  while (true) { <inlined f>; if (!(f > 0)) break; body }
      List<Stmt> statements = new ArrayList<>(beforeTest);
      statements.add(new Stmt.If(new Expr.Unary(Operator.NOT, test, Type.BOOL, null),
          new Stmt.Block(List.of(new Stmt.Break(id, null)), null), new Stmt.Block(List.of(), null), condition));
      statements.addAll(block.statements());
      block = new Stmt.Block(statements, block.tree());
      test = null;
    }
    return new Stmt.Loop(id, loop.label(), init, test, update, block, testFirst, tree);
  }

  /**
   * {@code for (T v : a) body} over an array as {@code for (int i = 0; i < a.length; i++) { T v = a[i]; body }},
   * over an {@code Iterable} as {@code for (Iterator<T> it = a.iterator(); it.hasNext(); ) { T v = it.next(); body }}.
   */
  private Stmt forEach(EnhancedForLoopTree tree, int id, String label) {
    if (isRecordValued(tree.getExpression()) && recordValue(tree.getExpression()) instanceof RecArray array) {
      // for (Layer l : layers): l stands for layers[i], its components read from the columns
      Var index = synthetic("index", Type.INT, tree);
      Expr.Read i = new Expr.Read(index, null);
      records.put(src.elementOf(tree.getVariable()), element(array, i, tree));
      LoopLabel loop = new LoopLabel(id, label, false);
      loops.push(loop);
      Stmt.Block body = asBlock(tree.getStatement());
      loops.pop();
      return new Stmt.Loop(id, loop.label(), List.of(new Stmt.Declare(index, new Expr.Literal("0", Type.INT, null), tree)),
          new Expr.Binary(Operator.LT, i, lengthOf(array, null), Type.BOOL, null), List.of(increment(index, tree)), body,
          true, tree);
    }
    Expr iterable = expression(tree.getExpression());
    VariableTree variable = tree.getVariable();
    Type element = typeOf(src.elementOf(variable).asType(), variable);
    Var v = local(variable, element);
    List<Stmt> init = new ArrayList<>();
    if (!(iterable instanceof Expr.Read) && !(iterable.type().isArray() && isArrayPlace(iterable))) {
      // a call's result, an object's collection: evaluated once (a row m[i] is read in place)
      Var copy = synthetic(iterable.type().isArray() ? "array" : "iterable", iterable.type(), tree);
      init.add(new Stmt.Declare(copy, iterable, tree));
      iterable = new Expr.Read(copy, null);
    }
    Expr condition;
    List<Stmt> update = new ArrayList<>();
    Expr next;
    if (src.typeOf(tree.getExpression()).getKind() == TypeKind.ARRAY) {
      Expr array = iterable;
      Var index = synthetic("index", Type.INT, tree);
      Expr.Read i = new Expr.Read(index, null);
      if (element.isArray()) {
        // for (double[] row : m): row stands for m[i] itself (writes through it are writes of m)
        locals.remove(v);
        vars.remove(src.elementOf(variable));
        aliases.put(src.elementOf(variable), new Expr.ArrayRead(array, i, element, null));
        init.add(new Stmt.Declare(index, new Expr.Literal("0", Type.INT, null), tree));
        LoopLabel loop = new LoopLabel(id, label, false);
        loops.push(loop);
        Stmt.Block body = asBlock(tree.getStatement());
        loops.pop();
        return new Stmt.Loop(id, loop.label(), init, new Expr.Binary(Operator.LT, i, new Expr.ArrayLength(array, null),
            Type.BOOL, null), List.of(new Stmt.Assign(index, new Expr.Binary(Operator.PLUS, i,
            new Expr.Literal("1", Type.INT, null), Type.INT, null), tree)), body, true, tree);
      }
      init.add(new Stmt.Declare(index, new Expr.Literal("0", Type.INT, null), tree));
      Expr length = array.type().isArray() ? new Expr.ArrayLength(array, null)
          : opaque(List.of(array, ".length"), Type.INT, "the length of " + tree.getExpression(), null);
      condition = new Expr.Binary(Operator.LT, i, length, Type.BOOL, null);
      update.add(new Stmt.Assign(index, new Expr.Binary(Operator.PLUS, i, new Expr.Literal("1", Type.INT, null),
          Type.INT, null), tree));
      next = array.type().isArray() ? new Expr.ArrayRead(array, i, element, null)
          : opaque(List.of(array, "[", i, "]"), element, "an element of " + tree.getExpression(), null);
    } else {
      TypeName boxed = Types.typeName(src.elementOf(variable).asType());
      boxed = boxed.isPrimitive() ? boxed.box() : boxed;
      Type iteratorType = Type.passive(ParameterizedTypeName.get(ClassName.get(java.util.Iterator.class),
          com.palantir.javapoet.WildcardTypeName.subtypeOf(boxed)));
      Var iterator = synthetic("iterator", iteratorType, tree);
      init.add(new Stmt.Declare(iterator, opaque(List.of(iterable, ".iterator()"), iteratorType,
          "the iterator of " + tree.getExpression(), null), tree));
      condition = opaque(List.of(new Expr.Read(iterator, null), ".hasNext()"), Type.BOOL, "hasNext", null);
      next = opaque(List.of(new Expr.Read(iterator, null), ".next()"), element, "next", null);
    }
    LoopLabel loop = new LoopLabel(id, label, false);
    loops.push(loop);
    Stmt.Block original = asBlock(tree.getStatement());
    loops.pop();
    List<Stmt> body = new ArrayList<>();
    body.add(new Stmt.Declare(v, next, variable));
    body.addAll(original.statements());
    return new Stmt.Loop(id, loop.label(), init, condition, update, new Stmt.Block(body, tree.getStatement()), true,
        tree);
  }

  /**
   * A switch on an int, a char, a string or an enum, as a loop that runs once (so {@code break}
   * leaves it) around one {@code if} per case group. Fallthrough:
   * {@code if (matched || selected == 1) { matched = true; … }}, the default group entered when no
   * label matches; arrow cases form an if/else chain.
   */
  private Stmt switchStatement(SwitchTree tree) {
    return switchLowering(tree.getExpression(), tree.getCases(), tree, null);
  }

  /**
   * A switch expression as a switch statement assigning a temporary: {@code case 1 -> a;} assigns
   * {@code a}, {@code yield v;} assigns {@code v} and leaves the switch; the expression reads the temporary.
   */
  private Expr switchExpression(com.sun.source.tree.SwitchExpressionTree tree) {
    if (pending == null) {
      throw Unsupported.construct(tree, "a switch expression in a loop condition", "compute it into a local first");
    }
    Var result = synthetic("switched", typeOf(tree, true), tree);
    pending.add(new Stmt.Declare(result, null, tree));
    pending.add(switchLowering(tree.getExpression(), tree.getCases(), tree, result));
    return new Expr.Read(result, tree);
  }

  /** The switch expressions being lowered, innermost first: their result and their loop (yield leaves it). */
  private final Deque<Var> switchResults = new ArrayDeque<>();
  private final Deque<LoopLabel> switchLoops = new ArrayDeque<>();

  private Stmt switchLowering(ExpressionTree selectorTree, List<? extends CaseTree> cases, Tree tree, Var result) {
    int id = loopIds++;
    Expr selector = expression(selectorTree);
    Type selectorType = selector.type();
    boolean isString = src.typeOf(selectorTree).toString().equals("java.lang.String");
    Var selected = synthetic("selected", selectorType, tree);
    Var matched = synthetic("matched", Type.BOOL, tree);
    Expr.Read sel = new Expr.Read(selected, null);
    Expr.Read wasMatched = new Expr.Read(matched, null);
    List<Expr> everyLabel = new ArrayList<>();
    List<Expr> groupConditions = new ArrayList<>();
    for (CaseTree c : cases) {
      Expr any = null;
      for (ExpressionTree label : caseLabels(c)) {
        Expr equal;
        Element constant = src.elementOf(label);
        if (constant != null && constant.getKind() == ElementKind.ENUM_CONSTANT) {
          // case ADD: names the constant without its class; the companion must qualify it
          equal = new Expr.Binary(Operator.EQ, sel, opaque(List.of(Types.className((TypeElement)
              constant.getEnclosingElement()), "." + constant.getSimpleName()), selectorType, "a case label", label),
              Type.BOOL, null);
        } else if (isString) {
          equal = opaque(List.of(expression(label), ".equals(", sel, ")"), Type.BOOL, "a case label", label);
        } else {
          equal = new Expr.Binary(Operator.EQ, sel, expression(label), Type.BOOL, null);
        }
        everyLabel.add(equal);
        any = any == null ? equal : new Expr.Binary(Operator.CONDITIONAL_OR, any, equal, Type.BOOL, null);
      }
      groupConditions.add(any);
    }
    Expr noLabel = new Expr.Unary(Operator.NOT, everyLabel.stream()
        .reduce((a, b) -> new Expr.Binary(Operator.CONDITIONAL_OR, a, b, Type.BOOL, null))
        .orElse(new Expr.Literal("false", Type.BOOL, null)), Type.BOOL, null);
    LoopLabel loop = new LoopLabel(id, null, true);
    loops.push(loop);
    if (result != null) {
      switchResults.push(result);
      switchLoops.push(loop);
    }
    boolean arrows = !cases.isEmpty() && cases.get(0).getCaseKind() == CaseTree.CaseKind.RULE;
    List<Stmt> body = new ArrayList<>();
    List<Stmt.If> arrowChain = new ArrayList<>();
    for (int k = 0; k < cases.size(); k++) {
      CaseTree c = cases.get(k);
      Expr own = groupConditions.get(k) == null ? noLabel : groupConditions.get(k);
      List<Stmt> statements = new ArrayList<>();
      if (arrows) {
        Tree rule = c.getBody();
        if (rule instanceof StatementTree st) {
          statements.addAll(asBlock(st).statements());
        } else if (rule instanceof ExpressionTree e && result != null) {
          // case X -> value;
          List<Stmt> outer = pending;
          pending = new ArrayList<>();
          Expr value = Typing.castIfNarrowing(expression(e), result.type());
          statements.addAll(pending);
          pending = outer;
          statements.add(new Stmt.Assign(result, value, e));
        } else if (rule instanceof ExpressionTree e) {
          statements.addAll(hoisting(expressionStatementOf(e)));
        } else {
          throw Unsupported.construct(rule, "a switch rule " + Unsupported.describe(rule), "use a block or a statement");
        }
        arrowChain.add(new Stmt.If(own, new Stmt.Block(statements, c), new Stmt.Block(List.of(), null), c));
      } else {
        statements.add(new Stmt.Assign(matched, new Expr.Literal("true", Type.BOOL, null), c));
        for (StatementTree st : c.getStatements()) {
          statements.addAll(hoisting(st));
        }
        Expr condition = new Expr.Binary(Operator.CONDITIONAL_OR, wasMatched, own, Type.BOOL, null);
        body.add(new Stmt.If(condition, new Stmt.Block(statements, c), new Stmt.Block(List.of(), null), c));
      }
    }
    loops.pop();
    if (result != null) {
      switchResults.pop();
      switchLoops.pop();
    }
    if (arrows) {
      // Chain the rules: if (a) {…} else if (b) {…} else {default}; the default rule goes last.
      arrowChain.sort(java.util.Comparator.comparing(i -> i.condition() == noLabel));
      Stmt.Block rest = new Stmt.Block(List.of(), null);
      for (int k = arrowChain.size() - 1; k >= 0; k--) {
        Stmt.If i = arrowChain.get(k);
        rest = i.condition() == noLabel ? i.then()
            : new Stmt.Block(List.of(new Stmt.If(i.condition(), i.then(), rest, i.tree())), null);
      }
      body.addAll(rest.statements());
    }
    List<Stmt> init = new ArrayList<>();
    init.add(new Stmt.Declare(selected, selector, tree));
    if (!arrows) {
      init.add(new Stmt.Declare(matched, new Expr.Literal("false", Type.BOOL, null), tree));
    }
    return new Stmt.Loop(id, null, init, new Expr.Literal("false", Type.BOOL, null), List.of(),
        new Stmt.Block(body, tree), false, tree);
  }

  /** {@code try (resources) {…} catch (…) {…} finally {…}}, for the tape. */
  private Stmt tryStatement(com.sun.source.tree.TryTree tree) {
    List<Stmt.Declare> resources = new ArrayList<>();
    for (Tree r : tree.getResources()) {
      if (!(r instanceof VariableTree v)) {
        throw Unsupported.construct(r, "a resource that is not declared here", "declare it in the try");
      }
      Stmt d = declaration(v);
      resources.add((Stmt.Declare) d);
    }
    Stmt.Block body = block(tree.getBlock());
    List<Stmt.Catch> catches = new ArrayList<>();
    for (com.sun.source.tree.CatchTree c : tree.getCatches()) {
      VariableTree parameter = c.getParameter();
      List<TypeName> alternatives = new ArrayList<>();
      Tree typeTree = parameter.getType();
      List<? extends Tree> trees = typeTree instanceof com.sun.source.tree.UnionTypeTree u
          ? u.getTypeAlternatives() : List.of(typeTree);
      for (Tree t : trees) {
        TypeMirror m = src.typeOf(t);
        if (m == null || !access.nameable(m)) {
          throw Unsupported.construct(t, "catching " + t, "catch a type the companion can name");
        }
        alternatives.add(Types.typeName(m));
      }
      Var v = local(parameter, Type.passive(alternatives.size() == 1 ? alternatives.get(0) : ClassName.get(Throwable.class)));
      catches.add(new Stmt.Catch(v, alternatives, block(c.getBlock())));
    }
    Stmt.Block finallyBlock = tree.getFinallyBlock() == null ? new Stmt.Block(List.of(), null)
        : block(tree.getFinallyBlock());
    return new Stmt.Try(resources, body, catches, finallyBlock, tree);
  }

  /** The constant labels of a case (none for default); patterns are not supported. */
  @SuppressWarnings("deprecation") // getExpressions: getLabels is JDK 21+
  private static List<? extends ExpressionTree> caseLabels(CaseTree c) {
    return c.getExpressions();
  }

  /** {@code case X -> expression;}: the expression as the statement it stands for. */
  private ExpressionStatementTree expressionStatementOf(ExpressionTree e) {
    Tree parent = src.pathOf(e).getParentPath().getLeaf();
    if (parent instanceof ExpressionStatementTree s) {
      return s;
    }
    throw Unsupported.construct(e, "this switch rule", "write the rule as a block");
  }

  /**
   * The loop a break or continue leaves: the labeled one, else the innermost (for continue, the
   * innermost real loop, which must then carry a label if a switch lies in between).
   */
  private int target(StatementTree tree, javax.lang.model.element.Name label) {
    boolean isContinue = tree.getKind() == Tree.Kind.CONTINUE;
    boolean across = false;
    for (LoopLabel l : loops) {
      boolean matches = label == null ? !(isContinue && l.isSwitch) && !l.isBlock
          : label.contentEquals(String.valueOf(l.label));
      if (matches) {
        l.needsLabel |= across;
        l.broken |= !isContinue;
        if (isContinue && l.continueId >= 0) {
          l.continued = true;
          return l.continueId;
        }
        return l.id;
      }
      across |= l.isSwitch || l.isBlock;
    }
    throw Unsupported.construct(tree, "a " + Unsupported.describe(tree) + " outside a loop",
        "use break and continue only in loops and switches");
  }

  /** A returned record: the lowered value as one expression. */
  private Expr newRecordOf(Object value, Type type, Tree tree) {
    if (!(value instanceof Rec r)) {
      throw Unsupported.construct(tree, "returning an array of records", "return a record");
    }
    List<Expr> parts = new ArrayList<>();
    List<RecordShape.Component> components = type.shape().components();
    for (int k = 0; k < components.size(); k++) {
      Object part = r.parts().get(k);
      if (part instanceof RecArray) {
        throw Unsupported.construct(tree, "returning a record holding an array of records", "return the records"
            + " one by one");
      }
      parts.add(part instanceof Rec ? newRecordOf(part, components.get(k).type(), tree) : (Expr) part);
    }
    return new Expr.NewRecord(type, parts, tree);
  }

  private Stmt declaration(VariableTree tree) {
    Element element = src.elementOf(tree);
    Type type = typeOf(element.asType(), tree);
    if (type.shape() != null) {
      if (tree.getInitializer() == null) {
        throw Unsupported.construct(tree, "a record local without initializer", "initialize it where it is declared");
      }
      if (pending == null) {
        throw Unsupported.construct(tree, "a record declared here", "declare it in the body");
      }
      records.put(element, declareRecord(tree.getName().toString(), type, recordValue(tree.getInitializer()), tree));
      declaredNames.add(tree.getName().toString());
      return null;
    }
    if (tree.getInitializer() != null && appliedInPlace(tree, element, skipParens(tree.getInitializer()))) {
      // DoubleUnaryOperator g = t -> t * y; … g.applyAsDouble(x): inlined at each application
      functions.put(element, skipParens(tree.getInitializer()));
      chooseNow(skipParens(tree.getInitializer()), null, tree);
      return null;
    }
    ArrayCopy copy = tree.getInitializer() == null ? null : arrayCopyInitializer(tree, type);
    Expr init = copy != null ? copy.init()
        : tree.getInitializer() == null ? null : expression(tree.getInitializer());
    if (init != null) {
      init = Typing.castIfNarrowing(init, type);
    }
    if (type.isArray() && init instanceof Expr.Read r && helperResults.remove(r.var())) {
      // double[] k = deriv(y): k is the array the inlined helper made
      aliases.put(element, init);
      return null;
    }
    if (type.isArray() && copy == null && init != null && rowAlias(element, tree.getInitializer(), init)) {
      // double[] wi = w[i]: wi stands for w[i] itself, like the variable of for (double[] row : w)
      aliases.put(element, init);
      return null;
    }
    if (type.isArray() && type.differentiable() && !tape) {
      // a @DerivativeOf function's result: a new array (the function must not return its argument);
      // null (or no initializer) until a fresh array is assigned is no alias either; an array some
      // passive code returns (table.get(key)) is a constant if nothing writes it
      if (!(freshArray(init) || Expr.Opaque.isNull(init) || init == null && tree.getInitializer() == null
          || fieldArray(init) || freshChoice(init) || checkpointArrayResult(init)
          || init instanceof Expr.Opaque && restOfBlock != null && !writesArray(element, restOfBlock))) {
        throw Unsupported.construct(tree, init == null ? "an array local without initializer"
            : "making an array local an alias of another array", "initialize array locals with new double[…]");
      }
    }
    Var v = local(tree, type);
    if (type.isArray() && !tape && freshChoice(init)) {
      // double[] a = c ? new double[n] : null;  ->  double[] a; if (c) a = new double[n]; else a = null;
      return new Stmt.Block(List.of(new Stmt.Declare(v, null, tree), choose(v, init, tree)), null);
    }
    if (type.isArray() && copy == null && fieldArray(init)) {
      fieldViews.put(v, tree.getInitializer().toString());
    }
    if (copy != null) {
      following.add(copyLoop(copy.source(), copy.from(), new Expr.Read(v, null), new Expr.Literal("0", Type.INT, null),
          copy.count(), type.element(), false, tree));
    }
    return new Stmt.Declare(v, init, tree);
  }

  /**
   * {@code System.arraycopy} and {@code Arrays.fill} on double arrays, written as the loops they
   * are, so the derivatives flow through the copied elements (a library call would cut them).
   */
  private boolean arrayLibraryCall(MethodInvocationTree call, Tree tree) {
    Element e = src.elementOf(call);
    if (!(e instanceof ExecutableElement m) || !(m.getEnclosingElement() instanceof TypeElement owner)) {
      return false;
    }
    String name = owner.getQualifiedName() + "." + m.getSimpleName();
    List<? extends ExpressionTree> a = call.getArguments();
    if (name.equals("java.lang.System.arraycopy") && typeOf(a.get(0)).differentiable() && typeOf(a.get(0)).isArray()) {
      Expr source = expression(a.get(0));
      Expr from = once(expression(a.get(1)), "from", tree);
      Expr target = expression(a.get(2));
      Expr to = once(expression(a.get(3)), "to", tree);
      Expr length = once(expression(a.get(4)), "length", tree);
      Type element = source.type().element();
      if (Type.ARRAY.is(element)) {
        throw Unsupported.construct(call, "System.arraycopy of double[][] rows (it copies references)",
            "copy the elements in a loop");
      }
      boolean sameArray = rootOf(source) != null && rootOf(source) == rootOf(target);
      Stmt forward = copyLoop(source, from, target, to, length, element, false, tree);
      if (!sameArray) {
        pending.add(forward);
      } else {
        // Overlapping ranges of one array copy as if through a temporary: backwards when moving right.
        pending.add(new Stmt.If(new Expr.Binary(Operator.GT, to, from, Type.BOOL, null),
            new Stmt.Block(List.of(copyLoop(source, from, target, to, length, element, true, tree)), null),
            new Stmt.Block(List.of(forward), null), tree));
      }
      return true;
    }
    if (name.equals("java.util.Arrays.sort") && typeOf(a.get(0)) == Type.ARRAY && a.size() != 2) {
      // A gather through the sorted order (Double.compare, as Arrays.sort): each element's derivative
      // moves with it, as torch.sort's does.
      Expr array = expression(a.get(0));
      Expr begin = a.size() == 3 ? once(expression(a.get(1)), "from", tree) : new Expr.Literal("0", Type.INT, null);
      Expr end = a.size() == 3 ? once(expression(a.get(2)), "to", tree) : new Expr.ArrayLength(array, null);
      Var order = synthetic("order", Type.INT_ARRAY, tree);
      pending.add(new Stmt.Declare(order, opaque(List.of(dev.adjoint.processor.RuntimeNames.ARRAY_OPS, ".sortOrder(",
          array, ", ", begin, ", ", end, ")"), Type.INT_ARRAY, "the sorted order", null), tree));
      Var sorted = synthetic("sorted", Type.ARRAY, tree);
      Expr length = a.size() == 3 ? new Expr.Binary(Operator.MINUS, end, begin, Type.INT, null) : end;
      pending.add(new Stmt.Declare(sorted, new Expr.NewArray(Type.ARRAY, List.of(length), List.of(), null), tree));
      Expr.Read gathered = new Expr.Read(sorted, null);
      Expr zero = new Expr.Literal("0", Type.INT, null);
      Var k = synthetic("k", Type.INT, tree);
      Expr at = new Expr.ArrayRead(new Expr.Read(order, null), new Expr.Read(k, null), Type.INT, null);
      pending.add(new Stmt.Loop(loopIds++, null, List.of(new Stmt.Declare(k, zero, tree)),
          new Expr.Binary(Operator.LT, new Expr.Read(k, null), length, Type.BOOL, null), List.of(increment(k, tree)),
          new Stmt.Block(List.of(new Stmt.Store(new Expr.ArrayRead(gathered, new Expr.Read(k, null), Type.SCALAR, null),
              new Expr.ArrayRead(array, at, Type.SCALAR, null), tree)), null), true, tree));
      pending.add(copyLoop(gathered, zero, array, begin, length, Type.SCALAR, false, tree));
      return true;
    }
    if (name.equals("java.util.Arrays.fill") && Type.ARRAY.is(typeOf(a.get(0)))) {
      Expr array = expression(a.get(0));
      Expr begin = a.size() == 4 ? once(expression(a.get(1)), "from", tree) : new Expr.Literal("0", Type.INT, null);
      Expr end = a.size() == 4 ? once(expression(a.get(2)), "to", tree) : new Expr.ArrayLength(array, null);
      Type element = array.type().element();
      checkWritable(array, call);
      Expr value = once(Typing.castIfNarrowing(expression(a.get(a.size() - 1)), element), "fill", tree);
      Var k = synthetic("k", Type.INT, tree);
      Expr.Read i = new Expr.Read(k, null);
      pending.add(new Stmt.Loop(loopIds++, null, List.of(new Stmt.Declare(k, begin, tree)),
          new Expr.Binary(Operator.LT, i, end, Type.BOOL, null), List.of(increment(k, tree)),
          new Stmt.Block(List.of(new Stmt.Store(new Expr.ArrayRead(array, i, element, null), value, tree)), null),
          true, tree));
      return true;
    }
    return false;
  }

  /**
   * A call without source receiving double arrays, as a statement: each array is copied before and
   * compared after, so a change the processor cannot see fails loudly instead of making the
   * derivatives silently wrong ({@code MathArrays.checkOrder(x)} passes; {@code sortInPlace(x)} throws).
   */
  private void guard(MethodInvocationTree call, Tree tree) {
    guard(call, tree, following);
  }

  /** The copies before the call go to {@code pending}, the checks after it to {@code checks}. */
  private void guard(MethodInvocationTree call, Tree tree, List<Stmt> checks) {
    ExecutableElement m = (ExecutableElement) src.elementOf(call);
    for (Var array : arraysReceived(m, call)) {
      Var snapshot = synthetic(array.sourceName() + "Before", Type.passive(ClassName.OBJECT), tree);
      pending.add(new Stmt.Declare(snapshot, opaque(List.of(dev.adjoint.processor.RuntimeNames.ARRAY_OPS,
          ".snapshot(", new Expr.Read(array, null), ")"), snapshot.type(), "a copy", null), tree));
      checks.add(new Stmt.Call(opaque(List.of(dev.adjoint.processor.RuntimeNames.ARRAY_OPS, ".requireUnchanged(",
          new Expr.Read(snapshot, null), ", ", new Expr.Read(array, null), ", \"" + describe(call).replace("\"", "'")
              + "\", \"" + array.sourceName() + "\")"), Type.passive(TypeName.VOID), "a check", null), tree));
    }
  }

  /**
   * The double arrays of the method that a call of code the processor cannot see receives through
   * parameters of an array type (it could write their elements); none for read-only library methods.
   */
  private List<Var> arraysReceived(ExecutableElement m, MethodInvocationTree call) {
    String name = ((TypeElement) m.getEnclosingElement()).getQualifiedName() + "." + m.getSimpleName();
    List<Var> found = new ArrayList<>();
    if (READ_ONLY.contains(name)) {
      return found;
    }
    List<? extends VariableElement> params = m.getParameters();
    for (int i = 0; i < call.getArguments().size(); i++) {
      VariableElement p = params.get(Math.min(i, params.size() - 1));
      if (p.asType().getKind() != TypeKind.ARRAY) {
        continue;
      }
      ExpressionTree arg = skipParens(call.getArguments().get(i));
      Element e = arg instanceof IdentifierTree ? src.elementOf(arg) : null;
      Expr alias = e == null ? null : aliases.get(e);
      Var v = alias != null ? rootOf(alias) : e == null ? null : vars.get(e);
      if (v != null && v.type().isArray() && v.type().differentiable() && !found.contains(v)) {
        found.add(v);
      }
    }
    return found;
  }

  /** Notes the double arrays a call without source receives, for Checks (a statement of its own is guarded instead). */
  private void noteArraysReceived(ExecutableElement m, MethodInvocationTree call) {
    for (Var v : arraysReceived(m, call)) {
      arrayCalls.putIfAbsent(call, new MethodIr.ArrayCall(v, describe(call), call));
    }
  }

  /** {@code for (int k = 0; k < n; k++) target[to + k] = source[from + k];} (or counting down). */
  private Stmt copyLoop(Expr source, Expr from, Expr target, Expr to, Expr length, Type element, boolean down,
      Tree tree) {
    checkWritable(target, tree);
    Var k = synthetic("k", Type.INT, tree);
    Expr.Read i = new Expr.Read(k, null);
    Expr start = down ? new Expr.Binary(Operator.MINUS, length, new Expr.Literal("1", Type.INT, null), Type.INT, null)
        : new Expr.Literal("0", Type.INT, null);
    Expr condition = down ? new Expr.Binary(Operator.GE, i, new Expr.Literal("0", Type.INT, null), Type.BOOL, null)
        : new Expr.Binary(Operator.LT, i, length, Type.BOOL, null);
    Stmt update = new Stmt.Assign(k, new Expr.Binary(down ? Operator.MINUS : Operator.PLUS, i,
        new Expr.Literal("1", Type.INT, null), Type.INT, null), tree);
    Stmt copy = new Stmt.Store(new Expr.ArrayRead(target, new Expr.Binary(Operator.PLUS, to, i, Type.INT, null), element,
        null), new Expr.ArrayRead(source, new Expr.Binary(Operator.PLUS, from, i, Type.INT, null), element, null), tree);
    return new Stmt.Loop(loopIds++, null, List.of(new Stmt.Declare(k, start, tree)), condition, List.of(update),
        new Stmt.Block(List.of(copy), null), true, tree);
  }

  private Stmt increment(Var k, Tree tree) {
    return new Stmt.Assign(k, new Expr.Binary(Operator.PLUS, new Expr.Read(k, null), new Expr.Literal("1", Type.INT, null),
        Type.INT, null), tree);
  }

  /** {@code e} evaluated once: a literal or variable as it is, anything else in a temporary. */
  private Expr once(Expr e, String name, Tree tree) {
    return e instanceof Expr.Literal || e instanceof Expr.Read || e instanceof Expr.FieldRead ? e
        : temporary(name, e, tree);
  }

  private static Var rootOf(Expr e) {
    while (e instanceof Expr.ArrayRead r) {
      e = r.array();
    }
    return e instanceof Expr.Read r ? r.var() : null;
  }

  /**
   * {@code double[] b = a.clone()}, {@code Arrays.copyOf(a, n)}, {@code Arrays.copyOfRange(a, i, j)}:
   * a new array (what the transforms need of an array local) and a copy loop after the
   * declaration; null for other initializers.
   */
  private ArrayCopy arrayCopyInitializer(VariableTree tree, Type type) {
    if (!Type.ARRAY.is(type) || !(tree.getInitializer() instanceof MethodInvocationTree call)) {
      return null;
    }
    Element e = src.elementOf(call);
    if (!(e instanceof ExecutableElement m)) {
      return null;
    }
    String name = ((TypeElement) m.getEnclosingElement()).getQualifiedName() + "." + m.getSimpleName();
    List<? extends ExpressionTree> a = call.getArguments();
    Expr source;
    Expr from;
    Expr length;
    if (m.getSimpleName().contentEquals("clone") && a.isEmpty()
        && call.getMethodSelect() instanceof MemberSelectTree ms && Type.ARRAY.is(typeOf(ms.getExpression()))) {
      source = expression(ms.getExpression());
      from = new Expr.Literal("0", Type.INT, null);
      length = new Expr.ArrayLength(source, null);
    } else if (name.equals("java.util.Arrays.copyOf") && a.size() == 2 && Type.ARRAY.is(typeOf(a.get(0)))) {
      source = expression(a.get(0));
      from = new Expr.Literal("0", Type.INT, null);
      length = once(expression(a.get(1)), "length", tree);
    } else if (name.equals("java.util.Arrays.copyOfRange") && a.size() == 3 && Type.ARRAY.is(typeOf(a.get(0)))) {
      source = expression(a.get(0));
      from = once(expression(a.get(1)), "from", tree);
      Expr to = once(expression(a.get(2)), "to", tree);
      length = once(new Expr.Binary(Operator.MINUS, to, from, Type.INT, null), "length", tree);
    } else {
      return null;
    }
    // copyOf pads with zeros past the end of the source: copy only what it has
    Expr available = new Expr.Binary(Operator.MINUS, new Expr.ArrayLength(source, null), from, Type.INT, null);
    Expr count = opaque(List.of(ClassName.get(Math.class), ".min(", length, ", ", available, ")"), Type.INT,
        "the length copied", null);
    return new ArrayCopy(new Expr.NewArray(type, List.of(length), List.of(), tree), source, from, count);
  }

  /** A new array and what to copy into it after its declaration. */
  private record ArrayCopy(Expr init, Expr source, Expr from, Expr count) {}

  private Var local(VariableTree tree, Type type) {
    Var v = new Var(tree.getName().toString(), type, Var.Kind.LOCAL, tree);
    vars.put(src.elementOf(tree), v);
    locals.add(v);
    return v;
  }

  /** A variable the front end introduces; its statements are quoted by the source statement they serve. */
  private Var synthetic(String name, Type type, Tree tree) {
    Var v = new Var(name, type, Var.Kind.SYNTHETIC, null);
    locals.add(v);
    return v;
  }

  private Stmt expressionStatement(ExpressionStatementTree tree) {
    ExpressionTree e = tree.getExpression();
    switch (e.getKind()) {
      case ASSIGNMENT: {
        AssignmentTree a = (AssignmentTree) e;
        Element assigned = src.elementOf(skipParens(a.getVariable()));
        if (assigned != null && records.get(assigned) instanceof Rec target) {
          // s = step(s, dt): every component, from the new record's
          pending.addAll(assignRecord(target, recordValue(a.getExpression()), tree));
          return null;
        }
        if (assigned != null && records.get(assigned) instanceof RecArray) {
          throw Unsupported.construct(a.getVariable(), "assigning the array of records " + a.getVariable(),
              "keep one array and write its elements (" + a.getVariable() + "[i] = new …(…)), computing first"
                  + " what the new records need from the old ones: swapping arrays of records is not supported");
        }
        if (skipParens(a.getVariable()) instanceof ArrayAccessTree element && isRecordValued(element.getExpression())
            && recordValue(element.getExpression()) instanceof RecArray array) {
          pending.addAll(storeRecord(array, element, a.getExpression(), tree)); // states[i] = new State(…)
          return null;
        }
        return assignment(a.getVariable(), expression(a.getExpression()), tree);
      }
      case PLUS_ASSIGNMENT: case MINUS_ASSIGNMENT: case MULTIPLY_ASSIGNMENT: case DIVIDE_ASSIGNMENT:
      case REMAINDER_ASSIGNMENT: case AND_ASSIGNMENT: case OR_ASSIGNMENT: case XOR_ASSIGNMENT:
      case LEFT_SHIFT_ASSIGNMENT: case RIGHT_SHIFT_ASSIGNMENT: case UNSIGNED_RIGHT_SHIFT_ASSIGNMENT:
        return compound((CompoundAssignmentTree) e, tree);
      case PREFIX_INCREMENT: case POSTFIX_INCREMENT: case PREFIX_DECREMENT: case POSTFIX_DECREMENT:
        return increment((UnaryTree) e, tree);
      case METHOD_INVOCATION: {
        if (arrayLibraryCall((MethodInvocationTree) e, tree)) {
          return null; // System.arraycopy, Arrays.fill: as loops, before this point
        }
        inPlaceAllowed = true;
        Expr call = expression(e);
        inPlaceAllowed = false;
        if (call == null || call instanceof Expr.Read r && r.var().kind() == Var.Kind.SYNTHETIC) {
          return null; // an inlined helper: its body is already in place, its result unused
        }
        if (call instanceof Expr.PlainCall || call instanceof Expr.Opaque || call instanceof Expr.HelperCall) {
          MethodIr.ArrayCall received = arrayCalls.remove(e);
          if (received != null && tape) {
            // on the tape the call would get a copy of the values: a change (a sort) would be lost
            throw Unsupported.construct(e, describe(e) + ", which receives the array " + received.array().sourceName()
                + " whose elements carry derivatives", "give the method a @DerivativeOf, or copy the array first");
          }
          if (received != null) {
            guard((MethodInvocationTree) e, tree);
          }
          return new Stmt.Call(call, tree);
        }
        if (call instanceof Expr.TensorCall t && t.function().inPlace()) {
          return inPlaceSet(t, e);
        }
        if (call instanceof Expr.MathCall || call instanceof Expr.DiffCall || call instanceof Expr.CustomCall
            || call instanceof Expr.TensorCall || call instanceof Expr.Read) {
          return null; // a pure function whose result is discarded: nothing happens
        }
        throw Unsupported.construct(e, "a call whose result is discarded", "use its result or remove the call");
      }
      case NEW_CLASS:
        return new Stmt.Call(opaque(e), tree);
      default:
        throw Unsupported.construct(e, "the expression statement " + Unsupported.describe(e), "assign its value to a local");
    }
  }

  /** {@code target = value} as a statement: a local, an array element; never a field. */
  private Stmt assignment(ExpressionTree target, Expr value, Tree tree) {
    ExpressionTree t = skipParens(target);
    if (value == null) {
      throw new IllegalStateException("no value for " + tree);
    }
    if (t instanceof ArrayAccessTree element && isKnownArray(element.getExpression())) {
      Expr.ArrayRead at = storeTarget(element);
      if (at.type().isArray() && at.type().differentiable() && !tape) {
        // the transforms store elements: a row is a reference, which the reverse sweep would have to restore
        throw Unsupported.construct(tree, "assigning a row of an array (" + t + " = …)",
            "write its elements (for (int j …) " + t + "[j] = …), or swap the elements instead of the rows");
      }
      return new Stmt.Store(at, Typing.castIfNarrowing(value, at.type()), tree);
    }
    Var a = t instanceof IdentifierTree ? vars.get(src.elementOf(t)) : null;
    if (!tape && checkpointArrayResult(value) && a != null && a.type().isArray() && a.type().equals(value.type())
        && !aliases.containsKey(src.elementOf(t))) {
      // y = step(y, …) of a @Checkpoint step: y becomes the step's new array (API.md section 6)
      return new Stmt.Assign(a, value, tree);
    }
    Var v = target(t, value);
    if (v.type().isArray() && !tape && freshChoice(value)) {
      return choose(v, value, tree);
    }
    return new Stmt.Assign(v, Typing.castIfNarrowing(value, v.type()), tree);
  }

  /** {@code c ? new double[n] : null} (nested too): each branch a new array or null, no alias. */
  private static boolean freshChoice(Expr e) {
    return e instanceof Expr.Conditional c && java.util.stream.Stream.of(c.ifTrue(), c.ifFalse())
        .allMatch(b -> freshArray(b) || Expr.Opaque.isNull(b) || freshChoice(b));
  }

  /** {@code v = c ? a : b} of a {@link #freshChoice} as {@code if (c) v = a; else v = b;}. */
  private static Stmt choose(Var v, Expr value, Tree tree) {
    if (!(value instanceof Expr.Conditional c)) {
      return new Stmt.Assign(v, value, tree);
    }
    return new Stmt.If(c.condition(), new Stmt.Block(List.of(choose(v, c.ifTrue(), tree)), null),
        new Stmt.Block(List.of(choose(v, c.ifFalse(), tree)), null), tree);
  }

  /**
   * Whether array {@code e} is a field's (a static field, a constant table, or an element of one):
   * the method only reads it, so a local naming it is passive, no alias of a differentiated array.
   */
  private boolean fieldArray(Expr e) {
    while (e instanceof Expr.ArrayRead r) {
      e = r.array();
    }
    return e instanceof Expr.FieldRead || e instanceof Expr.Opaque o && o.tree() != null
        && src.elementOf(o.tree()) instanceof VariableElement f && f.getKind().isField();
  }

  /** Refuses an element write to {@code target}'s array when that array is a field's (also through a local). */
  private void checkWritable(Expr target, Tree tree) {
    Var root = rootOf(target);
    if (root == null && fieldArray(target)) {
      throw new Problem(Message.FIELD_WRITE, tree, target.tree() != null ? target.tree() : tree);
    }
    if (root != null && fieldViews.containsKey(root)) {
      throw new Problem(Message.FIELD_WRITE, tree, fieldViews.get(root) + " (through " + root.sourceName() + ")");
    }
    if (root != null) {
      stored.putIfAbsent(root, tree);
    }
  }

  /** A new array: {@code new double[…]} or a {@code @DerivativeOf} function's result (never its argument). */
  private static boolean freshArray(Expr e) {
    return e instanceof Expr.NewArray || e instanceof Expr.CustomCall;
  }

  private Stmt compound(CompoundAssignmentTree a, Tree tree) {
    ExpressionTree t = skipParens(a.getVariable());
    Operator op = Typing.compoundOperator(a.getKind());
    if (t instanceof ArrayAccessTree element && isKnownArray(element.getExpression())) {
      Expr.ArrayRead at = storeTarget(element);
      Expr right = expression(a.getExpression());
      Expr value = new Expr.Binary(op, at, right, Type.promote(at.type(), right.type()), a);
      return new Stmt.Store(at, Typing.castIfNarrowing(value, at.type()), tree);
    }
    Var v = target(t);
    if (!v.type().isNumeric() && v.type() != Type.BOOL || v.type().isPassiveOther()) {
      // s += "text", a compound on a boxed or other passive value: the statement as written
      return new Stmt.Assign(v, opaqueValueOf(a, v), tree);
    }
    Expr right = expression(a.getExpression());
    Expr value = new Expr.Binary(op, new Expr.Read(v, t), right, v.type() == Type.BOOL ? Type.BOOL
        : Type.promote(v.type(), right.type()), a);
    // Compound assignment narrows implicitly: int i; i += 0.5 means i = (int) (i + 0.5).
    return new Stmt.Assign(v, Typing.castIfNarrowing(value, v.type()), tree);
  }

  /** The value {@code v op= e} gives a passive {@code v}: {@code (T) (v op (e))}. */
  private Expr opaqueValueOf(CompoundAssignmentTree a, Var v) {
    SourceTemplate right = template(a.getExpression());
    List<Object> parts = new ArrayList<>();
    boolean narrow = v.type().typeName().isPrimitive();
    if (narrow) {
      parts.add("(" + v.type().typeName() + ") (");
    }
    parts.add(v);
    parts.add(" " + Typing.compoundSymbol(a.getKind()) + " (");
    parts.addAll(right.parts());
    parts.add(narrow ? "))" : ")");
    List<Var> reads = new ArrayList<>(right.reads());
    reads.add(v);
    return new Expr.Opaque(parts, reads, v.type(), "a compound assignment", a);
  }

  private Stmt increment(UnaryTree u, Tree tree) {
    boolean up = u.getKind() == Tree.Kind.PREFIX_INCREMENT || u.getKind() == Tree.Kind.POSTFIX_INCREMENT;
    ExpressionTree t = skipParens(u.getExpression());
    if (t instanceof ArrayAccessTree element && isKnownArray(element.getExpression())) {
      Expr.ArrayRead at = storeTarget(element);
      Expr one = new Expr.Literal(at.type() == Type.FLOAT ? "1.0f" : Type.SCALAR.is(at.type()) ? "1.0" : "1", at.type(), null);
      return new Stmt.Store(at, new Expr.Binary(up ? Operator.PLUS : Operator.MINUS, at, one, at.type(), u), tree);
    }
    Var v = target(t);
    if (!Type.SCALAR.is(v.type()) && v.type() != Type.INT && v.type() != Type.LONG) {
      List<Object> parts = new ArrayList<>();
      boolean narrow = v.type().typeName().isPrimitive();
      parts.add(narrow ? "(" + v.type().typeName() + ") (" : "");
      parts.add(v);
      parts.add(up ? " + 1" : " - 1");
      parts.add(narrow ? ")" : "");
      return new Stmt.Assign(v, new Expr.Opaque(parts, List.of(v), v.type(), "an increment", u), tree);
    }
    Expr one = new Expr.Literal(v.type() == Type.FLOAT ? "1.0f" : Type.SCALAR.is(v.type()) ? "1.0" : v.type() == Type.LONG ? "1L" : "1", v.type(), null);
    return new Stmt.Assign(v, new Expr.Binary(up ? Operator.PLUS : Operator.MINUS, new Expr.Read(v, t), one,
        v.type(), u), tree);
  }

  private static ExpressionTree skipParens(ExpressionTree t) {
    while (t instanceof ParenthesizedTree p) {
      t = p.getExpression();
    }
    return t;
  }

  /** Whether {@code array} is a double[], double[][] or int[] value (whose elements the IR tracks). */
  private boolean isKnownArray(ExpressionTree array) {
    return typeOf(array).isArray();
  }

  /** The local an assignment writes; fields are never written. */
  private Var target(ExpressionTree tree) {
    return target(tree, null);
  }

  /**
   * The local {@code tree = value} writes. An array local takes only a new array or null (the
   * static transforms keep the array it replaces for the reverse sweep, as for an array declared
   * in a loop), never another array: an alias would share elements the transforms keep apart.
   */
  private Var target(ExpressionTree tree, Expr value) {
    Element e = tree instanceof IdentifierTree || tree instanceof MemberSelectTree ? src.elementOf(tree) : null;
    if (e != null && aliases.containsKey(e)) {
      throw Unsupported.construct(tree, "assigning the array parameter " + tree + " of an inlined helper",
          "write its elements instead");
    }
    Var v = e == null ? null : vars.get(e);
    if (v != null) {
      if (v.type().isArray() && value != null && fieldArray(value)) {
        if (stored.containsKey(v)) {
          throw new Problem(Message.FIELD_WRITE, stored.get(v), value.tree() + " (through " + v.sourceName() + ")");
        }
        fieldViews.put(v, String.valueOf(value.tree()));
      } else if (v.type().isArray() && !tape
          && !(value != null && (freshArray(value) || Expr.Opaque.isNull(value) || freshChoice(value)))) {
        throw Unsupported.construct(tree, "assigning an array variable", "write its elements instead");
      }
      return v;
    }
    if (e != null && e.getKind().isField()) {
      throw new Problem(Message.FIELD_WRITE, tree, tree);
    }
    throw Unsupported.construct(tree, "writing " + tree, "assign to a local variable or an element of a double[] or int[]");
  }

  // ---- expressions --------------------------------------------------------------------------

  private Expr expression(ExpressionTree tree) {
    if (tree.getKind() != Tree.Kind.PARENTHESIZED && tree.getKind() != Tree.Kind.NULL_LITERAL && isRecordValued(tree)) {
      // a record where an object is expected (a call without source, a string): rebuilt from its components
      return materialize(recordValue(tree), tree);
    }
    switch (tree.getKind()) {
      case PARENTHESIZED:
        return expression(((ParenthesizedTree) tree).getExpression());
      case INT_LITERAL: case LONG_LITERAL: case FLOAT_LITERAL: case DOUBLE_LITERAL: case BOOLEAN_LITERAL:
        return Typing.literal(((LiteralTree) tree).getValue(), tree);
      case IDENTIFIER:
        return identifier((IdentifierTree) tree);
      case MEMBER_SELECT:
        return memberSelect((MemberSelectTree) tree);
      case UNARY_MINUS: case UNARY_PLUS: case BITWISE_COMPLEMENT: case LOGICAL_COMPLEMENT: {
        Type type = typeOf(tree);
        Expr operand = expression(((UnaryTree) tree).getExpression());
        if (type.isPassiveOther() || operand.type().isPassiveOther() && !operand.type().isNumeric()) {
          return opaque(tree);
        }
        Operator op = switch (tree.getKind()) {
          case UNARY_MINUS -> Operator.NEG;
          case UNARY_PLUS -> Operator.PLUS_UNARY;
          case BITWISE_COMPLEMENT -> Operator.BIT_NOT;
          default -> Operator.NOT;
        };
        return new Expr.Unary(op, operand, type, tree);
      }
      case PREFIX_INCREMENT: case PREFIX_DECREMENT: case POSTFIX_INCREMENT: case POSTFIX_DECREMENT:
      case ASSIGNMENT: case PLUS_ASSIGNMENT: case MINUS_ASSIGNMENT: case MULTIPLY_ASSIGNMENT: case DIVIDE_ASSIGNMENT:
      case REMAINDER_ASSIGNMENT:
        return sideEffect(tree);
      case CONDITIONAL_EXPRESSION:
        return conditional((ConditionalExpressionTree) tree);
      case TYPE_CAST:
        return cast((TypeCastTree) tree);
      case METHOD_INVOCATION:
        return call((MethodInvocationTree) tree);
      case ARRAY_ACCESS: {
        ArrayAccessTree a = (ArrayAccessTree) tree;
        return isKnownArray(a.getExpression()) ? arrayRead(a) : opaque(tree);
      }
      case NEW_ARRAY:
        return typeOf(tree).isArray() ? newArray((NewArrayTree) tree, typeOf(tree)) : opaque(tree);
      case SWITCH_EXPRESSION:
        return switchExpression((com.sun.source.tree.SwitchExpressionTree) tree);
      default:
        if (tree instanceof BinaryTree b) {
          return binary(b);
        }
        return opaque(tree); // null, strings, chars, new, lambdas, instanceof, switch expressions, …
    }
  }

  /**
   * An assignment, compound assignment or increment used as a value ({@code x = ++t[0]},
   * {@code return (++i) * t}): the write becomes a statement before the current one, the
   * expression reads the variable (or, for {@code x++}, a copy of its old value).
   */
  private Expr sideEffect(ExpressionTree tree) {
    if (pending == null) {
      throw Unsupported.construct(tree, "writing a variable inside a loop condition",
          "write it as a statement of its own");
    }
    ExpressionTree target = tree instanceof AssignmentTree a ? a.getVariable()
        : tree instanceof CompoundAssignmentTree c ? c.getVariable() : ((UnaryTree) tree).getExpression();
    target = skipParens(target);
    Expr read;
    if (target instanceof ArrayAccessTree element && isKnownArray(element.getExpression())) {
      // Evaluate the array and index once: a[i++] += x reads and writes the same element.
      Expr.ArrayRead at = storeTarget(element);
      Expr index = at.index() instanceof Expr.Read || at.index() instanceof Expr.Literal ? at.index()
          : temporary("index", at.index(), tree);
      read = new Expr.ArrayRead(at.array(), index, at.type(), element);
    } else {
      Var v = target(target);
      if (!Type.SCALAR.is(v.type()) && v.type() != Type.INT && v.type() != Type.LONG && v.type() != Type.BOOL) {
        throw Unsupported.construct(tree, "writing the " + v.type() + " " + target + " inside an expression",
            "write it as a statement of its own");
      }
      read = new Expr.Read(v, target);
    }
    Expr old = null;
    if (tree.getKind() == Tree.Kind.POSTFIX_INCREMENT || tree.getKind() == Tree.Kind.POSTFIX_DECREMENT) {
      old = temporary("old", read, tree);
    }
    Expr value;
    if (tree instanceof AssignmentTree a) {
      value = expression(a.getExpression());
    } else if (tree instanceof CompoundAssignmentTree c) {
      Expr right = expression(c.getExpression());
      value = new Expr.Binary(Typing.compoundOperator(c.getKind()), read, right,
          Type.promote(read.type(), right.type()), c);
    } else {
      boolean up = tree.getKind() == Tree.Kind.PREFIX_INCREMENT || tree.getKind() == Tree.Kind.POSTFIX_INCREMENT;
      Type t = read.type();
      value = new Expr.Binary(up ? Operator.PLUS : Operator.MINUS, read,
          new Expr.Literal(t == Type.FLOAT ? "1.0f" : Type.SCALAR.is(t) ? "1.0" : t == Type.LONG ? "1L" : "1", t, null), t, tree);
    }
    value = Typing.castIfNarrowing(value, read.type());
    if (read instanceof Expr.ArrayRead at) {
      pending.add(new Stmt.Store(at, value, tree));
    } else {
      pending.add(new Stmt.Assign(((Expr.Read) read).var(), value, tree));
    }
    return old != null ? old : read;
  }

  /** An {@link Expr.Opaque} call or object access in arithmetic, in a temporary; anything else as it is. */
  private Expr named(Expr e, Tree tree) {
    if (!(e instanceof Expr.Opaque o) || o.tree() == null) {
      return e;
    }
    Tree.Kind kind = o.tree().getKind();
    boolean binding = kind == Tree.Kind.IDENTIFIER && src.elementOf(o.tree()) != null
        && src.elementOf(o.tree()).getKind() == ElementKind.BINDING_VARIABLE;
    if (o.type().isPassiveOther() && !o.type().isNumeric() && !binding) {
      return e;
    }
    if (kind != Tree.Kind.METHOD_INVOCATION && kind != Tree.Kind.NEW_CLASS && kind != Tree.Kind.MEMBER_SELECT
        && !binding) {
      return e;
    }
    String name = o.tree() instanceof MethodInvocationTree m && m.getMethodSelect() instanceof MemberSelectTree s
        ? s.getIdentifier().toString() : o.tree() instanceof MemberSelectTree s2 ? s2.getIdentifier().toString()
        : binding ? o.tree().toString() : "value";
    return temporary(name, e, tree);
  }

  /** {@code T name = value;} before the statement being parsed; reads it. */
  private Expr temporary(String name, Expr value, Tree tree) {
    Var v = synthetic(name, value.type(), tree);
    pending.add(new Stmt.Declare(v, value, tree));
    return new Expr.Read(v, null);
  }

  private Expr identifier(IdentifierTree tree) {
    Element e = src.elementOf(tree);
    if (e != null && aliases.containsKey(e)) {
      return aliases.get(e);
    }
    Var v = e == null ? null : vars.get(e);
    if (v != null) {
      return new Expr.Read(v, tree);
    }
    if (e instanceof VariableElement field && e.getKind() == ElementKind.FIELD) {
      return field(field, tree);
    }
    if (e != null && functions.containsKey(e)) {
      // a function applied in place exists only where it is applied: a call that is not inlined cannot take it
      throw Unsupported.construct(tree, "passing the function " + tree + " to a method that is not inlined here",
          "apply it in this method or in a helper of this class that only applies it");
    }
    return opaque(tree);
  }

  /** An element the method writes: of an array of its own (a field's elements are never written). */
  private Expr.ArrayRead storeTarget(ArrayAccessTree tree) {
    Expr.ArrayRead at = arrayRead(tree);
    if (rootOf(at) == null) {
      throw new Problem(Message.FIELD_WRITE, tree, tree);
    }
    checkWritable(at, tree);
    return at;
  }

  private Expr.ArrayRead arrayRead(ArrayAccessTree tree) {
    Expr array = expression(tree.getExpression());
    if ((array instanceof Expr.CustomCall || array instanceof Expr.DiffCall || array instanceof Expr.PlainCall
        || array instanceof Expr.HelperCall) && pending != null) {
      array = temporary(array instanceof Expr.PlainCall p ? p.name() : "result", array, tree); // f(x)[0]
    }
    Expr index = expression(tree.getIndex());
    Type element = array.type().element() != null ? array.type().element() : Type.INT;
    boolean shape = array instanceof Expr.TensorCall t && t.function() == TensorFunction.SHAPE;
    if (!(array instanceof Expr.Read || array instanceof Expr.ArrayRead || array instanceof Expr.FieldRead || shape
        || array instanceof Expr.Opaque)) {
      throw Unsupported.construct(tree, "indexing " + tree.getExpression(),
          "index double[], double[][] or int[] variables or fields");
    }
    return new Expr.ArrayRead(array, index, element, tree);
  }

  /** {@code new double[n]}, {@code new double[n][m]}, {@code new double[] {…}} or a declaration's {@code {…}}. */
  private Expr newArray(NewArrayTree tree, Type type) {
    List<Expr> dimensions = new ArrayList<>();
    for (ExpressionTree d : tree.getDimensions()) {
      dimensions.add(expression(d));
    }
    if (!dimensions.isEmpty() && dimensions.size() != (Type.ARRAY2.is(type) ? 2 : 1) && !tape) {
      throw Unsupported.construct(tree, "a jagged array creation " + tree, "give every dimension");
    }
    List<Expr> elements = new ArrayList<>();
    Type element = type.element() != null ? type.element() : Type.INT;
    if (tree.getInitializers() != null) {
      for (ExpressionTree e : tree.getInitializers()) {
        Expr value = e instanceof NewArrayTree inner ? newArray(inner, element) : expression(e);
        elements.add(Typing.castIfNarrowing(value, element));
      }
    }
    return new Expr.NewArray(type, dimensions, elements, tree);
  }

  private Expr memberSelect(MemberSelectTree tree) {
    Element e = src.elementOf(tree);
    TypeMirror qualifierType = src.typeOf(tree.getExpression());
    if (tree.getIdentifier().contentEquals("length") && qualifierType != null
        && qualifierType.getKind() == TypeKind.ARRAY && isRecordValued(tree.getExpression())
        && recordValue(tree.getExpression()) instanceof RecArray records) {
      return lengthOf(records, tree);
    }
    if (e != null && e.getKind() == ElementKind.FIELD && !e.getModifiers().contains(Modifier.STATIC)
        && isRecordValued(tree.getExpression()) && component(recordValue(tree.getExpression()),
            e.getSimpleName().toString(), tree) instanceof Expr c) {
      return c; // this.k, other.k in a record's method
    }
    if (tree.getIdentifier().contentEquals("length") && qualifierType != null
        && qualifierType.getKind() == TypeKind.ARRAY) {
      Expr array = expression(tree.getExpression());
      if (array.type().isArray()) {
        return new Expr.ArrayLength(array, tree);
      }
      return opaque(List.of(array, ".length"), Type.INT, "the length of " + tree.getExpression(), tree);
    }
    if (e instanceof VariableElement field && e.getKind() == ElementKind.FIELD
        && field.getModifiers().contains(Modifier.STATIC)) {
      return field(field, tree);
    }
    return opaque(tree);
  }

  /** A static field: a constant inlined, others read by name (private ones cannot be). */
  private Expr field(VariableElement field, ExpressionTree tree) {
    if (!field.getModifiers().contains(Modifier.STATIC)) {
      Object component = receiverField(field);
      if (component instanceof Expr e) {
        return e;
      }
      Expr receiver = receiver();
      if (receiver == null) {
        throw Unsupported.construct(tree, "the instance field " + field.getSimpleName(),
            "a static method has no instance; pass the value as a parameter");
      }
      Type type = typeOf(field.asType(), tree, true);
      if (!access.nameable(field)) {
        return opaque(List.of(access.hidden(field, tree), "(", receiver, ")"), type, "the field " + field.getSimpleName(),
            tree);
      }
      return opaque(List.of(receiver, "." + field.getSimpleName()), type, "the field " + field.getSimpleName(), tree);
    }
    TypeElement declaring = (TypeElement) field.getEnclosingElement();
    ClassRef ref = Types.refOf(declaring);
    Type type = typeOf(field.asType(), tree, true);
    Object constant = field.getConstantValue();
    if (constant != null && !MATH_CLASSES.contains(declaring.getQualifiedName().toString())) {
      if (constant instanceof Double || constant instanceof Integer || constant instanceof Long
          || constant instanceof Boolean) {
        return Typing.literal(constant, tree);
      }
      return new Expr.Opaque(List.of(elements.getConstantExpression(constant)), List.of(), type,
          "the constant " + field.getSimpleName(), tree);
    }
    if (!access.nameable(field)) {
      return new Expr.Opaque(List.of(access.hidden(field, tree), "()"), List.of(), type,
          "the field " + field.getSimpleName(), tree);
    }
    if (type.isPassiveOther()) {
      return opaque(tree);
    }
    return new Expr.FieldRead(ref, field.getSimpleName().toString(), type, tree);
  }

  /**
   * {@code c ? a : b}; when a branch needs statements before it (an inlined helper, a write),
   * {@code T t; if (c) { …; t = a; } else { …; t = b; }} and the expression reads {@code t}.
   */
  private Expr conditional(ConditionalExpressionTree tree) {
    Type type = typeOf(tree);
    Expr condition = expression(tree.getCondition());
    List<Stmt> beforeA = new ArrayList<>();
    List<Stmt> beforeB = new ArrayList<>();
    Expr a = Typing.castIfNarrowing(conditionally(tree.getTrueExpression(), beforeA), type);
    Expr b = Typing.castIfNarrowing(conditionally(tree.getFalseExpression(), beforeB), type);
    if (beforeA.isEmpty() && beforeB.isEmpty()) {
      return new Expr.Conditional(condition, a, b, type, tree);
    }
    Var result = synthetic("choice", type, tree);
    beforeA.add(new Stmt.Assign(result, a, tree));
    beforeB.add(new Stmt.Assign(result, b, tree));
    pending.add(new Stmt.Declare(result, null, tree));
    pending.add(new Stmt.If(condition, new Stmt.Block(beforeA, null), new Stmt.Block(beforeB, null), tree));
    return new Expr.Read(result, tree);
  }

  private Expr cast(TypeCastTree tree) {
    Type target = typeOf(tree);
    Expr operand = expression(tree.getExpression());
    if (tape && target.typeName().equals(TypeName.FLOAT) && operand.type().differentiable()) {
      throw floatOnTape(tree);
    }
    if (target.isArray() && Expr.Opaque.isNull(operand)) {
      return operand; // (double[]) null: no array, as null itself
    }
    if (target.isNumeric() && operand.type().isNumeric() || target.equals(operand.type())
        || !target.differentiable() || Type.SCALAR.is(target) && !operand.type().differentiable()) {
      // (float) x, (char) i, (Object) s: a passive value, and a cut derivative a warning (Checks);
      // (double) boxed, (double) someFloat: a value without derivative
      return new Expr.Cast(target, operand, tree);
    }
    throw Unsupported.construct(tree, "the cast to " + tree.getType(), "cast only between numbers");
  }

  private Expr binary(BinaryTree tree) {
    Type type = typeOf(tree);
    if (type.isPassiveOther()) {
      return opaque(tree); // string concatenation, arithmetic on float or boxed values
    }
    Operator op = Typing.binaryOperator(tree);
    Expr left = expression(tree.getLeftOperand());
    int afterLeft = pending == null ? 0 : pending.size();
    if (op == Operator.CONDITIONAL_AND || op == Operator.CONDITIONAL_OR) {
      List<Stmt> beforeRight = new ArrayList<>();
      Expr right = conditionally(tree.getRightOperand(), beforeRight);
      if (beforeRight.isEmpty()) {
        return new Expr.Binary(op, left, right, type, tree);
      }
      // a && f(x): boolean t = a; if (t) { <inlined f>; t = f > 0; }
      Var result = synthetic("condition", Type.BOOL, tree);
      pending.add(new Stmt.Declare(result, left, tree));
      beforeRight.add(new Stmt.Assign(result, right, tree));
      Expr test = new Expr.Read(result, null);
      pending.add(new Stmt.If(op == Operator.CONDITIONAL_AND ? test : new Expr.Unary(Operator.NOT, test, Type.BOOL,
          null), new Stmt.Block(beforeRight, null), new Stmt.Block(List.of(), null), tree));
      return new Expr.Read(result, tree);
    }
    Expr right = expression(tree.getRightOperand());
    if (type.differentiable() && temporariesAllowed()) {
      // a call's value in arithmetic gets a name: evaluated once, where the source evaluates it, and
      // readable by the reverse sweep (a pattern variable x instanceof Integer n is not, outside the if)
      left = named(left, tree.getLeftOperand());
      right = named(right, tree.getRightOperand());
    }
    if (pending != null && pending.size() > afterLeft
        && writesAnyReadBy(pending.subList(afterLeft, pending.size()), left)) {
      // The right operand wrote something (a[i] + a[i]++): Java reads the left operand first.
      List<Stmt> rightEffects = new ArrayList<>(pending.subList(afterLeft, pending.size()));
      pending.subList(afterLeft, pending.size()).clear();
      left = temporary("left", left, tree.getLeftOperand());
      pending.addAll(rightEffects);
    }
    return new Expr.Binary(op, left, right, type, tree);
  }

  /** Whether {@code statements} write a variable (or an element of an array) that {@code e} reads. */
  private static boolean writesAnyReadBy(List<Stmt> statements, Expr e) {
    Set<Var> written = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (Stmt s : statements) {
      collectWrites(s, written);
    }
    return readsAny(e, written);
  }

  private static void collectWrites(Stmt s, Set<Var> written) {
    if (s instanceof Stmt.Assign a) {
      written.add(a.var());
    } else if (s instanceof Stmt.Store st) {
      written.add(st.array());
    }
    dev.adjoint.processor.ir.Children.statements(s).forEach(c -> collectWrites(c, written));
  }

  private static boolean readsAny(Expr e, Set<Var> vars) {
    if (e instanceof Expr.Read r) {
      return vars.contains(r.var());
    }
    if (e instanceof Expr.Opaque o) {
      return o.reads().stream().anyMatch(vars::contains);
    }
    // A call sees the caller's variables only through its arguments (an array's elements too).
    return dev.adjoint.processor.ir.Children.of(e).stream().anyMatch(c -> readsAny(c, vars));
  }

  // ---- calls --------------------------------------------------------------------------------

  private Expr call(MethodInvocationTree tree) {
    boolean statement = inPlaceAllowed;
    Expr call = classifiedCall(tree);
    if (statement || tape || pending == null || call == null || !arrayCalls.containsKey(tree)
        || call.type().typeName().equals(TypeName.VOID)) {
      return call;
    }
    // A call without source receiving double arrays inside an expression (if (verifyValues(x, …))):
    // run before the statement, between copies of the arrays and the checks that it left them
    // unchanged, as a call that is a statement of its own is.
    arrayCalls.remove(tree);
    List<Stmt> checks = new ArrayList<>();
    guard(tree, tree, checks);
    Expr result = temporary(method(tree), call, tree);
    pending.addAll(checks);
    return result;
  }

  private static String method(MethodInvocationTree tree) {
    ExpressionTree select = tree.getMethodSelect();
    return select instanceof MemberSelectTree s ? s.getIdentifier().toString() : select.toString();
  }

  private Expr classifiedCall(MethodInvocationTree tree) {
    boolean statement = inPlaceAllowed;
    inPlaceAllowed = false;
    Element element = src.elementOf(tree);
    if (!(element instanceof ExecutableElement method)) {
      throw new Deferred(tree.getMethodSelect().toString());
    }
    if (tree.getMethodSelect() instanceof MemberSelectTree applied
        && skipParens(applied.getExpression()) instanceof IdentifierTree f
        && functions.containsKey(src.elementOf(f))) {
      return apply(functions.get(src.elementOf(f)), method, tree);
    }
    Expr reduction = streamReduction(tree, method);
    if (reduction != null) {
      return reduction;
    }
    TypeElement declaring = (TypeElement) method.getEnclosingElement();
    String qualified = declaring.getQualifiedName().toString();
    String name = method.getSimpleName().toString();
    ExpressionTree select = tree.getMethodSelect();
    boolean isStatic = method.getModifiers().contains(Modifier.STATIC);
    ExpressionTree receiverTree = !isStatic && select instanceof MemberSelectTree ms ? ms.getExpression() : null;
    if (qualified.equals(TensorFunction.FUNCTIONAL_CLASS)) {
      return tensorCall(TensorFunction.Kind.FUNCTIONAL, null, name, tree, statement);
    }
    if (qualified.equals(TensorFunction.TENSOR_CLASS)) {
      if (isStatic) {
        return tensorCall(TensorFunction.Kind.FACTORY, null, name, tree, statement);
      }
      if (receiverTree == null) {
        throw Unsupported.construct(tree, "calling a Tensor method without a receiver", "call it on a tensor");
      }
      return tensorCall(TensorFunction.Kind.METHOD, expression(receiverTree), name, tree, statement);
    }
    if (!isStatic && (receiverTree != null ? isRecordValued(receiverTree) : receiverValue() instanceof Rec)) {
      Object value = receiverTree != null ? recordValue(receiverTree) : receiverValue();
      if (!(value instanceof Rec rec)) {
        throw Unsupported.construct(tree, describe(tree) + " on an array of records",
            "read its elements' components (layers[i].w())");
      }
      int k = accessorIndex(method, rec);
      if (k >= 0) {
        return (Expr) rec.parts().get(k); // p.w(): the component itself
      }
      MethodTree body = instanceInlinable(method);
      if (body != null && pending != null) {
        return (Expr) inline(method, body, recordArguments(tree), tree, rec);
      }
      refuseOnTape(method, tree);
      // a method without source (toString, equals): on the record rebuilt from its components
      List<Object> pieces = new ArrayList<>(List.of(materialize(rec, tree), "." + name + "("));
      List<Expr> args = arguments(tree);
      for (int i = 0; i < args.size(); i++) {
        pieces.add(i > 0 ? ", " : "");
        pieces.add(args.get(i));
      }
      pieces.add(")");
      return opaque(pieces, method.getReturnType().getKind() == TypeKind.VOID ? Type.passive(TypeName.VOID)
          : typeOf(tree, true), describe(tree), tree);
    }
    if (!isStatic) {
      Expr receiver = receiverTree != null ? expression(receiverTree) : receiver();
      if (receiver == null) {
        throw Unsupported.construct(tree, "calling the instance method " + name,
            "a static method has no instance; call static methods");
      }
      MethodTree body = instanceInlinable(method);
      if (body != null && pending != null && (!tape || receiverTree == null)) {
        // a method of an object of this class's source: inlined, its fields read from the receiver (on
        // the tape only this.m(…) of the method's own receiver; other objects' methods are called)
        return (Expr) inline(method, body, recordArguments(tree), tree, once(receiver, "receiver", tree));
      }
      Expr dispatched = body == null && pending != null && !tape && receiverTree != null
          ? enumDispatch(method, tree, receiver) : null;
      if (dispatched != null) {
        return dispatched;
      }
      if (receiverTree == null) {
        refuseOnTape(method, tree);
      }
      noteArraysReceived(method, tree);
      if (receiverTree == null) {
        // this.m(…) inside an inlined instance method, through the receiver
        List<Object> pieces = new ArrayList<>(List.of(receiver, "." + name + "("));
        List<Expr> args = arguments(tree);
        for (int i = 0; i < args.size(); i++) {
          if (i > 0) {
            pieces.add(", ");
          }
          pieces.add(args.get(i));
        }
        pieces.add(")");
        return opaque(pieces, method.getReturnType().getKind() == TypeKind.VOID ? Type.passive(TypeName.VOID)
            : typeOf(tree, true), describe(tree), tree);
      }
      return opaque(tree); // a method of a passive object: config.steps(), list.get(i)
    }
    if (method.getParameters().stream().anyMatch(p -> Types.recordType(p.asType()) != null)) {
      // a method taking records: inlined (its companion would take the records whole; a taped copy
      // takes plain values)
      MethodTree helper = inlinable(method);
      if (helper != null && pending != null) {
        return (Expr) inline(method, helper, recordArguments(tree), tree, null);
      }
      refuseOnTape(method, tree);
      if (SignatureReader.isDifferentiable(method)) {
        throw Unsupported.construct(tree, "passing a record to " + describe(tree) + " of another class",
            "move the method into this class");
      }
    }
    Type resultType = method.getReturnType().getKind() == TypeKind.VOID ? null : typeOf(tree);
    if (pending != null && tree.getArguments().stream().anyMatch(a -> boundFunction(a) != null)) {
      // helper(g, …) of a function applied in place: inlined, its parameter standing for the function
      MethodTree helper = inlinable(method);
      if (helper != null && !SignatureReader.isCheckpoint(method)) {
        return (Expr) inline(method, helper, recordArguments(tree), tree, null);
      }
    }
    List<Expr> args = arguments(tree);
    if (qualified.equals("java.lang.Double") && name.equals("sum") && args.size() == 2) {
      return new Expr.Binary(Operator.PLUS, args.get(0), args.get(1), Type.SCALAR, tree); // Double.sum(a, b) is a + b
    }
    if (MATH_CLASSES.contains(qualified) || qualified.equals("java.lang.Double") && (name.equals("max")
        || name.equals("min"))) {
      MathFunction f = MathFunction.lookup(name, args.size());
      // an int where the function takes one: FastMath.pow(double, int), scalb(double, int)
      boolean doubleArgs = method.getParameters().stream().allMatch(p -> p.asType().getKind() == TypeKind.DOUBLE
          || (f == MathFunction.POW || f == MathFunction.SCALB) && p.asType().getKind() == TypeKind.INT);
      TypeKind returns = method.getReturnType().getKind();
      if (f != null && doubleArgs && (f == MathFunction.ROUND ? returns == TypeKind.LONG : returns == TypeKind.DOUBLE)) {
        return new Expr.MathCall(f, Types.refOf(declaring), args, f == MathFunction.ROUND ? Type.LONG : Type.SCALAR,
            tree);
      }
      // the float overloads (Math.abs(f), Math.max(f, g)): the same derivatives, a float result
      boolean floatArgs = method.getParameters().stream().allMatch(p -> p.asType().getKind() == TypeKind.FLOAT
          || f == MathFunction.SCALB && p.asType().getKind() == TypeKind.INT);
      if (f != null && floatArgs && (f == MathFunction.ROUND ? returns == TypeKind.INT : returns == TypeKind.FLOAT)) {
        return new Expr.MathCall(f, Types.refOf(declaring), args, f == MathFunction.ROUND ? Type.INT : Type.FLOAT, tree);
      }
    }
    ClassRef ref = Types.refOf(declaring);
    if (pending != null) {
      // f(g(x)) where g returns an array: the array gets a name (derivative code passes variables)
      List<Expr> named = new ArrayList<>();
      for (Expr a : args) {
        named.add(a.type().isArray() && (a instanceof Expr.CustomCall || a instanceof Expr.DiffCall
            || a instanceof Expr.PlainCall || a instanceof Expr.HelperCall) ? temporary("array", a, tree) : a);
      }
      args = named;
    }
    dev.adjoint.processor.ir.CustomDerivative custom = customs.of(method, caller, tree);
    if (custom != null) {
      return customCall(ref, name, args, custom, tree);
    }
    if (tape) {
      MethodTree copy = src.trees().getTree(method);
      if (copy != null && copy.getBody() != null && src.contains(copy) && method.getModifiers().contains(Modifier.STATIC)) {
        // the method's taped copy (recursion included)
        return new Expr.HelperCall(method, args, resultType == null ? Type.passive(TypeName.VOID) : resultType, tree);
      }
    }
    MethodTree helper = inlinable(method);
    boolean differentiable = SignatureReader.isDifferentiable(method);
    if (helper != null && differentiable && !worthInlining(helper)
        && args.stream().noneMatch(a -> a.type().isArray() || a.type() == Type.TENSOR)) {
      helper = null; // a large @Differentiable helper, or one deep in others: its companion is called
    }
    if (differentiable && SignatureReader.isCheckpoint(method)) {
      helper = null; // @Checkpoint: the reverse sweep keeps the arguments and recomputes through the VJP
    }
    if (helper != null && pending != null) {
      int pendingSize = pending.size();
      int localCount = locals.size();
      try {
        return inline(method, helper, args, tree, null);
      } catch (Problem p) {
        if (!differentiable || p.message() != Message.UNSUPPORTED) {
          throw p;
        }
        // A @Differentiable helper the front end cannot inline (it needs the tape): call its companion.
        pending.subList(pendingSize, pending.size()).clear();
        locals.subList(localCount, locals.size()).clear();
      }
    }
    if (differentiable) {
      Signature callee;
      try {
        callee = SignatureReader.read(method);
      } catch (Problem p) {
        throw new Problem(p.message(), tree, p.args());
      }
      if (SignatureReader.isCheckpoint(method) && CheckpointArrays.hasArrays(method.getParameters(), method)) {
        checkpointArrays(method, name, args, tree);
      } else {
        checkArrayArguments(args, tree, false);
      }
      List<Expr> converted = convert(args, callee.paramTypes());
      return new Expr.DiffCall(callee, temporariesAllowed() ? hoisted(converted, tree) : converted, tree);
    }
    if (helper == null && !tape && recursive(method) && args.stream().anyMatch(a -> a.type().differentiable())) {
      // a helper calling itself (FastMath.exp for tiny x): not inlined; the tape follows the recursion
      throw Unsupported.construct(tree, "the recursive " + describe(tree).substring("the ".length()),
          "make the helper @Differentiable (its companion is called then), or write the recursion as a loop");
    }
    if (!access.nameable(method)) {
      if (method.isVarArgs()) {
        throw new Problem(Message.PRIVATE_MEMBER, tree, Access.describe(method) + " (a varargs method)");
      }
      List<Object> pieces = new ArrayList<>(List.of(access.hidden(method, tree), "("));
      for (int i = 0; i < args.size(); i++) {
        pieces.add(i == 0 ? args.get(i) : ", ");
        if (i > 0) {
          pieces.add(args.get(i));
        }
      }
      pieces.add(")");
      return opaque(pieces, resultType == null ? Type.passive(TypeName.VOID) : resultType, describe(tree), tree);
    }
    noteArraysReceived(method, tree);
    if (method.isVarArgs() || !method.getTypeParameters().isEmpty() || !tree.getTypeArguments().isEmpty()) {
      return opaque(tree); // Objects.requireNonNull(w), String.format(…): printed as written
    }
    return new Expr.PlainCall(ref, name, args, resultType, tree);
  }

  /**
   * A {@code @Checkpoint} call with array arguments or an array result: each differentiable array
   * argument must be a variable (the reverse sweep passes it to the VJP, and its adjoint receives the
   * VJP's component), and the callee must provably read its array parameters only and return a new
   * array ({@link CheckpointArrays}): then the caller may keep the arrays by reference.
   */
  private void checkpointArrays(ExecutableElement method, String name, List<Expr> args, MethodInvocationTree tree) {
    String problem = new CheckpointArrays(src.trees()).problem(method);
    if (problem != null) {
      throw Unsupported.construct(tree, "passing arrays to the @Checkpoint method " + name + " (" + problem + ")",
          "make it read its array parameters only and return a new array, or remove @Checkpoint");
    }
    for (int i = 0; i < args.size(); i++) {
      Expr a = args.get(i);
      if (a.type().isArray() && a.type().differentiable() && !(a instanceof Expr.Read)) {
        throw Unsupported.construct(i < tree.getArguments().size() ? tree.getArguments().get(i) : tree,
            "passing this array expression to the @Checkpoint method " + name, "pass an array variable");
      }
    }
  }

  /** Whether {@code e} calls a {@code @Checkpoint} method that returns an array (a new one: see {@link #checkpointArrays}). */
  private boolean checkpointArrayResult(Expr e) {
    return e instanceof Expr.DiffCall d && d.type().isArray() && d.tree() != null
        && src.elementOf(d.tree()) instanceof ExecutableElement m && SignatureReader.isCheckpoint(m);
  }

  // ---- lambdas and method references applied in place -----------------------------------------

  /**
   * Whether the local {@code g} declared by {@code tree} with {@code init} is a function the front end
   * inlines where it is applied, as a helper: a lambda, or a reference to a {@code Math} function or
   * to a method of this class, of a {@code java.util.function} type over double values, that the
   * method only applies ({@code g.applyAsDouble(x)}; never assigned, passed, stored or returned).
   * Other functions stay passive objects (a lambda over double values applied by a library is an
   * ERROR at that call).
   */
  private boolean appliedInPlace(VariableTree tree, Element g, ExpressionTree init) {
    if (!isFunction(init)) {
      return false;
    }
    ExecutableElement sam = functionalSam(g.asType());
    if (sam == null) {
      return false;
    }
    Tree scope = null;
    for (com.sun.source.util.TreePath p = src.pathOf(tree); p != null; p = p.getParentPath()) {
      if (p.getLeaf() instanceof MethodTree m) {
        scope = m;
        break;
      }
    }
    return scope != null && onlyApplied(g, sam, scope);
  }

  /**
   * The one abstract method of {@code type} when it is a functional interface over double values
   * ({@code DoubleUnaryOperator}, {@code BiFunction<Double, Double, Double>}, the user's own
   * {@code interface Rhs { double at(double t, double y); }}) with a result; else null
   * ({@code IntUnaryOperator}, {@code Supplier<String>}: passive objects, as written).
   */
  private ExecutableElement functionalSam(TypeMirror type) {
    if (type.getKind() != TypeKind.DECLARED || types.asElement(type).getKind() != ElementKind.INTERFACE) {
      return null;
    }
    TypeElement interfaceType = (TypeElement) types.asElement(type);
    ExecutableElement sam = null;
    for (Element m : elements.getAllMembers(interfaceType)) {
      if (m.getKind() == ElementKind.METHOD && m.getModifiers().contains(Modifier.ABSTRACT)
          && !((TypeElement) m.getEnclosingElement()).getQualifiedName().contentEquals("java.lang.Object")
          && !overridesObjectMethod((ExecutableElement) m)) {
        if (sam != null) {
          return null; // not functional
        }
        sam = (ExecutableElement) m;
      }
    }
    if (sam == null) {
      return null;
    }
    javax.lang.model.type.ExecutableType instantiated =
        (javax.lang.model.type.ExecutableType) types.asMemberOf((javax.lang.model.type.DeclaredType) type, sam);
    if (instantiated.getReturnType().getKind() == TypeKind.VOID) {
      return null;
    }
    List<TypeMirror> signature = new ArrayList<>(instantiated.getParameterTypes());
    signature.add(instantiated.getReturnType());
    return signature.stream().anyMatch(t -> { Type k = Types.ofOrNull(t); return k != null && k.differentiable(); })
        ? sam : null;
  }

  /** {@code boolean equals(Object)} and the like, declared again in an interface: not its abstract method. */
  private boolean overridesObjectMethod(ExecutableElement m) {
    return elements.getTypeElement("java.lang.Object").getEnclosedElements().stream()
        .anyMatch(o -> o instanceof ExecutableElement om && om.getSimpleName().equals(m.getSimpleName())
            && om.getParameters().size() == m.getParameters().size());
  }

  /**
   * Whether every use of {@code g} in {@code scope} applies it ({@code g.sam(…)}) or passes it to a
   * helper of this class that only applies it in turn: never assigned, stored, returned or passed
   * elsewhere.
   */
  private boolean onlyApplied(Element g, ExecutableElement sam, Tree scope) {
    return onlyApplied(g, sam, scope, 0);
  }

  private boolean onlyApplied(Element g, ExecutableElement sam, Tree scope, int depth) {
    String samName = sam.getSimpleName().toString();
    boolean[] escapes = {false};
    new com.sun.source.util.TreePathScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree id, Void p) {
        if (g.equals(src.elementOf(id))) {
          Tree parent = getCurrentPath().getParentPath().getLeaf();
          Tree grand = getCurrentPath().getParentPath().getParentPath().getLeaf();
          boolean applied = parent instanceof MemberSelectTree ms && ms.getIdentifier().contentEquals(samName)
              && grand instanceof MethodInvocationTree inv && inv.getMethodSelect() == ms;
          escapes[0] |= !applied && !passedToApplyingHelper(id, parent, depth);
        }
        return null;
      }
    }.scan(src.pathOf(scope), null);
    return !escapes[0];
  }

  /** {@code helper(…, g, …)}: a static helper of this class whose parameter there is only applied. */
  private boolean passedToApplyingHelper(IdentifierTree id, Tree parent, int depth) {
    if (depth > 4 || !(parent instanceof MethodInvocationTree inv) || !inv.getArguments().contains(id)
        || !(src.elementOf(inv) instanceof ExecutableElement m) || !m.getModifiers().contains(Modifier.STATIC)
        || m.isVarArgs()) {
      return false;
    }
    MethodTree helper = src.trees().getTree(m);
    if (helper == null || helper.getBody() == null || !src.contains(helper)) {
      return false;
    }
    Element parameter = src.elementOf(helper.getParameters().get(inv.getArguments().indexOf(id)));
    ExecutableElement sam = functionalSam(parameter.asType());
    return sam != null && onlyApplied(parameter, sam, helper.getBody(), depth + 1);
  }

  /** The function an identifier argument names when it is a function applied in place ({@link #functions}), else null. */
  private ExpressionTree boundFunction(ExpressionTree argument) {
    return skipParens(argument) instanceof IdentifierTree id ? functions.get(src.elementOf(id)) : null;
  }

  /**
   * A lambda, a method reference {@link #referenced} can call, or {@code c ? f : g} of them
   * (nested or parenthesized): a function value the front end can apply in place.
   */
  private boolean isFunction(ExpressionTree init) {
    ExpressionTree e = skipParens(init);
    if (e instanceof ConditionalExpressionTree c) {
      return isFunction(c.getTrueExpression()) && isFunction(c.getFalseExpression());
    }
    return e instanceof com.sun.source.tree.LambdaExpressionTree
        || e instanceof com.sun.source.tree.MemberReferenceTree ref && referenced(ref) != null;
  }

  /**
   * Evaluates the conditions of a function chosen by {@code c ? f : g} where the local is declared,
   * as Java does, each into a boolean ({@link #choices}); a nested condition only where its branch
   * is taken ({@code guard}).
   */
  private void chooseNow(ExpressionTree function, Expr guard, Tree at) {
    if (!(function instanceof ConditionalExpressionTree c)) {
      return;
    }
    Expr condition = expression(c.getCondition());
    Var flag = synthetic("chosen", Type.BOOL, at);
    pending.add(new Stmt.Declare(flag, guard == null ? condition
        : new Expr.Conditional(guard, condition, new Expr.Literal("false", Type.BOOL, null), Type.BOOL, c), at));
    choices.put(c, flag);
    Expr chosen = new Expr.Read(flag, null);
    Expr notChosen = new Expr.Unary(Operator.NOT, chosen, Type.BOOL, null);
    chooseNow(skipParens(c.getTrueExpression()),
        guard == null ? chosen : new Expr.Binary(Operator.CONDITIONAL_AND, guard, chosen, Type.BOOL, null), at);
    chooseNow(skipParens(c.getFalseExpression()),
        guard == null ? notChosen : new Expr.Binary(Operator.CONDITIONAL_AND, guard, notChosen, Type.BOOL, null), at);
  }

  /**
   * The method a method reference applied in place calls: a {@code Math} function of doubles, a
   * static method of this class, or {@code this::m} of an instance method of this class; else null.
   */
  private ExecutableElement referenced(com.sun.source.tree.MemberReferenceTree ref) {
    if (ref.getMode() != com.sun.source.tree.MemberReferenceTree.ReferenceMode.INVOKE
        || !(src.elementOf(ref) instanceof ExecutableElement m) || m.isVarArgs()) {
      return null;
    }
    TypeElement owner = (TypeElement) m.getEnclosingElement();
    boolean isStatic = m.getModifiers().contains(Modifier.STATIC);
    if (isStatic && MATH_CLASSES.contains(owner.getQualifiedName().toString())) {
      MathFunction f = MathFunction.lookup(m.getSimpleName().toString(), m.getParameters().size());
      return f != null && m.getReturnType().getKind() == TypeKind.DOUBLE
          && m.getParameters().stream().allMatch(p -> p.asType().getKind() == TypeKind.DOUBLE) ? m : null;
    }
    if (isStatic) {
      return inlinable(m) != null ? m : null;
    }
    return skipParens(ref.getQualifierExpression()) instanceof IdentifierTree self && self.getName().contentEquals("this")
        && instanceInlinable(m) != null ? m : null;
  }

  /** {@code g.applyAsDouble(x)} of a function applied in place: its body inlined, or the method it references called. */
  private Expr apply(ExpressionTree function, ExecutableElement sam, MethodInvocationTree call) {
    if (pending == null) {
      throw Unsupported.construct(call, "applying a lambda here", "apply it in a statement of its own");
    }
    if (function instanceof ConditionalExpressionTree c) {
      // chosen by c ? f : g: if (chosen) { <f applied> } else { <g applied> }
      Type type = typeOf(call);
      Var result = synthetic("applied", type, call);
      List<Stmt> outer = pending;
      List<List<Stmt>> branches = new ArrayList<>();
      try {
        for (ExpressionTree branch : List.of(c.getTrueExpression(), c.getFalseExpression())) {
          pending = new ArrayList<>();
          Expr value = Typing.castIfNarrowing(apply(skipParens(branch), sam, call), type);
          pending.add(new Stmt.Assign(result, value, call));
          branches.add(pending);
        }
      } finally {
        pending = outer;
      }
      pending.add(new Stmt.Declare(result, null, call));
      pending.add(new Stmt.If(new Expr.Read(choices.get(c), null), new Stmt.Block(branches.get(0), null),
          new Stmt.Block(branches.get(1), null), call));
      return new Expr.Read(result, call);
    }
    if (function instanceof com.sun.source.tree.LambdaExpressionTree lambda) {
      return (Expr) inline(sam, lambda.getParameters(), lambda.getBody(), recordArguments(call), call, receiverValue());
    }
    ExecutableElement m = referenced((com.sun.source.tree.MemberReferenceTree) function);
    TypeElement owner = (TypeElement) m.getEnclosingElement();
    if (MATH_CLASSES.contains(owner.getQualifiedName().toString())) {
      List<Expr> args = arguments(call).stream().map(a -> Typing.castIfNarrowing(a, Type.SCALAR)).toList();
      MathFunction f = MathFunction.lookup(m.getSimpleName().toString(), args.size());
      return Typing.castIfNarrowing(new Expr.MathCall(f, Types.refOf(owner), args, Type.SCALAR, call), typeOf(call));
    }
    if (m.getModifiers().contains(Modifier.STATIC)) {
      return (Expr) inline(m, inlinable(m), recordArguments(call), call, null);
    }
    Object self = receiverValue();
    return (Expr) inline(m, instanceInlinable(m), recordArguments(call), call,
        self instanceof Rec ? self : once(receiver(), "receiver", call));
  }

  /** A call of a function with {@code @DerivativeOf} methods. */
  private Expr customCall(ClassRef owner, String name, List<Expr> args, dev.adjoint.processor.ir.CustomDerivative custom,
      MethodInvocationTree tree) {
    checkArrayArguments(args, tree, true);
    List<Expr> converted = convert(args, custom.params());
    return new Expr.CustomCall(owner, name, temporariesAllowed() ? hoisted(converted, tree) : converted, custom, tree);
  }

  /**
   * {@code Arrays.stream(a).sum()} of a {@code double[]}, and {@code .max()}, {@code .min()},
   * {@code .average()} then {@code .getAsDouble()}, {@code .orElseThrow()} or {@code .orElse(v)}:
   * a call of the runtime's {@link dev.adjoint.internal.Reductions} function that computes the
   * same, whose derivatives come from its {@code @DerivativeOf} index; else null.
   */
  private Expr streamReduction(MethodInvocationTree tree, ExecutableElement method) {
    String owner = ((TypeElement) method.getEnclosingElement()).getQualifiedName().toString();
    String name = method.getSimpleName().toString();
    MethodInvocationTree reduce = tree;
    ExpressionTree orElse = null;
    if (owner.equals("java.util.OptionalDouble") && tree.getMethodSelect() instanceof MemberSelectTree s
        && skipParens(s.getExpression()) instanceof MethodInvocationTree inner
        && (name.equals("getAsDouble") || name.equals("orElseThrow") && tree.getArguments().isEmpty()
            || name.equals("orElse"))) {
      reduce = inner;
      orElse = name.equals("orElse") ? tree.getArguments().get(0) : null;
    } else if (!owner.equals("java.util.stream.DoubleStream") || !name.equals("sum")) {
      return null;
    }
    if (!(src.elementOf(reduce) instanceof ExecutableElement r) || !reduce.getArguments().isEmpty()
        || !((TypeElement) r.getEnclosingElement()).getQualifiedName().contentEquals("java.util.stream.DoubleStream")
        || !(reduce.getMethodSelect() instanceof MemberSelectTree rs)
        || !(skipParens(rs.getExpression()) instanceof MethodInvocationTree stream)
        || !(src.elementOf(stream) instanceof ExecutableElement st) || stream.getArguments().size() != 1
        || !st.getSimpleName().contentEquals("stream")
        || !((TypeElement) st.getEnclosingElement()).getQualifiedName().contentEquals("java.util.Arrays")) {
      return null;
    }
    String op = r.getSimpleName().toString();
    if (reduce == tree ? !op.equals("sum") : !(op.equals("max") || op.equals("min") || op.equals("average"))) {
      return null;
    }
    ExpressionTree array = stream.getArguments().get(0);
    TypeElement reductions = elements.getTypeElement(dev.adjoint.internal.Reductions.class.getCanonicalName());
    if (reductions == null || !Type.ARRAY.equals(typeOf(array)) || typeOf(array).isFloat()) {
      return null;
    }
    String function = op + (orElse != null ? "OrElse" : "");
    ExecutableElement target = null;
    for (Element e : reductions.getEnclosedElements()) {
      if (e.getKind() == ElementKind.METHOD && e.getSimpleName().contentEquals(function)) {
        target = (ExecutableElement) e;
      }
    }
    dev.adjoint.processor.ir.CustomDerivative custom = target == null ? null : customs.of(target, caller, tree);
    if (custom == null) {
      return null;
    }
    List<Expr> args = new ArrayList<>();
    Expr a = expression(array);
    args.add(pending != null && !(a instanceof Expr.Read) ? temporary("array", a, tree) : a);
    if (orElse != null) {
      args.add(Typing.castIfNarrowing(expression(orElse), Type.SCALAR));
    }
    return customCall(Types.refOf(reductions), function, args, custom, tree);
  }

  /**
   * {@code act.apply(z)} of an enum of this source whose constants have bodies of their own
   * ({@code RELU { double apply(double v) { … } }}): a dispatch over the constants, each branch the
   * body that constant runs inlined ({@code if (act == Act.RELU) {…} else if …}), after the null
   * check Java's call makes; null when the method is not such a method or a body cannot be read.
   */
  private Expr enumDispatch(ExecutableElement method, MethodInvocationTree tree, Expr receiver) {
    if (!(method.getEnclosingElement() instanceof TypeElement e) || e.getKind() != ElementKind.ENUM
        || method.getModifiers().contains(Modifier.STATIC)) {
      return null;
    }
    com.sun.source.tree.ClassTree enumTree = src.trees().getTree(e);
    if (enumTree == null || !src.contains(enumTree)) {
      return null;
    }
    List<String> constants = new ArrayList<>();
    List<ExecutableElement> targets = new ArrayList<>();
    List<MethodTree> bodies = new ArrayList<>();
    for (Tree member : enumTree.getMembers()) {
      if (!(member instanceof VariableTree constant) || src.elementOf(constant) == null
          || src.elementOf(constant).getKind() != ElementKind.ENUM_CONSTANT) {
        continue;
      }
      ExecutableElement target = method;
      if (constant.getInitializer() instanceof com.sun.source.tree.NewClassTree n && n.getClassBody() != null) {
        TypeElement body = (TypeElement) src.elementOf(n.getClassBody());
        for (Element m : body == null ? List.<Element>of() : body.getEnclosedElements()) {
          if (m instanceof ExecutableElement override && elements.overrides(override, method, body)) {
            target = override;
          }
        }
      }
      MethodTree code = src.trees().getTree(target);
      if (code == null || code.getBody() == null || !src.contains(code)
          || target.getModifiers().contains(Modifier.ABSTRACT)) {
        return null;
      }
      constants.add(constant.getName().toString());
      targets.add(target);
      bodies.add(code);
    }
    if (constants.isEmpty() || targets.stream().allMatch(t -> t.equals(method))) {
      return null; // no constant has a body of its own: nothing to dispatch on
    }
    Type type = method.getReturnType().getKind() == TypeKind.VOID ? null : typeOf(tree);
    Expr self = once(receiver, "receiver", tree);
    pending.add(new Stmt.Call(opaque(List.of(TypeName.get(java.util.Objects.class), ".requireNonNull(", self, ")"),
        Type.passive(TypeName.VOID), "the null check of " + describe(tree), tree), tree));
    Var result = type == null ? null : synthetic(method.getSimpleName().toString(), type, tree);
    if (result != null) {
      pending.add(new Stmt.Declare(result, null, tree));
    }
    List<Stmt> outer = pending;
    Stmt chain = null;
    try {
      for (int i = constants.size() - 1; i >= 0; i--) {
        pending = new ArrayList<>();
        Object value = inline(targets.get(i), bodies.get(i), recordArguments(tree), tree, self);
        if (result != null) {
          pending.add(new Stmt.Assign(result, Typing.castIfNarrowing((Expr) value, type), tree));
        }
        Stmt.Block branch = new Stmt.Block(pending, null);
        if (chain == null) {
          chain = branch; // the last constant: what remains once the others are ruled out
        } else {
          Expr isConstant = opaque(List.of(self, " == ", TypeName.get(e.asType()), "." + constants.get(i)), Type.BOOL,
              "the comparison with " + constants.get(i), tree);
          chain = new Stmt.If(isConstant, branch, chain instanceof Stmt.Block b ? b : new Stmt.Block(List.of(chain), null),
              tree);
        }
      }
    } finally {
      pending = outer;
    }
    pending.add(chain);
    return result == null ? null : new Expr.Read(result, tree);
  }

  /** Whether {@code method} is the one being differentiated or a helper being inlined around this call. */
  private boolean recursive(ExecutableElement method) {
    return method.equals(current) || inlining.stream().anyMatch(i -> i.method().equals(method));
  }

  /**
   * Whether a {@code @Differentiable} helper (which has a companion to call instead) is worth
   * inlining: small, and not deep inside other inlined helpers, so inlining cannot blow up the code.
   */
  private boolean worthInlining(MethodTree helper) {
    long size = src.end(helper.getBody()) - src.start(helper.getBody());
    return size <= 1500 && inlining.size() < 3;
  }

  /** The tree of an instance method of a class of this source, when a call of it is inlined. */
  private MethodTree instanceInlinable(ExecutableElement method) {
    Set<Modifier> modifiers = method.getModifiers();
    if (modifiers.contains(Modifier.ABSTRACT) || modifiers.contains(Modifier.NATIVE)
        || !modifiers.contains(Modifier.FINAL) && !modifiers.contains(Modifier.PRIVATE)
            && !((TypeElement) method.getEnclosingElement()).getModifiers().contains(Modifier.FINAL)
            && method.getEnclosingElement().getKind() != ElementKind.RECORD
        || inlining.stream().anyMatch(i -> i.method().equals(method))) {
      return null; // a method a subclass may override: the call decides at run time
    }
    MethodTree tree = src.trees().getTree(method);
    return tree != null && tree.getBody() != null && src.contains(tree) ? tree : null;
  }

  /**
   * The tree of {@code method} when a call of it is inlined: a static method with a body in this
   * class's source (private or not, annotated or not), not already being inlined (recursion).
   */
  private MethodTree inlinable(ExecutableElement method) {
    Set<Modifier> modifiers = method.getModifiers();
    if (!modifiers.contains(Modifier.STATIC) || modifiers.contains(Modifier.NATIVE)
        || modifiers.contains(Modifier.ABSTRACT) || method.equals(current)
        || inlining.stream().anyMatch(i -> i.method().equals(method))) {
      return null;
    }
    MethodTree tree = src.trees().getTree(method);
    return tree != null && tree.getBody() != null && src.contains(tree) ? tree : null;
  }

  /**
   * A call of a helper of this class, inlined before the statement being parsed: its parameters
   * become locals initialized with the arguments (an array parameter stands for the caller's
   * array itself, so the helper's writes are the caller's), its body follows, and its returns
   * assign the result (leaving a loop that runs once when they are not the last statement).
   * No call, no record per call: the transforms see one method.
   */
  private Expr inline(ExecutableElement method, MethodTree helper, List<Expr> args, MethodInvocationTree call,
      Object receiver) {
    return (Expr) inline(method, helper, new ArrayList<Object>(args), call, receiver);
  }

  private Object inline(ExecutableElement method, MethodTree helper, ArrayList<Object> args, MethodInvocationTree call,
      Object receiver) {
    return inline(method, helper.getParameters(), helper.getBody(), args, call, receiver);
  }

  /**
   * {@link #inline} of {@code params} and {@code body}: a helper's, or a lambda's ({@code body} an
   * expression or a block), whose captured variables are the method's own (javac's symbols).
   */
  private Object inline(ExecutableElement method, List<? extends VariableTree> params, Tree body,
      ArrayList<Object> args, MethodInvocationTree call, Object receiver) {
    declareNames(body);
    BlockTree block = body instanceof BlockTree b ? b : null;
    if (method.isVarArgs() && !(args.size() == params.size() && args.get(args.size() - 1) instanceof Expr last
        && last.type().isArray())) {
      // f(a, b, c) of f(double... xs): the trailing arguments as the array Java would pass
      VariableTree last = params.get(params.size() - 1);
      Type arrayType = typeOf(src.elementOf(last).asType(), last);
      if (!arrayType.isArray()) {
        throw Unsupported.construct(call, "passing these variable arguments to " + method.getSimpleName(),
            "pass an array of them");
      }
      List<Object> packed = new ArrayList<>(args.subList(params.size() - 1, args.size()));
      args = new ArrayList<>(args.subList(0, params.size() - 1));
      Type element = arrayType.element() != null ? arrayType.element() : Type.INT;
      args.add(new Expr.NewArray(arrayType, List.of(), packed.stream().map(a -> Typing.castIfNarrowing((Expr) a,
          element)).toList(), call));
    }
    String name = method.getSimpleName().toString();
    Type resultType = method.getReturnType().getKind() == TypeKind.VOID ? null : typeOf(call);
    // return new double[] {…} as the helper's last statement: the result is declared there, a fresh array
    if (block == null && resultType != null && resultType.isArray()) {
      throw Unsupported.construct(call, "applying a lambda that returns an array", "write it as a helper method");
    }
    boolean freshArray = resultType != null && resultType.isArray() && returnsNewArrayAtTheEnd(block);
    // return new double[] {…} in several places: the result is declared before the body, each return assigns it
    boolean freshArrays = resultType != null && resultType.isArray() && !freshArray && returnsOnlyNewArrays(block);
    Element arrayResult = resultType != null && resultType.isArray() && !freshArray && !freshArrays
        ? returnedLocal(block, name, call) : null;
    List<Stmt> out = new ArrayList<>();
    Object result = null;
    Element recordsResult = null;
    if (resultType != null && resultType.isRecordArray()) {
      if (block == null) {
        throw Unsupported.construct(call, "applying a lambda that returns an array of records",
            "write it as a helper method");
      }
      recordsResult = returnedLocal(block, name, call); // the local array of records every return returns
    } else if (resultType != null && resultType.isRecord()) {
      List<Stmt> outer = pending;
      pending = out;
      result = recordVariables(name, resultType, call);
      pending = outer;
    } else if (resultType != null && arrayResult == null) {
      Var v = synthetic(name, resultType, call);
      if (!freshArray) {
        out.add(new Stmt.Declare(v, null, call));
      }
      result = v;
    }
    List<Element> aliased = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      VariableTree p = params.get(i);
      Element pe = src.elementOf(p);
      Type pt = typeOf(pe.asType(), p);
      if (pt.shape() != null) {
        records.put(pe, args.get(i) instanceof Expr e ? recordOfExpr(e, pt, call) : args.get(i));
        if (assigns(body, pe)) {
          // the helper assigns its record parameter: it gets variables of its own
          List<Stmt> outer = pending;
          pending = out;
          records.put(pe, declareRecord(p.getName().toString(), pt, records.get(pe), p));
          pending = outer;
        }
        aliased.add(pe);
        continue;
      }
      ExpressionTree argTree = call != null && i < call.getArguments().size() ? call.getArguments().get(i) : null;
      ExpressionTree function = argTree == null ? null : boundFunction(argTree) != null ? boundFunction(argTree)
          : !(skipParens(argTree) instanceof ConditionalExpressionTree) && isFunction(argTree) ? skipParens(argTree)
          : null;
      ExecutableElement sam = function != null && block != null ? functionalSam(pe.asType()) : null;
      if (sam != null && onlyApplied(pe, sam, block)) {
        // integrate((t, y) -> -k * y, …), integrate(rhs, …): the helper's parameter stands for the function
        functions.put(pe, function);
        aliased.add(pe);
        continue;
      }
      if (function != null && boundFunction(argTree) != null || args.get(i) == null) {
        Tree at = argTree != null ? argTree : call;
        throw Unsupported.construct(at, "passing the function " + at + " on to " + name,
            "apply it in the helper only (" + p.getName() + ".apply…(…)), not passing it further");
      }
      Expr arg = (Expr) args.get(i);
      if (pt.isArray() && isArrayPlace(arg)) {
        aliases.put(pe, arg);
        aliased.add(pe);
        continue;
      }
      if (pt.isArray() && !(arg instanceof Expr.NewArray)) {
        Tree at = i < call.getArguments().size() ? call.getArguments().get(i) : call;
        throw Unsupported.construct(at, "passing this array expression to the helper " + name,
            "pass an array variable (or a row m[i] of one)");
      }
      Var v = new Var(p.getName().toString(), pt, Var.Kind.LOCAL, p);
      vars.put(pe, v);
      locals.add(v);
      // bound at the call: the generated code quotes the call's line once for all the bindings
      out.add(new Stmt.Declare(v, Typing.castIfNarrowing(arg, pt), call));
    }
    boolean simple = block == null || returnsOnlyAtTheEnd(block);
    int id = loopIds++;
    Inlined frame = new Inlined(method, result, freshArray, simple ? -1 : id, "inlined_" + name + "_" + id, receiver);
    inlining.push(frame);
    if (!simple) {
      loops.push(new LoopLabel(id, frame.label(), false));
    }
    List<Stmt> outer = pending;
    Stmt.Block inlined;
    try {
      inlined = block != null ? block(block) : lambdaBody((ExpressionTree) body, result);
    } finally {
      pending = outer;
      if (!simple) {
        loops.pop();
      }
      inlining.pop();
      aliased.forEach(aliases::remove);
      aliased.forEach(records::remove);
      aliased.forEach(functions::remove);
    }
    if (simple) {
      out.addAll(inlined.statements());
    } else {
      out.add(new Stmt.Loop(id, frame.label(), List.of(), new Expr.Literal("false", Type.BOOL, null), List.of(), inlined,
          false, call));
    }
    pending.addAll(out);
    if (recordsResult != null) {
      return records.get(recordsResult);
    }
    if (arrayResult != null || freshArray || freshArrays) {
      Var array = arrayResult == null ? (Var) result : vars.get(arrayResult);
      helperResults.add(array);
      return new Expr.Read(array, call);
    }
    return result instanceof Var v ? new Expr.Read(v, call) : result;
  }

  /** The expression body of a lambda: it assigns the result (a variable or a record's). */
  private Stmt.Block lambdaBody(ExpressionTree body, Object result) {
    List<Stmt> statements = new ArrayList<>();
    pending = statements;
    if (result instanceof Rec r) {
      statements.addAll(assignRecord(r, recordValue(body), body));
    } else if (result instanceof Var v) {
      Expr value = Typing.castIfNarrowing(expression(body), v.type());
      statements.add(new Stmt.Assign(v, value, body));
    } else {
      throw Unsupported.construct(body, "a lambda without a result applied in place", "give it a result");
    }
    return new Stmt.Block(statements, null);
  }

  /** A record argument that arrived as an expression (a passive object): its components read by accessor. */
  private Object recordOfExpr(Expr e, Type type, Tree at) {
    if (type.isRecordArray()) {
      throw Unsupported.construct(at, "passing this array of records", "pass an array-of-records parameter");
    }
    return fromObject(once(e, "record", at), type, at);
  }

  /**
   * Whether the array local {@code declared}, initialized with {@code init} (an array variable or a
   * row {@code m[i]} of one, indices pure), can stand for that expression in its whole scope: it is
   * never assigned, none of the variables the expression reads is, and no row of any array is
   * replaced ({@code m[k] = other}) there. Java would keep the row the local first read; reading
   * {@code m[i]} again is the same array only under these conditions. Otherwise the declaration
   * takes the usual path (an error, or the tape).
   */
  private boolean rowAlias(Element declared, ExpressionTree initTree, Expr init) {
    Expr root = init;
    while (root instanceof Expr.ArrayRead r) {
      root = r.array();
    }
    // a field's array is a passive constant (fieldArray), whose writes are errors naming the field
    if (restOfBlock == null || !isArrayPlace(init) || !(root instanceof Expr.Read)) {
      return false;
    }
    Set<Element> fixed = new HashSet<>();
    fixed.add(declared);
    new com.sun.source.util.TreeScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree id, Void p) {
        Element e = src.elementOf(id);
        if (e != null) {
          fixed.add(e);
        }
        return null;
      }
    }.scan(initTree, null);
    boolean[] broken = {false};
    forEachWrite(restOfBlock, false, target -> {
      // a row replaced: an alias of it would read the new one
      broken[0] |= target instanceof com.sun.source.tree.ArrayAccessTree
          && src.typeOf(target).getKind() == TypeKind.ARRAY || target instanceof IdentifierTree && fixed.contains(src.elementOf(target));
    });
    return !broken[0];
  }

  /**
   * Calls {@code written} with the target (parentheses skipped) of every {@code =}, compound
   * assignment, {@code ++} and {@code --} in {@code statements}, and with every argument of a method
   * call when {@code callArguments} (a method may write an array it is given).
   */
  private static void forEachWrite(List<? extends StatementTree> statements, boolean callArguments,
      java.util.function.Consumer<ExpressionTree> written) {
    com.sun.source.util.TreeScanner<Void, Void> writes = new com.sun.source.util.TreeScanner<>() {
      @Override
      public Void visitAssignment(AssignmentTree a, Void p) {
        written.accept(skipParens(a.getVariable()));
        return super.visitAssignment(a, p);
      }

      @Override
      public Void visitCompoundAssignment(com.sun.source.tree.CompoundAssignmentTree a, Void p) {
        written.accept(skipParens(a.getVariable()));
        return super.visitCompoundAssignment(a, p);
      }

      @Override
      public Void visitUnary(com.sun.source.tree.UnaryTree u, Void p) {
        switch (u.getKind()) {
          case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT ->
              written.accept(skipParens(u.getExpression()));
          default -> { }
        }
        return super.visitUnary(u, p);
      }

      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void p) {
        if (callArguments) {
          call.getArguments().forEach(arg -> written.accept(skipParens(arg)));
        }
        return super.visitMethodInvocation(call, p);
      }
    };
    statements.forEach(s -> writes.scan(s, null));
  }

  /**
   * Whether {@code statements} assign the array variable {@code array}, write one of its elements,
   * or pass it to a method (which might write it).
   */
  private boolean writesArray(Element array, List<? extends StatementTree> statements) {
    boolean[] found = {false};
    forEachWrite(statements, true, target -> {
      ExpressionTree t = target;
      while (t instanceof com.sun.source.tree.ArrayAccessTree a) {
        t = skipParens(a.getExpression());
      }
      found[0] |= t instanceof IdentifierTree && array.equals(src.elementOf(t));
    });
    return found[0];
  }

  /** Whether {@code body} assigns the parameter {@code parameter}. */
  private boolean assigns(Tree body, Element parameter) {
    boolean[] found = {false};
    new com.sun.source.util.TreeScanner<Void, Void>() {
      @Override
      public Void visitAssignment(AssignmentTree a, Void p) {
        found[0] |= parameter.equals(src.elementOf(skipParens(a.getVariable())));
        return super.visitAssignment(a, p);
      }
    }.scan(body, null);
    return found[0];
  }

  /** A helper's {@code return e;}: the result is assigned; the helper is left unless this is its end. */
  private Stmt inlinedReturn(ReturnTree r) {
    Inlined frame = inlining.peek();
    List<Stmt> out = new ArrayList<>();
    if (r.getExpression() != null && frame.result() instanceof Rec result) {
      out.addAll(assignRecord(result, recordValue(r.getExpression()), r));
    } else if (r.getExpression() != null && frame.result() instanceof Var result) {
      Expr value = Typing.castIfNarrowing(expression(r.getExpression()), result.type());
      out.add(frame.declaredAtReturn() ? new Stmt.Declare(result, value, r) : new Stmt.Assign(result, value, r));
    }
    if (frame.loopId() >= 0) {
      out.add(new Stmt.Break(frame.loopId(), r));
    }
    if (out.isEmpty()) {
      return null;
    }
    return out.size() == 1 ? out.get(0) : new Stmt.Block(out, r);
  }

  /** Whether {@code body} ends in its only return, {@code return new double[…]…;}. */
  private static boolean returnsNewArrayAtTheEnd(BlockTree body) {
    if (body == null) {
      return false;
    }
    List<? extends StatementTree> statements = body.getStatements();
    return !statements.isEmpty() && returnsOnlyAtTheEnd(body)
        && statements.get(statements.size() - 1) instanceof ReturnTree r
        && r.getExpression() instanceof com.sun.source.tree.NewArrayTree;
  }

  /** Whether {@code body} returns and every return is {@code return new double[…]…;}. */
  private static boolean returnsOnlyNewArrays(BlockTree body) {
    List<ReturnTree> returns = ownReturns(body);
    return !returns.isEmpty()
        && returns.stream().allMatch(r -> r.getExpression() instanceof com.sun.source.tree.NewArrayTree);
  }

  /** Whether the only return of {@code body} is its last statement (or it has none). */
  private static boolean returnsOnlyAtTheEnd(BlockTree body) {
    int returns = ownReturns(body).size();
    List<? extends StatementTree> statements = body.getStatements();
    boolean last = !statements.isEmpty() && statements.get(statements.size() - 1) instanceof ReturnTree;
    return returns == 0 || returns == 1 && last;
  }

  /** The returns of {@code body} itself, not those of the lambdas and classes declared in it. */
  private static List<ReturnTree> ownReturns(BlockTree body) {
    List<ReturnTree> returns = new ArrayList<>();
    new com.sun.source.util.TreeScanner<Void, Void>() {
      @Override
      public Void visitReturn(ReturnTree r, Void p) {
        returns.add(r);
        return null;
      }

      @Override
      public Void visitLambdaExpression(com.sun.source.tree.LambdaExpressionTree l, Void p) {
        return null;
      }

      @Override
      public Void visitClass(com.sun.source.tree.ClassTree c, Void p) {
        return null;
      }
    }.scan(body, null);
    return returns;
  }

  /**
   * The local array every return of an array-returning helper returns ({@code double[] r = new
   * double[n]; …; return r;}): the call then reads that array itself.
   */
  private Element returnedLocal(BlockTree body, String name, Tree call) {
    Element[] found = {null};
    boolean[] other = {false};
    new com.sun.source.util.TreeScanner<Void, Void>() {
      @Override
      public Void visitReturn(ReturnTree r, Void p) {
        Element e = r.getExpression() instanceof IdentifierTree id ? src.elementOf(id) : null;
        if (e == null || e.getKind() != ElementKind.LOCAL_VARIABLE || found[0] != null && !found[0].equals(e)) {
          other[0] = true;
        }
        found[0] = e;
        return null;
      }

      @Override
      public Void visitLambdaExpression(com.sun.source.tree.LambdaExpressionTree l, Void p) {
        return null;
      }
    }.scan(body, null);
    if (other[0] || found[0] == null) {
      throw Unsupported.construct(call, "calling " + name + ", which returns an array other than one"
          + " local array", "return a local array created with new double[…] in the helper");
    }
    return found[0];
  }

  /** An array the caller already has: a variable, a field, a row {@code m[i]} with a plain index. */
  private static boolean isArrayPlace(Expr e) {
    if (e instanceof Expr.Read || e instanceof Expr.FieldRead) {
      return true;
    }
    return e instanceof Expr.ArrayRead r && isArrayPlace(r.array()) && isPure(r.index());
  }

  /** Arithmetic on variables and literals: the same value wherever a helper reads it. */
  private static boolean isPure(Expr e) {
    if (e instanceof Expr.Read || e instanceof Expr.Literal) {
      return true;
    }
    if (e instanceof Expr.Binary || e instanceof Expr.Unary || e instanceof Expr.Cast) {
      return dev.adjoint.processor.ir.Children.of(e).stream().allMatch(MethodParser::isPure);
    }
    return false;
  }

  private List<Expr> arguments(MethodInvocationTree tree) {
    List<Expr> args = new ArrayList<>();
    for (ExpressionTree a : tree.getArguments()) {
      args.add(expression(a));
    }
    return args;
  }

  private static List<Expr> convert(List<Expr> args, List<Type> types) {
    List<Expr> result = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      result.add(Typing.castIfNarrowing(args.get(i), types.get(i)));
    }
    return result;
  }

  /** Only variables may be passed as arrays to derivative code (their adjoints are variables too). */
  private static void checkArrayArguments(List<Expr> args, MethodInvocationTree tree, boolean custom) {
    for (int i = 0; i < args.size(); i++) {
      Expr a = args.get(i);
      if (a.type().isArray() && a.type().differentiable() && !(custom && a instanceof Expr.Read)) {
        throw custom ? Unsupported.construct(tree.getArguments().get(i),
            "passing this array expression to a @DerivativeOf function", "pass an array variable")
            : Unsupported.construct(tree.getArguments().get(i), "passing an array to a @Differentiable method of"
                + " another class", "pass its elements, or move the method into this class");
      }
    }
  }

  private boolean temporariesAllowed() {
    return pending != null && !noTemporaries;
  }

  /** Tensor operations among a call's arguments get temporaries: the reverse sweep passes them on. */
  private List<Expr> hoisted(List<Expr> args, Tree tree) {
    List<Expr> hoisted = new ArrayList<>();
    for (Expr arg : args) {
      hoisted.add(arg.type() == Type.TENSOR && isTensorCall(arg) ? tensorTemporary(arg, tree) : arg);
    }
    return hoisted;
  }

  private static boolean isTensorCall(Expr e) {
    return e instanceof Expr.TensorCall || e instanceof Expr.DiffCall || e instanceof Expr.CustomCall;
  }

  /**
   * A call of the tensor rule table ({@link TensorFunction}): the overload whose parameters the
   * arguments fit with the fewest widenings; a nested tensor operation among the arguments gets a
   * temporary where the statement allows one.
   */
  private Expr tensorCall(TensorFunction.Kind kind, Expr receiver, String name, MethodInvocationTree tree,
      boolean statement) {
    String ownerName = kind == TensorFunction.Kind.FUNCTIONAL ? "Functional." : "Tensor.";
    String what = kind == TensorFunction.Kind.METHOD ? "the Tensor method " + name : ownerName + name;
    List<TensorFunction> overloads = TensorFunction.overloads(kind, name);
    if (overloads.isEmpty()) {
      throw Unsupported.construct(tree, what,
          "use the Tensor operations and Functional functions of the API (the tape's own methods,"
              + " like backward or grad, have no place in a method that is differentiated at compile time)");
    }
    List<Expr> args = new ArrayList<>();
    if (receiver != null) {
      args.add(receiver);
    }
    for (ExpressionTree a : tree.getArguments()) {
      args.add(a instanceof NewArrayTree n && typeOf(n).isArray() ? newArray(n, typeOf(n)) : expression(a));
    }
    TensorFunction best = null;
    int bestCost = Integer.MAX_VALUE;
    for (TensorFunction f : overloads) {
      int cost = TensorCalls.cost(f, args);
      if (cost < bestCost) {
        best = f;
        bestCost = cost;
      }
    }
    if (best == null) {
      throw Unsupported.construct(tree, what + " with arguments ("
          + String.join(", ", args.subList(receiver == null ? 0 : 1, args.size()).stream()
              .map(a -> a.type() == Type.TENSOR ? "Tensor" : a.type().javaName()).toList())
          + ")",
          "pass the arguments its Tensor/Functional overload takes");
    }
    List<Expr> converted = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      Expr arg = args.get(i);
      Type expected = i == args.size() - 1 && TensorCalls.arrayAsVarargs(best, args)
          ? Type.INT_ARRAY : TensorCalls.expected(best, i);
      boolean shape = arg instanceof Expr.TensorCall t && t.function() == TensorFunction.SHAPE;
      boolean data = (Type.ARRAY.is(expected) || Type.ARRAY2.is(expected)) && arg instanceof Expr.Read;
      if (arg.type().isArray() && !data
          && !(expected == Type.INT_ARRAY && (arg instanceof Expr.Read || arg instanceof Expr.NewArray || shape))) {
        throw Unsupported.construct(arg.tree() == null ? tree : arg.tree(), "this array argument",
            "pass an int[] variable or new int[] {…} as a Tensor index or targets, a double[] or double[][]"
                + " variable to Tensor.of");
      }
      arg = Typing.castIfNarrowing(arg, expected);
      if (temporariesAllowed() && arg.type() == Type.TENSOR && isTensorCall(arg)) {
        arg = tensorTemporary(arg, tree);
      }
      converted.add(arg);
    }
    if (best.inPlace() && !statement) {
      throw Unsupported.construct(tree, "using the result of set (it returns nothing)", "call set as a statement of its own");
    }
    return new Expr.TensorCall(best, converted, tree);
  }

  /** {@code Tensor <name> = value;} before the statement being parsed; reads it. */
  private Expr tensorTemporary(Expr value, Tree tree) {
    String base = value instanceof Expr.TensorCall t ? t.function().javaName()
        : value instanceof Expr.CustomCall c ? c.name() : ((Expr.DiffCall) value).callee().name();
    Var v = new Var(base, value.type(), Var.Kind.SYNTHETIC, null);
    locals.add(v);
    pending.add(new Stmt.Declare(v, value, tree));
    return new Expr.Read(v, null);
  }

  /**
   * {@code y.set(index, v)}: in IR the assignment {@code y = set(y, index, v)}, printed as the
   * in-place call. {@code y} must be a local tensor no other variable can alias.
   */
  private Stmt inPlaceSet(Expr.TensorCall set, ExpressionTree tree) {
    if (!(set.args().get(0) instanceof Expr.Read r) || r.var().kind() != Var.Kind.LOCAL) {
      throw Unsupported.construct(tree, "set on " + ((MemberSelectTree) ((MethodInvocationTree) tree).getMethodSelect())
          .getExpression() + " (only a local tensor can be written in place)",
          "write into a local made by Tensor.zeros(…) or an operation, e.g. Tensor y = Tensor.zeros(2)");
    }
    setTargets.add(r.var());
    return new Stmt.Assign(r.var(), set, tree);
  }

  // ---- passive values -----------------------------------------------------------------------

  private SourceTemplate template(Tree tree) {
    return SourceTemplate.of(src, elements, access, vars::get, e -> aliases.containsKey(e) ? aliases.get(e)
        : records.containsKey(e) ? materialize(records.get(e), tree) : null, this::receiver, tree);
  }

  /** {@code tree} as a passive value printed as written. */
  private Expr opaque(ExpressionTree tree) {
    SourceTemplate t = template(tree);
    TypeMirror mirror = src.typeOf(tree);
    Type type = mirror == null || mirror.getKind() == TypeKind.NULL ? Type.passive(ClassName.OBJECT)
        : typeOf(mirror, tree, true);
    if (type.shape() != null) {
      type = Type.passive(type.typeName()); // a record as the object it is
    }
    return new Expr.Opaque(t.parts(), t.reads(), type, describe(tree), tree);
  }

  /** A passive value built of variables, other passive values and text. */
  private Expr opaque(List<Object> pieces, Type type, String what, Tree tree) {
    List<Object> parts = new ArrayList<>();
    List<Var> reads = new ArrayList<>();
    for (Object p : pieces) {
      if (p instanceof Expr.Read r) {
        parts.add(r.var());
        reads.add(r.var());
      } else if (p instanceof Expr.Opaque o) {
        parts.addAll(o.parts());
        reads.addAll(o.reads());
      } else if (p instanceof Expr.Literal l) {
        parts.add(l.text());
      } else if (p instanceof Expr e) {
        parts.add(e); // printed by the expression printer (a call's argument)
        collectReads(e, reads);
      } else {
        parts.add(p);
      }
    }
    return new Expr.Opaque(parts, reads, type, what, tree);
  }

  private static void collectReads(Expr e, List<Var> reads) {
    if (e instanceof Expr.Read r && !reads.contains(r.var())) {
      reads.add(r.var());
    } else if (e instanceof Expr.Opaque o) {
      o.reads().stream().filter(v -> !reads.contains(v)).forEach(reads::add);
    }
    dev.adjoint.processor.ir.Children.of(e).forEach(c -> collectReads(c, reads));
  }

  /** "the call Math.floorMod(i, n)", "new P(2.0)": how diagnostics name a passive value, as the source writes it. */
  private String describe(ExpressionTree tree) {
    String text = src.start(tree) >= 0 ? src.text(tree).replaceAll("\\s+", " ") : tree.toString();
    text = text.length() > 70 ? text.substring(0, 67) + "…" : text;
    return tree instanceof MethodInvocationTree ? "the call " + text : text;
  }
}
