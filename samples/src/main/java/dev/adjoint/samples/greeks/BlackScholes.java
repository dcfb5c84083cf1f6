package dev.adjoint.samples.greeks;

import dev.adjoint.Differentiable;

/** Black–Scholes price of a European call, written once; its Greeks are generated. */
final class BlackScholes {
  private BlackScholes() {}

  /**
   * Call price V(S, K, r, sigma, T) without dividends. The strike is a contract term, so it is not
   * differentiated; the gradient holds delta = dV/dS, vega = dV/dsigma, rho = dV/dr and dV/dT.
   */
  @Differentiable(wrt = {"spot", "sigma", "rate", "maturity"})
  static double price(double spot, double strike, double rate, double sigma, double maturity) {
    double volSqrtT = sigma * Math.sqrt(maturity);
    double d1 = (Math.log(spot / strike) + (rate + 0.5 * sigma * sigma) * maturity) / volSqrtT;
    double d2 = d1 - volSqrtT;
    return spot * NormalCdf.cdf(d1) - strike * Math.exp(-rate * maturity) * NormalCdf.cdf(d2);
  }
}
