package dev.adjoint.benchmarks.scalar;

/**
 * The gradients of the scalar workloads written by hand, the way a competent engineer would: one
 * fused pass where the math allows it, no stacks, fresh result arrays (as the generated code's
 * contract requires, so both sides allocate the same).
 */
public final class HandWritten {
  private HandWritten() {}

  /** Value and gradient of {@link LogisticModel#loss}. */
  public record LogisticGradient(double value, double[] w, double b) {}

  /** Per row: z = w·x + b, then d loss / dz = (sigmoid(z) - y) / m, scattered into dw and db. */
  public static LogisticGradient logistic(double[] w, double b, double[][] x, double[] y) {
    int m = x.length;
    double[] dw = new double[w.length];
    double db = 0;
    double total = 0;
    for (int i = 0; i < m; i++) {
      double[] row = x[i];
      double z = b;
      for (int j = 0; j < w.length; j++) {
        z += w[j] * row[j];
      }
      double e = Math.exp(-Math.abs(z));
      total += Math.max(z, 0) - y[i] * z + Math.log1p(e);
      double p = z >= 0 ? 1 / (1 + e) : e / (1 + e); // sigmoid(z), stable for both signs
      double r = (p - y[i]) / m;
      for (int j = 0; j < w.length; j++) {
        dw[j] += r * row[j];
      }
      db += r;
    }
    return new LogisticGradient(total / m, dw, db);
  }

  /** Value and gradient of {@link RosenbrockModel#rosenbrock}. */
  public record RosenbrockGradient(double value, double[] x) {}

  public static RosenbrockGradient rosenbrock(double[] x) {
    double[] dx = new double[x.length];
    double f = 0;
    for (int i = 0; i + 1 < x.length; i += 2) {
      double t1 = x[i + 1] - x[i] * x[i];
      double t2 = 1 - x[i];
      f += 100 * t1 * t1 + t2 * t2;
      dx[i] = -400 * x[i] * t1 - 2 * t2;
      dx[i + 1] = 200 * t1;
    }
    return new RosenbrockGradient(f, dx);
  }

  /** Value and gradient of {@link MlpModel#loss}. */
  public record MlpGradient(double value, double[][] w1, double[] b1, double[] w2, double b2) {}

  /** Backpropagation per row, reusing one hidden-activation buffer. */
  public static MlpGradient mlp(double[][] w1, double[] b1, double[] w2, double b2, double[][] x, double[] y) {
    int m = x.length;
    int hidden = b1.length;
    double[][] dw1 = new double[hidden][w1[0].length];
    double[] db1 = new double[hidden];
    double[] dw2 = new double[hidden];
    double db2 = 0;
    double[] h = new double[hidden];
    double total = 0;
    for (int s = 0; s < m; s++) {
      double[] row = x[s];
      double out = b2;
      for (int k = 0; k < hidden; k++) {
        double[] weights = w1[k];
        double a = b1[k];
        for (int j = 0; j < row.length; j++) {
          a += weights[j] * row[j];
        }
        h[k] = Math.tanh(a);
        out += w2[k] * h[k];
      }
      double e = out - y[s];
      total += 0.5 * e * e;
      double dout = e / m;
      db2 += dout;
      for (int k = 0; k < hidden; k++) {
        dw2[k] += dout * h[k];
        double da = dout * w2[k] * (1 - h[k] * h[k]);
        db1[k] += da;
        double[] dweights = dw1[k];
        for (int j = 0; j < row.length; j++) {
          dweights[j] += da * row[j];
        }
      }
    }
    return new MlpGradient(total / m, dw1, db1, dw2, db2);
  }
}
