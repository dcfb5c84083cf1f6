package dev.adjoint.samples.greeks;

/**
 * Textbook Black–Scholes call price and Greeks (Hull, "Options, Futures and Other Derivatives",
 * ch. 15 and 19), with the test's own normal distribution; theta = -dV/dT per year.
 */
record TextbookGreeks(double price, double delta, double vega, double rho, double theta) {
  static TextbookGreeks of(double s, double k, double r, double sigma, double t) {
    double d1 = (Math.log(s / k) + (r + sigma * sigma / 2) * t) / (sigma * Math.sqrt(t));
    double d2 = d1 - sigma * Math.sqrt(t);
    double kd = k * Math.exp(-r * t);
    return new TextbookGreeks(
        s * SeriesNormal.cdf(d1) - kd * SeriesNormal.cdf(d2),
        SeriesNormal.cdf(d1),
        s * SeriesNormal.pdf(d1) * Math.sqrt(t),
        t * kd * SeriesNormal.cdf(d2),
        -s * SeriesNormal.pdf(d1) * sigma / (2 * Math.sqrt(t)) - r * kd * SeriesNormal.cdf(d2));
  }
}
