package dev.adjoint.benchmarks.scalar;

import dev.adjoint.Differentiable;

/**
 * {@link Rk4Model} written the way most people write it: the right-hand side of the ODE in
 * helpers, called at each of the four stages. {@code misfit} calls two scalar helpers;
 * {@code misfitArray} one helper returning both derivatives as a fresh {@code double[]}. The
 * processor inlines both, so their gradients cost what the written-out model's does
 * ({@code Rk4Benchmark.reverseHelpers}, {@code reverseArrayHelper}).
 */
public final class Rk4HelperModel {
  private Rk4HelperModel() {}

  private static double prey(double a, double b, double x, double y) {
    return a * x - b * x * y;
  }

  private static double predator(double c, double d, double x, double y) {
    return d * x * y - c * y;
  }

  private static double[] rates(double a, double b, double c, double d, double x, double y) {
    return new double[] {a * x - b * x * y, d * x * y - c * y};
  }

  @Differentiable(wrt = {"a", "b", "c", "d", "x0", "y0"})
  public static double misfit(double a, double b, double c, double d, double x0, double y0, double h,
      double[] observed) {
    double x = x0;
    double y = y0;
    double total = 0;
    for (int t = 0; t < observed.length; t++) {
      double k1x = prey(a, b, x, y);
      double k1y = predator(c, d, x, y);
      double k2x = prey(a, b, x + 0.5 * h * k1x, y + 0.5 * h * k1y);
      double k2y = predator(c, d, x + 0.5 * h * k1x, y + 0.5 * h * k1y);
      double k3x = prey(a, b, x + 0.5 * h * k2x, y + 0.5 * h * k2y);
      double k3y = predator(c, d, x + 0.5 * h * k2x, y + 0.5 * h * k2y);
      double k4x = prey(a, b, x + h * k3x, y + h * k3y);
      double k4y = predator(c, d, x + h * k3x, y + h * k3y);
      x += h / 6 * (k1x + 2 * k2x + 2 * k3x + k4x);
      y += h / 6 * (k1y + 2 * k2y + 2 * k3y + k4y);
      double e = x - observed[t];
      total += e * e;
    }
    return total / observed.length;
  }

  @Differentiable(wrt = {"a", "b", "c", "d", "x0", "y0"})
  public static double misfitArray(double a, double b, double c, double d, double x0, double y0, double h,
      double[] observed) {
    double x = x0;
    double y = y0;
    double total = 0;
    for (int t = 0; t < observed.length; t++) {
      double[] k1 = rates(a, b, c, d, x, y);
      double[] k2 = rates(a, b, c, d, x + 0.5 * h * k1[0], y + 0.5 * h * k1[1]);
      double[] k3 = rates(a, b, c, d, x + 0.5 * h * k2[0], y + 0.5 * h * k2[1]);
      double[] k4 = rates(a, b, c, d, x + h * k3[0], y + h * k3[1]);
      x += h / 6 * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]);
      y += h / 6 * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1]);
      double e = x - observed[t];
      total += e * e;
    }
    return total / observed.length;
  }
}
