package dev.adjoint.benchmarks.scalar;

import org.hipparchus.analysis.differentiation.Gradient;

/**
 * Workloads 1 and 2 in Hipparchus's forward mode: every differentiated input becomes a
 * {@link Gradient} with ONE free parameter t, valued x and with derivative dx (the direction), so
 * the result's derivative is the directional derivative ∇f·dx, exactly what the generated
 * {@code nameJvp} computes with the same direction. {@code Gradient} is Hipparchus's lightest
 * first-order type (a value and a {@code double[1]}); inputs are built inside the timed call,
 * as the generated JVP takes plain arrays too.
 */
public final class HipparchusForward {
  private HipparchusForward() {}

  /** {@link LogisticModel#loss} and its derivative along (dw, db). */
  public static Gradient logistic(double[] w, double b, double[][] x, double[] y, double[] dw, double db) {
    Gradient[] gw = new Gradient[w.length];
    for (int j = 0; j < w.length; j++) {
      gw[j] = new Gradient(w[j], dw[j]);
    }
    Gradient gb = new Gradient(b, db);
    Gradient total = gb.getField().getZero();
    for (int i = 0; i < x.length; i++) {
      Gradient z = gb;
      double[] row = x[i];
      for (int j = 0; j < w.length; j++) {
        z = z.add(gw[j].multiply(row[j]));
      }
      Gradient max = z.getReal() > 0 ? z : z.getField().getZero();
      total = total.add(max.subtract(z.multiply(y[i])).add(z.abs().negate().exp().log1p()));
    }
    return total.divide(x.length);
  }

  /** {@link RosenbrockModel#rosenbrock} and its derivative along dx. */
  public static Gradient rosenbrock(double[] x, double[] dx) {
    Gradient[] g = new Gradient[x.length];
    for (int i = 0; i < x.length; i++) {
      g[i] = new Gradient(x[i], dx[i]);
    }
    Gradient f = g.length > 0 ? g[0].getField().getZero() : new Gradient(0.0, 0.0);
    for (int i = 0; i + 1 < x.length; i += 2) {
      Gradient t1 = g[i + 1].subtract(g[i].square());
      Gradient t2 = g[i].negate().add(1);
      f = f.add(t1.square().multiply(100).add(t2.square()));
    }
    return f;
  }
}
