package dev.adjoint.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.GradChecks;
import dev.adjoint.spark.samples.DataSets;
import dev.adjoint.spark.samples.LabeledBlock;
import dev.adjoint.spark.samples.LabeledRow;
import dev.adjoint.spark.samples.LogisticLoss;
import dev.adjoint.spark.samples.LogisticOnSpark;
import java.util.Collections;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;

class DistributedGradientTest {
  private static final List<LabeledRow> ROWS = DataSets.breastCancer();
  private static final int D = 30;

  /** A point away from the optimum, so that every gradient entry is far from 0. */
  private static double[] theta() {
    double[] theta = new double[D + 1];
    for (int j = 0; j <= D; j++) {
      theta[j] = 0.05 * Math.cos(3 * j + 1);
    }
    return theta;
  }

  /** The per-row loss itself: reverse vs forward (dot-product test) vs central differences. */
  @Test
  void perRowLossPassesTheGradientChecks() {
    GradChecks.assertAll(LogisticLoss.class);
  }

  /** The distributed sum over 7 partitions equals a sequential loop over the same rows, by hand. */
  @Test
  void sumEqualsTheSequentialSumOfTheRowGradients() {
    JavaRDD<LabeledRow> rdd = LocalSpark.context().parallelize(ROWS, 7);
    double[] theta = theta();
    DistributedGradient.Sum sum = DistributedGradient.of(D + 1, LogisticOnSpark.LOG_LOSS).sum(rdd, theta);

    // The log-loss and its gradient (sigmoid(z) - y) * (x, 1), written out by hand.
    double loss = 0;
    double[] gradient = new double[D + 1];
    for (LabeledRow row : ROWS) {
      double z = theta[D];
      for (int j = 0; j < D; j++) {
        z += theta[j] * row.x()[j];
      }
      double p = 1 / (1 + Math.exp(-z));
      loss += -(row.y() * Math.log(p) + (1 - row.y()) * Math.log(1 - p));
      for (int j = 0; j < D; j++) {
        gradient[j] += (p - row.y()) * row.x()[j];
      }
      gradient[D] += p - row.y();
    }
    assertEquals(ROWS.size(), sum.count());
    assertEquals(loss, sum.loss(), 1e-12 * Math.abs(loss));
    for (int j = 0; j <= D; j++) {
      assertEquals(gradient[j], sum.gradient()[j], 1e-12 * (1 + Math.abs(gradient[j])), "component " + j);
    }
  }

  /** Depths 1 (all partials on the driver) to 3 add the same numbers, up to rounding order. */
  @Test
  void treeDepthChangesOnlyTheOrderOfAddition() {
    JavaRDD<LabeledRow> rdd = LocalSpark.context().parallelize(ROWS, 9);
    DistributedGradient<LabeledRow> f = DistributedGradient.of(D + 1, LogisticOnSpark.LOG_LOSS);
    DistributedGradient.Sum reference = f.withDepth(1).sum(rdd, theta());
    for (int depth = 2; depth <= 3; depth++) {
      DistributedGradient.Sum sum = f.withDepth(depth).sum(rdd, theta());
      assertEquals(reference.loss(), sum.loss(), 1e-12 * Math.abs(reference.loss()));
      assertTrue(LogisticOnSpark.maxAbsDiff(reference.gradient(), sum.gradient()) < 1e-11);
      assertEquals(reference.count(), sum.count());
    }
  }

  /** The mean objective's gradient against central differences of its own (distributed) value. */
  @Test
  void meanObjectiveGradientMatchesCentralDifferences() {
    JavaRDD<LabeledRow> rdd = LocalSpark.context().parallelize(ROWS, 3).cache();
    Objective objective = LogisticOnSpark.objective(rdd, D, 0.1);
    double[] theta = theta();
    Objective.Value v = objective.evaluate(theta);
    double h = 1e-6;
    for (int j : new int[] {0, 7, 29, 30}) {
      double[] plus = theta.clone();
      double[] minus = theta.clone();
      plus[j] += h;
      minus[j] -= h;
      double difference = (objective.evaluate(plus).value() - objective.evaluate(minus).value()) / (2 * h);
      assertEquals(difference, v.gradient()[j], 1e-7 * (1 + Math.abs(difference)), "component " + j);
    }
    rdd.unpersist();
  }

  /** Blocks of 50 rows (the last one smaller) give the per-row sums, and count rows, not blocks. */
  @Test
  void blocksOfRowsGiveTheSameSumAsRows() {
    JavaRDD<LabeledRow> rdd = LocalSpark.context().parallelize(ROWS, 3);
    JavaRDD<LabeledBlock> blocks = Blocks.of(rdd, 50, LabeledBlock::pack);
    List<LabeledBlock> collected = blocks.collect();
    assertEquals(ROWS.size(), collected.stream().mapToInt(LabeledBlock::size).sum());
    assertTrue(collected.stream().allMatch(b -> b.size() <= 50 && b.size() > 0));
    assertTrue(collected.size() >= 12, "569 rows in 3 partitions make at least 12 blocks of <= 50");

    double[] theta = theta();
    DistributedGradient.Sum perRow = DistributedGradient.of(D + 1, LogisticOnSpark.LOG_LOSS).sum(rdd, theta);
    DistributedGradient.Sum perBlock = DistributedGradient.of(D + 1, LogisticOnSpark.BLOCK_LOG_LOSS)
        .withRowCount(LabeledBlock::size).sum(blocks, theta);
    assertEquals(perRow.count(), perBlock.count());
    assertEquals(perRow.loss(), perBlock.loss(), 1e-12 * perRow.loss());
    assertTrue(LogisticOnSpark.maxAbsDiff(perRow.gradient(), perBlock.gradient()) < 1e-11);
    assertThrows(IllegalArgumentException.class, () -> Blocks.of(rdd, 0, LabeledBlock::pack));
  }

  @Test
  void badInputNamesTheProblem() {
    JavaRDD<LabeledRow> rdd = LocalSpark.context().parallelize(ROWS.subList(0, 5), 2);
    DistributedGradient<LabeledRow> f = DistributedGradient.of(D + 1, LogisticOnSpark.LOG_LOSS);
    IllegalArgumentException wrongLength = assertThrows(IllegalArgumentException.class, () -> f.sum(rdd, new double[3]));
    assertTrue(wrongLength.getMessage().contains("length 3") && wrongLength.getMessage().contains("31"),
        wrongLength.getMessage());
    assertThrows(IllegalArgumentException.class, () -> DistributedGradient.of(0, LogisticOnSpark.LOG_LOSS));
    assertThrows(IllegalArgumentException.class, () -> f.withDepth(0));

    JavaRDD<LabeledRow> empty = LocalSpark.context().parallelize(Collections.<LabeledRow>emptyList(), 2);
    DistributedGradient.Sum none = f.sum(empty, theta());
    assertEquals(0, none.count());
    IllegalArgumentException noRows = assertThrows(IllegalArgumentException.class, none::mean);
    assertTrue(noRows.getMessage().contains("empty"), noRows.getMessage());
  }
}
