package dev.adjoint.spark.bench;

import dev.adjoint.spark.Blocks;
import dev.adjoint.spark.DistributedGradient;
import dev.adjoint.spark.MllibReference;
import dev.adjoint.spark.samples.DataSets;
import dev.adjoint.spark.samples.LabeledBlock;
import dev.adjoint.spark.samples.LabeledRow;
import dev.adjoint.spark.samples.LogisticOnSpark;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The epochs of {@link EpochBenchmark}, in rotating order within each round (adjoint per row,
 * adjoint per block, MLlib; then starting with the next), so that all meet the same load on a shared machine, where JMH (one benchmark after the other) sees the
 * load drift between them. Prints, per core count, the median wall time per epoch of each, the
 * median of the paired ratios, and the executors' CPU time per epoch (Spark's task metrics),
 * which other processes on the machine disturb much less than wall time.
 *
 * <pre>bash spark/bench.sh --paired [rows] [features] [rounds]</pre>
 */
public final class PairedEpochs {
  private PairedEpochs() {}

  public static void main(String[] args) {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
    int features = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    int partitions = 4;
    System.out.printf("%d rows x %d features, %d partitions, %d rounds after 5 warm-up rounds;"
        + " Java %s%n", rows, features, partitions, rounds, System.getProperty("java.version"));
    for (int cores = 1; cores <= 2; cores++) {
      run(cores, rows, features, partitions, rounds);
    }
  }

  private static void run(int cores, long rows, int features, int partitions, int rounds) {
    SparkSession spark = SparkSession.builder()
        .appName("adjoint paired epochs")
        .master("local[" + cores + "]")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
    try {
      AtomicLong cpuNanos = new AtomicLong();
      spark.sparkContext().addSparkListener(new SparkListener() {
        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
          if (end.taskMetrics() != null) {
            cpuNanos.addAndGet(end.taskMetrics().executorCpuTime());
          }
        }
      });
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      JavaRDD<LabeledRow> adjointRows =
          DataSets.synthetic(sc, rows, features, partitions, 42).persist(StorageLevel.MEMORY_ONLY());
      adjointRows.count();
      JavaRDD<Tuple2<Double, Vector>> mllibRows =
          MllibReference.withBias(adjointRows).persist(StorageLevel.MEMORY_ONLY());
      mllibRows.count();
      JavaRDD<LabeledBlock> blocks = Blocks.of(adjointRows, LogisticOnSpark.ROWS_PER_BLOCK, LabeledBlock::pack)
          .persist(StorageLevel.MEMORY_ONLY());
      blocks.count();
      DistributedGradient<LabeledRow> logLoss = DistributedGradient.of(features + 1, LogisticOnSpark.LOG_LOSS);
      DistributedGradient<LabeledBlock> blockLogLoss = DistributedGradient.of(features + 1, LogisticOnSpark.BLOCK_LOG_LOSS)
          .withRowCount(LabeledBlock::size);
      double[] theta = new double[features + 1];
      for (int j = 0; j <= features; j++) {
        theta[j] = 0.1 * Math.sin(2 * j + 1);
      }
      List<String> names = List.of("adjoint rows", "adjoint blocks", "MLlib");
      List<Supplier<DistributedGradient.Sum>> epochs = List.of(
          () -> logLoss.sum(adjointRows, theta),
          () -> blockLogLoss.sum(blocks, theta),
          () -> MllibReference.epoch(mllibRows, theta));
      // All must compute the same sums, or the timing compares different work.
      DistributedGradient.Sum reference = epochs.get(2).get();
      for (Supplier<DistributedGradient.Sum> epoch : epochs) {
        DistributedGradient.Sum sum = epoch.get();
        double lossDiff = Math.abs(sum.loss() - reference.loss()) / reference.loss();
        if (lossDiff > 1e-12 || sum.count() != reference.count()) {
          throw new IllegalStateException("epochs differ: relative " + lossDiff + ", rows " + sum.count());
        }
      }
      for (int i = 0; i < 5; i++) {
        epochs.forEach(Supplier::get);
      }
      int n = epochs.size();
      double[][] wall = new double[n][rounds];
      double[][] cpu = new double[n][rounds];
      for (int r = 0; r < rounds; r++) {
        for (int k = 0; k < n; k++) {
          int which = (k + r) % n;  // rotate the order, so no variant always runs first
          cpuNanos.set(0);
          long start = System.nanoTime();
          epochs.get(which).get();
          wall[which][r] = (System.nanoTime() - start) * 1e-6;
          cpu[which][r] = cpuNanos.get() * 1e-6;
        }
      }
      System.out.printf("local[%d], ms per epoch (median of %d; paired ratio = median over rounds of"
          + " variant / MLlib in the same round):%n", cores, rounds);
      for (int k = 0; k < n; k++) {
        double[] wallRatio = new double[rounds];
        double[] cpuRatio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
          wallRatio[r] = wall[k][r] / wall[n - 1][r];
          cpuRatio[r] = cpu[k][r] / cpu[n - 1][r];
        }
        System.out.printf("  %-15s wall %8.1f  executor CPU %8.1f   wall/MLlib %.3f (quartiles %.3f-%.3f)"
            + "   CPU/MLlib %.3f (quartiles %.3f-%.3f)%n", names.get(k), median(wall[k]), median(cpu[k]),
            median(wallRatio), quantile(wallRatio, 0.25), quantile(wallRatio, 0.75),
            median(cpuRatio), quantile(cpuRatio, 0.25), quantile(cpuRatio, 0.75));
      }
    } finally {
      spark.stop();
    }
  }

  private static double median(double[] values) {
    return quantile(values, 0.5);
  }

  private static double quantile(double[] values, double q) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double position = q * (sorted.length - 1);
    int low = (int) Math.floor(position);
    int high = (int) Math.ceil(position);
    return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
  }
}
