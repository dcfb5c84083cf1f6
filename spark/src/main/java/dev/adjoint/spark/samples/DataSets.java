package dev.adjoint.spark.samples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The samples' data sets as RDDs of {@link LabeledRow}, and as the DataFrame MLlib reads. */
public final class DataSets {
  private DataSets() {}

  /**
   * The UCI breast-cancer (Wisconsin diagnostic) rows shipped with adjoint-samples
   * ({@code data/breast_cancer.csv}: 569 rows, 30 features, 1 = benign), each feature
   * standardised to mean 0 and (sample) standard deviation 1, so that both fits meet a
   * well-conditioned problem. Read on the driver: the file is small.
   */
  public static List<LabeledRow> breastCancer() {
    String resource = "/data/breast_cancer.csv";
    try (InputStream in = DataSets.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + resource + " on the classpath (it ships in adjoint-samples)");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String[] header = reader.readLine().split(",");
      int rows = Integer.parseInt(header[0].trim());
      int features = Integer.parseInt(header[1].trim());
      double[][] x = new double[rows][features];
      double[] y = new double[rows];
      for (int i = 0; i < rows; i++) {
        String line = reader.readLine();
        String[] cells = line == null ? new String[0] : line.split(",");
        if (cells.length != features + 1) {
          throw new IllegalArgumentException(resource + " line " + (i + 2) + " has " + cells.length
              + " cells, expected " + features + " features and a label");
        }
        for (int j = 0; j < features; j++) {
          x[i][j] = Double.parseDouble(cells[j]);
        }
        y[i] = Double.parseDouble(cells[features]);
      }
      standardize(x);
      List<LabeledRow> result = new ArrayList<>(rows);
      for (int i = 0; i < rows; i++) {
        result.add(new LabeledRow(x[i], y[i]));
      }
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + resource, e);
    }
  }

  private static void standardize(double[][] x) {
    int n = x.length;
    for (int j = 0; j < x[0].length; j++) {
      double mean = 0;
      for (double[] row : x) {
        mean += row[j];
      }
      mean /= n;
      double squares = 0;
      for (double[] row : x) {
        squares += (row[j] - mean) * (row[j] - mean);
      }
      double sd = Math.sqrt(squares / (n - 1));
      for (double[] row : x) {
        row[j] = (row[j] - mean) / sd;
      }
    }
  }

  /** The coefficients behind {@link #synthetic}: theta_j = sin(j + 1) for j < d, intercept -0.3. */
  public static double[] syntheticTruth(int features) {
    double[] theta = new double[features + 1];
    for (int j = 0; j < features; j++) {
      theta[j] = Math.sin(j + 1);
    }
    theta[features] = -0.3;
    return theta;
  }

  /**
   * {@code rows} synthetic rows generated on the executors, in {@code partitions} partitions:
   * row i has standard normal features and the label 1 with probability sigmoid(theta·x + b) for
   * {@link #syntheticTruth}. Every row is drawn from its own generator seeded by (seed, i), so the
   * data do not depend on the partitioning or on which executor makes them.
   */
  public static JavaRDD<LabeledRow> synthetic(JavaSparkContext sc, long rows, int features, int partitions, long seed) {
    if (rows < 1 || features < 1 || partitions < 1) {
      throw new IllegalArgumentException("DataSets.synthetic: rows " + rows + ", features " + features
          + ", partitions " + partitions + " must all be >= 1");
    }
    List<Integer> ids = IntStream.range(0, partitions).boxed().collect(Collectors.toList());
    double[] truth = syntheticTruth(features);
    return sc.parallelize(ids, partitions).flatMap(p -> {
      long from = rows * p / partitions;
      long to = rows * (p + 1) / partitions;
      return new Iterator<LabeledRow>() {
        long i = from;

        @Override
        public boolean hasNext() {
          return i < to;
        }

        @Override
        public LabeledRow next() {
          if (i >= to) {
            throw new NoSuchElementException();
          }
          return syntheticRow(i++, truth, seed);
        }
      };
    });
  }

  static LabeledRow syntheticRow(long i, double[] truth, long seed) {
    SplittableRandom random = new SplittableRandom(seed ^ (i * 0x9E3779B97F4A7C15L));
    int d = truth.length - 1;
    double[] x = new double[d];
    double z = truth[d];
    for (int j = 0; j < d; j++) {
      x[j] = random.nextGaussian();
      z += truth[j] * x[j];
    }
    double y = random.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    return new LabeledRow(x, y);
  }

  /** The same rows as the DataFrame (label: double, features: vector) that MLlib's estimators read. */
  public static Dataset<Row> toDataFrame(SparkSession spark, JavaRDD<LabeledRow> rows) {
    StructType schema = new StructType()
        .add("label", DataTypes.DoubleType, false)
        .add("features", SQLDataTypes.VectorType(), false);
    return spark.createDataFrame(rows.map(r -> RowFactory.create(r.y(), Vectors.dense(r.x()))), schema);
  }
}
