package dev.adjoint.spark.samples;

import dev.adjoint.spark.Blocks;
import dev.adjoint.spark.DistributedGradient;
import dev.adjoint.spark.Lbfgs;
import dev.adjoint.spark.Objective;
import dev.adjoint.spark.RowGradient;
import java.io.PrintStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Distributed logistic regression with a generated gradient: only the per-row loss
 * ({@link LogisticLoss#logLoss}) is written; {@link DistributedGradient} sums its generated
 * gradient over the partitions with treeAggregate and Breeze's L-BFGS drives the fit on the
 * driver. The same problem is then fitted by MLlib's own LogisticRegression (hand-written
 * aggregator), and the coefficients are compared.
 *
 * <p>Objective, as MLlib's with standardization=false and elasticNetParam=0: mean log-loss +
 * regParam/2 |w|^2, intercept not penalised.
 *
 * <pre>
 *   mvn -B -ntp -pl spark -am package -DskipTests      # then, from the spark module:
 *   java ${spark.jvm.options} -cp ... dev.adjoint.spark.samples.LogisticOnSpark [rows] [features]
 *   spark-submit --class dev.adjoint.spark.samples.LogisticOnSpark --jars adjoint-runtime.jar,adjoint-samples.jar \
 *       adjoint-spark.jar 10000000 16
 * </pre>
 * (docs/SPARK.md has the complete commands.)
 */
public final class LogisticOnSpark {
  private LogisticOnSpark() {}

  /** regParam of both fits. */
  public static final double REG_PARAM = 0.01;

  /** The per-row gradient: a call of the generated companion, summed in place. */
  public static final RowGradient<LabeledRow> LOG_LOSS = (theta, row, sum) -> {
    LogisticLossDerivatives.LogLossGradient g = LogisticLossDerivatives.logLossGradient(theta, row.x(), row.y());
    RowGradient.addTo(sum, g.theta());
    return g.value();
  };

  /** The same per block of rows: one call of the generated companion per block. */
  public static final RowGradient<LabeledBlock> BLOCK_LOG_LOSS = (theta, block, sum) -> {
    LogisticLossDerivatives.BlockLogLossGradient g =
        LogisticLossDerivatives.blockLogLossGradient(theta, block.x(), block.y());
    RowGradient.addTo(sum, g.theta());
    return g.value();
  };

  /** Rows per block: 1024 rows of 16 features are 128 KiB, in cache (MLlib's default is 1 MiB). */
  public static final int ROWS_PER_BLOCK = 1024;

  /** The penalty on the driver, from its own generated companion. */
  public static Objective ridge(double regParam) {
    return theta -> {
      LogisticLossDerivatives.RidgeGradient g = LogisticLossDerivatives.ridgeGradient(theta, regParam);
      return new Objective.Value(g.value(), g.theta());
    };
  }

  /** Mean log-loss over {@code rows} plus the ridge penalty, as an {@link Objective}. */
  public static Objective objective(JavaRDD<LabeledRow> rows, int features, double regParam) {
    return DistributedGradient.of(features + 1, LOG_LOSS).mean(rows).plus(ridge(regParam));
  }

  /** {@link #objective} over blocks of rows ({@link #BLOCK_LOG_LOSS}); the mean is still per row. */
  public static Objective blockObjective(JavaRDD<LabeledBlock> blocks, int features, double regParam) {
    return DistributedGradient.of(features + 1, BLOCK_LOG_LOSS)
        .withRowCount(LabeledBlock::size)
        .mean(blocks)
        .plus(ridge(regParam));
  }

  /**
   * Adjoint's fit: the rows packed into cached blocks, then Breeze L-BFGS from zero on
   * {@link #blockObjective}; theta = coefficients, then intercept.
   */
  public static Lbfgs.Result fit(JavaRDD<LabeledRow> rows, int features, double regParam, Lbfgs lbfgs) {
    JavaRDD<LabeledBlock> blocks = Blocks.of(rows, ROWS_PER_BLOCK, LabeledBlock::pack).cache();
    try {
      return lbfgs.minimize(blockObjective(blocks, features, regParam), new double[features + 1]);
    } finally {
      blocks.unpersist();
    }
  }

  /** MLlib's fit of the same objective; coefficients, then the intercept (the layout of theta). */
  public static double[] fitMllib(Dataset<Row> frame, double regParam, int maxIterations, double tolerance) {
    LogisticRegressionModel model = new LogisticRegression()
        .setFamily("binomial")
        .setRegParam(regParam)
        .setElasticNetParam(0)
        .setStandardization(false)
        .setFitIntercept(true)
        .setMaxIter(maxIterations)
        .setTol(tolerance)
        .fit(frame);
    double[] coefficients = model.coefficients().toArray();
    double[] theta = java.util.Arrays.copyOf(coefficients, coefficients.length + 1);
    theta[coefficients.length] = model.intercept();
    return theta;
  }

  /** max_i |a_i - b_i|. */
  public static double maxAbsDiff(double[] a, double[] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  /** Local master local[2] unless spark-submit (or -Dspark.master) chose one. */
  public static SparkSession session(String appName) {
    SparkConf conf = new SparkConf().setAppName(appName);
    if (!conf.contains("spark.master")) {
      conf.setMaster("local[2]");
    }
    return SparkSession.builder().config(conf).getOrCreate();
  }

  public static void main(String[] args) {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
    int features = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    SparkSession spark = session("adjoint logistic regression");
    try {
      run(spark, rows, features, System.out);
    } finally {
      spark.stop();
    }
  }

  /** Both data sets, both fits, the comparison. */
  public static void run(SparkSession spark, long rows, int features, PrintStream out) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Lbfgs lbfgs = new Lbfgs().maxIterations(1000).tolerance(1e-12);

    JavaRDD<LabeledRow> cancer = sc.parallelize(DataSets.breastCancer(), 4).cache();
    compare(out, "breast cancer (569 rows, 30 standardised features, 4 partitions)", spark, cancer, 30, lbfgs);
    cancer.unpersist();

    int partitions = Math.max(4, sc.defaultParallelism() * 2);
    JavaRDD<LabeledRow> synthetic = DataSets.synthetic(sc, rows, features, partitions, 42)
        .persist(StorageLevel.MEMORY_ONLY());
    compare(out, String.format("synthetic (%d rows made on the executors, %d features, %d partitions)",
        rows, features, partitions), spark, synthetic, features, lbfgs);
    synthetic.unpersist();
  }

  private static void compare(PrintStream out, String title, SparkSession spark, JavaRDD<LabeledRow> rows,
      int features, Lbfgs lbfgs) {
    out.println(title + ", regParam " + REG_PARAM + ":");
    long count = rows.count();
    long start = System.nanoTime();
    Lbfgs.Result ours = fit(rows, features, REG_PARAM, lbfgs);
    double oursSeconds = (System.nanoTime() - start) * 1e-9;
    Dataset<Row> frame = DataSets.toDataFrame(spark, rows).cache();
    frame.count();
    start = System.nanoTime();
    double[] mllib = fitMllib(frame, REG_PARAM, 1000, 1e-12);
    double mllibSeconds = (System.nanoTime() - start) * 1e-9;
    frame.unpersist();
    out.printf("  adjoint (generated gradient, Breeze L-BFGS): %d iterations, loss %.12f, %.1f s (%s)%n",
        ours.iterations(), ours.value(), oursSeconds, ours.convergence());
    out.printf("  MLlib LogisticRegression:                   %.1f s%n", mllibSeconds);
    out.printf("  rows %d; max |theta_adjoint - theta_mllib| = %.2e%n", count, maxAbsDiff(ours.params(), mllib));
    out.printf("  intercept %.9f vs %.9f; first coefficients %.9f %.9f vs %.9f %.9f%n",
        ours.params()[features], mllib[features], ours.params()[0], ours.params()[1], mllib[0], mllib[1]);
  }
}
