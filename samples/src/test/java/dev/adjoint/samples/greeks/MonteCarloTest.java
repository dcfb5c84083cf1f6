package dev.adjoint.samples.greeks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MonteCarloTest {
  private static final double[] Z = MonteCarlo.normals(100_000, 11);

  private static final String POINTS = """
      100, 100, 0.05, 0.2,  1
       90, 100, 0.02, 0.35, 0.5
      """;

  /** Per-path pathwise estimators, by hand: d/dS and d/dsigma of exp(-rT) max(S_T - K, 0). */
  private record Pathwise(double delta, double deltaError, double vega, double vegaError) {
    static Pathwise of(double s, double k, double r, double sigma, double t, double[] z) {
      double[] delta = new double[z.length];
      double[] vega = new double[z.length];
      for (int i = 0; i < z.length; i++) {
        double terminal = s * Math.exp((r - sigma * sigma / 2) * t + sigma * Math.sqrt(t) * z[i]);
        if (terminal > k) {
          delta[i] = Math.exp(-r * t) * terminal / s;
          vega[i] = Math.exp(-r * t) * terminal * (Math.sqrt(t) * z[i] - sigma * t);
        }
      }
      return new Pathwise(mean(delta), standardError(delta), mean(vega), standardError(vega));
    }

    static double mean(double[] v) {
      double sum = 0;
      for (double x : v) {
        sum += x;
      }
      return sum / v.length;
    }

    static double standardError(double[] v) {
      double mean = mean(v);
      double squares = 0;
      for (double x : v) {
        squares += (x - mean) * (x - mean);
      }
      return Math.sqrt(squares / (v.length - 1) / v.length);
    }
  }

  @ParameterizedTest
  @CsvSource(textBlock = POINTS)
  void pathwiseGreeksAgreeWithClosedFormWithinThreeStandardErrors(
      double s, double k, double r, double sigma, double t) {
    MonteCarloDerivatives.PriceGradient g = MonteCarloDerivatives.priceGradient(s, k, r, sigma, t, Z);
    Pathwise byHand = Pathwise.of(s, k, r, sigma, t, Z);
    assertEquals(byHand.delta(), g.spot(), 1e-12 * Math.abs(byHand.delta()));
    assertEquals(byHand.vega(), g.sigma(), 1e-12 * Math.abs(byHand.vega()));

    TextbookGreeks exact = TextbookGreeks.of(s, k, r, sigma, t);
    assertTrue(Math.abs(g.spot() - exact.delta()) < 3 * byHand.deltaError(),
        () -> "delta " + g.spot() + " vs " + exact.delta() + ", standard error " + byHand.deltaError());
    assertTrue(Math.abs(g.sigma() - exact.vega()) < 3 * byHand.vegaError(),
        () -> "vega " + g.sigma() + " vs " + exact.vega() + ", standard error " + byHand.vegaError());
  }

  /**
   * The gradient is the exact derivative of the estimator itself, normals held fixed. The estimator
   * has a kink wherever a path's S_T crosses the strike; a difference step that straddles one is off
   * by about 1/(paths * delta), ~1e-5 relative here. So the steps are tiny (1e-5 for S, 1e-7 for
   * the rest) and no path of this seed lies that close to the strike, while rounding stays near
   * 1e-16 * price / step.
   */
  @ParameterizedTest
  @CsvSource(textBlock = POINTS)
  void gradientEqualsFiniteDifferencesOfTheEstimator(double s, double k, double r, double sigma, double t) {
    MonteCarloDerivatives.PriceGradient g = MonteCarloDerivatives.priceGradient(s, k, r, sigma, t, Z);
    assertEquals(MonteCarlo.price(s, k, r, sigma, t, Z), g.value(), 0);
    assertRelative(centralDifference(x -> MonteCarlo.price(x, k, r, sigma, t, Z), s, 1e-5), g.spot(), "spot");
    assertRelative(centralDifference(x -> MonteCarlo.price(s, k, x, sigma, t, Z), r, 1e-7), g.rate(), "rate");
    assertRelative(centralDifference(x -> MonteCarlo.price(s, k, r, x, t, Z), sigma, 1e-7), g.sigma(), "sigma");
    assertRelative(centralDifference(x -> MonteCarlo.price(s, k, r, sigma, x, Z), t, 1e-7), g.maturity(), "maturity");
  }

  /** Dot-product test: the forward tangent along u equals the gradient dotted with u. */
  @ParameterizedTest
  @CsvSource(textBlock = POINTS)
  void forwardAgreesWithReverse(double s, double k, double r, double sigma, double t) {
    double us = -0.4, ur = 0.9, usigma = 1.3, ut = -0.25;
    MonteCarloDerivatives.PriceGradient g = MonteCarloDerivatives.priceGradient(s, k, r, sigma, t, Z);
    double jvp = MonteCarloDerivatives.priceJvp(s, k, r, sigma, t, Z, us, ur, usigma, ut).tangent();
    double dot = g.spot() * us + g.rate() * ur + g.sigma() * usigma + g.maturity() * ut;
    assertEquals(dot, jvp, 1e-12 * (1 + Math.abs(dot)));
  }

  private static double centralDifference(DoubleUnaryOperator f, double x, double h) {
    return (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) / (2 * h);
  }

  private static void assertRelative(double expected, double actual, String what) {
    assertEquals(expected, actual, 1e-6 * Math.abs(expected), what);
  }
}
