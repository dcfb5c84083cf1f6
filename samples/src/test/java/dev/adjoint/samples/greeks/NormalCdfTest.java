package dev.adjoint.samples.greeks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NormalCdfTest {
  /**
   * N(x) and the density at x to 20 digits, from mpmath's ncdf and npdf in 30-digit arithmetic,
   * evaluated at the double nearest x (what the test passes).
   */
  private static final String TABLE = """
      -10,     7.619853024160526066e-24, 7.6945986267064193463e-23
      -6,      9.865876450376981407e-10, 6.075882849823285487e-9
      -3,      0.0013498980316300945267, 0.0044318484119380071756
      -1.5,    0.066807201268858066004,  0.12951759566589172761
      -0.5,    0.30853753872598689636,   0.35206532676429947777
      0,       0.5,                      0.39894228040143267794
      0.3,     0.61791142218895263307,   0.38138781546052408688
      0.66291, 0.74630590161026006017,   0.32024678821304188608
      1,       0.84134474606854294859,   0.2419707245191433498
      1.96,    0.97500210485177956379,   0.058440944333451464389
      4,       0.99996832875816688008,   0.00013383022576488535177
      5.7,     0.99999999400962859894,   3.5139550948204335922e-8
      8,       0.9999999999999993779,    5.052271083536892288e-15
      """;

  @ParameterizedTest
  @CsvSource(textBlock = TABLE)
  void codyCdfIsAccurateToAFewUlps(double x, double cdf, double pdf) {
    assertEquals(cdf, NormalCdf.cdf(x), 4 * Math.ulp(cdf));
  }

  /** The derivative the processor generates from the approximation is the density, relatively. */
  @ParameterizedTest
  @CsvSource(textBlock = TABLE)
  void generatedDerivativeIsTheDensity(double x, double cdf, double pdf) {
    NormalCdfDerivatives.CdfGradient g = NormalCdfDerivatives.cdfGradient(x);
    assertEquals(NormalCdf.cdf(x), g.value(), 0);
    assertEquals(pdf, g.x(), 4e-15 * pdf);
    assertEquals(g.x(), NormalCdfDerivatives.cdfJvp(x, 1).tangent(), 1e-15 * pdf);
  }

  /** The test's own reference distribution, used for the closed-form Greeks, against the table. */
  @ParameterizedTest
  @CsvSource(textBlock = TABLE)
  void seriesReferenceIsAccurate(double x, double cdf, double pdf) {
    if (Math.abs(x) <= 6) {
      assertEquals(cdf, SeriesNormal.cdf(x), 1e-15);
    }
    assertEquals(pdf, SeriesNormal.pdf(x), 1e-15 * pdf);
  }
}
