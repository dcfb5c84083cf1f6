package dev.adjoint.samples.greeks;

import dev.adjoint.Differentiable;
import dev.adjoint.GradCheck;
import java.util.Random;

/**
 * Monte-Carlo price of the same European call under the Black–Scholes model. Its generated
 * gradient is the pathwise (infinitesimal perturbation) estimator of the Greeks: every path's
 * payoff is differentiated with the standard normals held fixed.
 */
public final class MonteCarlo {
  private MonteCarlo() {}

  /**
   * Discounted mean payoff over the terminal prices S_T = S exp((r - sigma^2/2) T + sigma sqrt(T) z)
   * of the given standard normals z (one per path; they are inputs, not differentiated).
   */
  @Differentiable(wrt = {"spot", "sigma", "rate", "maturity"})
  // paths ending at about 79, 103, 115 and 142: three pay off, none is near the kink S_T = K
  @GradCheck("spot=100, strike=100, rate=0.05, sigma=0.2, maturity=1, z=[-1.3, 0.0, 0.55, 1.6]")
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
