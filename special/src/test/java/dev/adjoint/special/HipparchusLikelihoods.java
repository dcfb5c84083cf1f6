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
}
