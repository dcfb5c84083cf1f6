package dev.adjoint.junit;

import dev.adjoint.Differentiable;
import dev.adjoint.GradCheck;

/** Correct models: one checked at random samples, one at its own samples. */
final class Models {
  private Models() {}

  @Differentiable
  static double softplus(double x) {
    return Math.log1p(Math.exp(x));
  }

  @Differentiable(wrt = "w")
  @GradCheck({"w=[0.5, -0.25], x=[[1, 2], [3, 4]]", "w=[0, 1], x=[[-1, 0.5]]"})
  static double quadratic(double[] w, double[][] x) {
    double s = 0;
    for (double[] row : x) {
      double z = 0;
      for (int j = 0; j < w.length; j++) {
        z += w[j] * row[j];
      }
      s += z * z;
    }
    return s;
  }
}
