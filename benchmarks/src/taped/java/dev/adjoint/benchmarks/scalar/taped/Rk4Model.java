package dev.adjoint.benchmarks.scalar.taped;

import dev.adjoint.Differentiable;

/**
 * Workload 7: ODE sensitivity. The Lotka–Volterra predator–prey model {@code x' = a x - b x y},
 * {@code y' = d x y - c y}, integrated by 1000 classic Runge–Kutta (RK4) steps; the result is the
 * mean squared misfit of the prey {@code x} against observations, one per step. Its gradient with
 * respect to the four rates and the initial state is what fitting the model needs.
 *
 * <p>The right-hand side is written out at each stage; {@code Rk4HelperModel} is the same model
 * with it in helpers (inlined by the processor), timed against this one.
 *
 * <p>Keep this file identical (but for the package) to {@code src/taped/java/.../taped/Rk4Model.java}
 * ({@code TapedCopiesTest} checks it).
 */
public final class Rk4Model {
  private Rk4Model() {}

  @Differentiable(wrt = {"a", "b", "c", "d", "x0", "y0"})
  public static double misfit(double a, double b, double c, double d, double x0, double y0, double h,
      double[] observed) {
    double x = x0;
    double y = y0;
    double total = 0;
    for (int t = 0; t < observed.length; t++) {
      double k1x = a * x - b * x * y;
      double k1y = d * x * y - c * y;
      double x2 = x + 0.5 * h * k1x;
      double y2 = y + 0.5 * h * k1y;
      double k2x = a * x2 - b * x2 * y2;
      double k2y = d * x2 * y2 - c * y2;
      double x3 = x + 0.5 * h * k2x;
      double y3 = y + 0.5 * h * k2y;
      double k3x = a * x3 - b * x3 * y3;
      double k3y = d * x3 * y3 - c * y3;
      double x4 = x + h * k3x;
      double y4 = y + h * k3y;
      double k4x = a * x4 - b * x4 * y4;
      double k4y = d * x4 * y4 - c * y4;
      x += h / 6 * (k1x + 2 * k2x + 2 * k3x + k4x);
      y += h / 6 * (k1y + 2 * k2y + 2 * k3y + k4y);
      double e = x - observed[t];
      total += e * e;
    }
    return total / observed.length;
  }
}
