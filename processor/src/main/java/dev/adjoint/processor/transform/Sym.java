package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Operator;
import dev.adjoint.processor.ir.Type;

/**
 * Builds derivative expressions, folding the zeros and ones that would make generated code
 * noisy. {@code null} stands for an exact zero (an inactive derivative).
 */
final class Sym {
  private Sym() {}

  static Expr add(Expr a, Expr b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    if (b instanceof Expr.Unary u && u.op() == Operator.NEG) {
      return binary(Operator.MINUS, a, u.operand());
    }
    return binary(Operator.PLUS, a, b);
  }

  static Expr sub(Expr a, Expr b) {
    if (b == null) {
      return a;
    }
    return a == null ? neg(b) : binary(Operator.MINUS, a, b);
  }

  static Expr mul(Expr a, Expr b) {
    if (a == null || b == null) {
      return null;
    }
    if (isOne(b)) {
      return a;
    }
    if (isOne(a) && Type.SCALAR.is(b.type())) {
      return b;
    }
    if (a instanceof Expr.Unary u && u.op() == Operator.NEG) {
      return neg(mul(u.operand(), b));
    }
    return binary(Operator.TIMES, a, b);
  }

  static Expr div(Expr a, Expr b) {
    if (a == null) {
      return null;
    }
    if (a instanceof Expr.Unary u && u.op() == Operator.NEG) {
      return neg(div(u.operand(), b));
    }
    return binary(Operator.DIVIDE, a, b);
  }

  static Expr neg(Expr a) {
    if (a == null) {
      return null;
    }
    if (a instanceof Expr.Unary u && u.op() == Operator.NEG) {
      return u.operand();
    }
    return new Expr.Unary(Operator.NEG, a, a.type() == Type.FLOAT ? Type.FLOAT : Type.SCALAR, null); // -f is a float
  }

  private static boolean isOne(Expr e) {
    return e instanceof Expr.Literal l && (l.isOne() || l.text().equals("1"));
  }

  private static Expr binary(Operator op, Expr a, Expr b) {
    return new Expr.Binary(op, a, b, Type.promote(a.type(), b.type()), null);
  }
}
