package dev.adjoint.benchmarks.scalar;

import dev.adjoint.Differentiable;

/**
 * Workload 3: a 2-layer MLP (inputs → tanh hidden layer → one linear output) with the mean
 * squared error over a batch, written as scalar loops over {@code double[][]}: {@code w1[k]} holds
 * hidden unit k's input weights, the hidden activations live in one buffer reused per row.
 *
 * <p>Keep this file identical (but for the package) to {@code src/taped/java/.../taped/MlpModel.java}
 * ({@code TapedCopiesTest} checks it).
 */
public final class MlpModel {
  private MlpModel() {}

  @Differentiable(wrt = {"w1", "b1", "w2", "b2"})
  public static double loss(double[][] w1, double[] b1, double[] w2, double b2, double[][] x, double[] y) {
    double[] h = new double[b1.length];
    double total = 0;
    for (int s = 0; s < x.length; s++) {
      for (int k = 0; k < b1.length; k++) {
        double a = b1[k];
        for (int j = 0; j < x[s].length; j++) {
          a += w1[k][j] * x[s][j];
        }
        h[k] = Math.tanh(a);
      }
      double out = b2;
      for (int k = 0; k < b1.length; k++) {
        out += w2[k] * h[k];
      }
      double e = out - y[s];
      total += 0.5 * e * e;
    }
    return total / x.length;
  }
}
