package dev.adjoint.benchmarks.scalar;

import dev.adjoint.Differentiable;

/**
 * Workload 3 ({@link MlpModel}) written as objects: the weights in a record with an instance
 * {@code loss}, and the hidden units as an array of records. The same arithmetic in the same order,
 * so the gradients equal {@link MlpModel}'s bit for bit; the benchmark measures what the records cost.
 */
public record MlpRecordModel(double[][] w1, double[] b1, double[] w2, double b2) {
  /** One hidden unit: its input weights, its bias, its output weight. */
  public record Unit(double[] w, double b, double out) {}

  @Differentiable(wrt = "this")
  public double loss(double[][] x, double[] y) {
    double[] h = new double[b1.length];
    double total = 0;
    for (int s = 0; s < x.length; s++) {
      for (int k = 0; k < b1.length; k++) {
        double a = b1[k];
        for (int j = 0; j < x[s].length; j++) {
          a += w1[k][j] * x[s][j];
        }
        h[k] = Math.tanh(a);
      }
      double out = b2;
      for (int k = 0; k < b1.length; k++) {
        out += w2[k] * h[k];
      }
      double e = out - y[s];
      total += 0.5 * e * e;
    }
    return total / x.length;
  }

  @Differentiable(wrt = {"units", "b2"})
  public static double unitsLoss(Unit[] units, double b2, double[][] x, double[] y) {
    double[] h = new double[units.length];
    double total = 0;
    for (int s = 0; s < x.length; s++) {
      for (int k = 0; k < units.length; k++) {
        double a = units[k].b();
        for (int j = 0; j < x[s].length; j++) {
          a += units[k].w()[j] * x[s][j];
        }
        h[k] = Math.tanh(a);
      }
      double out = b2;
      for (int k = 0; k < units.length; k++) {
        out += units[k].out() * h[k];
      }
      double e = out - y[s];
      total += 0.5 * e * e;
    }
    return total / x.length;
  }
}
