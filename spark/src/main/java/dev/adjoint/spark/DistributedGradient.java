package dev.adjoint.spark;

import java.io.Serializable;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;

/**
 * The summed loss and gradient of a per-row loss over a distributed data set, computed the way
 * MLlib computes its GLM gradients: the parameters are broadcast, every partition folds its rows
 * into one partial sum (value, gradient, row count), and {@code treeAggregate} adds the partial
 * sums in a tree of the given depth, so the driver receives a few vectors, not one per partition.
 *
 * <pre>{@code
 * JavaRDD<LabeledRow> rows = ...cache();
 * DistributedGradient<LabeledRow> logLoss = DistributedGradient.of(features + 1, (theta, row, sum) -> {...});
 * Objective objective = logLoss.mean(rows).plus(l2);         // mean log-loss + penalty
 * Lbfgs.Result fit = new Lbfgs().tolerance(1e-9).minimize(objective, new double[features + 1]);
 * }</pre>
 *
 * <p>Each call of {@link #sum} runs one Spark job (one pass over the data, an "epoch"). Cache the
 * rows: the driver loops evaluate the sum once per iteration.
 */
public final class DistributedGradient<T> implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int dimension;
  private final RowGradient<T> rowGradient;
  private final int depth;
  private final RowCount<T> rowCount;

  private DistributedGradient(int dimension, RowGradient<T> rowGradient, int depth, RowCount<T> rowCount) {
    this.dimension = dimension;
    this.rowGradient = rowGradient;
    this.depth = depth;
    this.rowCount = rowCount;
  }

  /**
   * The sum over rows of {@code rowGradient}, for parameter vectors of length {@code dimension};
   * {@code treeAggregate} depth 2, MLlib's default ({@code aggregationDepth}).
   */
  public static <T> DistributedGradient<T> of(int dimension, RowGradient<T> rowGradient) {
    Objects.requireNonNull(rowGradient, "rowGradient");
    if (dimension < 1) {
      throw new IllegalArgumentException("DistributedGradient.of: dimension " + dimension + " < 1");
    }
    return new DistributedGradient<>(dimension, rowGradient, 2, null);
  }

  /** The same sum with another {@code treeAggregate} depth (>= 1; 1 adds every partition on the driver). */
  public DistributedGradient<T> withDepth(int depth) {
    if (depth < 1) {
      throw new IllegalArgumentException("DistributedGradient.withDepth: depth " + depth + " < 1");
    }
    return new DistributedGradient<>(dimension, rowGradient, depth, rowCount);
  }

  /**
   * The same sum over a data set whose elements are blocks of rows ({@link Blocks}):
   * {@code rowCount} tells how many rows each element holds, so that {@link Sum#count()} and
   * {@link #mean} count rows, not blocks. Without it each element counts as one row.
   */
  public DistributedGradient<T> withRowCount(RowCount<T> rowCount) {
    Objects.requireNonNull(rowCount, "rowCount");
    return new DistributedGradient<>(dimension, rowGradient, depth, rowCount);
  }

  /** Length of the parameter vector and of the gradient. */
  public int dimension() {
    return dimension;
  }

  /** Sum over all rows of the loss and of its gradient at {@code params}: one Spark job. */
  public Sum sum(JavaRDD<T> rows, double[] params) {
    Objects.requireNonNull(rows, "rows");
    checkParams(params);
    JavaSparkContext context = JavaSparkContext.fromSparkContext(rows.context());
    // Broadcast, as MLlib does: each executor fetches the vector once, not once per task.
    Broadcast<double[]> shared = context.broadcast(params.clone());
    try {
      RowGradient<T> f = rowGradient;
      RowCount<T> n = rowCount;
      Partial total = rows.treeAggregate(new Partial(dimension),
          (partial, row) -> {
            partial.loss += f.add(shared.value(), row, partial.gradient);
            partial.count += n == null ? 1 : n.rows(row);
            return partial;
          },
          Partial::merge,
          depth);
      return new Sum(total.loss, total.gradient, total.count);
    } finally {
      shared.destroy();
    }
  }

  /** {@link #sum(JavaRDD, double[])} of a Scala RDD. */
  public Sum sum(RDD<T> rows, double[] params) {
    Objects.requireNonNull(rows, "rows");
    return sum(rows.toJavaRDD(), params);
  }

  /**
   * {@link #sum(JavaRDD, double[])} of a typed Dataset. Each call converts it to an RDD again, so
   * for an iterative fit convert once and cache: {@code dataset.javaRDD().cache()}.
   */
  public Sum sum(Dataset<T> rows, double[] params) {
    Objects.requireNonNull(rows, "rows");
    return sum(rows.javaRDD(), params);
  }

  /**
   * The mean loss over {@code rows} as an {@link Objective}: value and gradient of the sum divided
   * by the number of rows. One Spark job per evaluation.
   */
  public Objective mean(JavaRDD<T> rows) {
    Objects.requireNonNull(rows, "rows");
    return params -> sum(rows, params).mean();
  }

  private void checkParams(double[] params) {
    Objects.requireNonNull(params, "params");
    if (params.length != dimension) {
      throw new IllegalArgumentException("DistributedGradient.sum: params of length " + params.length
          + ", expected the dimension " + dimension);
    }
  }

  /** Loss and gradient summed over {@code count} rows (see {@link #withRowCount}). */
  public record Sum(double loss, double[] gradient, long count) {

    /** Loss and gradient divided by the row count. */
    public Objective.Value mean() {
      if (count == 0) {
        throw new IllegalArgumentException("DistributedGradient: the mean of no rows (the data set is empty)");
      }
      double[] g = new double[gradient.length];
      for (int i = 0; i < g.length; i++) {
        g[i] = gradient[i] / count;
      }
      return new Objective.Value(loss / count, g);
    }
  }

  /** One partition's running sum; mutated in place, as treeAggregate allows. */
  private static final class Partial implements Serializable {
    private static final long serialVersionUID = 1L;

    double loss;
    final double[] gradient;
    long count;

    Partial(int dimension) {
      gradient = new double[dimension];
    }

    Partial merge(Partial other) {
      loss += other.loss;
      RowGradient.addTo(gradient, other.gradient);
      count += other.count;
      return this;
    }
  }
}
