package dev.adjoint.spark.samples;

import dev.adjoint.samples.greeks.MonteCarloDerivatives;
import dev.adjoint.spark.DistributedGradient;
import dev.adjoint.spark.RowGradient;
import java.io.PrintStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Monte-Carlo Greeks distributed over blocks of paths: the single-machine sample's pricer
 * ({@code samples/.../greeks/MonteCarlo.price}, differentiated into {@code MonteCarloDerivatives})
 * runs unchanged in Spark tasks, one call per block; {@link DistributedGradient} adds the blocks'
 * payoff sums and pathwise gradients with treeAggregate. Same market, paths, seed and batches as
 * {@code GreeksSample}, so the printed table is the same, digit for digit.
 *
 * <p>The parameter vector is (spot, rate, sigma, maturity); the strike is a contract term, as in
 * the sample. A block's "loss" is its payoff sum, n * price(block), whose gradient is n times the
 * block's pathwise Greeks; the total over blocks divided by the number of paths is the estimator
 * over all paths.
 */
public final class GreeksOnSpark {
  private GreeksOnSpark() {}

  /** The single-machine sample's market, paths, seed and batches (GreeksSample). */
  public static final double SPOT = 100;
  public static final double STRIKE = 100;
  public static final double RATE = 0.05;
  public static final double SIGMA = 0.2;
  public static final double MATURITY = 1;
  public static final int PATHS = 100_000;
  public static final long NORMALS_SEED = 2026;
  public static final int BLOCKS = 100;

  /** One block of paths: its standard normal draws, one per path. */
  public record PathBlock(double[] z) implements Serializable {}

  /** One block's discounted payoff sum and its gradient w.r.t. (spot, rate, sigma, maturity). */
  public static final RowGradient<PathBlock> PAYOFF_SUM = (p, block, sum) -> {
    MonteCarloDerivatives.PriceGradient g =
        MonteCarloDerivatives.priceGradient(p[0], STRIKE, p[1], p[2], p[3], block.z());
    int n = block.z().length;
    sum[0] += n * g.spot();
    sum[1] += n * g.rate();
    sum[2] += n * g.sigma();
    sum[3] += n * g.maturity();
    return n * g.value();
  };

  /**
   * The sample's normals ({@code new Random(seed).nextGaussian()}, {@code paths} of them, in order),
   * cut into {@code blocks} consecutive blocks. Drawn on the driver so that every path gets the
   * very normal it gets on one machine; a job of independent blocks would seed each block instead.
   */
  public static List<PathBlock> pathBlocks(int paths, long seed, int blocks) {
    if (blocks < 1 || paths % blocks != 0) {
      throw new IllegalArgumentException("GreeksOnSpark.pathBlocks: " + paths + " paths do not split into "
          + blocks + " equal blocks");
    }
    Random random = new Random(seed);
    double[] z = new double[paths];
    for (int i = 0; i < paths; i++) {
      z[i] = random.nextGaussian();
    }
    int size = paths / blocks;
    List<PathBlock> result = new ArrayList<>(blocks);
    for (int k = 0; k < blocks; k++) {
      result.add(new PathBlock(Arrays.copyOfRange(z, k * size, (k + 1) * size)));
    }
    return result;
  }

  /** Price and Greeks over all paths, and the standard errors from the block means. */
  public record Greeks(double price, double delta, double rate, double vega, double maturity,
      double priceError, double deltaError, double vegaError) {}

  /** One distributed pass for the estimator, one for the block means behind the standard errors. */
  public static Greeks compute(JavaRDD<PathBlock> blocks, long paths) {
    double[] market = {SPOT, RATE, SIGMA, MATURITY};
    DistributedGradient.Sum sum = DistributedGradient.of(4, PAYOFF_SUM).sum(blocks, market);
    double[] g = sum.gradient();
    List<double[]> means = blocks.map(b -> {
      MonteCarloDerivatives.PriceGradient batch =
          MonteCarloDerivatives.priceGradient(SPOT, STRIKE, RATE, SIGMA, MATURITY, b.z());
      return new double[] {batch.value(), batch.spot(), batch.sigma()};
    }).collect();
    return new Greeks(sum.loss() / paths, g[0] / paths, g[1] / paths, g[2] / paths, g[3] / paths,
        standardError(means, 0), standardError(means, 1), standardError(means, 2));
  }

  /** Standard error of the mean of equally sized batch estimates (as GreeksSample computes it). */
  static double standardError(List<double[]> batchMeans, int column) {
    double mean = batchMeans.stream().mapToDouble(m -> m[column]).average().orElseThrow();
    double squares = 0;
    for (double[] m : batchMeans) {
      squares += (m[column] - mean) * (m[column] - mean);
    }
    return Math.sqrt(squares / (batchMeans.size() - 1) / batchMeans.size());
  }

  public static void main(String[] args) {
    SparkSession spark = LogisticOnSpark.session("adjoint Monte-Carlo Greeks");
    try {
      run(JavaSparkContext.fromSparkContext(spark.sparkContext()), System.out);
    } finally {
      spark.stop();
    }
  }

  public static void run(JavaSparkContext sc, PrintStream out) {
    JavaRDD<PathBlock> blocks = sc.parallelize(pathBlocks(PATHS, NORMALS_SEED, BLOCKS), sc.defaultParallelism());
    Greeks greeks = compute(blocks, PATHS);
    out.printf("Monte Carlo on Spark, %d paths (seed %d) in %d blocks over %d partitions,"
        + " pathwise Greeks from MonteCarloDerivatives.priceGradient per block:%n",
        PATHS, NORMALS_SEED, BLOCKS, blocks.getNumPartitions());
    out.printf("  %-6s %14s %12s%n", "", "Monte Carlo", "std error");
    row(out, "price", greeks.price(), greeks.priceError());
    row(out, "delta", greeks.delta(), greeks.deltaError());
    row(out, "vega", greeks.vega(), greeks.vegaError());
    out.printf("  %-6s %14.6f%n", "rho", greeks.rate());
    out.printf("  %-6s %14.6f   (theta = -dV/dT)%n", "theta", -greeks.maturity());
  }

  private static void row(PrintStream out, String name, double value, double error) {
    out.printf("  %-6s %14.6f %12.6f%n", name, value, error);
  }
}
