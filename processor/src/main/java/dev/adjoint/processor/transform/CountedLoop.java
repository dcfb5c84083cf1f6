package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Children;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Operator;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Var;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * An innermost loop whose number of iterations is known when it starts: {@code for (…; i < b; i +=
 * c)} ({@code <=}, or counting down with {@code >}, {@code >=}; also {@code i + d < b}), {@code c}
 * a positive literal, where nothing in the loop assigns {@code i} (but the update) or a variable
 * {@code b} reads, and {@code b} is integer arithmetic on variables, literals and array lengths. The body has no loop and leaves
 * only by finishing an iteration or by a {@code throw} — no {@code break}, {@code continue} or
 * {@code return} — so the count is exact, never a bound a loop that stops early (a Newton
 * iteration with a large maximum) would be far below.
 *
 * <p>The reverse sweep reserves room on its stacks for all the loop's pushes before the loop and
 * stores without a check per push: the stack's array is then the same throughout the loop, which
 * is what lets the JIT take the bound checks out of it (a quarter of a binomial tree's gradient).
 */
final class CountedLoop {
  private CountedLoop() {}

  /** The expression of the loop's number of iterations, a {@code long}, or null if it is not such a loop. */
  static Expr trips(Stmt.Loop loop) {
    if (!loop.testFirst() || loop.update().size() != 1 || !(loop.update().get(0) instanceof Stmt.Assign update)
        || !(loop.condition() instanceof Expr.Binary c)) {
      return null;
    }
    Var i = update.var();
    if (i.type() != Type.INT || !(update.value() instanceof Expr.Binary step)
        || step.op() != Operator.PLUS && step.op() != Operator.MINUS
        || !(step.left() instanceof Expr.Read r && r.var() == i)
        || !(step.right() instanceof Expr.Literal literal) || literal.type() != Type.INT) {
      return null;
    }
    int by;
    try {
      by = Integer.parseInt(literal.text());
    } catch (NumberFormatException e) {
      return null; // 0x10, 1_000: not worth reading
    }
    Operator op = c.op();
    Expr bound = c.right();
    Integer offset = offset(c.left(), i);
    if (offset == null) {
      offset = offset(c.right(), i);
      if (offset == null) {
        return null;
      }
      bound = c.left();
      op = mirrored(op); // b > i is i < b
    }
    boolean up = step.op() == Operator.PLUS;
    boolean upward = op == Operator.LT || op == Operator.LE;
    boolean downward = op == Operator.GT || op == Operator.GE;
    if (by <= 0 || (up ? !upward : !downward)) {
      return null;
    }
    Set<Var> assigned = Collections.newSetFromMap(new IdentityHashMap<>());
    if (!plainBody(loop.body(), assigned) || assigned.contains(i) || !invariant(bound, i, assigned)) {
      return null;
    }
    // up: (b - i [+ 1]) rounded up to steps of `by`; down: (i - b [+ 1]) likewise; i + c < b is
    // i < b - c. In long, so that no int overflows; a negative count reserves nothing.
    Expr limit = offset == 0 ? bound : new Expr.Binary(offset > 0 ? Operator.MINUS : Operator.PLUS,
        new Expr.Cast(Type.LONG, bound, null), intLiteral(Math.abs(offset)), Type.LONG, null);
    Expr span = up ? new Expr.Binary(Operator.MINUS, offset == 0 ? new Expr.Cast(Type.LONG, bound, null) : limit,
        read(i), Type.LONG, null)
        : new Expr.Binary(Operator.MINUS, new Expr.Cast(Type.LONG, read(i), null), limit, Type.LONG, null);
    boolean inclusive = op == Operator.LE || op == Operator.GE;
    int extra = (inclusive ? by : by - 1);
    if (extra != 0) {
      span = new Expr.Binary(Operator.PLUS, span, intLiteral(extra), Type.LONG, null);
    }
    return by == 1 ? span : new Expr.Binary(Operator.DIVIDE, span, intLiteral(by), Type.LONG, null);
  }

  /** c where {@code side} is {@code i}, {@code i + c}, {@code c + i} or {@code i - c} (c an int literal), else null. */
  static Integer offset(Expr side, Var i) {
    if (side instanceof Expr.Read r && r.var() == i) {
      return 0;
    }
    if (!(side instanceof Expr.Binary b) || b.op() != Operator.PLUS && b.op() != Operator.MINUS) {
      return null;
    }
    Expr counter = b.left() instanceof Expr.Read ? b.left() : b.op() == Operator.PLUS ? b.right() : null;
    Expr constant = counter == b.left() ? b.right() : b.left();
    if (!(counter instanceof Expr.Read r && r.var() == i) || !(constant instanceof Expr.Literal l) || l.type() != Type.INT) {
      return null;
    }
    try {
      int c = Integer.parseInt(l.text());
      return c == Integer.MIN_VALUE ? null : b.op() == Operator.PLUS ? c : -c;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Operator mirrored(Operator op) {
    return switch (op) {
      case LT -> Operator.GT;
      case GT -> Operator.LT;
      case LE -> Operator.GE;
      case GE -> Operator.LE;
      default -> op;
    };
  }

  /** Collects the variables {@code s} assigns; false if it holds a loop or leaves other than by a throw. */
  private static boolean plainBody(Stmt s, Set<Var> assigned) {
    if (s instanceof Stmt.Loop || s instanceof Stmt.Break || s instanceof Stmt.Continue || s instanceof Stmt.Return
        || s instanceof Stmt.Try) {
      return false;
    }
    if (s instanceof Stmt.Declare d) {
      assigned.add(d.var());
    } else if (s instanceof Stmt.Assign a) {
      assigned.add(a.var());
    }
    for (Stmt child : Children.statements(s)) {
      if (!plainBody(child, assigned)) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code e} is arithmetic on literals, array lengths and variables the loop never assigns. */
  private static boolean invariant(Expr e, Var counter, Set<Var> assigned) {
    if (e instanceof Expr.ArrayLength length) {
      return length.array() instanceof Expr.Read a && !assigned.contains(a.var()); // a length never changes
    }
    if (e instanceof Expr.Read r) {
      return integral(r.type()) && r.var() != counter && !assigned.contains(r.var());
    }
    if (!integral(e.type()) || !(e instanceof Expr.Literal || e instanceof Expr.Binary || e instanceof Expr.Unary
        || e instanceof Expr.Cast)) {
      return false;
    }
    return Children.of(e).stream().allMatch(child -> invariant(child, counter, assigned));
  }

  /** {@code int} or {@code long}: {@code i < 2.5} compares in {@code double}, and truncating its bound would count wrong. */
  private static boolean integral(Type t) {
    return t == Type.INT || t == Type.LONG;
  }

  private static Expr read(Var v) {
    return new Expr.Read(v, null);
  }

  private static Expr intLiteral(int value) {
    return new Expr.Literal(Integer.toString(value), Type.INT, null);
  }
}
