package dev.adjoint.benchmarks.scalar.taped;

import dev.adjoint.Differentiable;

/**
 * Workload 8: an American put on a Cox–Ross–Rubinstein binomial tree of {@code steps} levels
 * (500 in the benchmark). Its gradient with respect to spot, strike, rate, volatility and maturity
 * holds the Greeks delta, the strike sensitivity, rho, vega and minus theta.
 *
 * <p>The spot at node (level n, i up-moves) is {@code s0 u^(2i - n)}, read from a table of the
 * {@code 2 steps + 1} possible prices; the backward induction overwrites one array of option values
 * level by level, each the larger of continuation and early exercise.
 *
 * <p>Keep this file identical (but for the package) to {@code src/taped/java/.../taped/CrrModel.java}
 * ({@code TapedCopiesTest} checks it).
 */
public final class CrrModel {
  private CrrModel() {}

  @Differentiable(wrt = {"s0", "k", "r", "sigma", "t"})
  public static double americanPut(double s0, double k, double r, double sigma, double t, int steps) {
    double dt = t / steps;
    double u = Math.exp(sigma * Math.sqrt(dt));
    double d = 1 / u;
    double disc = Math.exp(-r * dt);
    double p = (Math.exp(r * dt) - d) / (u - d);
    double q = 1 - p;
    double[] spot = new double[2 * steps + 1];
    for (int j = 0; j <= 2 * steps; j++) {
      spot[j] = s0 * Math.pow(u, j - steps);
    }
    double[] v = new double[steps + 1];
    for (int i = 0; i <= steps; i++) {
      v[i] = Math.max(k - spot[2 * i], 0);
    }
    for (int n = steps - 1; n >= 0; n--) {
      for (int i = 0; i <= n; i++) {
        double hold = disc * (p * v[i + 1] + q * v[i]);
        double exercise = k - spot[2 * i - n + steps];
        v[i] = Math.max(hold, exercise);
      }
    }
    return v[0];
  }
}
