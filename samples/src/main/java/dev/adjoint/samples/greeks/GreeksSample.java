package dev.adjoint.samples.greeks;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * Option Greeks by algorithmic differentiation: the Black–Scholes price is written once as plain
 * Java, and delta, vega, rho and theta all come out of ONE reverse pass of the generated companion
 * {@link BlackScholesDerivatives}; a forward pass gives delta alone. Printed next to the textbook
 * closed forms. Then a Monte-Carlo pricer, differentiated the same way, gives pathwise delta and
 * vega.
 *
 * <p>Theta convention: theta = -dV/dT per year, T being the time to expiry, i.e. the change of
 * value as calendar time passes (negative for a call on a non-dividend stock).
 */
public final class GreeksSample {
  private GreeksSample() {}

  /** The sample's contract and market: at the money, one year, 5 % rate, 20 % volatility. */
  static final double SPOT = 100;
  static final double STRIKE = 100;
  static final double RATE = 0.05;
  static final double SIGMA = 0.2;
  static final double MATURITY = 1;
  /** Monte Carlo: paths, the seed of their normals, and batches for the standard error. */
  static final int PATHS = 100_000;
  static final long NORMALS_SEED = 2026;
  static final int BATCHES = 100;

  public static void main(String[] args) {
    run(System.out);
  }

  public static void run(PrintStream out) {
    out.printf("Black-Scholes call  S=%s K=%s r=%s sigma=%s T=%s%n", SPOT, STRIKE, RATE, SIGMA, MATURITY);
    out.println("generated companion: samples/target/generated-sources/annotations/"
        + "dev/adjoint/samples/greeks/BlackScholesDerivatives.java");

    BlackScholesDerivatives.PriceGradient g =
        BlackScholesDerivatives.priceGradient(SPOT, STRIKE, RATE, SIGMA, MATURITY);
    ClosedForm exact = ClosedForm.of(SPOT, STRIKE, RATE, SIGMA, MATURITY);

    out.println("one reverse pass (priceGradient):");
    out.printf("  %-6s %22s %22s %10s%n", "", "adjoint AD", "closed form", "|diff|");
    row(out, "price", g.value(), exact.price());
    row(out, "delta", g.spot(), exact.delta());
    row(out, "vega", g.sigma(), exact.vega());
    row(out, "rho", g.rate(), exact.rho());
    row(out, "theta", -g.maturity(), exact.theta());

    BlackScholesDerivatives.PriceTangent t =
        BlackScholesDerivatives.priceJvp(SPOT, STRIKE, RATE, SIGMA, MATURITY, 1, 0, 0, 0);
    out.println("one forward pass (priceJvp, tangent dS = 1):");
    row(out, "delta", t.tangent(), exact.delta());
    out.println("theta = -dV/dT per year (value lost as calendar time passes).");

    monteCarlo(out, exact);
  }

  /** Pathwise delta and vega from one reverse pass through the Monte-Carlo pricer. */
  private static void monteCarlo(PrintStream out, ClosedForm exact) {
    double[] z = MonteCarlo.normals(PATHS, NORMALS_SEED);
    MonteCarloDerivatives.PriceGradient g =
        MonteCarloDerivatives.priceGradient(SPOT, STRIKE, RATE, SIGMA, MATURITY, z);
    // Standard errors from batch means: the same generated gradient on BATCHES slices of the paths.
    int size = PATHS / BATCHES;
    double[] prices = new double[BATCHES];
    double[] deltas = new double[BATCHES];
    double[] vegas = new double[BATCHES];
    for (int k = 0; k < BATCHES; k++) {
      MonteCarloDerivatives.PriceGradient batch = MonteCarloDerivatives.priceGradient(
          SPOT, STRIKE, RATE, SIGMA, MATURITY, Arrays.copyOfRange(z, k * size, (k + 1) * size));
      prices[k] = batch.value();
      deltas[k] = batch.spot();
      vegas[k] = batch.sigma();
    }
    out.printf("Monte Carlo, %d paths (seed %d), pathwise Greeks from one reverse pass"
        + " (MonteCarloDerivatives.priceGradient):%n", PATHS, NORMALS_SEED);
    out.printf("  %-6s %14s %12s %14s %10s%n", "", "Monte Carlo", "std error", "closed form", "|diff|/se");
    mcRow(out, "price", g.value(), standardError(prices), exact.price());
    mcRow(out, "delta", g.spot(), standardError(deltas), exact.delta());
    mcRow(out, "vega", g.sigma(), standardError(vegas), exact.vega());
  }

  private static void mcRow(PrintStream out, String name, double mc, double se, double closedForm) {
    out.printf("  %-6s %14.6f %12.6f %14.6f %10.2f%n", name, mc, se, closedForm, Math.abs(mc - closedForm) / se);
  }

  /** Standard error of the mean of equally sized batch estimates. */
  private static double standardError(double[] batchMeans) {
    double mean = Arrays.stream(batchMeans).average().orElseThrow();
    double squares = 0;
    for (double m : batchMeans) {
      squares += (m - mean) * (m - mean);
    }
    return Math.sqrt(squares / (batchMeans.length - 1) / batchMeans.length);
  }

  private static void row(PrintStream out, String name, double ad, double closedForm) {
    out.printf("  %-6s %22.15f %22.15f %10.1e%n", name, ad, closedForm, Math.abs(ad - closedForm));
  }

  /** The textbook Black–Scholes price and Greeks of a call (theta = -dV/dT). */
  record ClosedForm(double price, double delta, double vega, double rho, double theta) {
    static ClosedForm of(double spot, double strike, double rate, double sigma, double maturity) {
      double sqrtT = Math.sqrt(maturity);
      double d1 = (Math.log(spot / strike) + (rate + 0.5 * sigma * sigma) * maturity) / (sigma * sqrtT);
      double d2 = d1 - sigma * sqrtT;
      double discount = Math.exp(-rate * maturity);
      double density = NormalCdf.ONE_OVER_SQRT_2PI * Math.exp(-0.5 * d1 * d1);
      double nd1 = NormalCdf.cdf(d1);
      double nd2 = NormalCdf.cdf(d2);
      return new ClosedForm(
          spot * nd1 - strike * discount * nd2,
          nd1,
          spot * density * sqrtT,
          strike * maturity * discount * nd2,
          -spot * density * sigma / (2 * sqrtT) - rate * strike * discount * nd2);
    }
  }
}
