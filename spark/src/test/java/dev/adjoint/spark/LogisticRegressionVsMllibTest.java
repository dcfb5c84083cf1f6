package dev.adjoint.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.spark.samples.DataSets;
import dev.adjoint.spark.samples.LabeledRow;
import dev.adjoint.spark.samples.LogisticOnSpark;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;

/**
 * The same objective fitted twice: Adjoint's generated per-row gradient summed by
 * DistributedGradient under Breeze L-BFGS, and MLlib's LogisticRegression with its hand-written
 * aggregator (standardization=false, elasticNetParam=0, the same regParam), both converged
 * tightly. The coefficients must agree to 1e-6.
 */
class LogisticRegressionVsMllibTest {
  private static final Lbfgs TIGHT = new Lbfgs().maxIterations(1000).tolerance(1e-12);

  @Test
  void breastCancerCoefficientsMatchMllib() {
    JavaRDD<LabeledRow> rows = LocalSpark.context().parallelize(DataSets.breastCancer(), 2).cache();
    long t0 = System.nanoTime();
    Lbfgs.Result ours = LogisticOnSpark.fit(rows, 30, LogisticOnSpark.REG_PARAM, TIGHT);
    long t1 = System.nanoTime();
    Dataset<Row> frame = DataSets.toDataFrame(LocalSpark.session(), rows).cache();
    double[] mllib = LogisticOnSpark.fitMllib(frame, LogisticOnSpark.REG_PARAM, 1000, 1e-12);
    System.out.printf("breast cancer: adjoint fit %.1f s, MLlib fit %.1f s%n", (t1 - t0) * 1e-9, (System.nanoTime() - t1) * 1e-9);
    double diff = LogisticOnSpark.maxAbsDiff(ours.params(), mllib);
    System.out.printf("breast cancer: %d L-BFGS iterations (%s), max |theta - theta_MLlib| = %.2e%n",
        ours.iterations(), ours.convergence(), diff);
    assertTrue(diff < 1e-6, () -> "max abs difference " + diff);
    // Not a trivial fit: the coefficients are of order 1 and the intercept is not 0.
    assertTrue(Math.abs(mllib[30]) > 0.1 && LogisticOnSpark.maxAbsDiff(mllib, new double[31]) > 0.5);
    frame.unpersist();
    rows.unpersist();
  }

  /**
   * Rows generated on the executors: 2 x 10^5 of them, fitted to convergence by both, recover the
   * generating coefficients (to the sampling error and the shrinkage of the small ridge) and agree
   * to 1e-6. (The same comparison on 10^6 rows: LogisticOnSpark's main, see docs/SPARK.md.)
   */
  @Test
  void syntheticRowsCoefficientsMatchMllib() {
    int features = 8;
    JavaRDD<LabeledRow> rows = DataSets.synthetic(LocalSpark.context(), 200_000, features, 2, 42)
        .persist(StorageLevel.MEMORY_ONLY());
    double regParam = 1e-4;
    long t0 = System.nanoTime();
    Lbfgs.Result ours = LogisticOnSpark.fit(rows, features, regParam, TIGHT);
    long t1 = System.nanoTime();
    Dataset<Row> frame = DataSets.toDataFrame(LocalSpark.session(), rows).cache();
    double[] mllib = LogisticOnSpark.fitMllib(frame, regParam, 1000, 1e-12);
    double diff = LogisticOnSpark.maxAbsDiff(ours.params(), mllib);
    double[] truth = DataSets.syntheticTruth(features);
    System.out.printf("synthetic 2e5 x %d: %d L-BFGS iterations (%s), max |theta - theta_MLlib| = %.2e,"
        + " max |theta - truth| = %.3f; adjoint fit %.1f s, MLlib fit %.1f s%n", features, ours.iterations(),
        ours.convergence(), diff, LogisticOnSpark.maxAbsDiff(ours.params(), truth), (t1 - t0) * 1e-9,
        (System.nanoTime() - t1) * 1e-9);
    assertTrue(diff < 1e-6, () -> "max abs difference " + diff);
    assertTrue(LogisticOnSpark.maxAbsDiff(ours.params(), truth) < 0.05);
    frame.unpersist();
    rows.unpersist();
  }

  /**
   * 10^6 rows generated on the executors: one epoch of the generated gradient equals one epoch of
   * MLlib's hand-written aggregator (LogisticGradient) at the same point, and a few L-BFGS steps
   * lower the objective.
   */
  @Test
  void millionRowsEpochEqualsMllibsAggregatorAndLbfgsDescends() {
    int features = 16;
    JavaRDD<LabeledRow> rows = DataSets.synthetic(LocalSpark.context(), 1_000_000, features, 4, 7)
        .persist(StorageLevel.MEMORY_ONLY());
    assertEquals(1_000_000, rows.count());
    double[] theta = new double[features + 1];
    for (int j = 0; j <= features; j++) {
      theta[j] = 0.1 * Math.sin(2 * j + 1);
    }
    DistributedGradient.Sum ours = DistributedGradient.of(features + 1, LogisticOnSpark.LOG_LOSS).sum(rows, theta);
    JavaRDD<scala.Tuple2<Double, org.apache.spark.mllib.linalg.Vector>> mllibRows =
        MllibReference.withBias(rows).persist(StorageLevel.MEMORY_ONLY());
    DistributedGradient.Sum mllib = MllibReference.epoch(mllibRows, theta);
    assertEquals(1_000_000, ours.count());
    assertEquals(mllib.count(), ours.count());
    assertEquals(mllib.loss(), ours.loss(), 1e-12 * mllib.loss());
    for (int j = 0; j <= features; j++) {
      assertEquals(mllib.gradient()[j], ours.gradient()[j], 1e-12 * ours.count(), "component " + j);
    }
    mllibRows.unpersist();

    Lbfgs.Result few = new Lbfgs().maxIterations(3).minimize(
        LogisticOnSpark.objective(rows, features, LogisticOnSpark.REG_PARAM), theta);
    assertEquals(3, few.iterations());
    double[] history = few.valueHistory();
    assertTrue(history[3] < history[0] - 0.01, () -> java.util.Arrays.toString(history));
    rows.unpersist();
  }
}
