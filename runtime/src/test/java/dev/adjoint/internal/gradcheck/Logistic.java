package dev.adjoint.internal.gradcheck;

import dev.adjoint.Differentiable;
import dev.adjoint.GradCheck;

/** A model as users write it; {@link LogisticDerivatives} is what the processor generates for it. */
final class Logistic {
  private Logistic() {}

  @Differentiable(wrt = {"w", "b"})
  @GradCheck({"w=[0.1, 0.2], b=0.5, x=[1, 2], y=1", "w=[-1, 3], b=0, x=[0.5, -2], y=0"})
  static double loss(double[] w, double b, double[] x, double y) {
    double z = b;
    for (int i = 0; i < w.length; i++) {
      z += w[i] * x[i];
    }
    double p = 1 / (1 + Math.exp(-z));
    return -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
  }

  /** No samples and only double/double[] parameters: checked at random samples. */
  @Differentiable
  static double scaledLogSum(double a, double[] v) {
    double sum = 0;
    for (double vi : v) {
      sum += Math.log(vi);
    }
    return a * sum;
  }
}
