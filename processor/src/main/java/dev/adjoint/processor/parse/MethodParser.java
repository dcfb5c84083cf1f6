package dev.adjoint.processor.parse;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.ArrayTypeTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.diag.Problem;
import dev.adjoint.processor.ir.ClassRef;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.MathFunction;
import dev.adjoint.processor.ir.MethodIr;
import dev.adjoint.processor.ir.Operator;
import dev.adjoint.processor.ir.Signature;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.Elements;

/**
 * Builds the typed IR of one method body from its untyped {@link MethodTree}, resolving names
 * and types itself (see {@link NameResolver}). Anything outside the supported subset ends in
 * {@link #unsupported}, the one decision point for constructs the processor cannot handle.
 */
public final class MethodParser {
  private final NameResolver resolver;
  private final Deque<Map<String, Var>> scopes = new ArrayDeque<>();
  private Type returnType;
  private final List<Var> locals = new ArrayList<>();
  /** The loops around the statement being parsed, innermost first. */
  private final Deque<LoopLabel> loops = new ArrayDeque<>();
  private int loopIds;

  private record LoopLabel(int id, String label) {}

  public MethodParser(Elements elements, CompilationUnitTree unit, TypeElement owner) {
    this.resolver = new NameResolver(elements, unit, owner);
  }

  public MethodIr parse(MethodTree method, Signature signature) {
    returnType = signature.returnType();
    scopes.push(new HashMap<>());
    List<Var> params = new ArrayList<>();
    List<Var> wrt = new ArrayList<>();
    for (int i = 0; i < signature.paramNames().size(); i++) {
      Var p = new Var(signature.paramNames().get(i), signature.paramTypes().get(i), Var.Kind.PARAMETER,
          method.getParameters().get(i));
      declare(p);
      params.add(p);
      if (signature.wrt().contains(i)) {
        wrt.add(p);
      }
    }
    Stmt.Block body = block(method.getBody());
    return new MethodIr(signature, params, wrt, locals, body);
  }

  /**
   * The single place where a construct outside the supported subset is turned down. (A later
   * dynamic-tape fallback hooks in here.)
   */
  private static Problem unsupported(Tree tree, String what, String advice) {
    return new Problem(Message.UNSUPPORTED, tree, what, advice);
  }

  // ---- statements ---------------------------------------------------------------------------

  private Stmt.Block block(BlockTree tree) {
    scopes.push(new HashMap<>());
    List<Stmt> result = new ArrayList<>();
    for (StatementTree s : tree.getStatements()) {
      Stmt stmt = statement(s);
      if (stmt != null) {
        result.add(stmt);
      }
    }
    scopes.pop();
    return new Stmt.Block(result, tree);
  }

  /** A statement as a block of its own (the branch of an if without braces). */
  private Stmt.Block asBlock(StatementTree tree) {
    if (tree instanceof BlockTree b) {
      return block(b);
    }
    scopes.push(new HashMap<>());
    Stmt s = statement(tree);
    scopes.pop();
    return new Stmt.Block(s == null ? List.of() : List.of(s), tree);
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
        Expr condition = expectType(expression(i.getCondition()), Type.BOOL, i.getCondition());
        Stmt.Block then = asBlock(i.getThenStatement());
        Stmt.Block orElse = i.getElseStatement() == null
            ? new Stmt.Block(List.of(), null) : asBlock(i.getElseStatement());
        return new Stmt.If(condition, then, orElse, tree);
      }
      case RETURN: {
        ReturnTree r = (ReturnTree) tree;
        Expr value = expectType(expression(r.getExpression()), returnType, r.getExpression());
        if (isArray(returnType) && !(value instanceof Expr.Read || value instanceof Expr.NewArray n
            && n.dimensions().isEmpty() && value.type() == Type.ARRAY)) {
          throw unsupported(r.getExpression(), "returning this array expression",
              "return a local array or new double[] {…}");
        }
        return new Stmt.Return(value, tree);
      }
      case FOR_LOOP: case WHILE_LOOP: case DO_WHILE_LOOP: case ENHANCED_FOR_LOOP:
        return loop(tree, null);
      case LABELED_STATEMENT: {
        LabeledStatementTree labeled = (LabeledStatementTree) tree;
        Tree.Kind kind = labeled.getStatement().getKind();
        if (kind != Tree.Kind.FOR_LOOP && kind != Tree.Kind.WHILE_LOOP && kind != Tree.Kind.DO_WHILE_LOOP
            && kind != Tree.Kind.ENHANCED_FOR_LOOP) {
          throw unsupported(tree, "a label on a " + describe(labeled.getStatement()), "label only loops");
        }
        return loop(labeled.getStatement(), labeled.getLabel().toString());
      }
      case BREAK:
        return new Stmt.Break(target(tree, ((BreakTree) tree).getLabel()), tree);
      case CONTINUE:
        return new Stmt.Continue(target(tree, ((ContinueTree) tree).getLabel()), tree);
      case SWITCH:
        throw unsupported(tree, "a switch", "use if/else instead");
      default:
        throw unsupported(tree, "a " + describe(tree), "use declarations, assignments, if/else and return");
    }
  }

  private Stmt loop(StatementTree tree, String label) {
    int id = loopIds++;
    scopes.push(new HashMap<>());
    List<Stmt> init = new ArrayList<>();
    List<Stmt> update = new ArrayList<>();
    ExpressionTree condition;
    StatementTree body;
    boolean testFirst = true;
    if (tree instanceof ForLoopTree f) {
      for (StatementTree s : f.getInitializer()) {
        init.add(statement(s));
      }
      condition = f.getCondition();
      body = f.getStatement();
      for (ExpressionStatementTree u : f.getUpdate()) {
        update.add(statement(u));
      }
    } else if (tree instanceof EnhancedForLoopTree each) {
      return forEach(each, id, label);
    } else if (tree instanceof WhileLoopTree w) {
      condition = w.getCondition();
      body = w.getStatement();
    } else {
      DoWhileLoopTree d = (DoWhileLoopTree) tree;
      condition = d.getCondition();
      body = d.getStatement();
      testFirst = false;
    }
    Expr test = condition == null ? null : expectType(expression(condition), Type.BOOL, condition);
    loops.push(new LoopLabel(id, label));
    Stmt.Block block = asBlock(body);
    loops.pop();
    scopes.pop();
    return new Stmt.Loop(id, label, init, test, update, block, testFirst, tree);
  }

  /** {@code for (T v : a) body} as {@code for (int i = 0; i < a.length; i++) { T v = a[i]; body }}. */
  private Stmt forEach(EnhancedForLoopTree tree, int id, String label) {
    Expr array = expression(tree.getExpression());
    if (!(array instanceof Expr.Read) || (array.type() != Type.ARRAY && array.type() != Type.INT_ARRAY)) {
      throw unsupported(tree.getExpression(), "a for-each loop over " + tree.getExpression(),
          "loop over a double[] or int[] variable");
    }
    Type element = array.type() == Type.ARRAY ? Type.SCALAR : Type.INT;
    Var index = new Var("index", Type.INT, Var.Kind.SYNTHETIC, tree);
    locals.add(index);
    Expr.Read i = new Expr.Read(index, null);
    Stmt init = new Stmt.Declare(index, new Expr.Literal("0", Type.INT, null), tree);
    Expr condition = new Expr.Binary(Operator.LT, i, new Expr.ArrayLength(array, null), Type.BOOL, null);
    Stmt update = new Stmt.Assign(index, new Expr.Binary(Operator.PLUS, i, new Expr.Literal("1", Type.INT, null),
        Type.INT, null), tree);
    VariableTree variable = tree.getVariable();
    Var v = new Var(variable.getName().toString(), element, Var.Kind.LOCAL, variable);
    declare(v);
    locals.add(v);
    loops.push(new LoopLabel(id, label));
    Stmt.Block original = asBlock(tree.getStatement());
    loops.pop();
    scopes.pop();
    List<Stmt> body = new ArrayList<>();
    body.add(new Stmt.Declare(v, new Expr.ArrayRead(array, i, element, null), variable));
    body.addAll(original.statements());
    return new Stmt.Loop(id, label, List.of(init), condition, List.of(update), new Stmt.Block(body, tree.getStatement()),
        true, tree);
  }

  /** The loop a break or continue leaves: the labeled one, else the innermost. */
  private int target(StatementTree tree, javax.lang.model.element.Name label) {
    for (LoopLabel l : loops) {
      if (label == null || label.contentEquals(String.valueOf(l.label()))) {
        return l.id();
      }
    }
    throw unsupported(tree, "a " + describe(tree) + " outside a loop", "use break and continue only in loops");
  }

  private Stmt declaration(VariableTree tree) {
    Type declared = tree.getType() == null ? null : typeOfTree(tree.getType());
    boolean isVar = declared == null && isVarKeyword(tree);
    if (declared == null && !isVar) {
      throw unsupported(tree, "a local of type " + tree.getType(), "use double, int, long or boolean");
    }
    Expr init = tree.getInitializer() == null ? null
        : tree.getInitializer() instanceof NewArrayTree n ? newArray(n, declared) : expression(tree.getInitializer());
    Type type = declared;
    if (isVar) {
      if (init == null || init.type() == null) {
        throw new Problem(Message.VAR_NOT_INFERRED, tree, tree.getName());
      }
      type = init.type();
    }
    if (init != null) {
      init = convert(init, type, tree.getInitializer());
    }
    if (isArray(type)) {
      if (!(init instanceof Expr.NewArray)) {
        throw unsupported(tree, init == null ? "an array local without initializer" : "making an array local an alias of another array",
            "initialize array locals with new double[…]");
      }
      if (!loops.isEmpty()) {
        throw unsupported(tree, "creating an array inside a loop", "create it before the loop");
      }
    }
    Var v = new Var(tree.getName().toString(), type, Var.Kind.LOCAL, tree);
    declare(v);
    locals.add(v);
    return new Stmt.Declare(v, init, tree);
  }

  private static boolean isVarKeyword(VariableTree tree) {
    return tree.getType() == null || tree.getType().toString().equals("var");
  }

  private Stmt expressionStatement(ExpressionStatementTree tree) {
    ExpressionTree e = tree.getExpression();
    switch (e.getKind()) {
      case ASSIGNMENT: {
        AssignmentTree a = (AssignmentTree) e;
        if (a.getVariable() instanceof ArrayAccessTree element) {
          Expr.ArrayRead target = arrayRead(element);
          return new Stmt.Store(target, convert(expression(a.getExpression()), target.type(), a.getExpression()), tree);
        }
        Var target = target(a.getVariable());
        return new Stmt.Assign(target, convert(expression(a.getExpression()), target.type(), a.getExpression()), tree);
      }
      case PLUS_ASSIGNMENT: case MINUS_ASSIGNMENT: case MULTIPLY_ASSIGNMENT: case DIVIDE_ASSIGNMENT:
      case REMAINDER_ASSIGNMENT: {
        CompoundAssignmentTree a = (CompoundAssignmentTree) e;
        if (a.getVariable() instanceof ArrayAccessTree element) {
          Expr.ArrayRead target = arrayRead(element);
          Expr value = arithmetic(compoundOperator(e.getKind()), target, expression(a.getExpression()), a);
          return new Stmt.Store(target, castIfNarrowing(value, target.type()), tree);
        }
        Var target = target(a.getVariable());
        Expr value = arithmetic(compoundOperator(e.getKind()), new Expr.Read(target, a.getVariable()),
            expression(a.getExpression()), a);
        // Compound assignment narrows implicitly: int i; i += 0.5 means i = (int) (i + 0.5).
        return new Stmt.Assign(target, castIfNarrowing(value, target.type()), tree);
      }
      case PREFIX_INCREMENT: case POSTFIX_INCREMENT: case PREFIX_DECREMENT: case POSTFIX_DECREMENT: {
        UnaryTree u = (UnaryTree) e;
        if (u.getExpression() instanceof ArrayAccessTree element) {
          Expr.ArrayRead target = arrayRead(element);
          boolean up = e.getKind() == Tree.Kind.PREFIX_INCREMENT || e.getKind() == Tree.Kind.POSTFIX_INCREMENT;
          Expr one = new Expr.Literal(target.type() == Type.SCALAR ? "1.0" : "1", target.type(), null);
          return new Stmt.Store(target, new Expr.Binary(up ? Operator.PLUS : Operator.MINUS, target, one,
              target.type(), u), tree);
        }
        Var target = target(u.getExpression());
        boolean up = e.getKind() == Tree.Kind.PREFIX_INCREMENT || e.getKind() == Tree.Kind.POSTFIX_INCREMENT;
        Expr one = new Expr.Literal(target.type() == Type.SCALAR ? "1.0" : target.type() == Type.LONG ? "1L" : "1",
            target.type(), null);
        return new Stmt.Assign(target,
            new Expr.Binary(up ? Operator.PLUS : Operator.MINUS, new Expr.Read(target, u.getExpression()), one,
                target.type(), u), tree);
      }
      case METHOD_INVOCATION: {
        Expr call = expression(e);
        if (call instanceof Expr.PlainCall plain) {
          return new Stmt.Call(plain, tree);
        }
        throw unsupported(e, "a call whose result is discarded", "use its result or remove the call");
      }
      default:
        throw unsupported(e, "the expression statement " + describe(e), "assign its value to a local");
    }
  }

  private static Operator compoundOperator(Tree.Kind kind) {
    switch (kind) {
      case PLUS_ASSIGNMENT: return Operator.PLUS;
      case MINUS_ASSIGNMENT: return Operator.MINUS;
      case MULTIPLY_ASSIGNMENT: return Operator.TIMES;
      case DIVIDE_ASSIGNMENT: return Operator.DIVIDE;
      default: return Operator.REMAINDER;
    }
  }

  /** The local an assignment writes; fields are never written. */
  private Var target(ExpressionTree tree) {
    if (tree instanceof IdentifierTree id) {
      Var v = lookup(id.getName().toString());
      if (v != null && isArray(v.type())) {
        throw unsupported(tree, "assigning an array variable", "write its elements instead");
      }
      if (v != null) {
        return v;
      }
      throw new Problem(Message.FIELD_WRITE, tree, id.getName());
    }
    if (tree.getKind() == Tree.Kind.MEMBER_SELECT) {
      throw new Problem(Message.FIELD_WRITE, tree, tree);
    }
    throw unsupported(tree, "writing " + describe(tree), "assign to a local variable");
  }

  // ---- expressions --------------------------------------------------------------------------

  private Expr expression(ExpressionTree tree) {
    switch (tree.getKind()) {
      case PARENTHESIZED:
        return expression(((ParenthesizedTree) tree).getExpression());
      case INT_LITERAL: case LONG_LITERAL: case DOUBLE_LITERAL: case BOOLEAN_LITERAL:
        return literal(((LiteralTree) tree).getValue(), tree);
      case IDENTIFIER:
        return identifier((IdentifierTree) tree);
      case MEMBER_SELECT:
        return memberSelect((MemberSelectTree) tree);
      case UNARY_MINUS: case UNARY_PLUS: {
        Expr operand = expression(((UnaryTree) tree).getExpression());
        requireNumeric(operand, tree);
        Operator op = tree.getKind() == Tree.Kind.UNARY_MINUS ? Operator.NEG : Operator.PLUS_UNARY;
        return new Expr.Unary(op, operand, Type.promote(operand.type(), Type.INT), tree);
      }
      case LOGICAL_COMPLEMENT:
        return new Expr.Unary(Operator.NOT,
            expectType(expression(((UnaryTree) tree).getExpression()), Type.BOOL, tree), Type.BOOL, tree);
      case BITWISE_COMPLEMENT: {
        Expr operand = expression(((UnaryTree) tree).getExpression());
        if (operand.type() != Type.INT && operand.type() != Type.LONG) {
          throw unsupported(tree, "~ on " + operand.type().javaName(), "use it on int or long");
        }
        return new Expr.Unary(Operator.BIT_NOT, operand, operand.type(), tree);
      }
      case CONDITIONAL_EXPRESSION:
        return conditional((ConditionalExpressionTree) tree);
      case TYPE_CAST:
        return cast((TypeCastTree) tree);
      case METHOD_INVOCATION:
        return call((MethodInvocationTree) tree);
      case ARRAY_ACCESS:
        return arrayRead((ArrayAccessTree) tree);
      case NEW_ARRAY:
        return newArray((NewArrayTree) tree, null);
      default:
        if (tree instanceof BinaryTree b) {
          return binary(b);
        }
        throw unsupported(tree, describe(tree) + " in an expression",
            "use arithmetic, comparisons, Math functions and calls of static methods");
    }
  }

  private static Expr literal(Object value, Tree tree) {
    if (value instanceof Double d) {
      return new Expr.Literal(Expr.Literal.formatDouble(d), Type.SCALAR, tree);
    }
    if (value instanceof Integer i) {
      return new Expr.Literal(i.toString(), Type.INT, tree);
    }
    if (value instanceof Long l) {
      return new Expr.Literal(l + "L", Type.LONG, tree);
    }
    if (value instanceof Boolean b) {
      return new Expr.Literal(b.toString(), Type.BOOL, tree);
    }
    throw unsupported(tree, "the constant " + value, "use double, int, long or boolean values");
  }

  private Expr identifier(IdentifierTree tree) {
    String name = tree.getName().toString();
    Var v = lookup(name);
    if (v != null) {
      return new Expr.Read(v, tree);
    }
    for (TypeElement type : resolver.classesForMember(name)) {
      for (Element e : resolver.membersOf(type)) {
        if (NameResolver.isField(e) && e.getSimpleName().contentEquals(name)) {
          return field((VariableElement) e, tree);
        }
      }
    }
    throw new Deferred(name);
  }

  private Expr.ArrayRead arrayRead(ArrayAccessTree tree) {
    Expr array = expression(tree.getExpression());
    Expr index = expectType(expression(tree.getIndex()), Type.INT, tree.getIndex());
    Type element = array.type() == Type.ARRAY ? Type.SCALAR : array.type() == Type.ARRAY2 ? Type.ARRAY
        : array.type() == Type.INT_ARRAY ? Type.INT : null;
    if (element == null || !(array instanceof Expr.Read || array instanceof Expr.ArrayRead)) {
      throw unsupported(tree, "indexing " + tree.getExpression(), "index double[], double[][] or int[] variables");
    }
    return new Expr.ArrayRead(array, index, element, tree);
  }

  /** {@code new double[n]}, {@code new double[n][m]}, {@code new double[] {…}} or a declaration's {@code {…}}. */
  private Expr newArray(NewArrayTree tree, Type declared) {
    Type type = declared;
    if (tree.getType() != null) {
      Type element = typeOfTree(tree.getType());
      int dimensions = tree.getDimensions().isEmpty() ? 1 : tree.getDimensions().size();
      type = element == Type.SCALAR && dimensions == 1 ? Type.ARRAY
          : element == Type.SCALAR && dimensions == 2 ? Type.ARRAY2
          : element == Type.INT && dimensions == 1 ? Type.INT_ARRAY : null;
    }
    if (type == null || !isArray(type)) {
      throw unsupported(tree, "this array creation", "create double[], double[][] or int[] arrays");
    }
    List<Expr> dimensions = new ArrayList<>();
    for (ExpressionTree d : tree.getDimensions()) {
      dimensions.add(expectType(expression(d), Type.INT, d));
    }
    List<Expr> elements = new ArrayList<>();
    Type element = type == Type.ARRAY ? Type.SCALAR : type == Type.ARRAY2 ? Type.ARRAY : Type.INT;
    if (tree.getInitializers() != null) {
      for (ExpressionTree e : tree.getInitializers()) {
        Expr value = e instanceof NewArrayTree inner ? newArray(inner, element) : expression(e);
        elements.add(convert(value, element, e));
      }
    }
    return new Expr.NewArray(type, dimensions, elements, tree);
  }

  private static boolean isArray(Type type) {
    return type == Type.ARRAY || type == Type.ARRAY2 || type == Type.INT_ARRAY;
  }

  private Expr memberSelect(MemberSelectTree tree) {
    String member = tree.getIdentifier().toString();
    ExpressionTree qualifier = tree.getExpression();
    boolean local = qualifier instanceof IdentifierTree id && lookup(id.getName().toString()) != null;
    if (member.equals("length") && (local || qualifier instanceof ArrayAccessTree)) {
      Expr array = expression(qualifier);
      if (isArray(array.type())) {
        return new Expr.ArrayLength(array, tree);
      }
    }
    if (local) {
      throw unsupported(tree, "selecting ." + member + " of a local", "use double, int, long or boolean values");
    }
    TypeElement type = resolver.resolveClass(qualifier.toString());
    if (type == null) {
      throw new Deferred(qualifier.toString());
    }
    for (Element e : resolver.membersOf(type)) {
      if (NameResolver.isField(e) && e.getSimpleName().contentEquals(member)) {
        return field((VariableElement) e, tree);
      }
    }
    throw new Deferred(tree.toString());
  }

  private Expr field(VariableElement field, Tree tree) {
    if (!field.getModifiers().contains(Modifier.STATIC)) {
      throw unsupported(tree, "the instance field " + field.getSimpleName(),
          "a static method has no instance; pass the value as a parameter");
    }
    TypeElement owner = (TypeElement) field.getEnclosingElement();
    ClassRef ref = Types.refOf(owner);
    Type type = Types.of(field.asType());
    if (type == null) {
      throw unsupported(tree, "the field " + field.getSimpleName() + " of type " + field.asType(),
          "use double, int, long or boolean values");
    }
    boolean math = ref.qualifiedName().equals("java.lang.Math") || ref.qualifiedName().equals("java.lang.StrictMath");
    Object constant = field.getConstantValue();
    if (constant != null && !math) {
      return literal(constant, tree);
    }
    if (field.getModifiers().contains(Modifier.PRIVATE)) {
      throw new Problem(Message.PRIVATE_MEMBER, tree, "the field " + ref.qualifiedName() + "." + field.getSimpleName());
    }
    return new Expr.FieldRead(ref, field.getSimpleName().toString(), type, tree);
  }

  private Expr conditional(ConditionalExpressionTree tree) {
    Expr condition = expectType(expression(tree.getCondition()), Type.BOOL, tree.getCondition());
    Expr a = expression(tree.getTrueExpression());
    Expr b = expression(tree.getFalseExpression());
    Type type;
    if (a.type() == Type.BOOL && b.type() == Type.BOOL) {
      type = Type.BOOL;
    } else {
      requireNumeric(a, tree.getTrueExpression());
      requireNumeric(b, tree.getFalseExpression());
      type = Type.promote(a.type(), b.type());
    }
    return new Expr.Conditional(condition, a, b, type, tree);
  }

  private Expr cast(TypeCastTree tree) {
    Type target = typeOfTree(tree.getType());
    Expr operand = expression(tree.getExpression());
    if (target == null || !target.isNumeric() || !operand.type().isNumeric()) {
      throw unsupported(tree, "the cast to " + tree.getType(), "cast only between double, int and long");
    }
    return new Expr.Cast(target, operand, tree);
  }

  private Expr binary(BinaryTree tree) {
    Operator op = binaryOperator(tree);
    Expr left = expression(tree.getLeftOperand());
    Expr right = expression(tree.getRightOperand());
    switch (op) {
      case CONDITIONAL_AND: case CONDITIONAL_OR:
        return new Expr.Binary(op, expectType(left, Type.BOOL, tree.getLeftOperand()),
            expectType(right, Type.BOOL, tree.getRightOperand()), Type.BOOL, tree);
      case AND: case OR: case XOR:
        if (left.type() == Type.BOOL && right.type() == Type.BOOL) {
          return new Expr.Binary(op, left, right, Type.BOOL, tree);
        }
        return integral(op, left, right, tree);
      case SHIFT_LEFT: case SHIFT_RIGHT: case SHIFT_RIGHT_UNSIGNED:
        integral(op, left, right, tree);
        return new Expr.Binary(op, left, right, Type.promote(left.type(), Type.INT), tree);
      case EQ: case NE:
        if (left.type() == Type.BOOL && right.type() == Type.BOOL) {
          return new Expr.Binary(op, left, right, Type.BOOL, tree);
        }
        requireNumeric(left, tree);
        requireNumeric(right, tree);
        return new Expr.Binary(op, left, right, Type.BOOL, tree);
      case LT: case GT: case LE: case GE:
        requireNumeric(left, tree);
        requireNumeric(right, tree);
        return new Expr.Binary(op, left, right, Type.BOOL, tree);
      default:
        return arithmetic(op, left, right, tree);
    }
  }

  private static Expr arithmetic(Operator op, Expr left, Expr right, Tree tree) {
    requireNumeric(left, tree);
    requireNumeric(right, tree);
    return new Expr.Binary(op, left, right, Type.promote(left.type(), right.type()), tree);
  }

  private static Expr integral(Operator op, Expr left, Expr right, Tree tree) {
    if (left.type() == Type.SCALAR || right.type() == Type.SCALAR) {
      throw unsupported(tree, "the operator " + op.symbol() + " on double", "use it on int, long or boolean");
    }
    return arithmetic(op, left, right, tree);
  }

  private static Operator binaryOperator(BinaryTree tree) {
    switch (tree.getKind()) {
      case MULTIPLY: return Operator.TIMES;
      case DIVIDE: return Operator.DIVIDE;
      case REMAINDER: return Operator.REMAINDER;
      case PLUS: return Operator.PLUS;
      case MINUS: return Operator.MINUS;
      case LEFT_SHIFT: return Operator.SHIFT_LEFT;
      case RIGHT_SHIFT: return Operator.SHIFT_RIGHT;
      case UNSIGNED_RIGHT_SHIFT: return Operator.SHIFT_RIGHT_UNSIGNED;
      case LESS_THAN: return Operator.LT;
      case GREATER_THAN: return Operator.GT;
      case LESS_THAN_EQUAL: return Operator.LE;
      case GREATER_THAN_EQUAL: return Operator.GE;
      case EQUAL_TO: return Operator.EQ;
      case NOT_EQUAL_TO: return Operator.NE;
      case AND: return Operator.AND;
      case XOR: return Operator.XOR;
      case OR: return Operator.OR;
      case CONDITIONAL_AND: return Operator.CONDITIONAL_AND;
      case CONDITIONAL_OR: return Operator.CONDITIONAL_OR;
      default: throw unsupported(tree, "the operator " + tree.getKind(), "use arithmetic and comparisons");
    }
  }

  // ---- calls --------------------------------------------------------------------------------

  private Expr call(MethodInvocationTree tree) {
    if (!tree.getTypeArguments().isEmpty()) {
      throw unsupported(tree, "a generic call", "call a non-generic static method");
    }
    ExpressionTree select = tree.getMethodSelect();
    String name;
    List<TypeElement> owners;
    if (select instanceof IdentifierTree id) {
      name = id.getName().toString();
      owners = resolver.classesForMember(name);
    } else {
      MemberSelectTree ms = (MemberSelectTree) select;
      name = ms.getIdentifier().toString();
      ExpressionTree qualifier = ms.getExpression();
      if (qualifier instanceof IdentifierTree q && lookup(q.getName().toString()) != null) {
        throw unsupported(tree, "calling a method on a local", "call static methods");
      }
      TypeElement owner = resolver.resolveClass(qualifier.toString());
      if (owner == null) {
        if (qualifier instanceof IdentifierTree || qualifier instanceof MemberSelectTree) {
          throw new Deferred(qualifier.toString());
        }
        throw unsupported(tree, "calling a method on " + qualifier, "call static methods");
      }
      owners = List.of(owner);
    }
    List<Expr> args = new ArrayList<>();
    for (ExpressionTree a : tree.getArguments()) {
      Expr arg = expression(a);
      if (isArray(arg.type())) {
        throw unsupported(a, "passing an array to a method", "pass its elements, or inline the method");
      }
      args.add(arg);
    }
    for (TypeElement owner : owners) {
      ExecutableElement method = chooseMethod(owner, name, args, tree);
      if (method != null) {
        return callOf((TypeElement) method.getEnclosingElement(), method, args, tree);
      }
    }
    throw new Deferred(select + "(…)");
  }

  private Expr callOf(TypeElement owner, ExecutableElement method, List<Expr> args, MethodInvocationTree tree) {
    ClassRef ref = Types.refOf(owner);
    String name = method.getSimpleName().toString();
    if (!method.getModifiers().contains(Modifier.STATIC)) {
      throw unsupported(tree, "calling the instance method " + name, "call static methods");
    }
    String qualified = ref.qualifiedName();
    if (qualified.equals("java.lang.Math") || qualified.equals("java.lang.StrictMath")) {
      MathFunction f = MathFunction.lookup(name, args.size());
      boolean anyDouble = args.stream().anyMatch(a -> a.type() == Type.SCALAR);
      boolean integralOverload = f == MathFunction.ABS || f == MathFunction.MAX || f == MathFunction.MIN;
      if (f != null && (anyDouble || !integralOverload)) {
        Type type = f == MathFunction.ROUND ? Type.LONG : Type.SCALAR;
        return new Expr.MathCall(f, ref.simpleNames().get(0), args, type, tree);
      }
    }
    if (method.getModifiers().contains(Modifier.PRIVATE)) {
      throw new Problem(Message.PRIVATE_MEMBER, tree, "the method " + qualified + "." + name);
    }
    if (SignatureReader.isDifferentiable(method)) {
      Signature callee;
      try {
        callee = SignatureReader.read(method);
      } catch (Problem p) {
        throw new Problem(p.message(), tree, p.args());
      }
      return new Expr.DiffCall(callee, convertArgs(args, callee.paramTypes(), tree), tree);
    }
    Type returnType = method.getReturnType().getKind() == TypeKind.VOID ? null : Types.of(method.getReturnType());
    if (returnType == null && method.getReturnType().getKind() != TypeKind.VOID) {
      throw unsupported(tree, "a call of " + name + " returning " + method.getReturnType(),
          "call methods returning double, int, long or boolean");
    }
    return new Expr.PlainCall(ref, name, args, returnType, tree);
  }

  private static List<Expr> convertArgs(List<Expr> args, List<Type> types, Tree tree) {
    List<Expr> result = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      result.add(convert(args.get(i), types.get(i), tree));
    }
    return result;
  }

  /** The applicable static method with the fewest widenings, Java-style, or null. */
  private ExecutableElement chooseMethod(TypeElement owner, String name, List<Expr> args, Tree tree) {
    ExecutableElement best = null;
    int bestCost = Integer.MAX_VALUE;
    for (Element e : resolver.membersOf(owner)) {
      if (e.getKind() != ElementKind.METHOD || !e.getSimpleName().contentEquals(name)) {
        continue;
      }
      ExecutableElement m = (ExecutableElement) e;
      if (m.getParameters().size() != args.size() || m.isVarArgs()) {
        continue;
      }
      int cost = 0;
      for (int i = 0; i < args.size() && cost < Integer.MAX_VALUE; i++) {
        Type p = Types.of(m.getParameters().get(i).asType());
        int c = wideningCost(args.get(i).type(), p);
        cost = c < 0 ? Integer.MAX_VALUE : cost + c;
      }
      if (cost < bestCost) {
        best = m;
        bestCost = cost;
      }
    }
    return best;
  }

  private static int wideningCost(Type from, Type to) {
    if (to == null || from == null) {
      return -1;
    }
    if (from == to) {
      return 0;
    }
    if (to == Type.LONG && from == Type.INT || to == Type.SCALAR && (from == Type.INT || from == Type.LONG)) {
      return 1;
    }
    return -1;
  }

  // ---- types and scopes ---------------------------------------------------------------------

  private static Type typeOfTree(Tree type) {
    if (type instanceof PrimitiveTypeTree p) {
      switch (p.getPrimitiveTypeKind()) {
        case DOUBLE: return Type.SCALAR;
        case INT: return Type.INT;
        case LONG: return Type.LONG;
        case BOOLEAN: return Type.BOOL;
        default: return null;
      }
    }
    if (type instanceof ArrayTypeTree a) {
      Type component = typeOfTree(a.getType());
      if (component == Type.SCALAR) {
        return Type.ARRAY;
      }
      if (component == Type.INT) {
        return Type.INT_ARRAY;
      }
      return component == Type.ARRAY ? Type.ARRAY2 : null;
    }
    return null;
  }

  /** Java's assignment conversion within the subset: widening only. */
  private static Expr convert(Expr value, Type to, Tree tree) {
    if (value.type() == to || wideningCost(value.type(), to) > 0) {
      return value;
    }
    throw unsupported(tree, "converting " + (value.type() == null ? "void" : value.type().javaName())
        + " to " + to.javaName(), "cast explicitly");
  }

  private static Expr castIfNarrowing(Expr value, Type target) {
    return value.type() == target || wideningCost(value.type(), target) > 0 ? value
        : new Expr.Cast(target, value, null);
  }

  private static Expr expectType(Expr e, Type type, Tree tree) {
    return convert(e, type, tree);
  }

  private static void requireNumeric(Expr e, Tree tree) {
    if (e.type() == null || !e.type().isNumeric()) {
      throw unsupported(tree, "arithmetic on " + (e.type() == null ? "void" : e.type().javaName()),
          "use double, int or long operands");
    }
  }

  private void declare(Var v) {
    scopes.peek().put(v.sourceName(), v);
  }

  private Var lookup(String name) {
    for (Map<String, Var> scope : scopes) {
      Var v = scope.get(name);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  private static String describe(Tree tree) {
    return tree.getKind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }
}
