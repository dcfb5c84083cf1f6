package dev.adjoint.samples.logistic;

import dev.adjoint.Differentiable;
import dev.adjoint.GradCheck;

/**
 * Logistic regression, p(benign | x) = sigmoid(w·x + b), written as plain loops; the annotation
 * processor generates its gradient, and ({@code order = 2}) its Hessian for Newton's method, into
 * {@code LogisticModelDerivatives}.
 */
public final class LogisticModel {
  private LogisticModel() {}

  /**
   * Mean binary cross-entropy of the logits z = w·x + b against labels y in {0, 1}, plus
   * (l2 / 2) |w|^2. Per row, -[y log sigmoid(z) + (1 - y) log(1 - sigmoid(z))] is computed as
   * max(z, 0) - y z + log1p(exp(-|z|)), which neither overflows nor takes the log of 0.
   */
  @Differentiable(wrt = {"w", "b"}, order = 2)
  // logits z = 1.1, -0.525, 1.35: both labels, both signs of z, away from the kinks of max and abs at 0
  @GradCheck("w=[0.5, -0.25], b=0.1, x=[[1, -2], [-0.5, 1.5], [2, -1]], y=[1, 0, 1], l2=0.001")
  static double loss(double[] w, double b, double[][] x, double[] y, double l2) {
    double total = 0;
    for (int i = 0; i < x.length; i++) {
      double z = b;
      for (int j = 0; j < w.length; j++) {
        z += w[j] * x[i][j];
      }
      total += Math.max(z, 0) - y[i] * z + Math.log1p(Math.exp(-Math.abs(z)));
    }
    double squares = 0;
    for (int j = 0; j < w.length; j++) {
      squares += w[j] * w[j];
    }
    return total / x.length + 0.5 * l2 * squares;
  }

  /** Share of rows whose predicted class (z >= 0 means 1) is the label. */
  static double accuracy(double[] w, double b, Dataset data) {
    int correct = 0;
    for (int i = 0; i < data.size(); i++) {
      double z = b;
      for (int j = 0; j < w.length; j++) {
        z += w[j] * data.x()[i][j];
      }
      if ((z >= 0 ? 1 : 0) == data.y()[i]) {
        correct++;
      }
    }
    return (double) correct / data.size();
  }
}
