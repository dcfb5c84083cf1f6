package dev.adjoint.benchmarks.scalar;

import dev.adjoint.Differentiable;

/**
 * Workload 1: mean logistic-regression loss over {@code x.length} rows of {@code w.length}
 * features, written as plain loops. Per row, -[y log sigmoid(z) + (1 - y) log(1 - sigmoid(z))]
 * is computed as max(z, 0) - y z + log1p(exp(-|z|)), which neither overflows nor takes log 0.
 *
 * <p>Keep this file identical (but for the package) to {@code src/taped/java/.../taped/LogisticModel.java},
 * which the build compiles with {@code -Aadjoint.fallback=always} for the tape benchmarks
 * ({@code TapedCopiesTest} checks it).
 */
public final class LogisticModel {
  private LogisticModel() {}

  @Differentiable(wrt = {"w", "b"})
  public static double loss(double[] w, double b, double[][] x, double[] y) {
    double total = 0;
    for (int i = 0; i < x.length; i++) {
      double z = b;
      for (int j = 0; j < w.length; j++) {
        z += w[j] * x[i][j];
      }
      total += Math.max(z, 0) - y[i] * z + Math.log1p(Math.exp(-Math.abs(z)));
    }
    return total / x.length;
  }
}
