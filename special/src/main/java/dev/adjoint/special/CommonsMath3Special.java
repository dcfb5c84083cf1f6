package dev.adjoint.special;

import dev.adjoint.DerivativeOf;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Erf;
import org.apache.commons.math3.special.Gamma;

/**
 * Derivatives of commons-math3's special functions ({@code org.apache.commons.math3.special.Gamma}, {@code Beta},
 * {@code Erf}), found by the processor through this jar's {@code @DerivativeOf} index: with this jar on
 * the compile class path, {@code @Differentiable} code may call them on active values. Each partial
 * is the closed form (digamma for log Γ, trigamma for digamma). The regularized incomplete
 * functions ({@code regularizedGammaP/Q}, {@code regularizedBeta}) are not here: their derivatives
 * in the shape parameters have no closed form, and the processor needs one for every argument.
 */
public final class CommonsMath3Special {
  private CommonsMath3Special() {}

  @DerivativeOf("org.apache.commons.math3.special.Gamma.logGamma")
  public static double logGamma(double x) {
    return Gamma.digamma(x);
  }

  @DerivativeOf("org.apache.commons.math3.special.Gamma.gamma")
  public static double gamma(double x) {
    return Gamma.gamma(x) * Gamma.digamma(x);
  }

  @DerivativeOf("org.apache.commons.math3.special.Gamma.digamma")
  public static double digamma(double x) {
    return Gamma.trigamma(x);
  }

  @DerivativeOf("org.apache.commons.math3.special.Gamma.logGamma1p")
  public static double logGamma1p(double x) {
    return Gamma.digamma(1 + x);
  }

  /** invGamma1pm1(x) = 1/Γ(1 + x) − 1. */
  @DerivativeOf("org.apache.commons.math3.special.Gamma.invGamma1pm1")
  public static double invGamma1pm1(double x) {
    return -Gamma.digamma(1 + x) * (Gamma.invGamma1pm1(x) + 1);
  }

  @DerivativeOf("org.apache.commons.math3.special.Beta.logBeta")
  public static double logBetaA(double a, double b) {
    return Gamma.digamma(a) - Gamma.digamma(a + b);
  }

  @DerivativeOf(value = "org.apache.commons.math3.special.Beta.logBeta", argument = 1)
  public static double logBetaB(double a, double b) {
    return Gamma.digamma(b) - Gamma.digamma(a + b);
  }

  @DerivativeOf("org.apache.commons.math3.special.Erf.erf")
  public static double erf(double x) {
    return SpecialPartials.erfPrime(x);
  }

  @DerivativeOf("org.apache.commons.math3.special.Erf.erfc")
  public static double erfc(double x) {
    return -SpecialPartials.erfPrime(x);
  }

  /** erf(x1, x2) = erf(x2) − erf(x1). */
  @DerivativeOf("org.apache.commons.math3.special.Erf.erf")
  public static double erfFrom(double x1, double x2) {
    return -SpecialPartials.erfPrime(x1);
  }

  @DerivativeOf(value = "org.apache.commons.math3.special.Erf.erf", argument = 1)
  public static double erfTo(double x1, double x2) {
    return SpecialPartials.erfPrime(x2);
  }

  @DerivativeOf("org.apache.commons.math3.special.Erf.erfInv")
  public static double erfInv(double x) {
    return SpecialPartials.erfInvPrime(Erf.erfInv(x));
  }

  @DerivativeOf("org.apache.commons.math3.special.Erf.erfcInv")
  public static double erfcInv(double x) {
    return -SpecialPartials.erfInvPrime(Erf.erfcInv(x));
  }
}
