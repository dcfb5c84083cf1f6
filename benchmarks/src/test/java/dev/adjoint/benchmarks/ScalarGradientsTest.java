package dev.adjoint.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.benchmarks.scalar.CrrModel;
import dev.adjoint.benchmarks.scalar.CrrModelDerivatives;
import dev.adjoint.benchmarks.scalar.HandWritten;
import dev.adjoint.benchmarks.scalar.HipparchusForward;
import dev.adjoint.benchmarks.scalar.LogisticModel;
import dev.adjoint.benchmarks.scalar.LogisticModelDerivatives;
import dev.adjoint.benchmarks.scalar.MlpModel;
import dev.adjoint.benchmarks.scalar.MlpModelDerivatives;
import dev.adjoint.benchmarks.scalar.Rk4Model;
import dev.adjoint.benchmarks.scalar.Rk4ModelDerivatives;
import dev.adjoint.benchmarks.scalar.RosenbrockModel;
import dev.adjoint.benchmarks.scalar.RosenbrockModelDerivatives;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Every gradient variant the scalar benchmarks time, on exactly the timed inputs: the
 * hand-written gradient against central finite differences (sampled coordinates and the
 * benchmark's direction), then the generated reverse gradient, the tape and (through the
 * direction) the generated JVP and Hipparchus against the hand-written one. A benchmark can
 * therefore never time wrong code.
 */
class ScalarGradientsTest {
  /** Agreement of two exact derivatives (different summation order only). */
  private static final double EXACT = 1e-10;
  /** Central differences with step 1e-5 on O(1) inputs: error O(h²) plus rounding ~1e-10. */
  private static final double FD = 1e-6;

  @Test
  void logistic() {
    Workloads.Logistic in = Workloads.logistic();
    double[] w = in.w();
    double b = in.b();
    double primal = LogisticModel.loss(w, b, in.x(), in.y());
    HandWritten.LogisticGradient hand = HandWritten.logistic(w, b, in.x(), in.y());
    assertClose(primal, hand.value(), EXACT, "hand-written value");

    for (int j = 0; j < w.length; j += 97) {
      int at = j;
      double fd = central(t -> LogisticModel.loss(shifted(w, at, t), b, in.x(), in.y()));
      assertClose(fd, hand.w()[j], FD, "hand-written dw[" + j + "] vs central differences");
    }
    assertClose(central(t -> LogisticModel.loss(w, b + t, in.x(), in.y())), hand.b(), FD, "hand-written db");
    double directional = dot(hand.w(), in.dw()) + hand.b() * in.db();
    assertClose(central(t -> LogisticModel.loss(along(w, in.dw(), t), b + t * in.db(), in.x(), in.y())),
        directional, FD, "hand-written gradient along the direction vs central differences");

    LogisticModelDerivatives.LossGradient reverse = LogisticModelDerivatives.lossGradient(w, b, in.x(), in.y());
    assertClose(primal, reverse.value(), EXACT, "reverse value");
    assertAllClose(hand.w(), reverse.w(), "reverse dw");
    assertClose(hand.b(), reverse.b(), EXACT, "reverse db");

    var tape = dev.adjoint.benchmarks.scalar.taped.LogisticModelDerivatives.lossGradient(w, b, in.x(), in.y());
    assertClose(primal, tape.value(), EXACT, "tape value");
    assertAllClose(hand.w(), tape.w(), "tape dw");
    assertClose(hand.b(), tape.b(), EXACT, "tape db");

    LogisticModelDerivatives.LossTangent forward = LogisticModelDerivatives.lossJvp(w, b, in.x(), in.y(), in.dw(), in.db());
    assertClose(primal, forward.value(), EXACT, "forward value");
    assertClose(directional, forward.tangent(), EXACT, "forward JVP vs hand-written gradient · direction");

    var hipparchus = HipparchusForward.logistic(w, b, in.x(), in.y(), in.dw(), in.db());
    assertClose(primal, hipparchus.getValue(), EXACT, "Hipparchus value");
    assertClose(directional, hipparchus.getPartialDerivative(0), EXACT, "Hipparchus JVP");
  }

  @Test
  void rosenbrock() {
    Workloads.Rosenbrock in = Workloads.rosenbrock();
    double[] x = in.x();
    double primal = RosenbrockModel.rosenbrock(x);
    HandWritten.RosenbrockGradient hand = HandWritten.rosenbrock(x);
    assertClose(primal, hand.value(), EXACT, "hand-written value");
    for (int i = 0; i < x.length; i += 37) {
      int at = i;
      assertClose(central(t -> RosenbrockModel.rosenbrock(shifted(x, at, t))), hand.x()[i], FD,
          "hand-written dx[" + i + "] vs central differences");
    }
    double directional = dot(hand.x(), in.dx());
    assertClose(central(t -> RosenbrockModel.rosenbrock(along(x, in.dx(), t))), directional, FD,
        "hand-written gradient along the direction vs central differences");

    RosenbrockModelDerivatives.RosenbrockGradient reverse = RosenbrockModelDerivatives.rosenbrockGradient(x);
    assertClose(primal, reverse.value(), EXACT, "reverse value");
    assertAllClose(hand.x(), reverse.x(), "reverse dx");

    var tape = dev.adjoint.benchmarks.scalar.taped.RosenbrockModelDerivatives.rosenbrockGradient(x);
    assertClose(primal, tape.value(), EXACT, "tape value");
    assertAllClose(hand.x(), tape.x(), "tape dx");

    RosenbrockModelDerivatives.RosenbrockTangent forward = RosenbrockModelDerivatives.rosenbrockJvp(x, in.dx());
    assertClose(primal, forward.value(), EXACT, "forward value");
    assertClose(directional, forward.tangent(), EXACT, "forward JVP");

    var hipparchus = HipparchusForward.rosenbrock(x, in.dx());
    assertClose(primal, hipparchus.getValue(), EXACT, "Hipparchus value");
    assertClose(directional, hipparchus.getPartialDerivative(0), EXACT, "Hipparchus JVP");
  }

  @Test
  void mlp() {
    Workloads.Mlp in = Workloads.mlp();
    double primal = MlpModel.loss(in.w1(), in.b1(), in.w2(), in.b2(), in.x(), in.y());
    HandWritten.MlpGradient hand = HandWritten.mlp(in.w1(), in.b1(), in.w2(), in.b2(), in.x(), in.y());
    assertClose(primal, hand.value(), EXACT, "hand-written value");
    for (int k = 0; k < Workloads.MLP_HIDDEN; k += 13) {
      for (int j = 0; j < Workloads.MLP_INPUTS; j += 17) {
        int hk = k;
        int ij = j;
        double fd = central(t -> {
          double[][] w1 = copy(in.w1());
          w1[hk][ij] += t;
          return MlpModel.loss(w1, in.b1(), in.w2(), in.b2(), in.x(), in.y());
        });
        assertClose(fd, hand.w1()[k][j], FD, "hand-written dw1[" + k + "][" + j + "]");
      }
      int hk = k;
      assertClose(central(t -> MlpModel.loss(in.w1(), shifted(in.b1(), hk, t), in.w2(), in.b2(), in.x(), in.y())),
          hand.b1()[k], FD, "hand-written db1[" + k + "]");
      assertClose(central(t -> MlpModel.loss(in.w1(), in.b1(), shifted(in.w2(), hk, t), in.b2(), in.x(), in.y())),
          hand.w2()[k], FD, "hand-written dw2[" + k + "]");
    }
    assertClose(central(t -> MlpModel.loss(in.w1(), in.b1(), in.w2(), in.b2() + t, in.x(), in.y())),
        hand.b2(), FD, "hand-written db2");
    double directional = dot(hand.w1(), in.dw1()) + dot(hand.b1(), in.db1()) + dot(hand.w2(), in.dw2())
        + hand.b2() * in.db2();
    assertClose(central(t -> {
      double[][] w1 = new double[in.w1().length][];
      for (int k = 0; k < w1.length; k++) {
        w1[k] = along(in.w1()[k], in.dw1()[k], t);
      }
      return MlpModel.loss(w1, along(in.b1(), in.db1(), t), along(in.w2(), in.dw2(), t), in.b2() + t * in.db2(),
          in.x(), in.y());
    }), directional, FD, "hand-written gradient along the direction vs central differences");

    MlpModelDerivatives.LossGradient reverse =
        MlpModelDerivatives.lossGradient(in.w1(), in.b1(), in.w2(), in.b2(), in.x(), in.y());
    assertClose(primal, reverse.value(), EXACT, "reverse value");
    for (int k = 0; k < Workloads.MLP_HIDDEN; k++) {
      assertAllClose(hand.w1()[k], reverse.w1()[k], "reverse dw1[" + k + "]");
    }
    assertAllClose(hand.b1(), reverse.b1(), "reverse db1");
    assertAllClose(hand.w2(), reverse.w2(), "reverse dw2");
    assertClose(hand.b2(), reverse.b2(), EXACT, "reverse db2");

    var tape = dev.adjoint.benchmarks.scalar.taped.MlpModelDerivatives.lossGradient(
        in.w1(), in.b1(), in.w2(), in.b2(), in.x(), in.y());
    assertClose(primal, tape.value(), EXACT, "tape value");
    for (int k = 0; k < Workloads.MLP_HIDDEN; k++) {
      assertAllClose(hand.w1()[k], tape.w1()[k], "tape dw1[" + k + "]");
    }
    assertAllClose(hand.b1(), tape.b1(), "tape db1");
    assertAllClose(hand.w2(), tape.w2(), "tape dw2");
    assertClose(hand.b2(), tape.b2(), EXACT, "tape db2");

    MlpModelDerivatives.LossTangent forward = MlpModelDerivatives.lossJvp(in.w1(), in.b1(), in.w2(), in.b2(),
        in.x(), in.y(), in.dw1(), in.db1(), in.dw2(), in.db2());
    assertClose(primal, forward.value(), EXACT, "forward value");
    assertClose(directional, forward.tangent(), EXACT, "forward JVP");
  }

  @Test
  void rk4() {
    Workloads.Rk4 in = Workloads.rk4();
    double[] at = {in.a(), in.b(), in.c(), in.d(), in.x0(), in.y0()};
    java.util.function.ToDoubleFunction<double[]> f =
        q -> Rk4Model.misfit(q[0], q[1], q[2], q[3], q[4], q[5], in.h(), in.observed());
    double primal = f.applyAsDouble(at);
    HandWritten.Rk4Gradient hand = HandWritten.rk4(at[0], at[1], at[2], at[3], at[4], at[5], in.h(), in.observed());
    assertClose(primal, hand.value(), EXACT, "hand-written value");
    double[] handGradient = {hand.a(), hand.b(), hand.c(), hand.d(), hand.x0(), hand.y0()};
    checkAgainstCentralDifferences(f, at, handGradient, in.direction(), "rk4");

    var reverse = Rk4ModelDerivatives.misfitGradient(at[0], at[1], at[2], at[3], at[4], at[5], in.h(), in.observed());
    assertClose(primal, reverse.value(), EXACT, "reverse value");
    assertAllClose(handGradient, new double[] {reverse.a(), reverse.b(), reverse.c(), reverse.d(), reverse.x0(),
        reverse.y0()}, "reverse gradient");
    var tape = dev.adjoint.benchmarks.scalar.taped.Rk4ModelDerivatives.misfitGradient(at[0], at[1], at[2], at[3],
        at[4], at[5], in.h(), in.observed());
    assertClose(primal, tape.value(), EXACT, "tape value");
    assertAllClose(handGradient, new double[] {tape.a(), tape.b(), tape.c(), tape.d(), tape.x0(), tape.y0()},
        "tape gradient");
    double[] v = in.direction();
    var forward = Rk4ModelDerivatives.misfitJvp(at[0], at[1], at[2], at[3], at[4], at[5], in.h(), in.observed(),
        v[0], v[1], v[2], v[3], v[4], v[5]);
    assertClose(primal, forward.value(), EXACT, "forward value");
    assertClose(dot(handGradient, v), forward.tangent(), EXACT, "forward JVP vs hand-written gradient · direction");

    // the same model with its right-hand side in helpers (inlined): the same values and gradients
    var helpers = dev.adjoint.benchmarks.scalar.Rk4HelperModelDerivatives.misfitGradient(at[0], at[1], at[2], at[3],
        at[4], at[5], in.h(), in.observed());
    assertClose(primal, helpers.value(), EXACT, "helpers value");
    assertAllClose(handGradient, new double[] {helpers.a(), helpers.b(), helpers.c(), helpers.d(), helpers.x0(),
        helpers.y0()}, "helpers gradient");
    var array = dev.adjoint.benchmarks.scalar.Rk4HelperModelDerivatives.misfitArrayGradient(at[0], at[1], at[2], at[3],
        at[4], at[5], in.h(), in.observed());
    assertClose(primal, array.value(), EXACT, "array helper value");
    assertAllClose(handGradient, new double[] {array.a(), array.b(), array.c(), array.d(), array.x0(), array.y0()},
        "array helper gradient");
  }

  @Test
  void crr() {
    Workloads.Crr in = Workloads.crr();
    double[] at = {in.s0(), in.k(), in.r(), in.sigma(), in.t()};
    java.util.function.ToDoubleFunction<double[]> f = q -> CrrModel.americanPut(q[0], q[1], q[2], q[3], q[4], in.steps());
    double primal = f.applyAsDouble(at);
    HandWritten.CrrGradient hand = HandWritten.crr(at[0], at[1], at[2], at[3], at[4], in.steps());
    assertClose(primal, hand.value(), EXACT, "hand-written value");
    double[] handGradient = {hand.s0(), hand.k(), hand.r(), hand.sigma(), hand.t()};
    // a put: delta in (-1, 0), vega and theta (here d/dT) positive, rho negative
    assertTrue(hand.s0() < 0 && hand.s0() > -1 && hand.sigma() > 0 && hand.r() < 0 && hand.t() > 0,
        java.util.Arrays.toString(handGradient));
    checkAgainstCentralDifferences(f, at, handGradient, in.direction(), "crr");

    var reverse = CrrModelDerivatives.americanPutGradient(at[0], at[1], at[2], at[3], at[4], in.steps());
    assertClose(primal, reverse.value(), EXACT, "reverse value");
    assertAllClose(handGradient, new double[] {reverse.s0(), reverse.k(), reverse.r(), reverse.sigma(), reverse.t()},
        "reverse gradient");
    var tape = dev.adjoint.benchmarks.scalar.taped.CrrModelDerivatives.americanPutGradient(at[0], at[1], at[2], at[3],
        at[4], in.steps());
    assertClose(primal, tape.value(), EXACT, "tape value");
    assertAllClose(handGradient, new double[] {tape.s0(), tape.k(), tape.r(), tape.sigma(), tape.t()},
        "tape gradient");
    double[] v = in.direction();
    var forward = CrrModelDerivatives.americanPutJvp(at[0], at[1], at[2], at[3], at[4], in.steps(),
        v[0], v[1], v[2], v[3], v[4]);
    assertClose(primal, forward.value(), EXACT, "forward value");
    assertClose(dot(handGradient, v), forward.tangent(), EXACT, "forward JVP vs hand-written gradient · direction");
  }

  /**
   * Every coordinate and the direction {@code v} of a gradient against central differences. The
   * tree is piecewise smooth in its inputs (a node's exercise decision can flip), so the step is
   * small enough for no decision to flip on these inputs, which the agreement itself confirms.
   */
  private static void checkAgainstCentralDifferences(java.util.function.ToDoubleFunction<double[]> f, double[] at,
      double[] gradient, double[] v, String what) {
    for (int i = 0; i < at.length; i++) {
      int coordinate = i;
      double fd = central(t -> {
        double[] q = at.clone();
        q[coordinate] += t;
        return f.applyAsDouble(q);
      });
      assertClose(fd, gradient[i], FD, what + ": hand-written gradient[" + i + "] vs central differences");
    }
    assertClose(central(t -> f.applyAsDouble(along(at, v, t))), dot(gradient, v), FD,
        what + ": hand-written gradient along the direction vs central differences");
  }

  /** The benchmarks' inputs are never modified by any variant (each call sees the same data). */
  /** The record forms of the MLP give the plain-array gradient bit for bit (same arithmetic, same order). */
  @Test
  void mlpAsRecords() {
    Workloads.Mlp in = Workloads.mlp();
    MlpModelDerivatives.LossGradient arrays =
        MlpModelDerivatives.lossGradient(in.w1(), in.b1(), in.w2(), in.b2(), in.x(), in.y());
    var model = new dev.adjoint.benchmarks.scalar.MlpRecordModel(in.w1(), in.b1(), in.w2(), in.b2());
    var record = dev.adjoint.benchmarks.scalar.MlpRecordModelDerivatives.lossGradient(model, in.x(), in.y());
    assertEquals(arrays.value(), record.value());
    assertTrue(java.util.Arrays.deepEquals(arrays.w1(), record.self().w1()));
    assertTrue(java.util.Arrays.equals(arrays.b1(), record.self().b1()));
    assertTrue(java.util.Arrays.equals(arrays.w2(), record.self().w2()));
    assertEquals(arrays.b2(), record.self().b2());
    var units = dev.adjoint.benchmarks.scalar.MlpRecordModelDerivatives.unitsLossGradient(
        dev.adjoint.benchmarks.scalar.MlpBenchmark.units(in), in.b2(), in.x(), in.y());
    assertEquals(arrays.value(), units.value());
    assertEquals(arrays.b2(), units.b2());
    for (int k = 0; k < in.b1().length; k++) {
      assertTrue(java.util.Arrays.equals(arrays.w1()[k], units.units()[k].w()));
      assertEquals(arrays.b1()[k], units.units()[k].b());
      assertEquals(arrays.w2()[k], units.units()[k].out());
    }
  }

  @Test
  void inputsStayUnchanged() {
    Workloads.Mlp in = Workloads.mlp();
    MlpModelDerivatives.lossGradient(in.w1(), in.b1(), in.w2(), in.b2(), in.x(), in.y());
    HandWritten.mlp(in.w1(), in.b1(), in.w2(), in.b2(), in.x(), in.y());
    Workloads.Mlp fresh = Workloads.mlp();
    for (int k = 0; k < Workloads.MLP_HIDDEN; k++) {
      assertArrayEquals(fresh.w1()[k], in.w1()[k]);
    }
    assertArrayEquals(fresh.b1(), in.b1());
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static double central(DoubleUnaryOperator f) {
    double h = 1e-5;
    return (f.applyAsDouble(h) - f.applyAsDouble(-h)) / (2 * h);
  }

  private static double[] shifted(double[] v, int at, double t) {
    double[] c = v.clone();
    c[at] += t;
    return c;
  }

  private static double[] along(double[] v, double[] d, double t) {
    double[] c = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      c[i] = v[i] + t * d[i];
    }
    return c;
  }

  private static double[][] copy(double[][] v) {
    double[][] c = new double[v.length][];
    for (int i = 0; i < v.length; i++) {
      c[i] = v[i].clone();
    }
    return c;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double dot(double[][] a, double[][] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += dot(a[i], b[i]);
    }
    return s;
  }

  /** |expected - actual| ≤ tolerance · max(1, |expected|). */
  private static void assertClose(double expected, double actual, double tolerance, String what) {
    assertEquals(expected, actual, tolerance * Math.max(1, Math.abs(expected)), what);
  }

  private static void assertAllClose(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int i = 0; i < expected.length; i++) {
      assertClose(expected[i], actual[i], EXACT, what + "[" + i + "]");
    }
  }
}
