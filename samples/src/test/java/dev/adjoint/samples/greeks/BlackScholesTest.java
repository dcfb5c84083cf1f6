package dev.adjoint.samples.greeks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BlackScholesTest {
  private static final String POINTS = """
      100, 100, 0.05,  0.2,  1
      100,  80, 0.03,  0.25, 0.5
       90, 110, 0.01,  0.4,  2
      120, 100, 0.07,  0.15, 0.25
       50,  55, 0,     0.6,  3
      100, 130, -0.01, 0.1,  0.1
      """;

  @ParameterizedTest
  @CsvSource(textBlock = POINTS)
  void oneReversePassGivesAllGreeks(double s, double k, double r, double sigma, double t) {
    TextbookGreeks e = TextbookGreeks.of(s, k, r, sigma, t);
    BlackScholesDerivatives.PriceGradient g = BlackScholesDerivatives.priceGradient(s, k, r, sigma, t);
    assertEquals(e.price(), g.value(), 1e-8, "price");
    assertEquals(e.delta(), g.spot(), 1e-8, "delta");
    assertEquals(e.vega(), g.sigma(), 1e-8, "vega");
    assertEquals(e.rho(), g.rate(), 1e-8, "rho");
    assertEquals(e.theta(), -g.maturity(), 1e-8, "theta = -dV/dT");
  }

  @ParameterizedTest
  @CsvSource(textBlock = POINTS)
  void forwardPassGivesDelta(double s, double k, double r, double sigma, double t) {
    BlackScholesDerivatives.PriceTangent d = BlackScholesDerivatives.priceJvp(s, k, r, sigma, t, 1, 0, 0, 0);
    assertEquals(TextbookGreeks.of(s, k, r, sigma, t).delta(), d.tangent(), 1e-8);
  }

  /** Dot-product test: for a direction u, the forward tangent equals <gradient, u>. */
  @ParameterizedTest
  @CsvSource(textBlock = POINTS)
  void forwardAgreesWithReverse(double s, double k, double r, double sigma, double t) {
    double us = 0.3, ur = -1.1, usigma = 0.7, ut = 0.45;
    BlackScholesDerivatives.PriceGradient g = BlackScholesDerivatives.priceGradient(s, k, r, sigma, t);
    double jvp = BlackScholesDerivatives.priceJvp(s, k, r, sigma, t, us, ur, usigma, ut).tangent();
    double dot = g.spot() * us + g.rate() * ur + g.sigma() * usigma + g.maturity() * ut;
    assertEquals(dot, jvp, 1e-12 * (1 + Math.abs(dot)));
  }
}
