package dev.adjoint.special;

/**
 * The formulas both libraries' holders share; the functions they need of the library itself
 * (erf⁻¹) are passed in as values.
 */
final class SpecialPartials {
  /** 2/√π. */
  static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
  /** √π/2. */
  static final double SQRT_PI_OVER_TWO = 0.886226925452758;

  private SpecialPartials() {}

  /** d erf(x)/dx = 2/√π e^(−x²). */
  static double erfPrime(double x) {
    return TWO_OVER_SQRT_PI * Math.exp(-x * x);
  }

  /** d erf⁻¹(y)/dy = √π/2 e^(erf⁻¹(y)²), given {@code inverse} = erf⁻¹(y). */
  static double erfInvPrime(double inverse) {
    return SQRT_PI_OVER_TWO * Math.exp(inverse * inverse);
  }

  /**
   * The Gamma(a, 1) density at x, given log Γ(a): d P(a, x)/dx. At x = 0 its limit (0 for a > 1,
   * 1 for a = 1, ∞ below), where the logarithm would give 0 · −∞.
   */
  static double gammaDensity(double a, double x, double logGammaA) {
    if (x == 0) {
      return a > 1 ? 0 : a == 1 ? 1 : Double.POSITIVE_INFINITY;
    }
    return Math.exp((a - 1) * Math.log(x) - x - logGammaA);
  }

  /** The Beta(a, b) density at x, given log B(a, b): d I_x(a, b)/dx, with its limits at 0 and 1. */
  static double betaDensity(double x, double a, double b, double logBeta) {
    if (x == 0 || x == 1) {
      double shape = x == 0 ? a : b;
      return shape > 1 ? 0 : shape == 1 ? Math.exp(-logBeta) : Double.POSITIVE_INFINITY;
    }
    return Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - logBeta);
  }
}
