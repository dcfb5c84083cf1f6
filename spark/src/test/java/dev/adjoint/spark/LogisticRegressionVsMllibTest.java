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
    Lbfgs.Result ours = LogisticOnSpark.fit(rows, 30, LogisticOnSpark.REG_PARAM, TIGHT);
    Dataset<Row> frame = DataSets.toDataFrame(LocalSpark.session(), rows).cache();
    double[] mllib = LogisticOnSpark.fitMllib(frame, LogisticOnSpark.REG_PARAM, 1000, 1e-12);
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
   * 10^6 rows generated on the executors. The fit recovers the generating coefficients (to the
   * sampling error, and the shrinkage of the small ridge), and agrees with MLlib's to 1e-6.
   */
  @Test
  void millionSyntheticRowsCoefficientsMatchMllib() {
    int features = 8;
    JavaRDD<LabeledRow> rows = DataSets.synthetic(LocalSpark.context(), 1_000_000, features, 4, 42)
        .persist(StorageLevel.MEMORY_ONLY());
    assertEquals(1_000_000, rows.count());
    double regParam = 1e-4;
    Lbfgs.Result ours = LogisticOnSpark.fit(rows, features, regParam, TIGHT);
    Dataset<Row> frame = DataSets.toDataFrame(LocalSpark.session(), rows).cache();
    double[] mllib = LogisticOnSpark.fitMllib(frame, regParam, 1000, 1e-12);
    double diff = LogisticOnSpark.maxAbsDiff(ours.params(), mllib);
    double[] truth = DataSets.syntheticTruth(features);
    System.out.printf("synthetic 10^6 x %d: %d L-BFGS iterations (%s), max |theta - theta_MLlib| = %.2e,"
        + " max |theta - truth| = %.3f%n", features, ours.iterations(), ours.convergence(), diff,
        LogisticOnSpark.maxAbsDiff(ours.params(), truth));
    assertTrue(diff < 1e-6, () -> "max abs difference " + diff);
    assertTrue(LogisticOnSpark.maxAbsDiff(ours.params(), truth) < 0.02);
    frame.unpersist();
    rows.unpersist();
  }
}
