package dev.adjoint.processor.transform;

import dev.adjoint.processor.RuntimeNames;
import dev.adjoint.processor.ir.ClassRef;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Operator;
import dev.adjoint.processor.ir.PartialMethod;
import dev.adjoint.processor.ir.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The local derivatives of one expression node: for each operand, how a derivative flowing
 * through it is scaled. Both modes use the same table, since the map is linear: forward applies
 * it to the operand's tangent, reverse to the node's adjoint. Beyond {@code + - * /} and
 * negation every formula is a rule of {@code ScalarRules}, or
 * a user's {@code @DerivativeOf} method.
 */
final class Partials {
  /** {@code scale} maps a derivative of {@code operand} to its share in the node's derivative. */
  record Partial(Expr operand, UnaryOperator<Expr> scale) {}

  private Partials() {}

  /** Empty for leaves and nodes without derivative; Conditional and DiffCall are the callers'. */
  static List<Partial> of(Expr e) {
    List<Partial> result = new ArrayList<>();
    if (e instanceof Expr.Unary u) {
      if (u.op() == Operator.NEG) {
        result.add(new Partial(u.operand(), Sym::neg));
      } else if (u.op() == Operator.PLUS_UNARY) {
        result.add(new Partial(u.operand(), s -> s));
      }
    } else if (e instanceof Expr.Binary b) {
      Expr l = b.left();
      Expr r = b.right();
      switch (b.op()) {
        case PLUS:
          result.add(new Partial(l, s -> s));
          result.add(new Partial(r, s -> s));
          break;
        case MINUS:
          result.add(new Partial(l, s -> s));
          result.add(new Partial(r, Sym::neg));
          break;
        case TIMES:
          if (sameValue(l, r)) {
            // a square, x[i] * x[i]: one partial 2 x[i] instead of two terms x[i] each
            result.add(new Partial(l, s -> Sym.mul(s, Sym.mul(Expr.Literal.of(2.0), l))));
            break;
          }
          result.add(new Partial(l, s -> Sym.mul(s, r)));
          result.add(new Partial(r, s -> Sym.mul(s, l)));
          break;
        case DIVIDE:
          result.add(new Partial(l, s -> Sym.div(s, r)));
          result.add(new Partial(r, s -> Sym.neg(Sym.div(Sym.mul(s, l), Sym.mul(r, r)))));
          break;
        case REMAINDER:
          result.add(new Partial(l, s -> s));
          result.add(new Partial(r, s -> Sym.mul(s, new Expr.Rule(RuntimeNames.REMAINDER_PARTIAL_DIVISOR, List.of(l, r)))));
          break;
        default:
          break;
      }
    } else if (e instanceof Expr.Cast c) {
      if (c.type() == Type.SCALAR) {
        result.add(new Partial(c.operand(), s -> s));
      }
    } else if (e instanceof Expr.MathCall m && !m.function().piecewiseConstant()) {
      for (int i = 0; i < m.args().size(); i++) {
        Expr.Rule rule = new Expr.Rule(m.function().partialRule(i), m.args());
        result.add(new Partial(m.args().get(i), s -> Sym.mul(s, rule)));
      }
    } else if (e instanceof Expr.Rule rule) {
      // a first-derivative rule in a tangent program (second order): its own derivatives
      List<String> partials = dev.adjoint.processor.ir.MathFunction.partialsOfRule(rule.method());
      if (partials == null) {
        throw new IllegalStateException("no derivative of the rule " + rule.method());
      }
      for (int i = 0; i < rule.args().size(); i++) {
        if (partials.get(i) != null) {
          Expr.Rule second = new Expr.Rule(partials.get(i), rule.args());
          result.add(new Partial(rule.args().get(i), s -> Sym.mul(s, second)));
        }
      }
    } else if (e instanceof Expr.CustomCall c) {
      for (int i = 0; i < c.args().size(); i++) {
        PartialMethod partial = c.partials().get(i);
        if (partial != null) { // arguments with a VJP are the transforms' (see vjp, tangentOf)
          Expr call = new Expr.PlainCall(partial.owner(), partial.name(), c.args(), Type.SCALAR, null);
          result.add(new Partial(c.args().get(i), s -> Sym.mul(s, call)));
        }
      }
    }
    return result;
  }

  static final ClassRef TENSOR_SUPPORT = new ClassRef(RuntimeNames.TENSOR_SUPPORT.packageName(), List.of(RuntimeNames.TENSOR_SUPPORT.simpleName()));

  /** {@code vjp(args…, seed)}: argument {@code i}'s cotangent, from the user's VJP method. */
  static Expr vjp(Expr.CustomCall c, int i, Expr seed) {
    PartialMethod vjp = c.derivative().vjps().get(i);
    List<Expr> args = new ArrayList<>(c.args());
    args.add(seed);
    return new Expr.PlainCall(vjp.owner(), vjp.name(), args, c.args().get(i).type(), null);
  }

  /**
   * The tangent of {@code c} along argument {@code i}'s tangent {@code t} (never null): the partial
   * times {@code t}, the JVP method, or — for a double result — ⟨vjp(args…, 1), t⟩.
   */
  static Expr tangentOf(Expr.CustomCall c, int i, Expr t) {
    PartialMethod partial = c.partials().get(i);
    PartialMethod jvp = c.derivative().jvps().get(i);
    Type type = c.args().get(i).type();
    if (partial != null) {
      return Sym.mul(t, new Expr.PlainCall(partial.owner(), partial.name(), c.args(), Type.SCALAR, null));
    }
    if (jvp != null) {
      List<Expr> args = new ArrayList<>(c.args());
      args.add(type == Type.TENSOR ? new Expr.PlainCall(TENSOR_SUPPORT, "tangent", List.of(t, c.args().get(i)),
          Type.TENSOR, null) : t);
      return new Expr.PlainCall(jvp.owner(), jvp.name(), args, c.type(), null);
    }
    Expr gradient = vjp(c, i, Expr.Literal.of(1.0));
    if (type == Type.SCALAR) {
      return Sym.mul(t, gradient);
    }
    return new Expr.PlainCall(type == Type.TENSOR ? TENSOR_SUPPORT : Lvalues.ARRAY_OPS, "dot", List.of(gradient, t),
        Type.SCALAR, null);
  }

  /** {@code a + b} for tangents of {@code type}; a null {@code a} is zero. */
  static Expr plus(Expr a, Expr b, Type type) {
    if (a == null || type == Type.SCALAR) {
      return a == null ? b : Sym.add(a, b);
    }
    return new Expr.PlainCall(type == Type.TENSOR ? TENSOR_SUPPORT : Lvalues.ARRAY_OPS, "plus", List.of(a, b), type,
        null);
  }

  /** Whether two side-effect-free operands (variables, array elements, literals) denote the same value. */
  static boolean sameValue(Expr a, Expr b) {
    if (a instanceof Expr.Read x && b instanceof Expr.Read y) {
      return x.var() == y.var();
    }
    if (a instanceof Expr.Literal x && b instanceof Expr.Literal y) {
      return x.text().equals(y.text()) && x.type() == y.type();
    }
    if (a instanceof Expr.ArrayRead x && b instanceof Expr.ArrayRead y) {
      return sameValue(x.array(), y.array()) && sameValue(x.index(), y.index());
    }
    if (a instanceof Expr.Binary x && b instanceof Expr.Binary y) {
      return x.op() == y.op() && x.type() == y.type() && sameValue(x.left(), y.left()) && sameValue(x.right(), y.right());
    }
    return false;
  }
}
