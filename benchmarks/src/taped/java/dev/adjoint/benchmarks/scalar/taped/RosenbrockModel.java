package dev.adjoint.benchmarks.scalar.taped;

import dev.adjoint.Differentiable;

/**
 * Workload 2: the extended Rosenbrock function (Moré, Garbow and Hillstrom, problem 21): for
 * each pair (x[2i], x[2i+1]), 100 (x[2i+1] - x[2i]²)² + (1 - x[2i])².
 *
 * <p>Keep this file identical (but for the package) to {@code src/taped/java/.../taped/RosenbrockModel.java}
 * ({@code TapedCopiesTest} checks it).
 */
public final class RosenbrockModel {
  private RosenbrockModel() {}

  @Differentiable
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
