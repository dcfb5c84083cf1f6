package dev.adjoint.samples.greeks;

import dev.adjoint.Differentiable;
import java.util.Random;

/**
 * Monte-Carlo price of the same European call under the Black–Scholes model. Its generated
 * gradient is the pathwise (infinitesimal perturbation) estimator of the Greeks: every path's
 * payoff is differentiated with the standard normals held fixed.
 */
final class MonteCarlo {
  private MonteCarlo() {}

  /**
   * Discounted mean payoff over the terminal prices S_T = S exp((r - sigma^2/2) T + sigma sqrt(T) z)
   * of the given standard normals z (one per path; they are inputs, not differentiated).
   */
  @Differentiable(wrt = {"spot", "sigma", "rate", "maturity"})
  static double price(double spot, double strike, double rate, double sigma, double maturity, double[] z) {
    double drift = (rate - 0.5 * sigma * sigma) * maturity;
    double volSqrtT = sigma * Math.sqrt(maturity);
    double sum = 0;
    for (int i = 0; i < z.length; i++) {
      double terminal = spot * Math.exp(drift + volSqrtT * z[i]);
      sum += Math.max(terminal - strike, 0);
    }
    return Math.exp(-rate * maturity) * sum / z.length;
  }

  /** {@code paths} standard normal draws, reproducible from {@code seed}. */
  static double[] normals(int paths, long seed) {
    Random random = new Random(seed);
    double[] z = new double[paths];
    for (int i = 0; i < paths; i++) {
      z[i] = random.nextGaussian();
    }
    return z;
  }
}
