package dev.adjoint.special;

import dev.adjoint.Differentiable;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Erf;
import org.apache.commons.math3.special.Gamma;

/** Model code calling commons-math3's special functions, as a statistician writes it. */
final class Likelihoods {
  private Likelihoods() {}

  /** Negative-binomial log-likelihood of counts k with size r and success probability p. */
  @Differentiable
  static double negativeBinomial(double r, double p, int[] k) {
    double ll = 0;
    for (int ki : k) {
      ll += Gamma.logGamma(ki + r) - Gamma.logGamma(r) - Gamma.logGamma(ki + 1.0) + r * Math.log(p) + ki * Math.log1p(-p);
    }
    return ll;
  }

  @Differentiable
  static double betaLogPdf(double x, double a, double b) {
    return (a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - Beta.logBeta(a, b);
  }

  /** Probability that a normal(mu, sigma) variable is below x. */
  @Differentiable
  static double normalCdf(double x, double mu, double sigma) {
    return 0.5 * Erf.erfc(-(x - mu) / (sigma * Math.sqrt(2)));
  }

  @Differentiable
  static double probit(double p) {
    return Math.sqrt(2) * Erf.erfInv(2 * p - 1);
  }

  @Differentiable
  static double erfBetween(double lo, double hi) {
    return Erf.erf(lo, hi) + Erf.erfcInv(0.5 * Erf.erfc(hi));
  }

  @Differentiable
  static double gammas(double x) {
    return Gamma.gamma(x) + Gamma.digamma(x) + Gamma.logGamma1p(x - 1) + Gamma.invGamma1pm1(x - 1);
  }
}
