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
}
