package dev.adjoint.samples.greeks;

/**
 * The test's own standard normal distribution, independent of the sample's Cody approximation:
 * erf by the everywhere-positive series erf(z) = 2/sqrt(pi) exp(-z^2) sum 2^n z^(2n+1) / (2n+1)!!
 * (Abramowitz and Stegun 7.1.6). No cancellation, so the absolute error is a few 1e-16 for the
 * moderate arguments the Black–Scholes tests use.
 */
final class SeriesNormal {
  private SeriesNormal() {}

  static double cdf(double x) {
    return 0.5 + 0.5 * erf(x / Math.sqrt(2));
  }

  static double pdf(double x) {
    return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
  }

  private static double erf(double z) {
    double term = z;
    double sum = z;
    for (int n = 1; Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
      term *= 2 * z * z / (2 * n + 1);
      sum += term;
    }
    return 2 / Math.sqrt(Math.PI) * Math.exp(-z * z) * sum;
  }
}
