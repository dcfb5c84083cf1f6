package dev.adjoint.processor.transform;

import dev.adjoint.processor.RuntimeNames;
import dev.adjoint.processor.ir.ClassRef;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.MathFunction;
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
          if (Type.SCALAR.is(b.type())) {
            productPartials(b, result);
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
      if (Type.SCALAR.is(c.type())) {
        result.add(new Partial(c.operand(), s -> s));
      }
    } else if (e instanceof Expr.MathCall m && !m.function().piecewiseConstant()) {
      for (int i = 0; i < m.args().size(); i++) {
        if (m.function().partialRule(i) == null) {
          continue; // derivative 0 in this argument (the sign of copySign, the int of scalb)
        }
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

  /**
   * A product of doubles seen as a flat list of factors, each distinct factor once with its
   * multiplicity: {@code 100 * t * t} has the one partial {@code 200.0 * t} for {@code t}
   * instead of two terms {@code t * 100} and {@code 100 * t} (a square {@code x[i] * x[i]} gets
   * {@code 2.0 * x[i]}). The literal factors of a partial are folded into one number.
   */
  private static void productPartials(Expr.Binary product, List<Partial> result) {
    List<Expr> factors = new ArrayList<>();
    flatten(product, factors);
    List<Expr> distinct = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    for (Expr f : factors) {
      int at = -1;
      for (int i = 0; i < distinct.size() && at < 0; i++) {
        if (sameValue(distinct.get(i), f)) {
          at = i;
        }
      }
      if (at < 0) {
        distinct.add(f);
        counts.add(1);
      } else {
        counts.set(at, counts.get(at) + 1);
      }
    }
    for (int i = 0; i < distinct.size(); i++) {
      if (distinct.get(i) instanceof Expr.Literal) {
        continue; // a constant factor has no derivative
      }
      double number = counts.get(i);
      List<Expr> rest = new ArrayList<>();
      for (int j = 0; j < distinct.size(); j++) {
        int power = j == i ? counts.get(j) - 1 : counts.get(j);
        Double value = numberOf(distinct.get(j));
        for (int k = 0; k < power; k++) {
          if (value != null) {
            number *= value;
          } else {
            rest.add(distinct.get(j));
          }
        }
      }
      Expr partial = number == 1.0 && !rest.isEmpty() ? null : Expr.Literal.of(number);
      for (Expr f : rest) {
        partial = partial == null ? f : Sym.mul(partial, f);
      }
      Expr scale = partial;
      result.add(new Partial(distinct.get(i), s -> Sym.mul(s, scale)));
    }
  }

  /** The factors of a tree of double multiplications, left to right; other nodes are single factors. */
  private static void flatten(Expr e, List<Expr> factors) {
    if (e instanceof Expr.Binary b && b.op() == Operator.TIMES && Type.SCALAR.is(b.type())) {
      flatten(b.left(), factors);
      flatten(b.right(), factors);
    } else {
      factors.add(e);
    }
  }

  /** The value of a plain decimal literal, or null (hex, octal, suffixed or non-numeric literals stay as written). */
  private static Double numberOf(Expr e) {
    if (e instanceof Expr.Literal l && (Type.SCALAR.is(l.type()) || l.type() == Type.INT)
        && l.text().matches("[0-9]+(\\.[0-9]*)?([eE][-+]?[0-9]+)?")) {
      double v = Double.parseDouble(l.text());
      return Double.isFinite(v) && !(l.type() == Type.INT && l.text().length() > 1 && l.text().startsWith("0")) ? v : null;
    }
    return null;
  }

  static final ClassRef TENSOR_SUPPORT = new ClassRef(RuntimeNames.TENSOR_SUPPORT.packageName(), List.of(RuntimeNames.TENSOR_SUPPORT.simpleName()));
  /**
   * {@code max(a, b)} or {@code min(a, b)} as a choice: the conditions under which {@code a} wins
   * and under which {@code b} wins ({@code a > b}, {@code a < b} for max); neither holds on a tie or
   * a NaN, where each gets half. The cases of {@code ScalarRules.maxPartialFirst/Second} (1, 0, ½),
   * which the tape multiplies by; both transforms branch on them instead.
   */
  record Choice(Expr firstWins, Expr secondWins) {
    static Choice of(Expr.MathCall m) {
      Expr a = m.args().get(0);
      Expr b = m.args().get(1);
      boolean max = m.function() == MathFunction.MAX;
      return new Choice(new Expr.Binary(max ? Operator.GT : Operator.LT, a, b, Type.BOOL, null),
          new Expr.Binary(max ? Operator.LT : Operator.GT, a, b, Type.BOOL, null));
    }
  }

  /** Whether {@code e} is a scalar {@code max} or {@code min}, which the transforms treat as a {@link Choice}. */
  static boolean isChoice(Expr e) {
    return e instanceof Expr.MathCall m && (m.function() == MathFunction.MAX || m.function() == MathFunction.MIN)
        && Type.SCALAR.is(m.type());
  }

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
    if (Type.SCALAR.is(type)) {
      return Sym.mul(t, gradient);
    }
    return new Expr.PlainCall(type == Type.TENSOR ? TENSOR_SUPPORT : Lvalues.ARRAY_OPS, "dot", List.of(gradient, t),
        Type.SCALAR, null);
  }

  /** {@code a + b} for tangents of {@code type}; a null {@code a} is zero. */
  static Expr plus(Expr a, Expr b, Type type) {
    if (a == null || Type.SCALAR.is(type)) {
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
