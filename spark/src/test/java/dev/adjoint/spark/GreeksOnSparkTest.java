package dev.adjoint.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.samples.greeks.GreeksSample;
import dev.adjoint.samples.greeks.MonteCarloDerivatives;
import dev.adjoint.spark.samples.GreeksOnSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;

/** Monte-Carlo Greeks over path blocks on Spark = the single-machine sample, same seed. */
class GreeksOnSparkTest {

  /** The whole estimator in one call on one machine, as GreeksSample computes it. */
  @Test
  void distributedGreeksEqualOneMachineGradient() {
    double[] z = new double[GreeksOnSpark.PATHS];
    Random random = new Random(GreeksOnSpark.NORMALS_SEED);
    for (int i = 0; i < z.length; i++) {
      z[i] = random.nextGaussian();
    }
    MonteCarloDerivatives.PriceGradient single = MonteCarloDerivatives.priceGradient(GreeksOnSpark.SPOT,
        GreeksOnSpark.STRIKE, GreeksOnSpark.RATE, GreeksOnSpark.SIGMA, GreeksOnSpark.MATURITY, z);

    JavaRDD<GreeksOnSpark.PathBlock> blocks = LocalSpark.context().parallelize(
        GreeksOnSpark.pathBlocks(GreeksOnSpark.PATHS, GreeksOnSpark.NORMALS_SEED, GreeksOnSpark.BLOCKS), 4);
    GreeksOnSpark.Greeks spark = GreeksOnSpark.compute(blocks, GreeksOnSpark.PATHS);
    System.out.printf("Greeks: price %.15f vs %.15f, delta %.15f vs %.15f, vega %.15f vs %.15f%n",
        spark.price(), single.value(), spark.delta(), single.spot(), spark.vega(), single.sigma());
    // Only the order of the additions differs (blocks, then a tree): rounding, 1e-13 relative.
    assertEquals(single.value(), spark.price(), 1e-13 * single.value());
    assertEquals(single.spot(), spark.delta(), 1e-13 * single.spot());
    assertEquals(single.sigma(), spark.vega(), 1e-13 * single.sigma());
    assertEquals(single.rate(), spark.rate(), 1e-13 * single.rate());
    assertEquals(single.maturity(), spark.maturity(), 1e-13 * Math.abs(single.maturity()));
  }

  /** The sample's printed Monte-Carlo rows (value and standard error) are printed the same on Spark. */
  @Test
  void printedTableMatchesTheSingleMachineSample() {
    ByteArrayOutputStream single = new ByteArrayOutputStream();
    GreeksSample.run(new PrintStream(single, true, StandardCharsets.UTF_8));
    ByteArrayOutputStream spark = new ByteArrayOutputStream();
    GreeksOnSpark.run(LocalSpark.context(), new PrintStream(spark, true, StandardCharsets.UTF_8));

    List<String> sampleRows = monteCarloRows(single.toString(StandardCharsets.UTF_8));
    List<String> sparkRows = monteCarloRows(spark.toString(StandardCharsets.UTF_8));
    assertEquals(3, sampleRows.size(), single.toString(StandardCharsets.UTF_8));
    // The sample's rows go on with the closed form and |diff|/se; the first three columns must agree.
    for (int i = 0; i < 3; i++) {
      assertEquals(firstColumns(sampleRows.get(i)), firstColumns(sparkRows.get(i)));
    }
  }

  /** The "price/delta/vega" rows after the Monte-Carlo heading. */
  private static List<String> monteCarloRows(String text) {
    String after = text.substring(text.indexOf("Monte Carlo"));
    return Arrays.stream(after.split("\\R"))
        .filter(line -> line.matches("\\s+(price|delta|vega)\\s+.*"))
        .limit(3)
        .collect(Collectors.toList());
  }

  private static String firstColumns(String row) {
    String[] cells = row.trim().split("\\s+");
    return cells[0] + " " + cells[1] + " " + cells[2];
  }
}
