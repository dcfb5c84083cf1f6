package dev.adjoint.special;

import dev.adjoint.DerivativeOf;
import org.hipparchus.special.Beta;
import org.hipparchus.special.Erf;
import org.hipparchus.special.Gamma;

/**
 * Derivatives of Hipparchus's special functions ({@code org.hipparchus.special.Gamma}, {@code Beta},
 * {@code Erf}), found by the processor through this jar's {@code @DerivativeOf} index: with this jar on
 * the compile class path, {@code @Differentiable} code may call them on active values. Each partial
 * is the closed form (digamma for log Γ, trigamma for digamma). The regularized incomplete
 * functions ({@code regularizedGammaP/Q}, {@code regularizedBeta}, every overload) have their
 * derivative in x, the density; their derivatives in the shape parameters have no closed form, so
 * the shapes must carry no derivative at the call (a constant, a degrees-of-freedom count, a
 * parameter outside {@code wrt}): the processor reports an error at a shape that does.
 */
public final class HipparchusSpecial {
  private HipparchusSpecial() {}

  @DerivativeOf("org.hipparchus.special.Gamma.logGamma")
  public static double logGamma(double x) {
    return Gamma.digamma(x);
  }

  @DerivativeOf("org.hipparchus.special.Gamma.gamma")
  public static double gamma(double x) {
    return Gamma.gamma(x) * Gamma.digamma(x);
  }

  @DerivativeOf("org.hipparchus.special.Gamma.digamma")
  public static double digamma(double x) {
    return Gamma.trigamma(x);
  }

  @DerivativeOf("org.hipparchus.special.Gamma.logGamma1p")
  public static double logGamma1p(double x) {
    return Gamma.digamma(1 + x);
  }

  /** invGamma1pm1(x) = 1/Γ(1 + x) − 1. */
  @DerivativeOf("org.hipparchus.special.Gamma.invGamma1pm1")
  public static double invGamma1pm1(double x) {
    return -Gamma.digamma(1 + x) * (Gamma.invGamma1pm1(x) + 1);
  }

  @DerivativeOf("org.hipparchus.special.Beta.logBeta")
  public static double logBetaA(double a, double b) {
    return Gamma.digamma(a) - Gamma.digamma(a + b);
  }

  @DerivativeOf(value = "org.hipparchus.special.Beta.logBeta", argument = 1)
  public static double logBetaB(double a, double b) {
    return Gamma.digamma(b) - Gamma.digamma(a + b);
  }

  @DerivativeOf("org.hipparchus.special.Erf.erf")
  public static double erf(double x) {
    return SpecialPartials.erfPrime(x);
  }

  @DerivativeOf("org.hipparchus.special.Erf.erfc")
  public static double erfc(double x) {
    return -SpecialPartials.erfPrime(x);
  }

  /** erf(x1, x2) = erf(x2) − erf(x1). */
  @DerivativeOf("org.hipparchus.special.Erf.erf")
  public static double erfFrom(double x1, double x2) {
    return -SpecialPartials.erfPrime(x1);
  }

  @DerivativeOf(value = "org.hipparchus.special.Erf.erf", argument = 1)
  public static double erfTo(double x1, double x2) {
    return SpecialPartials.erfPrime(x2);
  }

  @DerivativeOf("org.hipparchus.special.Erf.erfInv")
  public static double erfInv(double x) {
    return SpecialPartials.erfInvPrime(Erf.erfInv(x));
  }

  @DerivativeOf("org.hipparchus.special.Erf.erfcInv")
  public static double erfcInv(double x) {
    return -SpecialPartials.erfInvPrime(Erf.erfcInv(x));
  }

  /** d P(a, x)/dx = x^(a−1) e^(−x) / Γ(a), the Gamma(a, 1) density. */
  @DerivativeOf(value = "org.hipparchus.special.Gamma.regularizedGammaP", argument = 1)
  public static double regularizedGammaP(double a, double x) {
    return SpecialPartials.gammaDensity(a, x, Gamma.logGamma(a));
  }

  @DerivativeOf(value = "org.hipparchus.special.Gamma.regularizedGammaP", argument = 1)
  public static double regularizedGammaP(double a, double x, double epsilon, int maxIterations) {
    return SpecialPartials.gammaDensity(a, x, Gamma.logGamma(a));
  }

  /** Q = 1 − P. */
  @DerivativeOf(value = "org.hipparchus.special.Gamma.regularizedGammaQ", argument = 1)
  public static double regularizedGammaQ(double a, double x) {
    return -SpecialPartials.gammaDensity(a, x, Gamma.logGamma(a));
  }

  @DerivativeOf(value = "org.hipparchus.special.Gamma.regularizedGammaQ", argument = 1)
  public static double regularizedGammaQ(double a, double x, double epsilon, int maxIterations) {
    return -SpecialPartials.gammaDensity(a, x, Gamma.logGamma(a));
  }

  /** d I_x(a, b)/dx = x^(a−1) (1 − x)^(b−1) / B(a, b), the Beta(a, b) density. */
  @DerivativeOf("org.hipparchus.special.Beta.regularizedBeta")
  public static double regularizedBeta(double x, double a, double b) {
    return SpecialPartials.betaDensity(x, a, b, Beta.logBeta(a, b));
  }

  @DerivativeOf("org.hipparchus.special.Beta.regularizedBeta")
  public static double regularizedBeta(double x, double a, double b, double epsilon) {
    return SpecialPartials.betaDensity(x, a, b, Beta.logBeta(a, b));
  }

  @DerivativeOf("org.hipparchus.special.Beta.regularizedBeta")
  public static double regularizedBeta(double x, double a, double b, int maxIterations) {
    return SpecialPartials.betaDensity(x, a, b, Beta.logBeta(a, b));
  }

  @DerivativeOf("org.hipparchus.special.Beta.regularizedBeta")
  public static double regularizedBeta(double x, double a, double b, double epsilon, int maxIterations) {
    return SpecialPartials.betaDensity(x, a, b, Beta.logBeta(a, b));
  }
}
