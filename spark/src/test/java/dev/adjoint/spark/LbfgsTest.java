package dev.adjoint.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The driver loops on the driver alone (no Spark): functions whose minimisers are known. */
class LbfgsTest {

  /** f(x) = sum a_i (x_i - c_i)^2 + (x_0 - x_1)^2: minimum solved by hand below. */
  private static Objective quadratic() {
    return x -> {
      double[] g = new double[3];
      double value = 0;
      double[] a = {1, 4, 0.5};
      double[] c = {1, -2, 3};
      for (int i = 0; i < 3; i++) {
        value += a[i] * (x[i] - c[i]) * (x[i] - c[i]);
        g[i] = 2 * a[i] * (x[i] - c[i]);
      }
      value += (x[0] - x[1]) * (x[0] - x[1]);
      g[0] += 2 * (x[0] - x[1]);
      g[1] -= 2 * (x[0] - x[1]);
      return new Objective.Value(value, g);
    };
  }

  /**
   * Stationarity: 2(x0 - 1) + 2(x0 - x1) = 0, 8(x1 + 2) - 2(x0 - x1) = 0, x2 = 3, i.e.
   * 2 x0 - x1 = 1 and -x0 + 5 x1 = -8: x0 = -1/3, x1 = -5/3.
   */
  private static final double[] MINIMUM = {-1.0 / 3, -5.0 / 3, 3};

  @Test
  void lbfgsFindsTheMinimumOfAQuadratic() {
    double[] start = {10, 10, 10};
    Lbfgs.Result result = new Lbfgs().tolerance(1e-12).maxIterations(200).minimize(quadratic(), start);
    for (int i = 0; i < 3; i++) {
      assertEquals(MINIMUM[i], result.params()[i], 1e-6);
    }
    assertEquals(10, start[0], 0, "the start is not changed");
    assertEquals(result.iterations() + 1, result.valueHistory().length);
  }

  /** Rosenbrock's valley, the classic hard case for line searches: minimum at (1, 1). */
  @Test
  void lbfgsFollowsRosenbrocksValley() {
    Objective rosenbrock = x -> {
      double a = 1 - x[0];
      double b = x[1] - x[0] * x[0];
      return new Objective.Value(a * a + 100 * b * b, new double[] {-2 * a - 400 * x[0] * b, 200 * b});
    };
    Lbfgs.Result result = new Lbfgs().tolerance(1e-12).maxIterations(500).minimize(rosenbrock, new double[] {-1.2, 1});
    assertEquals(1, result.params()[0], 1e-5);
    assertEquals(1, result.params()[1], 1e-5);
  }

  @Test
  void gradientDescentConverges() {
    GradientDescent.Result result = new GradientDescent(0.05).minimize(quadratic(), new double[3], 2000);
    for (int i = 0; i < 3; i++) {
      assertEquals(MINIMUM[i], result.params()[i], 1e-9);
    }
    assertTrue(result.valueHistory()[0] > result.valueHistory()[1999]);
  }

  @Test
  void badArgumentsNameTheProblem() {
    assertThrows(IllegalArgumentException.class, () -> new Lbfgs().memory(0));
    assertThrows(IllegalArgumentException.class, () -> new Lbfgs().tolerance(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> new Lbfgs().minimize(quadratic(), new double[0]));
    assertThrows(IllegalArgumentException.class, () -> new GradientDescent(-1));
    IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
        () -> new Lbfgs().minimize(x -> new Objective.Value(0, new double[5]), new double[2]));
    assertTrue(wrong.getMessage().contains("length 5"), wrong.getMessage());
  }
}
