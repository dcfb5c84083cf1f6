package dev.adjoint.samples.tape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/**
 * loss = (1/n) Σ_k (s_k - 1)², s_k = σ(x·w_k), so dloss/dw_k = (2/n) (s_k - 1) s_k (1 - s_k) x,
 * with x = [1, 2, 3].
 */
class PerceptronGradientsTest {
  private static final double[] X = {1, 2, 3};

  private static double[] rowByHand(double[] w, int outputs) {
    double z = X[0] * w[0] + X[1] * w[1] + X[2] * w[2];
    double s = 1 / (1 + Math.exp(-z));
    double factor = 2.0 / outputs * (s - 1) * s * (1 - s);
    return new double[] {factor * X[0], factor * X[1], factor * X[2]};
  }

  @Test
  void oneOutput() {
    double[] w = {0.1, -0.2, 0.3};
    assertArrayEquals(
        rowByHand(w, 1), PerceptronGradients.weightGradient(new double[][] {w}).toArray(), 1e-12);
  }

  @Test
  void twoOutputs() {
    double[] w0 = {0.1, -0.2, 0.3};
    double[] w1 = {-0.5, 0.4, 0.0};
    double[] expected = new double[6];
    System.arraycopy(rowByHand(w0, 2), 0, expected, 0, 3);
    System.arraycopy(rowByHand(w1, 2), 0, expected, 3, 3);
    assertArrayEquals(
        expected, PerceptronGradients.weightGradient(new double[][] {w0, w1}).toArray(), 1e-12);
  }
}
