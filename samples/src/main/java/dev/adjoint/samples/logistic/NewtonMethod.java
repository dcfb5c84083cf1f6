package dev.adjoint.samples.logistic;

/**
 * Newton's method on {@link LogisticModel#loss}: each step solves H d = ∇f with the generated
 * Hessian ({@code lossHessian}, over w then b) and gradient, and moves by −t d, t = 1 unless that
 * does not decrease the loss enough (then halved). The loss is convex
 * (strictly, with the L2 term), so H is positive definite and a Cholesky factorization solves it.
 */
final class NewtonMethod {
  private NewtonMethod() {}

  /** The parameters after {@code steps} steps, the training loss before each step and after the last. */
  record Result(double[] w, double b, double[] losses, double gradientNorm) {}

  static Result train(Dataset train, double l2, int steps) {
    double[] w = new double[train.x()[0].length];
    // start from the base rate's log-odds, not b = 0: there every logit z is exactly 0, where the
    // loss's max(z, 0) and |z| have kinks, and their derivatives there (one branch each) give the
    // data no curvature at all, a singular Hessian
    double positives = 0;
    for (double label : train.y()) {
      positives += label;
    }
    double b = Math.log(positives / (train.size() - positives));
    double[] losses = new double[steps + 1];
    for (int step = 0; ; step++) {
      LogisticModelDerivatives.LossGradient g =
          LogisticModelDerivatives.lossGradient(w, b, train.x(), train.y(), l2);
      losses[step] = g.value();
      double[] gradient = new double[w.length + 1];
      System.arraycopy(g.w(), 0, gradient, 0, w.length);
      gradient[w.length] = g.b();
      if (step == steps) {
        return new Result(w, b, losses, norm(gradient));
      }
      double[] d = solveCholesky(LogisticModelDerivatives.lossHessian(w, b, train.x(), train.y(), l2), gradient);
      // backtracking (Armijo): a full step from far away can overshoot into the flat tails of the
      // sigmoid; near the optimum the full step is taken and convergence is quadratic
      double slope = 0;
      for (int j = 0; j < d.length; j++) {
        slope += gradient[j] * d[j];
      }
      double t = 1;
      double[] next = new double[w.length];
      while (true) {
        for (int j = 0; j < w.length; j++) {
          next[j] = w[j] - t * d[j];
        }
        if (LogisticModel.loss(next, b - t * d[w.length], train.x(), train.y(), l2) <= g.value() - 1e-4 * t * slope
            || t < 1e-10) {
          break;
        }
        t /= 2;
      }
      w = next;
      b -= t * d[w.length];
    }
  }

  /** Solves A x = r for a symmetric positive-definite A (A is overwritten by its factor). */
  static double[] solveCholesky(double[][] a, double[] r) {
    int n = r.length;
    for (int j = 0; j < n; j++) {
      double diagonal = a[j][j];
      for (int k = 0; k < j; k++) {
        diagonal -= a[j][k] * a[j][k];
      }
      if (!(diagonal > 0)) {
        throw new IllegalArgumentException("the Hessian is not positive definite (pivot " + j + ")");
      }
      a[j][j] = Math.sqrt(diagonal);
      for (int i = j + 1; i < n; i++) {
        double s = a[i][j];
        for (int k = 0; k < j; k++) {
          s -= a[i][k] * a[j][k];
        }
        a[i][j] = s / a[j][j];
      }
    }
    double[] x = r.clone();
    for (int i = 0; i < n; i++) { // L y = r
      for (int k = 0; k < i; k++) {
        x[i] -= a[i][k] * x[k];
      }
      x[i] /= a[i][i];
    }
    for (int i = n - 1; i >= 0; i--) { // Lᵀ x = y
      for (int k = i + 1; k < n; k++) {
        x[i] -= a[k][i] * x[k];
      }
      x[i] /= a[i][i];
    }
    return x;
  }

  private static double norm(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }
}
