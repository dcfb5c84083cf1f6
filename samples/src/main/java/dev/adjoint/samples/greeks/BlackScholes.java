package dev.adjoint.samples.greeks;

import dev.adjoint.Differentiable;
import dev.adjoint.GradCheck;

/** Black–Scholes price of a European call, written once; its Greeks are generated. */
public final class BlackScholes {
  private BlackScholes() {}

  /**
   * Call price V(S, K, r, sigma, T) without dividends. The strike is a contract term, so it is not
   * differentiated; the gradient holds delta = dV/dS, vega = dV/dsigma, rho = dV/dr and dV/dT.
   */
  @Differentiable(wrt = {"spot", "sigma", "rate", "maturity"})
  // at the money (the sample's market), and out of the money with a short maturity
  @GradCheck({"spot=100, strike=100, rate=0.05, sigma=0.2, maturity=1",
      "spot=90, strike=110, rate=0.03, sigma=0.35, maturity=0.25"})
  static double price(double spot, double strike, double rate, double sigma, double maturity) {
    double volSqrtT = sigma * Math.sqrt(maturity);
    double d1 = (Math.log(spot / strike) + (rate + 0.5 * sigma * sigma) * maturity) / volSqrtT;
    double d2 = d1 - volSqrtT;
    return spot * NormalCdf.cdf(d1) - strike * Math.exp(-rate * maturity) * NormalCdf.cdf(d2);
  }
}
