package dev.adjoint.processor.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Operator;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Var;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The trip count {@link CountedLoop#trips} computes before a loop is the number of iterations the
 * loop runs, for every comparison, direction, step and bound side, over a grid of starts and
 * bounds that includes empty loops and counts that do not divide evenly: the reverse sweep stores
 * without a check up to that count, so one too few would write past the reserved room. A
 * reservation is also never made for a loop whose count it cannot know.
 */
class CountedLoopTest {
  private final Var i = new Var("i", Type.INT, Var.Kind.LOCAL, null);
  private final Var n = new Var("n", Type.INT, Var.Kind.PARAMETER, null);
  private final Var y = new Var("y", Type.SCALAR, Var.Kind.LOCAL, null);

  @Test
  void theCountIsTheNumberOfIterations() {
    for (Operator op : List.of(Operator.LT, Operator.LE, Operator.GT, Operator.GE)) {
      boolean up = op == Operator.LT || op == Operator.LE;
      for (int step = 1; step <= 4; step++) {
        for (int form = 0; form < 6; form++) {
          boolean boundLeft = form % 2 == 1;
          int shift = new int[] {0, 2, -1}[form / 2]; // i < n, i + 2 < n, i - 1 < n (and n > i, …)
          Expr counter = shift == 0 ? read(i) : binary(shift > 0 ? Operator.PLUS : Operator.MINUS, read(i),
              new Expr.Literal(Integer.toString(Math.abs(shift)), Type.INT, null));
          Expr condition = boundLeft ? binary(mirror(op), read(n), counter) : binary(op, counter, read(n));
          Stmt.Loop loop = loop(condition, up ? Operator.PLUS : Operator.MINUS, step, List.of(assign(y)));
          Expr trips = CountedLoop.trips(loop);
          assertNotNull(trips, op + " by " + step);
          for (int start = -7; start <= 7; start++) {
            for (int bound = -7; bound <= 7; bound++) {
              long expected = 0;
              for (int k = start; compare(op, k + shift, bound); k += up ? step : -step) {
                expected++;
              }
              long reserved = Math.max(0, eval(trips, Map.of(i, (long) start, n, (long) bound)));
              String c = shift == 0 ? "i" : shift > 0 ? "i + " + shift : "i - " + -shift;
              assertEquals(expected, reserved, "i = " + start + "; " + (boundLeft ? "n " + mirror(op).symbol() + " " + c
                  : c + " " + op.symbol() + " n") + " with n = " + bound + "; i " + (up ? "+" : "-") + "= " + step);
            }
          }
        }
      }
    }
  }

  @Test
  void noCountWhereTheLoopMayEndEarlyOrItsBoundChanges() {
    Expr below = binary(Operator.LT, read(i), read(n));
    assertNotNull(CountedLoop.trips(loop(below, Operator.PLUS, 1, List.of(assign(y)))));
    // counting the wrong way, a zero step, the counter or the bound assigned, a break, a nested loop
    assertNull(CountedLoop.trips(loop(below, Operator.MINUS, 1, List.of(assign(y)))));
    assertNull(CountedLoop.trips(loop(below, Operator.PLUS, 0, List.of(assign(y)))));
    assertNull(CountedLoop.trips(loop(below, Operator.PLUS, 1, List.of(assign(i)))));
    assertNull(CountedLoop.trips(loop(below, Operator.PLUS, 1, List.of(assign(n)))));
    assertNull(CountedLoop.trips(loop(below, Operator.PLUS, 1, List.of(new Stmt.Break(1, null)))));
    assertNull(CountedLoop.trips(loop(below, Operator.PLUS, 1, List.of(new Stmt.Return(read(y), null)))));
    assertNull(CountedLoop.trips(loop(below, Operator.PLUS, 1,
        List.of(loop(below, Operator.PLUS, 1, List.of(assign(y)))))));
    // a bound in double arithmetic (i < y), or reading an array element
    assertNull(CountedLoop.trips(loop(binary(Operator.LT, read(i), read(y)), Operator.PLUS, 1, List.of(assign(y)))));
    Var a = new Var("a", Type.INT_ARRAY, Var.Kind.PARAMETER, null);
    Expr element = new Expr.ArrayRead(read(a), new Expr.Literal("0", Type.INT, null), Type.INT, null);
    assertNull(CountedLoop.trips(loop(binary(Operator.LT, read(i), element), Operator.PLUS, 1, List.of(assign(y)))));
    // a.length is fine: a length never changes
    assertNotNull(CountedLoop.trips(loop(binary(Operator.LT, read(i), new Expr.ArrayLength(read(a), null)),
        Operator.PLUS, 1, List.of(assign(y)))));
  }

  private Stmt.Loop loop(Expr condition, Operator direction, int step, List<Stmt> body) {
    Stmt update = new Stmt.Assign(i, binary(direction, read(i), new Expr.Literal(Integer.toString(step), Type.INT, null)),
        null);
    return new Stmt.Loop(1, null, List.of(), condition, List.of(update), new Stmt.Block(body, null), true, null);
  }

  private Stmt assign(Var v) {
    return new Stmt.Assign(v, v.type() == Type.INT ? new Expr.Literal("3", Type.INT, null) : Expr.Literal.of(1.5), null);
  }

  private static Expr read(Var v) {
    return new Expr.Read(v, null);
  }

  private static Expr binary(Operator op, Expr left, Expr right) {
    Type type = op == Operator.PLUS || op == Operator.MINUS ? Type.INT : Type.BOOL;
    return new Expr.Binary(op, left, right, type, null);
  }

  private static Operator mirror(Operator op) {
    return switch (op) {
      case LT -> Operator.GT;
      case GT -> Operator.LT;
      case LE -> Operator.GE;
      default -> Operator.LE;
    };
  }

  private static boolean compare(Operator op, int a, int b) {
    return switch (op) {
      case LT -> a < b;
      case LE -> a <= b;
      case GT -> a > b;
      default -> a >= b;
    };
  }

  /** Java's integer arithmetic on the trip count's expression (all in long, as the cast makes it). */
  private static long eval(Expr e, Map<Var, Long> values) {
    if (e instanceof Expr.Read r) {
      return values.get(r.var());
    }
    if (e instanceof Expr.Literal l) {
      return Long.parseLong(l.text());
    }
    if (e instanceof Expr.Cast c) {
      return eval(c.operand(), values);
    }
    Expr.Binary b = (Expr.Binary) e;
    long left = eval(b.left(), values);
    long right = eval(b.right(), values);
    return switch (b.op()) {
      case PLUS -> left + right;
      case MINUS -> left - right;
      case TIMES -> left * right;
      case DIVIDE -> left / right;
      default -> throw new AssertionError(b.op());
    };
  }
}
