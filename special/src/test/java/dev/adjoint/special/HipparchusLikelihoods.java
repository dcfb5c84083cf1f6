package dev.adjoint.special;

import dev.adjoint.Differentiable;
import org.hipparchus.special.Beta;
import org.hipparchus.special.Erf;
import org.hipparchus.special.Gamma;

/** The same model code on Hipparchus. */
final class HipparchusLikelihoods {
  private HipparchusLikelihoods() {}

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

  @Differentiable
  static double normalCdf(double x, double mu, double sigma) {
    return 0.5 * Erf.erfc(-(x - mu) / (sigma * Math.sqrt(2))) + Erf.erf(x) - Erf.erfInv(0.5 * Erf.erf(mu));
  }

  @Differentiable(wrt = "x")
  static double gammas(double x, double a, double b) {
    return Gamma.logGamma1p(x) * Beta.logBeta(a * x, b) + Gamma.gamma(a + x) + Gamma.digamma(x + 1);
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
    return 1 - 0.5 * Beta.regularizedBeta(nu / (nu + t * t), nu / 2, 0.5, 1e-15, 10000);
  }
}
