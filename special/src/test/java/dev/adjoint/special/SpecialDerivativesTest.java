package dev.adjoint.special;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The generated gradients of model code that calls the libraries' special functions, against
 * central differences of the model itself and against published constants. The models are compiled
 * with this module's jar on the class path, so the processor finds the partials through the jar's
 * {@code @DerivativeOf} index as a user's build does.
 */
class SpecialDerivativesTest {
  private static final int[] COUNTS = {0, 3, 1, 7, 2};

  /** Central difference of f at x, step relative to x. */
  private static double central(DoubleUnaryOperator f, double x) {
    double h = 1e-6 * Math.max(1, Math.abs(x));
    return (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) / (2 * h);
  }

  private static void close(double expected, double actual, String what) {
    assertTrue(Math.abs(expected - actual) <= 1e-6 * Math.max(1, Math.abs(expected)),
        what + ": central differences " + expected + ", generated " + actual);
  }

  @Test
  void commonsMath3() {
    var nb = LikelihoodsDerivatives.negativeBinomialGradient(2.5, 0.3, COUNTS);
    close(central(r -> Likelihoods.negativeBinomial(r, 0.3, COUNTS), 2.5), nb.r(), "negativeBinomial d r");
    close(central(p -> Likelihoods.negativeBinomial(2.5, p, COUNTS), 0.3), nb.p(), "negativeBinomial d p");
    var beta = LikelihoodsDerivatives.betaLogPdfGradient(0.3, 2.5, 1.7);
    close(central(a -> Likelihoods.betaLogPdf(0.3, a, 1.7), 2.5), beta.a(), "betaLogPdf d a");
    close(central(b -> Likelihoods.betaLogPdf(0.3, 2.5, b), 1.7), beta.b(), "betaLogPdf d b");
    var cdf = LikelihoodsDerivatives.normalCdfGradient(0.4, -0.2, 1.3);
    close(central(x -> Likelihoods.normalCdf(x, -0.2, 1.3), 0.4), cdf.x(), "normalCdf d x");
    close(central(s -> Likelihoods.normalCdf(0.4, -0.2, s), 1.3), cdf.sigma(), "normalCdf d sigma");
    for (double p : new double[] {0.1, 0.5, 0.93}) {
      close(central(Likelihoods::probit, p), LikelihoodsDerivatives.probitGradient(p).p(), "probit at " + p);
    }
    var between = LikelihoodsDerivatives.erfBetweenGradient(-0.3, 0.8);
    close(central(lo -> Likelihoods.erfBetween(lo, 0.8), -0.3), between.lo(), "erf(x1, x2) d x1");
    close(central(hi -> Likelihoods.erfBetween(-0.3, hi), 0.8), between.hi(), "erf(x1, x2) d x2 and erfcInv");
    for (double x : new double[] {0.7, 1.5, 2.2}) { // logGamma1p and invGamma1pm1 take [-0.5, 1.5]
      close(central(Likelihoods::gammas, x), LikelihoodsDerivatives.gammasGradient(x).x(),
          "gamma, digamma, logGamma1p, invGamma1pm1 at " + x);
    }
  }

  @Test
  void hipparchus() {
    var nb = HipparchusLikelihoodsDerivatives.negativeBinomialGradient(2.5, 0.3, COUNTS);
    close(central(r -> HipparchusLikelihoods.negativeBinomial(r, 0.3, COUNTS), 2.5), nb.r(), "negativeBinomial d r");
    var beta = HipparchusLikelihoodsDerivatives.betaLogPdfGradient(0.3, 2.5, 1.7);
    close(central(b -> HipparchusLikelihoods.betaLogPdf(0.3, 2.5, b), 1.7), beta.b(), "betaLogPdf d b");
    var cdf = HipparchusLikelihoodsDerivatives.normalCdfGradient(0.4, -0.2, 1.3);
    close(central(x -> HipparchusLikelihoods.normalCdf(x, -0.2, 1.3), 0.4), cdf.x(), "normalCdf d x");
    close(central(m -> HipparchusLikelihoods.normalCdf(0.4, m, 1.3), -0.2), cdf.mu(), "normalCdf d mu (erfInv)");
    for (double x : new double[] {0.2, 0.6}) {
      close(central(v -> HipparchusLikelihoods.gammas(v, 2.5, 1.7), x),
          HipparchusLikelihoodsDerivatives.gammasGradient(x, 2.5, 1.7).x(), "logGamma1p, logBeta, gamma, digamma at " + x);
    }
  }

  /**
   * The regularized incomplete functions, differentiated in x with their shapes passive: against
   * central differences and the closed forms of two special cases, the chi-square CDF with two
   * degrees of freedom (1 − e^(−x/2), density e^(−x/2)/2) and Student's t with one (Cauchy:
   * 1/2 + atan(t)/π, density 1/(π(1 + t²))).
   */
  @Test
  void regularizedFunctionsInX() {
    for (double x : new double[] {0.3, 1.3, 4.0}) {
      close(central(v -> Likelihoods.chiSquareCdf(v, 5), x), LikelihoodsDerivatives.chiSquareCdfGradient(x, 5).x(),
          "chi-square(5) CDF at " + x);
      close(central(v -> HipparchusLikelihoods.chiSquareCdf(v, 3), x),
          HipparchusLikelihoodsDerivatives.chiSquareCdfGradient(x, 3).x(), "chi-square(3) CDF at " + x);
      assertEquals(Math.exp(-x / 2) / 2, LikelihoodsDerivatives.chiSquareCdfGradient(x, 2).x(), 1e-12);
      assertEquals(Math.exp(-x / 2) / 2, HipparchusLikelihoodsDerivatives.chiSquareCdfGradient(x, 2).x(), 1e-12);
    }
    var survival = LikelihoodsDerivatives.gammaSurvivalGradient(1.7, 2.5, 0.8);
    close(central(v -> Likelihoods.gammaSurvival(v, 2.5, 0.8), 1.7), survival.x(), "gamma survival d x");
    close(central(r -> Likelihoods.gammaSurvival(1.7, 2.5, r), 0.8), survival.rate(), "gamma survival d rate");
    var hipSurvival = HipparchusLikelihoodsDerivatives.gammaSurvivalGradient(1.7, 2.5, 0.8);
    close(central(r -> HipparchusLikelihoods.gammaSurvival(1.7, 2.5, r), 0.8), hipSurvival.rate(), "gamma survival d rate");
    for (double t : new double[] {0.2, 1.1, 3.5}) {
      close(central(v -> Likelihoods.studentTCdf(v, 4.5), t), LikelihoodsDerivatives.studentTCdfGradient(t, 4.5).t(),
          "Student t(4.5) CDF at " + t);
      close(central(v -> HipparchusLikelihoods.studentTCdf(v, 7), t),
          HipparchusLikelihoodsDerivatives.studentTCdfGradient(t, 7).t(), "Student t(7) CDF at " + t);
      assertEquals(1 / (Math.PI * (1 + t * t)), LikelihoodsDerivatives.studentTCdfGradient(t, 1).t(), 1e-10);
      assertEquals(1 / (Math.PI * (1 + t * t)), HipparchusLikelihoodsDerivatives.studentTCdfGradient(t, 1).t(), 1e-10);
    }
    // the limits at the ends of the support
    assertEquals(1.0, CommonsMath3Special.regularizedGammaP(1.0, 0.0), 0.0);
    assertEquals(Double.POSITIVE_INFINITY, CommonsMath3Special.regularizedGammaQ(0.5, 0.0) * -1, 0.0);
    assertEquals(Double.POSITIVE_INFINITY, HipparchusSpecial.regularizedBeta(0.0, 0.5, 2.0), 0.0);
    assertEquals(0.0, HipparchusSpecial.regularizedBeta(1.0, 0.5, 2.0), 0.0);
  }

  @Test
  void publishedConstants() {
    // d/dx log Γ(x) at 1 is ψ(1) = −γ (Euler–Mascheroni); ψ'(1) = π²/6; erf'(0) = 2/√π; Γ'(1) = −γ
    // (both libraries' digamma is accurate to about 3e-9 near 1: the tolerance is theirs)
    double eulerGamma = 0.5772156649015329;
    assertEquals(-eulerGamma, CommonsMath3Special.logGamma(1.0), 1e-8);
    assertEquals(-eulerGamma, HipparchusSpecial.logGamma(1.0), 1e-8);
    assertEquals(Math.PI * Math.PI / 6, CommonsMath3Special.digamma(1.0), 1e-8);
    assertEquals(1.1283791670955126, CommonsMath3Special.erf(0.0), 1e-16);
    assertEquals(-eulerGamma, CommonsMath3Special.gamma(1.0), 1e-8);
    // d/dy erf⁻¹(y) at 0 is √π/2; d/dp log B(p, q) at (1, 1) is ψ(1) − ψ(2) = −1
    assertEquals(0.886226925452758, HipparchusSpecial.erfInv(0.0), 1e-15);
    assertEquals(-1.0, CommonsMath3Special.logBetaA(1.0, 1.0), 1e-8);
  }
}
