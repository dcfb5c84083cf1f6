package dev.adjoint.processor.parse;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.SwitchTree;
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
import dev.adjoint.processor.ir.MethodIr;
import dev.adjoint.processor.ir.Operator;
import dev.adjoint.processor.ir.Signature;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.TensorFunction;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * Builds the typed IR of one method body from its untyped {@link MethodTree}, resolving names
 * and types itself ({@link NameResolver}, {@link Typing}, {@link CallResolver}). Anything
 * outside the supported subset ends in {@link Unsupported#construct}.
 */
public final class MethodParser {
  private final NameResolver resolver;
  private final CallResolver calls;
  private final Deque<Map<String, Var>> scopes = new ArrayDeque<>();
  private Type returnType;
  private final List<Var> locals = new ArrayList<>();
  /** Tensor locals written in place by set: they may not alias another variable. */
  private final java.util.Set<Var> setTargets = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
  /** The loops around the statement being parsed, innermost first. */
  private final Deque<LoopLabel> loops = new ArrayDeque<>();
  private int loopIds;
  /** Set just before parsing an expression statement's call: only there may an in-place set stand. */
  private boolean inPlaceAllowed;
  /** Temporaries to declare before the statement being parsed; null where none may be. */
  private List<Stmt> pending;

  /** A loop being parsed; a switch is parsed as a loop that runs once (its breaks leave it). */
  private static final class LoopLabel {
    final int id;
    final String label;
    final boolean isSwitch;
    /** Set when a continue must name this loop across a switch (which becomes a loop itself). */
    boolean needsLabel;

    LoopLabel(int id, String label, boolean isSwitch) {
      this.id = id;
      this.label = label;
      this.isSwitch = isSwitch;
    }

    String label() {
      return label != null || !needsLabel ? label : "loop" + id;
    }
  }

  public MethodParser(Elements elements, CompilationUnitTree unit, TypeElement owner, CustomDerivatives customs) {
    this.resolver = new NameResolver(elements, unit, owner);
    this.calls = new CallResolver(resolver, customs, Types.refOf(owner));
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
    TensorCalls.checkAliases(body, setTargets);
    return new MethodIr(signature, params, wrt, locals, body);
  }

  // ---- statements ---------------------------------------------------------------------------

  private Stmt.Block block(BlockTree tree) {
    scopes.push(new HashMap<>());
    List<Stmt> result = new ArrayList<>();
    for (StatementTree s : tree.getStatements()) {
      result.addAll(hoisting(s));
    }
    scopes.pop();
    return new Stmt.Block(result, tree);
  }

  /**
   * {@code tree} preceded by the temporaries its nested tensor operations were given: every
   * tensor operation then reads variables only, so the reverse sweep reads (and saves) values
   * instead of recomputing them.
   */
  private List<Stmt> hoisting(StatementTree tree) {
    List<Stmt> outer = pending;
    pending = new ArrayList<>();
    try {
      Stmt stmt = statement(tree);
      List<Stmt> result = new ArrayList<>(pending);
      if (stmt != null) {
        result.add(stmt);
      }
      return result;
    } finally {
      pending = outer;
    }
  }

  /** Parses {@code tree} where temporaries cannot go before the statement (loop conditions, branches of ?:). */
  private Expr inPlace(ExpressionTree tree) {
    List<Stmt> outer = pending;
    pending = null;
    try {
      return expression(tree);
    } finally {
      pending = outer;
    }
  }

  /** A statement as a block of its own (the branch of an if without braces). */
  private Stmt.Block asBlock(StatementTree tree) {
    if (tree instanceof BlockTree b) {
      return block(b);
    }
    scopes.push(new HashMap<>());
    List<Stmt> s = hoisting(tree);
    scopes.pop();
    return new Stmt.Block(s, tree);
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
        Expr condition = Typing.convert(expression(i.getCondition()), Type.BOOL, i.getCondition());
        Stmt.Block then = asBlock(i.getThenStatement());
        Stmt.Block orElse = i.getElseStatement() == null
            ? new Stmt.Block(List.of(), null) : asBlock(i.getElseStatement());
        return new Stmt.If(condition, then, orElse, tree);
      }
      case RETURN: {
        ReturnTree r = (ReturnTree) tree;
        Expr value = Typing.convert(expression(r.getExpression()), returnType, r.getExpression());
        if (returnType.isArray() && !(value instanceof Expr.Read || value instanceof Expr.NewArray n
            && n.dimensions().isEmpty() && value.type() == Type.ARRAY)) {
          throw Unsupported.construct(r.getExpression(), "returning this array expression",
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
          throw Unsupported.construct(tree, "a label on a " + Unsupported.describe(labeled.getStatement()), "label only loops");
        }
        return loop(labeled.getStatement(), labeled.getLabel().toString());
      }
      case BREAK:
        return new Stmt.Break(target(tree, ((BreakTree) tree).getLabel()), tree);
      case CONTINUE:
        return new Stmt.Continue(target(tree, ((ContinueTree) tree).getLabel()), tree);
      case SWITCH:
        return switchStatement((SwitchTree) tree);
      default:
        throw Unsupported.construct(tree, "a " + Unsupported.describe(tree), "use declarations, assignments, if/else and return");
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
      List<Stmt> outer = pending;
      pending = null;
      for (ExpressionStatementTree u : f.getUpdate()) {
        update.add(statement(u));
      }
      pending = outer;
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
    Expr test = condition == null ? null : Typing.convert(inPlace(condition), Type.BOOL, condition);
    LoopLabel loop = new LoopLabel(id, label, false);
    loops.push(loop);
    Stmt.Block block = asBlock(body);
    loops.pop();
    scopes.pop();
    return new Stmt.Loop(id, loop.label(), init, test, update, block, testFirst, tree);
  }

  /** {@code for (T v : a) body} as {@code for (int i = 0; i < a.length; i++) { T v = a[i]; body }}. */
  private Stmt forEach(EnhancedForLoopTree tree, int id, String label) {
    Expr array = expression(tree.getExpression());
    if (!(array instanceof Expr.Read) || (array.type() != Type.ARRAY && array.type() != Type.INT_ARRAY)) {
      throw Unsupported.construct(tree.getExpression(), "a for-each loop over " + tree.getExpression(),
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
    LoopLabel loop = new LoopLabel(id, label, false);
    loops.push(loop);
    Stmt.Block original = asBlock(tree.getStatement());
    loops.pop();
    scopes.pop();
    List<Stmt> body = new ArrayList<>();
    body.add(new Stmt.Declare(v, new Expr.ArrayRead(array, i, element, null), variable));
    body.addAll(original.statements());
    return new Stmt.Loop(id, loop.label(), List.of(init), condition, List.of(update),
        new Stmt.Block(body, tree.getStatement()), true, tree);
  }

  /**
   * A switch on an int, as a loop that runs once (so {@code break} leaves it) around one
   * {@code if} per case group. Fallthrough: {@code if (matched || selected == 1) { matched = true; … }},
   * the default group entered when no label matches; arrow cases form an if/else chain.
   */
  private Stmt switchStatement(SwitchTree tree) {
    int id = loopIds++;
    scopes.push(new HashMap<>());
    Expr selector = expression(tree.getExpression());
    if (selector.type() != Type.INT) {
      throw Unsupported.construct(tree.getExpression(), "a switch on " + tree.getExpression(), "switch on an int");
    }
    Var selected = new Var("selected", Type.INT, Var.Kind.SYNTHETIC, tree);
    Var matched = new Var("matched", Type.BOOL, Var.Kind.SYNTHETIC, tree);
    locals.add(selected);
    locals.add(matched);
    Expr.Read sel = new Expr.Read(selected, null);
    Expr.Read wasMatched = new Expr.Read(matched, null);
    List<Expr> everyLabel = new ArrayList<>();
    List<Expr> groupConditions = new ArrayList<>();
    for (CaseTree c : tree.getCases()) {
      Expr any = null;
      for (ExpressionTree label : c.getExpressions()) {
        Expr equal = new Expr.Binary(Operator.EQ, sel, Typing.convert(expression(label), Type.INT, label), Type.BOOL, null);
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
    boolean arrows = !tree.getCases().isEmpty() && tree.getCases().get(0).getCaseKind() == CaseTree.CaseKind.RULE;
    List<Stmt> body = new ArrayList<>();
    List<Stmt.If> arrowChain = new ArrayList<>();
    for (int k = 0; k < tree.getCases().size(); k++) {
      CaseTree c = tree.getCases().get(k);
      Expr own = groupConditions.get(k) == null ? noLabel : groupConditions.get(k);
      List<Stmt> statements = new ArrayList<>();
      if (arrows) {
        Tree rule = c.getBody();
        if (rule instanceof StatementTree st) {
          statements.addAll(asBlock(st).statements());
        } else {
          throw Unsupported.construct(rule, "a switch rule " + Unsupported.describe(rule), "use a block or a statement");
        }
        arrowChain.add(new Stmt.If(own, new Stmt.Block(statements, c), new Stmt.Block(List.of(), null), c));
      } else {
        scopes.push(new HashMap<>());
        statements.add(new Stmt.Assign(matched, new Expr.Literal("true", Type.BOOL, null), c));
        for (StatementTree st : c.getStatements()) {
          statements.addAll(hoisting(st));
        }
        scopes.pop();
        Expr condition = new Expr.Binary(Operator.CONDITIONAL_OR, wasMatched, own, Type.BOOL, null);
        body.add(new Stmt.If(condition, new Stmt.Block(statements, c), new Stmt.Block(List.of(), null), c));
      }
    }
    loops.pop();
    scopes.pop();
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

  /**
   * The loop a break or continue leaves: the labeled one, else the innermost (for continue, the
   * innermost real loop, which must then carry a label if a switch lies in between).
   */
  private int target(StatementTree tree, javax.lang.model.element.Name label) {
    boolean isContinue = tree.getKind() == Tree.Kind.CONTINUE;
    boolean acrossSwitch = false;
    for (LoopLabel l : loops) {
      boolean matches = label == null ? !(isContinue && l.isSwitch) : label.contentEquals(String.valueOf(l.label));
      if (matches) {
        l.needsLabel |= acrossSwitch;
        return l.id;
      }
      acrossSwitch |= l.isSwitch;
    }
    throw Unsupported.construct(tree, "a " + Unsupported.describe(tree) + " outside a loop", "use break and continue only in loops");
  }

  private Stmt declaration(VariableTree tree) {
    Type declared = tree.getType() == null ? null : declaredType(tree.getType());
    boolean isVar = declared == null && isVarKeyword(tree);
    if (declared == null && !isVar) {
      throw Unsupported.construct(tree, "a local of type " + tree.getType(), "use double, int, long, boolean or Tensor");
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
      init = Typing.convert(init, type, tree.getInitializer());
    }
    if (type.isArray()) {
      // a @DerivativeOf function's result: a new array (the function must not return its argument)
      if (!(init instanceof Expr.NewArray || init instanceof Expr.CustomCall)) {
        throw Unsupported.construct(tree, init == null ? "an array local without initializer" : "making an array local an alias of another array",
            "initialize array locals with new double[…]");
      }
      if (!loops.isEmpty()) {
        throw Unsupported.construct(tree, "creating an array inside a loop", "create it before the loop");
      }
    }
    Var v = new Var(tree.getName().toString(), type, Var.Kind.LOCAL, tree);
    declare(v);
    locals.add(v);
    return new Stmt.Declare(v, init, tree);
  }

  /** A primitive or array type, or {@code Tensor} by any name that resolves to it. */
  private Type declaredType(Tree type) {
    Type t = Typing.typeOfTree(type);
    if (t == null && (type.getKind() == Tree.Kind.IDENTIFIER || type.getKind() == Tree.Kind.MEMBER_SELECT)
        && !type.toString().equals("var")) {
      TypeElement resolved = resolver.resolveClass(type.toString());
      if (resolved != null && resolved.getQualifiedName().contentEquals(TensorFunction.TENSOR_CLASS)) {
        return Type.TENSOR;
      }
    }
    return t;
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
          return new Stmt.Store(target, Typing.convert(expression(a.getExpression()), target.type(), a.getExpression()), tree);
        }
        Var target = target(a.getVariable());
        return new Stmt.Assign(target, Typing.convert(expression(a.getExpression()), target.type(), a.getExpression()), tree);
      }
      case PLUS_ASSIGNMENT: case MINUS_ASSIGNMENT: case MULTIPLY_ASSIGNMENT: case DIVIDE_ASSIGNMENT:
      case REMAINDER_ASSIGNMENT: {
        CompoundAssignmentTree a = (CompoundAssignmentTree) e;
        if (a.getVariable() instanceof ArrayAccessTree element) {
          Expr.ArrayRead target = arrayRead(element);
          Expr value = Typing.arithmetic(Typing.compoundOperator(e.getKind()), target, expression(a.getExpression()), a);
          return new Stmt.Store(target, Typing.castIfNarrowing(value, target.type()), tree);
        }
        Var target = target(a.getVariable());
        Expr value = Typing.arithmetic(Typing.compoundOperator(e.getKind()), new Expr.Read(target, a.getVariable()),
            expression(a.getExpression()), a);
        // Compound assignment narrows implicitly: int i; i += 0.5 means i = (int) (i + 0.5).
        return new Stmt.Assign(target, Typing.castIfNarrowing(value, target.type()), tree);
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
        inPlaceAllowed = true;
        Expr call = expression(e);
        inPlaceAllowed = false;
        if (call instanceof Expr.PlainCall plain) {
          return new Stmt.Call(plain, tree);
        }
        if (call instanceof Expr.TensorCall t && t.function().inPlace()) {
          return inPlaceSet(t, e);
        }
        throw Unsupported.construct(e, "a call whose result is discarded", "use its result or remove the call");
      }
      default:
        throw Unsupported.construct(e, "the expression statement " + Unsupported.describe(e), "assign its value to a local");
    }
  }

  /** The local an assignment writes; fields are never written. */
  private Var target(ExpressionTree tree) {
    if (tree instanceof IdentifierTree id) {
      Var v = lookup(id.getName().toString());
      if (v != null && v.type().isArray()) {
        throw Unsupported.construct(tree, "assigning an array variable", "write its elements instead");
      }
      if (v != null) {
        return v;
      }
      throw new Problem(Message.FIELD_WRITE, tree, id.getName());
    }
    if (tree.getKind() == Tree.Kind.MEMBER_SELECT) {
      throw new Problem(Message.FIELD_WRITE, tree, tree);
    }
    throw Unsupported.construct(tree, "writing " + Unsupported.describe(tree), "assign to a local variable");
  }

  // ---- expressions --------------------------------------------------------------------------

  private Expr expression(ExpressionTree tree) {
    switch (tree.getKind()) {
      case PARENTHESIZED:
        return expression(((ParenthesizedTree) tree).getExpression());
      case INT_LITERAL: case LONG_LITERAL: case DOUBLE_LITERAL: case BOOLEAN_LITERAL:
        return Typing.literal(((LiteralTree) tree).getValue(), tree);
      case IDENTIFIER:
        return identifier((IdentifierTree) tree);
      case MEMBER_SELECT:
        return memberSelect((MemberSelectTree) tree);
      case UNARY_MINUS: case UNARY_PLUS: {
        Expr operand = expression(((UnaryTree) tree).getExpression());
        Typing.requireNumeric(operand, tree);
        Operator op = tree.getKind() == Tree.Kind.UNARY_MINUS ? Operator.NEG : Operator.PLUS_UNARY;
        return new Expr.Unary(op, operand, Type.promote(operand.type(), Type.INT), tree);
      }
      case LOGICAL_COMPLEMENT:
        return new Expr.Unary(Operator.NOT,
            Typing.convert(expression(((UnaryTree) tree).getExpression()), Type.BOOL, tree), Type.BOOL, tree);
      case BITWISE_COMPLEMENT: {
        Expr operand = expression(((UnaryTree) tree).getExpression());
        if (operand.type() != Type.INT && operand.type() != Type.LONG) {
          throw Unsupported.construct(tree, "~ on " + operand.type().javaName(), "use it on int or long");
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
        throw Unsupported.construct(tree, Unsupported.describe(tree) + " in an expression",
            "use arithmetic, comparisons, Math functions and calls of static methods");
    }
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
    Expr index = Typing.convert(expression(tree.getIndex()), Type.INT, tree.getIndex());
    Type element = array.type() == Type.ARRAY ? Type.SCALAR : array.type() == Type.ARRAY2 ? Type.ARRAY
        : array.type() == Type.INT_ARRAY ? Type.INT : null;
    boolean shape = array instanceof Expr.TensorCall t && t.function() == TensorFunction.SHAPE;
    if (element == null || !(array instanceof Expr.Read || array instanceof Expr.ArrayRead || shape)) {
      throw Unsupported.construct(tree, "indexing " + tree.getExpression(), "index double[], double[][] or int[] variables");
    }
    return new Expr.ArrayRead(array, index, element, tree);
  }

  /** {@code new double[n]}, {@code new double[n][m]}, {@code new double[] {…}} or a declaration's {@code {…}}. */
  private Expr newArray(NewArrayTree tree, Type declared) {
    Type type = declared;
    if (tree.getType() != null) {
      Type element = Typing.typeOfTree(tree.getType());
      int dimensions = tree.getDimensions().isEmpty() ? 1 : tree.getDimensions().size();
      type = element == Type.SCALAR && dimensions == 1 ? Type.ARRAY
          : element == Type.SCALAR && dimensions == 2 ? Type.ARRAY2
          : element == Type.INT && dimensions == 1 ? Type.INT_ARRAY : null;
    }
    if (type == null || !type.isArray()) {
      throw Unsupported.construct(tree, "this array creation", "create double[], double[][] or int[] arrays");
    }
    List<Expr> dimensions = new ArrayList<>();
    for (ExpressionTree d : tree.getDimensions()) {
      dimensions.add(Typing.convert(expression(d), Type.INT, d));
    }
    List<Expr> elements = new ArrayList<>();
    Type element = type == Type.ARRAY ? Type.SCALAR : type == Type.ARRAY2 ? Type.ARRAY : Type.INT;
    if (tree.getInitializers() != null) {
      for (ExpressionTree e : tree.getInitializers()) {
        Expr value = e instanceof NewArrayTree inner ? newArray(inner, element) : expression(e);
        elements.add(Typing.convert(value, element, e));
      }
    }
    return new Expr.NewArray(type, dimensions, elements, tree);
  }

  private Expr memberSelect(MemberSelectTree tree) {
    String member = tree.getIdentifier().toString();
    ExpressionTree qualifier = tree.getExpression();
    boolean local = qualifier instanceof IdentifierTree id && lookup(id.getName().toString()) != null;
    if (member.equals("length") && (local || qualifier instanceof ArrayAccessTree)) {
      Expr array = expression(qualifier);
      if (array.type().isArray()) {
        return new Expr.ArrayLength(array, tree);
      }
    }
    if (local) {
      throw Unsupported.construct(tree, "selecting ." + member + " of a local", "use double, int, long or boolean values");
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
      throw Unsupported.construct(tree, "the instance field " + field.getSimpleName(),
          "a static method has no instance; pass the value as a parameter");
    }
    TypeElement owner = (TypeElement) field.getEnclosingElement();
    ClassRef ref = Types.refOf(owner);
    Type type = Types.of(field.asType());
    if (type == null) {
      throw Unsupported.construct(tree, "the field " + field.getSimpleName() + " of type " + field.asType(),
          "use double, int, long or boolean values");
    }
    boolean math = ref.qualifiedName().equals("java.lang.Math") || ref.qualifiedName().equals("java.lang.StrictMath");
    Object constant = field.getConstantValue();
    if (constant != null && !math) {
      return Typing.literal(constant, tree);
    }
    if (field.getModifiers().contains(Modifier.PRIVATE)) {
      throw new Problem(Message.PRIVATE_MEMBER, tree, "the field " + ref.qualifiedName() + "." + field.getSimpleName());
    }
    return new Expr.FieldRead(ref, field.getSimpleName().toString(), type, tree);
  }

  private Expr conditional(ConditionalExpressionTree tree) {
    Expr condition = Typing.convert(expression(tree.getCondition()), Type.BOOL, tree.getCondition());
    Expr a = inPlace(tree.getTrueExpression());
    Expr b = inPlace(tree.getFalseExpression());
    Type type;
    if (a.type() == Type.BOOL && b.type() == Type.BOOL) {
      type = Type.BOOL;
    } else if (a.type() == Type.TENSOR && b.type() == Type.TENSOR) {
      type = Type.TENSOR;
    } else {
      Typing.requireNumeric(a, tree.getTrueExpression());
      Typing.requireNumeric(b, tree.getFalseExpression());
      type = Type.promote(a.type(), b.type());
    }
    return new Expr.Conditional(condition, a, b, type, tree);
  }

  private Expr cast(TypeCastTree tree) {
    Type target = Typing.typeOfTree(tree.getType());
    Expr operand = expression(tree.getExpression());
    if (target == null || !target.isNumeric() || !operand.type().isNumeric()) {
      throw Unsupported.construct(tree, "the cast to " + tree.getType(), "cast only between double, int and long");
    }
    return new Expr.Cast(target, operand, tree);
  }

  private Expr binary(BinaryTree tree) {
    Operator op = Typing.binaryOperator(tree);
    Expr left = expression(tree.getLeftOperand());
    Expr right = op == Operator.CONDITIONAL_AND || op == Operator.CONDITIONAL_OR
        ? inPlace(tree.getRightOperand()) : expression(tree.getRightOperand());
    switch (op) {
      case CONDITIONAL_AND: case CONDITIONAL_OR:
        return new Expr.Binary(op, Typing.convert(left, Type.BOOL, tree.getLeftOperand()),
            Typing.convert(right, Type.BOOL, tree.getRightOperand()), Type.BOOL, tree);
      case AND: case OR: case XOR:
        if (left.type() == Type.BOOL && right.type() == Type.BOOL) {
          return new Expr.Binary(op, left, right, Type.BOOL, tree);
        }
        return Typing.integral(op, left, right, tree);
      case SHIFT_LEFT: case SHIFT_RIGHT: case SHIFT_RIGHT_UNSIGNED:
        Typing.integral(op, left, right, tree);
        return new Expr.Binary(op, left, right, Type.promote(left.type(), Type.INT), tree);
      case EQ: case NE:
        if (left.type() == Type.BOOL && right.type() == Type.BOOL) {
          return new Expr.Binary(op, left, right, Type.BOOL, tree);
        }
        Typing.requireNumeric(left, tree);
        Typing.requireNumeric(right, tree);
        return new Expr.Binary(op, left, right, Type.BOOL, tree);
      case LT: case GT: case LE: case GE:
        Typing.requireNumeric(left, tree);
        Typing.requireNumeric(right, tree);
        return new Expr.Binary(op, left, right, Type.BOOL, tree);
      default:
        return Typing.arithmetic(op, left, right, tree);
    }
  }

  // ---- calls --------------------------------------------------------------------------------

  private Expr call(MethodInvocationTree tree) {
    boolean statement = inPlaceAllowed;
    inPlaceAllowed = false;
    if (!tree.getTypeArguments().isEmpty()) {
      throw Unsupported.construct(tree, "a generic call", "call a non-generic static method");
    }
    ExpressionTree select = tree.getMethodSelect();
    String name;
    List<TypeElement> owners;
    if (select instanceof IdentifierTree id) {
      name = id.getName().toString();
      owners = resolver.classesForMember(name);
      for (TypeElement owner : owners) {
        if (owner.getQualifiedName().contentEquals(TensorFunction.FUNCTIONAL_CLASS)) {
          return tensorCall(TensorFunction.Kind.FUNCTIONAL, null, name, tree, statement);
        }
        if (owner.getQualifiedName().contentEquals(TensorFunction.TENSOR_CLASS)) {
          return tensorCall(TensorFunction.Kind.FACTORY, null, name, tree, statement);
        }
      }
    } else {
      MemberSelectTree ms = (MemberSelectTree) select;
      name = ms.getIdentifier().toString();
      ExpressionTree qualifier = ms.getExpression();
      // A value (a local, a static field, a call's result) unless the qualifier names a class.
      boolean isValue = qualifier instanceof IdentifierTree q
          ? lookup(q.getName().toString()) != null || resolver.resolveClass(q.getName().toString()) == null
          : !(qualifier instanceof MemberSelectTree) || resolver.resolveClass(qualifier.toString()) == null;
      if (isValue) {
        Expr receiver = expression(qualifier);
        if (receiver.type() != Type.TENSOR) {
          throw Unsupported.construct(tree, "calling a method on a " + (receiver.type() == null ? "void"
              : receiver.type().javaName()) + " value", "call static methods, or Tensor methods");
        }
        return tensorCall(TensorFunction.Kind.METHOD, receiver, name, tree, statement);
      }
      TypeElement owner = resolver.resolveClass(qualifier.toString());
      if (owner != null && owner.getQualifiedName().contentEquals(TensorFunction.TENSOR_CLASS)) {
        return tensorCall(TensorFunction.Kind.FACTORY, null, name, tree, statement);
      }
      if (owner != null && owner.getQualifiedName().contentEquals(TensorFunction.FUNCTIONAL_CLASS)) {
        return tensorCall(TensorFunction.Kind.FUNCTIONAL, null, name, tree, statement);
      }
      if (owner == null) {
        if (qualifier instanceof IdentifierTree || qualifier instanceof MemberSelectTree) {
          throw new Deferred(qualifier.toString());
        }
        throw Unsupported.construct(tree, "calling a method on " + qualifier, "call static methods");
      }
      owners = List.of(owner);
    }
    List<Expr> args = new ArrayList<>();
    for (ExpressionTree a : tree.getArguments()) {
      args.add(expression(a));
    }
    for (TypeElement owner : owners) {
      ExecutableElement method = calls.chooseMethod(owner, name, args, tree);
      if (method != null) {
        Expr call = calls.callOf((TypeElement) method.getEnclosingElement(), method, args, tree);
        // Only a @DerivativeOf function takes arrays (its VJP gives their adjoints), and only variables.
        for (int i = 0; i < args.size(); i++) {
          if (args.get(i).type().isArray() && !(call instanceof Expr.CustomCall && args.get(i) instanceof Expr.Read)) {
            throw arrayArgument(tree.getArguments().get(i), call instanceof Expr.CustomCall);
          }
        }
        if (call instanceof Expr.DiffCall d && pending != null) {
          call = new Expr.DiffCall(d.callee(), hoisted(d.args(), tree), tree);
        } else if (call instanceof Expr.CustomCall c && pending != null) {
          call = new Expr.CustomCall(c.owner(), c.name(), hoisted(c.args(), tree), c.derivative(), tree);
        }
        return call;
      }
    }
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).type().isArray()) {
        throw arrayArgument(tree.getArguments().get(i), false);
      }
    }
    throw new Deferred(select + "(…)");
  }

  private static Problem arrayArgument(Tree arg, boolean custom) {
    return custom ? Unsupported.construct(arg, "passing this array expression to a @DerivativeOf function",
        "pass an array variable")
        : Unsupported.construct(arg, "passing an array to a method", "pass its elements, or inline the method");
  }

  /** Tensor operations among a call's arguments get temporaries: the reverse sweep passes them on. */
  private List<Expr> hoisted(List<Expr> args, Tree tree) {
    List<Expr> hoisted = new ArrayList<>();
    for (Expr arg : args) {
      hoisted.add(arg.type() == Type.TENSOR && isTensorCall(arg) ? temporary(arg, tree) : arg);
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
    String owner = kind == TensorFunction.Kind.FUNCTIONAL ? "Functional." : "Tensor.";
    String what = kind == TensorFunction.Kind.METHOD ? "the Tensor method " + name : owner + name;
    List<TensorFunction> overloads = TensorFunction.overloads(kind, name);
    if (overloads.isEmpty()) {
      throw Unsupported.construct(tree, what,
          "use the Tensor operations and Functional functions of API.md section 2 (the tape's own methods,"
              + " like backward or grad, have no place in a method that is differentiated at compile time)");
    }
    List<Expr> args = new ArrayList<>();
    if (receiver != null) {
      args.add(receiver);
    }
    for (ExpressionTree a : tree.getArguments()) {
      args.add(a instanceof NewArrayTree n ? newArray(n, null) : expression(a));
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
              .map(a -> a.type() == null ? "void" : a.type() == Type.TENSOR ? "Tensor" : a.type().javaName()).toList())
          + ")",
          "pass the arguments its Tensor/Functional overload takes");
    }
    List<Expr> converted = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      Expr arg = args.get(i);
      Type expected = i == args.size() - 1 && TensorCalls.arrayAsVarargs(best, args)
          ? Type.INT_ARRAY : TensorCalls.expected(best, i);
      boolean shape = arg instanceof Expr.TensorCall t && t.function() == TensorFunction.SHAPE;
      boolean data = (expected == Type.ARRAY || expected == Type.ARRAY2) && arg instanceof Expr.Read;
      if (arg.type() != null && arg.type().isArray() && !data
          && !(expected == Type.INT_ARRAY && (arg instanceof Expr.Read || arg instanceof Expr.NewArray || shape))) {
        throw Unsupported.construct(arg.tree() == null ? tree : arg.tree(), "this array argument",
            "pass an int[] variable or new int[] {…} as a Tensor index or targets, a double[] or double[][]"
                + " variable to Tensor.of");
      }
      arg = Typing.convert(arg, expected, tree);
      if (pending != null && arg.type() == Type.TENSOR && isTensorCall(arg)) {
        arg = temporary(arg, tree);
      }
      converted.add(arg);
    }
    if (best.inPlace() && !statement) {
      throw Unsupported.construct(tree, "using the result of set (it returns nothing)", "call set as a statement of its own");
    }
    return new Expr.TensorCall(best, converted, tree);
  }

  /** {@code Tensor <name> = value;} before the statement being parsed; reads it. */
  private Expr temporary(Expr value, Tree tree) {
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

  // ---- types and scopes ---------------------------------------------------------------------

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

}
