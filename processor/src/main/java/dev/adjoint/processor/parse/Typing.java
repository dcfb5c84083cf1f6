package dev.adjoint.processor.parse;

import com.sun.source.tree.ArrayTypeTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.Tree;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Operator;
import dev.adjoint.processor.ir.Type;

/** Java's typing rules for the supported subset: types of declarations, conversions, operators. */
final class Typing {
  private Typing() {}

  static Type typeOfTree(Tree type) {
    if (type instanceof PrimitiveTypeTree p) {
      switch (p.getPrimitiveTypeKind()) {
        case DOUBLE: return Type.SCALAR;
        case FLOAT: return Type.FLOAT;
        case INT: return Type.INT;
        case LONG: return Type.LONG;
        case BOOLEAN: return Type.BOOL;
        default: return null;
      }
    }
    if (type instanceof ArrayTypeTree a) {
      Type component = typeOfTree(a.getType());
      return component == null || Type.ARRAY2.is(component) ? null : component.arrayOf();
    }
    return null;
  }

  /** Java's assignment conversion within the subset: widening only. */
  static Expr convert(Expr value, Type to, Tree tree) {
    if (value.type() == to || wideningCost(value.type(), to) > 0) {
      return value;
    }
    throw Unsupported.construct(tree, "converting " + (value.type() == null ? "void" : value.type().javaName())
        + " to " + to.javaName(), "cast explicitly");
  }

  /**
   * {@code value} as the source assigns it to a {@code target}: javac has checked the assignment,
   * so only the implicit narrowing of compound assignments ({@code int i; i += 0.5}) needs a cast.
   */
  static Expr castIfNarrowing(Expr value, Type target) {
    boolean narrowing = value.type().isNumeric() && target.isNumeric() && !value.type().equals(target)
        && wideningCost(value.type(), target) < 0 && !value.type().isPassiveOther() && !target.isPassiveOther();
    return narrowing ? new Expr.Cast(target, value, null) : value;
  }

  static void requireNumeric(Expr e, Tree tree) {
    if (e.type() == null || !e.type().isNumeric()) {
      throw Unsupported.construct(tree, "arithmetic on " + (e.type() == null ? "void" : e.type().javaName()),
          "use double, int or long operands");
    }
  }

  static int wideningCost(Type from, Type to) {
    if (to == null || from == null) {
      return -1;
    }
    if (from == to) {
      return 0;
    }
    if (to == Type.LONG && from == Type.INT || Type.SCALAR.is(to) && (from == Type.INT || from == Type.LONG)
        || to == Type.SCALAR && from == Type.FLOAT) {
      return 1;
    }
    return -1;
  }

  static Expr arithmetic(Operator op, Expr left, Expr right, Tree tree) {
    requireNumeric(left, tree);
    requireNumeric(right, tree);
    return new Expr.Binary(op, left, right, Type.promote(left.type(), right.type()), tree);
  }

  static Expr integral(Operator op, Expr left, Expr right, Tree tree) {
    if (Type.SCALAR.is(left.type()) || Type.SCALAR.is(right.type())) {
      throw Unsupported.construct(tree, "the operator " + op.symbol() + " on double", "use it on int, long or boolean");
    }
    return arithmetic(op, left, right, tree);
  }

  static Operator binaryOperator(BinaryTree tree) {
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
      default: throw Unsupported.construct(tree, "the operator " + tree.getKind(), "use arithmetic and comparisons");
    }
  }

  static Operator compoundOperator(Tree.Kind kind) {
    switch (kind) {
      case PLUS_ASSIGNMENT: return Operator.PLUS;
      case MINUS_ASSIGNMENT: return Operator.MINUS;
      case MULTIPLY_ASSIGNMENT: return Operator.TIMES;
      case DIVIDE_ASSIGNMENT: return Operator.DIVIDE;
      case AND_ASSIGNMENT: return Operator.AND;
      case OR_ASSIGNMENT: return Operator.OR;
      case XOR_ASSIGNMENT: return Operator.XOR;
      case LEFT_SHIFT_ASSIGNMENT: return Operator.SHIFT_LEFT;
      case RIGHT_SHIFT_ASSIGNMENT: return Operator.SHIFT_RIGHT;
      case UNSIGNED_RIGHT_SHIFT_ASSIGNMENT: return Operator.SHIFT_RIGHT_UNSIGNED;
      default: return Operator.REMAINDER;
    }
  }

  /** The operator of a compound assignment as written: {@code +} for {@code +=}. */
  static String compoundSymbol(Tree.Kind kind) {
    return compoundOperator(kind).symbol();
  }

  static Expr literal(Object value, Tree tree) {
    if (value instanceof Double d) {
      return new Expr.Literal(Expr.Literal.formatDouble(d), Type.SCALAR, tree);
    }
    if (value instanceof Float f) {
      return new Expr.Literal(Float.isFinite(f) ? f + "f" : Expr.Literal.formatDouble(f).replace("Double.", "Float."), Type.FLOAT, tree);
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
    throw Unsupported.construct(tree, "the constant " + value, "use double, int, long or boolean values");
  }
}
