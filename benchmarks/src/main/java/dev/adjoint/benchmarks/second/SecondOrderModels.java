package dev.adjoint.benchmarks.second;

import dev.adjoint.Differentiable;

/**
 * The scalar workloads 1 and 2 ({@code scalar.LogisticModel}, {@code scalar.RosenbrockModel}),
 * the same bodies, with {@code order = 2}: their companion has {@code lossHvp},
 * {@code lossHessian}, {@code rosenbrockHvp} and {@code rosenbrockHessian} besides the
 * first-order methods.
 */
public final class SecondOrderModels {
  private SecondOrderModels() {}

  @Differentiable(wrt = {"w", "b"}, order = 2)
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

  @Differentiable(order = 2)
  public static double rosenbrock(double[] x) {
    double f = 0;
    for (int i = 0; i + 1 < x.length; i += 2) {
      double t1 = x[i + 1] - x[i] * x[i];
      double t2 = 1 - x[i];
      f += 100 * t1 * t1 + t2 * t2;
    }
    return f;
  }
}
