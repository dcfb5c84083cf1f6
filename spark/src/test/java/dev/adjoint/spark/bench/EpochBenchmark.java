package dev.adjoint.spark.bench;

import dev.adjoint.spark.Blocks;
import dev.adjoint.spark.DistributedGradient;
import dev.adjoint.spark.MllibReference;
import dev.adjoint.spark.samples.DataSets;
import dev.adjoint.spark.samples.LabeledBlock;
import dev.adjoint.spark.samples.LabeledRow;
import dev.adjoint.spark.samples.LogisticOnSpark;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import scala.Tuple2;

/**
 * One epoch (one distributed pass: value and gradient of the summed log-loss) over the same
 * synthetic rows, cached in memory, with Spark local[cores]:
 * {@code adjoint} sums the generated per-row gradient with DistributedGradient;
 * {@code adjointBlocks} the generated gradient of a block of 1024 rows (one call per block);
 * {@code mllib} runs MLlib's hand-written aggregator (mllib.optimization.LogisticGradient) in the
 * same treeAggregate, as MLlib's L-BFGS cost function does. Run by {@code spark/bench.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EpochBenchmark {
  @Param({"1", "2"})
  public int cores;

  @Param({"1000000"})
  public long rows;

  @Param({"16"})
  public int features;

  /** Partitions: a fixed count, so both core counts run the same tasks. */
  @Param({"4"})
  public int partitions;

  private SparkSession spark;
  private JavaRDD<LabeledRow> adjointRows;
  private JavaRDD<Tuple2<Double, Vector>> mllibRows;
  private JavaRDD<LabeledBlock> blocks;
  private DistributedGradient<LabeledRow> logLoss;
  private DistributedGradient<LabeledBlock> blockLogLoss;
  private double[] theta;

  @Setup(Level.Trial)
  public void setUp() {
    spark = SparkSession.builder()
        .appName("adjoint epoch benchmark")
        .master("local[" + cores + "]")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    adjointRows = DataSets.synthetic(sc, rows, features, partitions, 42).persist(StorageLevel.MEMORY_ONLY());
    adjointRows.count();
    mllibRows = MllibReference.withBias(adjointRows).persist(StorageLevel.MEMORY_ONLY());
    mllibRows.count();
    blocks = Blocks.of(adjointRows, LogisticOnSpark.ROWS_PER_BLOCK, LabeledBlock::pack)
        .persist(StorageLevel.MEMORY_ONLY());
    blocks.count();
    logLoss = DistributedGradient.of(features + 1, LogisticOnSpark.LOG_LOSS);
    blockLogLoss = DistributedGradient.of(features + 1, LogisticOnSpark.BLOCK_LOG_LOSS)
        .withRowCount(LabeledBlock::size);
    theta = new double[features + 1];
    for (int j = 0; j <= features; j++) {
      theta[j] = 0.1 * Math.sin(2 * j + 1);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    spark.stop();
  }

  @Benchmark
  public DistributedGradient.Sum adjoint() {
    return logLoss.sum(adjointRows, theta);
  }

  @Benchmark
  public DistributedGradient.Sum adjointBlocks() {
    return blockLogLoss.sum(blocks, theta);
  }

  @Benchmark
  public DistributedGradient.Sum mllib() {
    return MllibReference.epoch(mllibRows, theta);
  }
}
