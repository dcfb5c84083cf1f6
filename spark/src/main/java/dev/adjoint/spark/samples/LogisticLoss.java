package dev.adjoint.spark.samples;

import dev.adjoint.Differentiable;
import dev.adjoint.GradCheck;

/**
 * Logistic regression written once, per row, as plain Java; the annotation processor generates
 * {@code LogisticLossDerivatives} (gradients), which Spark tasks call like any static method.
 *
 * <p>The parameters are one vector {@code theta}: the coefficients {@code theta[0..d-1]}, then
 * the intercept {@code theta[d]} (MLlib's own per-row {@code LogisticGradient} appends the
 * intercept the same way), so the whole gradient is one array to sum.
 */
public final class LogisticLoss {
  private LogisticLoss() {}

  /**
   * Binary cross-entropy of the logit z = theta[0..d-1]·x + theta[d] against a label y in {0, 1},
   * as max(z, 0) - y z + log1p(exp(-|z|)), which neither overflows nor takes the log of 0.
   */
  @Differentiable(wrt = "theta")
  // logits 1.1 and -0.525: both labels, both signs of z, away from the kinks of max and abs at 0
  @GradCheck({"theta=[0.5, -0.25, 0.1], x=[1, -2], y=1", "theta=[0.5, -0.25, 0.1], x=[-0.5, 1.5], y=0"})
  public static double logLoss(double[] theta, double[] x, double y) {
    int d = x.length;
    double z = theta[d];
    for (int j = 0; j < d; j++) {
      z += theta[j] * x[j];
    }
    double e = Math.exp(-Math.abs(z));
    return Math.max(z, 0) - y * z + Math.log1p(e);
  }

  /**
   * The summed log-loss of a block of rows (x[i], y[i]): the loop of {@link #logLoss} over the
   * block, written inline so that the generated reverse pass allocates its gradient and stacks
   * once per block, not once per row.
   */
  @Differentiable(wrt = "theta")
  @GradCheck("theta=[0.5, -0.25, 0.1], x=[[1, -2], [-0.5, 1.5], [2, -1]], y=[1, 0, 1]")
  public static double blockLogLoss(double[] theta, double[][] x, double[] y) {
    int d = theta.length - 1;
    double total = 0;
    for (int i = 0; i < y.length; i++) {
      double z = theta[d];
      for (int j = 0; j < d; j++) {
        z += theta[j] * x[i][j];
      }
      double e = Math.exp(-Math.abs(z));
      total += Math.max(z, 0) - y[i] * z + Math.log1p(e);
    }
    return total;
  }

  /** (l2 / 2) |coefficients|^2; the intercept, theta's last entry, is not penalised (as in MLlib). */
  @Differentiable(wrt = "theta")
  @GradCheck("theta=[0.5, -0.25, 0.1], l2=0.3")
  public static double ridge(double[] theta, double l2) {
    double squares = 0;
    for (int j = 0; j < theta.length - 1; j++) {
      squares += theta[j] * theta[j];
    }
    return 0.5 * l2 * squares;
  }
}
