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

  /** P(χ²_k ≤ x), the chi-square CDF with k degrees of freedom: only x is differentiated. */
  @Differentiable(wrt = "x")
  static double chiSquareCdf(double x, int k) {
    return Gamma.regularizedGammaP(k / 2.0, x / 2);
  }

  /** Survival function of a Gamma(shape, rate) variable at x; the shape is fixed by the model. */
  @Differentiable(wrt = {"x", "rate"})
  static double gammaSurvival(double x, double shape, double rate) {
    return Gamma.regularizedGammaQ(shape, rate * x, 1e-14, 10000);
  }

  /** P(T ≤ t) for Student's t with nu degrees of freedom and t ≥ 0, through the regularized beta. */
  @Differentiable(wrt = "t")
  static double studentTCdf(double t, double nu) {
    return 1 - 0.5 * Beta.regularizedBeta(nu / (nu + t * t), nu / 2, 0.5);
  }
}
