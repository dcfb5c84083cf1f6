package dev.adjoint.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The primitive-array tape on its own: both sweeps against closed forms, one-argument operations
 * and operations with plain doubles (no entry: a scaled handle), constants (no entry), zero
 * partials in front of infinite ones, the reuse of a swept tape's arrays by the next tape of the
 * thread, nested tapes, and a tape used after its sweep.
 */
class ScalarTapeTest {
  /** f(x, y) = x y + sin(x) / y - 3 x + 2 exp(y) - (1 - y) + x / 4 + 5 / y, recorded through TapeOps. */
  private static TapedDouble f(TapedDouble x, TapedDouble y) {
    TapedDouble a = TapeOps.add(TapeOps.mul(x, y), TapeOps.div(TapeOps.sin(x), y));
    TapedDouble b = TapeOps.sub(TapeOps.mul(2.0, TapeOps.exp(y)), TapeOps.mul(x, 3.0));
    TapedDouble c = TapeOps.add(TapeOps.sub(TapeOps.div(x, 4.0), TapeOps.sub(1.0, y)), TapeOps.div(5.0, y));
    return TapeOps.add(TapeOps.add(a, b), TapeOps.add(c, TapeOps.d(0.5)));
  }

  private static double value(double x, double y) {
    return x * y + Math.sin(x) / y - 3 * x + 2 * Math.exp(y) - (1 - y) + x / 4 + 5 / y + 0.5;
  }

  private static double dfdx(double x, double y) {
    return y + Math.cos(x) / y - 3 + 0.25;
  }

  private static double dfdy(double x, double y) {
    return x - Math.sin(x) / (y * y) + 2 * Math.exp(y) + 1 - 5 / (y * y);
  }

  /**
   * fma, copySign, scalb: the tape's value is the function's own (fma fused, bit for bit), its
   * partials the closed forms, every mix of taped and plain arguments; copySign's derivative in the
   * magnitude is the sign agreement, 0 at a zero magnitude (as abs), and 0 in the sign.
   */
  @Test
  void fmaCopySignScalbOnTheTape() {
    double a = 0.1;
    double b = 3.0;
    double c = -0.3; // a * b + c rounds twice, fma once: the values differ in the last bit
    double[][] expected = {{b, a, 1}, {b, 0, 1}, {0, a, 0}, {0, 0, 1}};
    for (int k = 0; k < expected.length; k++) {
      ScalarTape tape = new ScalarTape();
      TapedDouble x = tape.leaf(a);
      TapedDouble y = tape.leaf(b);
      TapedDouble z = tape.leaf(c);
      TapedDouble out = switch (k) {
        case 0 -> TapeOps.fma(x, y, z);
        case 1 -> TapeOps.fma(x, b, z);
        case 2 -> TapeOps.fma(a, y, c);
        default -> TapeOps.fma(a, b, z);
      };
      assertEquals(Double.doubleToLongBits(Math.fma(a, b, c)), Double.doubleToLongBits(ScalarTape.valueOf(out)));
      double[] adjoints = tape.newDerivatives();
      ScalarTape.seed(adjoints, out, 1.0);
      tape.backward(adjoints);
      assertEquals(expected[k][0], ScalarTape.read(adjoints, x), 0.0, "fma d/da, case " + k);
      assertEquals(expected[k][1], ScalarTape.read(adjoints, y), 0.0, "fma d/db, case " + k);
      assertEquals(expected[k][2], ScalarTape.read(adjoints, z), 0.0, "fma d/dc, case " + k);
    }
    // magnitude, sign -> d/dm: sign(m) * sign bit of s; 0 at m = 0
    double[][] copySign = {{1.5, -2.0, -1}, {-1.5, -2.0, 1}, {-1.5, 2.0, -1}, {1.5, -0.0, -1}, {0.0, -1.0, 0},
        {-0.0, 1.0, 0}};
    for (double[] p : copySign) {
      ScalarTape t = new ScalarTape();
      TapedDouble m = t.leaf(p[0]);
      TapedDouble s = t.leaf(p[1]);
      TapedDouble out = TapeOps.copySign(m, s);
      assertEquals(Math.copySign(p[0], p[1]), ScalarTape.valueOf(out));
      double[] adjoints = t.newDerivatives();
      ScalarTape.seed(adjoints, out, 1.0);
      t.backward(adjoints);
      assertEquals(p[2], ScalarTape.read(adjoints, m), 0.0, "copySign d/dm at " + p[0] + ", " + p[1]);
      assertEquals(0.0, ScalarTape.read(adjoints, s), 0.0, "copySign d/ds");
    }
    ScalarTape t = new ScalarTape();
    TapedDouble d = t.leaf(0.75);
    TapedDouble out = TapeOps.scalb(d, -3);
    assertEquals(0.75 / 8, ScalarTape.valueOf(out), 0.0);
    double[] adjoints = t.newDerivatives();
    ScalarTape.seed(adjoints, out, 1.0);
    t.backward(adjoints);
    assertEquals(0.125, ScalarTape.read(adjoints, d), 0.0);
  }

  @Test
  void reverseAndForwardSweepsMatchClosedForms() {
    for (double[] p : new double[][] {{0.3, 1.7}, {-1.2, 0.4}, {2.5, -0.9}}) {
      ScalarTape tape = new ScalarTape();
      TapedDouble x = tape.leaf(p[0]);
      TapedDouble y = tape.leaf(p[1]);
      TapedDouble out = f(x, y);
      assertEquals(value(p[0], p[1]), ScalarTape.valueOf(out), 1e-14);
      double[] adjoints = tape.newDerivatives();
      ScalarTape.seed(adjoints, out, 2.0);
      tape.backward(adjoints);
      assertEquals(2 * dfdx(p[0], p[1]), ScalarTape.read(adjoints, x), 1e-13);
      assertEquals(2 * dfdy(p[0], p[1]), ScalarTape.read(adjoints, y), 1e-13);

      ScalarTape again = new ScalarTape(); // records into the swept tape's arrays
      TapedDouble x2 = again.leaf(p[0]);
      TapedDouble y2 = again.leaf(p[1]);
      TapedDouble out2 = f(x2, y2);
      double[] tangents = again.newDerivatives();
      ScalarTape.seed(tangents, x2, 0.5);
      ScalarTape.seed(tangents, y2, -1.5);
      again.forward(tangents);
      assertEquals(0.5 * dfdx(p[0], p[1]) - 1.5 * dfdy(p[0], p[1]), ScalarTape.read(tangents, out2), 1e-13);
    }
  }

  @Test
  void onlyOperationsOfTwoTapedValuesRecordEntries() {
    ScalarTape tape = new ScalarTape();
    TapedDouble x = tape.leaf(1.5);
    int afterLeaf = tape.size();
    TapedDouble c = TapeOps.mul(TapeOps.d(2.0), TapeOps.d(3.0)); // both constant: no entry
    assertEquals(afterLeaf, tape.size());
    assertEquals(0.0, ScalarTape.read(tape.newDerivatives(), c));
    TapedDouble y = TapeOps.exp(TapeOps.neg(TapeOps.mul(x, 4.0))); // exp(-4x): a chain, no entry
    TapedDouble z = TapeOps.mul(TapeOps.mul(x, 2.0), TapeOps.mul(3.0, x)); // 6 x²: x's entry twice, no entry
    assertEquals(afterLeaf, tape.size());
    TapedDouble xOnly = TapeOps.add(y, z); // still a function of x alone: no entry
    assertEquals(afterLeaf, tape.size());
    TapedDouble w = tape.leaf(-0.5);
    TapedDouble out = TapeOps.add(TapeOps.mul(xOnly, w), TapeOps.sub(w, w)); // w's leaf, then x w; w - w is 0 w and adding it records nothing
    assertEquals(afterLeaf + 2, tape.size());
    double[] adjoints = tape.newDerivatives();
    ScalarTape.seed(adjoints, out, 1.0);
    ScalarTape.seed(adjoints, c, 1.0); // seeding a constant does nothing
    tape.backward(adjoints);
    assertEquals(-0.5 * (-4 * Math.exp(-6.0) + 12 * 1.5), ScalarTape.read(adjoints, x), 1e-14);
    assertEquals(Math.exp(-6.0) + 6 * 1.5 * 1.5, ScalarTape.read(adjoints, w), 1e-14);

    // the forward sweep reads a chained handle's tangent through its scale
    ScalarTape forward = new ScalarTape();
    TapedDouble u = forward.leaf(0.3);
    TapedDouble v = TapeOps.sin(TapeOps.mul(u, 5.0));
    double[] tangents = forward.newDerivatives();
    ScalarTape.seed(tangents, u, 2.0);
    forward.forward(tangents);
    assertEquals(2 * 5 * Math.cos(1.5), ScalarTape.read(tangents, v), 1e-14);
  }

  @Test
  void anOperationWithAZeroPartialRecordsOnlyItsOtherParent() {
    ScalarTape tape = new ScalarTape();
    TapedDouble a = tape.leaf(3.0);
    TapedDouble b = tape.leaf(2.0);
    int leaves = tape.size();
    TapedDouble max = TapeOps.max(TapeOps.mul(a, 2.0), b); // picks 2a: a handle on a, scale 2
    TapedDouble min = TapeOps.min(a, TapeOps.mul(b, -1.0)); // picks -b
    TapedDouble zero = tape.leaf(0.0);
    TapedDouble times = TapeOps.mul(b, zero); // d/db = 0: a handle on zero's leaf, scale 2
    assertEquals(leaves + 1, tape.size()); // zero's leaf only
    TapedDouble tie = TapeOps.max(a, TapeOps.add(b, 1.0)); // 3 = 3: half to each, an entry
    assertEquals(leaves + 2, tape.size());
    TapedDouble out = TapeOps.add(TapeOps.add(TapeOps.mul(max, 5.0), TapeOps.mul(min, 7.0)),
        TapeOps.add(TapeOps.mul(times, 11.0), TapeOps.mul(tie, 13.0)));
    double[] adjoints = tape.newDerivatives();
    ScalarTape.seed(adjoints, out, 1.0);
    tape.backward(adjoints);
    assertEquals(5.0 * 2 + 13.0 * 0.5, ScalarTape.read(adjoints, a));
    assertEquals(-7.0 + 13.0 * 0.5, ScalarTape.read(adjoints, b));
    assertEquals(11.0 * 2.0, ScalarTape.read(adjoints, zero));

    ScalarTape forward = new ScalarTape();
    TapedDouble u = forward.leaf(3.0);
    TapedDouble v = forward.leaf(2.0);
    TapedDouble picked = TapeOps.max(TapeOps.mul(u, 2.0), v);
    double[] tangents = forward.newDerivatives();
    ScalarTape.seed(tangents, u, 0.25);
    ScalarTape.seed(tangents, v, 100.0);
    forward.forward(tangents);
    assertEquals(0.5, ScalarTape.read(tangents, picked));
  }

  @Test
  void aZeroPartialInFrontOfAnInfiniteOneGivesZeroNotNan() {
    ScalarTape tape = new ScalarTape();
    TapedDouble x = tape.leaf(0.0);
    TapedDouble y = tape.leaf(2.0);
    // max(sqrt(x), 5): sqrt'(0) = inf, but max takes 5 (partial 0); times y to make an entry
    TapedDouble out = TapeOps.mul(TapeOps.max(TapeOps.sqrt(x), 5.0), y);
    double[] adjoints = tape.newDerivatives();
    ScalarTape.seed(adjoints, out, 1.0);
    tape.backward(adjoints);
    assertEquals(0.0, ScalarTape.read(adjoints, x));
    assertEquals(5.0, ScalarTape.read(adjoints, y));
  }

  @Test
  void aNanPartialOfAnUnusedResultDoesNotPoisonItsParents() {
    ScalarTape tape = new ScalarTape();
    TapedDouble x = tape.leaf(0.0);
    TapeOps.sqrt(x); // partial +inf at 0, result unused
    TapedDouble used = TapeOps.mul(x, 3.0);
    double[] adjoints = tape.newDerivatives();
    ScalarTape.seed(adjoints, used, 1.0);
    tape.backward(adjoints);
    assertEquals(3.0, ScalarTape.read(adjoints, x));
  }

  @Test
  void nestedTapesOfOneThreadRecordIndependently() {
    ScalarTape outer = new ScalarTape();
    TapedDouble x = outer.leaf(0.7);
    TapedDouble partial = TapeOps.mul(x, x);
    // a callee's tape recorded and swept in the middle (as a taped helper's companion would)
    ScalarTape inner = new ScalarTape();
    TapedDouble z = inner.leaf(2.0);
    for (int i = 0; i < 1000; i++) {
      z = TapeOps.mul(TapeOps.add(z, 1.0), 0.5);
    }
    double[] innerAdjoints = inner.newDerivatives();
    ScalarTape.seed(innerAdjoints, z, 1.0);
    inner.backward(innerAdjoints);
    TapedDouble result = TapeOps.sin(partial);
    double[] adjoints = outer.newDerivatives();
    ScalarTape.seed(adjoints, result, 1.0);
    outer.backward(adjoints);
    assertEquals(Math.cos(0.49) * 1.4, ScalarTape.read(adjoints, x), 1e-15);
  }

  /** g on the tape: chains through the previous entry, leaves recorded between operations, x * x of the previous entry. */
  private static TapedDouble g(ScalarTape tape, double[] at, TapedDouble[] leaves) {
    leaves[0] = tape.leaf(at[0]);
    leaves[1] = tape.leaf(at[1]);
    TapedDouble z = leaves[0];
    for (int k = 0; k < 20; k++) {
      z = TapeOps.add(TapeOps.mul(z, leaves[1]), TapeOps.sin(z)); // first parent: the entry before
    }
    leaves[2] = tape.leaf(at[2]); // a leaf after operations: the sweeps pass it
    TapedDouble e = TapeOps.sub(z, leaves[2]); // second parent: the entry before (a leaf)
    TapedDouble square = TapeOps.mul(e, e); // both parents: the entry before
    leaves[3] = tape.leaf(at[3]);
    TapedDouble cancel = TapeOps.sub(leaves[3], leaves[3]); // its leaf's adjoint sums to exactly 0
    return TapeOps.add(TapeOps.add(square, TapeOps.mul(cancel, z)), TapeOps.mul(z, leaves[2]));
  }

  private static double g(double[] at) {
    double z = at[0];
    for (int k = 0; k < 20; k++) {
      z = z * at[1] + Math.sin(z);
    }
    double e = z - at[2];
    return e * e + (at[3] - at[3]) * z + z * at[2];
  }

  /**
   * The reverse sweep carries an entry's contribution to the entry before it in a local: checked
   * against central differences where every case of that shortcut occurs (first parent, second
   * parent, both, a leaf between operations, an adjoint summing to 0), and the forward sweep too.
   */
  @Test
  void sweepsOfChainsMatchCentralDifferences() {
    for (double[] at : new double[][] {{0.3, 0.4, -0.2, 1.1}, {-0.7, 0.55, 0.9, -2.0}}) {
      ScalarTape tape = new ScalarTape();
      TapedDouble[] leaves = new TapedDouble[4];
      TapedDouble out = g(tape, at, leaves);
      assertEquals(g(at), ScalarTape.valueOf(out), 1e-12);
      double[] adjoints = tape.newDerivatives();
      ScalarTape.seed(adjoints, out, 1.0);
      tape.backward(adjoints);
      double[] direction = {0.5, -1.0, 2.0, 0.25};
      double directional = 0.0;
      for (int k = 0; k < 4; k++) {
        double h = 1e-6;
        double[] up = at.clone();
        double[] down = at.clone();
        up[k] += h;
        down[k] -= h;
        double central = (g(up) - g(down)) / (2 * h);
        double scale = Math.max(1.0, Math.abs(central));
        assertEquals(central, ScalarTape.read(adjoints, leaves[k]), 1e-6 * scale, "d/d leaf " + k + " at " + at[0]);
        directional += direction[k] * central;
      }
      assertEquals(0.0, ScalarTape.read(adjoints, leaves[3]), 0.0, "the cancelled leaf");

      ScalarTape forward = new ScalarTape();
      TapedDouble[] forwardLeaves = new TapedDouble[4];
      TapedDouble forwardOut = g(forward, at, forwardLeaves);
      double[] tangents = forward.newDerivatives();
      for (int k = 0; k < 4; k++) {
        ScalarTape.seed(tangents, forwardLeaves[k], direction[k]);
      }
      forward.forward(tangents);
      assertEquals(directional, ScalarTape.read(tangents, forwardOut), 1e-6 * Math.max(1.0, Math.abs(directional)));
    }
  }

  /**
   * Leaves before the first operation store nothing (the sweeps skip them), so the first
   * operation may find the arrays far too short: on a fresh thread (no spare arrays), thousands of
   * leaves, then f = sum of x[k] x[k + 1], whose gradient is x[k - 1] + x[k + 1].
   */
  @Test
  void manyLeavesBeforeTheFirstOperation() throws Exception {
    java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
    Thread fresh = new Thread(() -> {
      try {
        double[] x = new double[5000];
        for (int k = 0; k < x.length; k++) {
          x[k] = Math.sin(0.37 * k) + 0.1;
        }
        ScalarTape tape = new ScalarTape();
        TapedDouble[] leaves = tape.leaves(x);
        TapedDouble f = TapeOps.d(0.0);
        for (int k = 0; k + 1 < x.length; k++) {
          f = TapeOps.add(f, TapeOps.mul(leaves[k], leaves[k + 1]));
        }
        double[] adjoints = tape.newDerivatives();
        ScalarTape.seed(adjoints, f, 1.0);
        tape.backward(adjoints);
        for (int k = 0; k < x.length; k++) {
          double expected = (k > 0 ? x[k - 1] : 0.0) + (k + 1 < x.length ? x[k + 1] : 0.0);
          assertEquals(expected, ScalarTape.read(adjoints, leaves[k]), 1e-15, "d/dx" + k);
        }
      } catch (Throwable t) {
        failure.set(t);
      }
    });
    fresh.start();
    fresh.join();
    if (failure.get() != null) {
      throw new AssertionError(failure.get());
    }
  }

  /**
   * Leaf arrays: consecutive entries read through handles made at each read, before the first
   * operation (a prefix the sweeps skip) and after one (entries recorded), a null row, ragged rows;
   * f = sum_j p[j] q[0][j] + q[1][0] r[0] + sin(r[1]) with both sweeps against the closed forms.
   */
  @Test
  void leafArraysBeforeAndAfterOperations() {
    double[] pv = {0.5, -1.5, 2.0};
    double[][] qv = {{0.25, 3.0, -0.75}, {1.2}, null};
    double[] rv = {-0.4, 0.9};
    ScalarTape tape = new ScalarTape();
    LeafArray p = tape.leafArray(pv);
    LeafArray[] q = tape.leafArrays(qv);
    assertEquals(null, q[2]);
    TapedDouble f = TapeOps.d(0.0);
    for (int j = 0; j < p.length; j++) {
      f = TapeOps.add(f, TapeOps.mul(p.at(j), q[0].at(j)));
    }
    int before = tape.size();
    LeafArray r = tape.leafArray(rv); // after operations: two entries recorded
    assertEquals(before + 2, tape.size());
    f = TapeOps.add(TapeOps.add(f, TapeOps.mul(q[1].at(0), r.at(0))), TapeOps.sin(r.at(1)));
    double[] adjoints = tape.newDerivatives();
    ScalarTape.seed(adjoints, f, 2.0);
    tape.backward(adjoints);
    for (int j = 0; j < 3; j++) {
      assertEquals(2 * qv[0][j], ScalarTape.read(adjoints, p)[j], 0.0, "d/dp" + j);
      assertEquals(2 * pv[j], ScalarTape.read(adjoints, q)[0][j], 0.0, "d/dq0" + j);
    }
    assertEquals(2 * rv[0], ScalarTape.read(adjoints, q)[1][0], 0.0);
    assertEquals(null, ScalarTape.read(adjoints, q)[2]);
    assertEquals(2 * qv[1][0], ScalarTape.read(adjoints, r)[0], 0.0);
    assertEquals(2 * Math.cos(rv[1]), ScalarTape.read(adjoints, r)[1], 1e-15);

    ScalarTape forward = new ScalarTape();
    LeafArray fp = forward.leafArray(pv);
    TapedDouble g = TapeOps.mul(fp.at(0), fp.at(2)); // p0 p2
    double[] tangents = forward.newDerivatives();
    ScalarTape.seed(tangents, fp, new double[] {1.0, 5.0, -2.0});
    forward.forward(tangents);
    assertEquals(pv[2] - 2 * pv[0], ScalarTape.read(tangents, g), 1e-15);
    assertThrows(IllegalArgumentException.class, () -> ScalarTape.seed(new double[8], fp, new double[2]));
    assertThrows(ArrayIndexOutOfBoundsException.class, () -> fp.at(3)); // as pv[3] would
  }

  /** A variable: a snapshot taken from it keeps its entry and scale when the variable is written again. */
  @Test
  void aVariableIsWrittenNotItsSnapshots() {
    ScalarTape tape = new ScalarTape();
    TapedDouble x = tape.leaf(1.5);
    TapedDouble y = tape.leaf(-2.0);
    TapedVariable a = TapeOps.local(TapeOps.mul(x, 3.0));
    TapedDouble snapshot = a.get();
    for (int k = 0; k < 3; k++) {
      a.set(TapeOps.add(TapeOps.mul(a.get(), y), x)); // a = a y + x
    }
    TapedDouble out = TapeOps.add(a.get(), TapeOps.mul(snapshot, snapshot)); // + 9 x²
    assertEquals(3 * 1.5, ScalarTape.valueOf(snapshot));
    double[] adjoints = tape.newDerivatives();
    ScalarTape.seed(adjoints, out, 1.0);
    tape.backward(adjoints);
    // a = 3x y³ + x y² + x y + x
    double yy = -2.0;
    assertEquals(3 * yy * yy * yy + yy * yy + yy + 1 + 18 * 1.5, ScalarTape.read(adjoints, x), 1e-13);
    assertEquals(9 * 1.5 * yy * yy + 2 * 1.5 * yy + 1.5, ScalarTape.read(adjoints, y), 1e-13);
  }

  @Test
  void aSweptTapeRefusesToGrow() {
    ScalarTape tape = new ScalarTape();
    TapedDouble x = tape.leaf(1.0);
    TapedDouble y = tape.leaf(2.0);
    double[] adjoints = tape.newDerivatives();
    tape.backward(adjoints);
    assertThrows(IllegalStateException.class, () -> TapeOps.mul(x, y));
    assertEquals(1.0, ScalarTape.valueOf(TapeOps.mul(x, x))); // one parent: no entry, nothing recorded
  }

  /** An argument a @DerivativeOf function has no derivative for: values without one pass, a leaf is refused. */
  @Test
  void noDerivativeRefusesOnlyValuesThatCarryOne() {
    ScalarTape tape = new ScalarTape();
    TapedDouble x = tape.leaf(0.5);
    assertEquals(2.0, TapeOps.noDerivative(TapedDouble.constant(2.0), "Gamma.regularizedGammaP", 0));
    assertEquals(0.0, TapeOps.noDerivative(TapeOps.mul(x, 0.0), "Gamma.regularizedGammaP", 0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TapeOps.noDerivative(TapeOps.sin(x), "Gamma.regularizedGammaP", 0));
    assertEquals("Gamma.regularizedGammaP has @DerivativeOf methods, but none for argument 0, and the value passed"
        + " there depends on a differentiated parameter; add one with @DerivativeOf(value = …, argument = 0), or pass"
        + " a value that carries no derivative", e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> TapeOps.noDerivative(new TapedDouble[] {TapedDouble.constant(1.0), x}, "Beta.regularizedBeta", 1));
  }
}
