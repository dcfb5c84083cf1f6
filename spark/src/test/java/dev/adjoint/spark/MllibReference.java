package dev.adjoint.spark;

import dev.adjoint.spark.samples.LabeledRow;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.mllib.linalg.DenseVector;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.optimization.LogisticGradient;
import scala.Tuple2;

/**
 * MLlib's hand-written logistic-regression aggregator, as its L-BFGS cost function
 * ({@code mllib.optimization.LBFGS.CostFun}) runs it: {@code LogisticGradient.compute} per row,
 * adding into a dense gradient sum, in a treeAggregate over (label, features with the bias 1
 * appended). The reference that the generated gradient is compared and timed against.
 */
public final class MllibReference {
  private MllibReference() {}

  /** MLlib's row layout: (label, features ++ 1), the intercept being the last weight. */
  public static JavaRDD<Tuple2<Double, Vector>> withBias(JavaRDD<LabeledRow> rows) {
    return rows.map(r -> {
      double[] x = Arrays.copyOf(r.x(), r.x().length + 1);
      x[r.x().length] = 1;
      return new Tuple2<>(r.y(), Vectors.dense(x));
    });
  }

  /** One pass: summed log-loss and gradient at {@code theta} (coefficients, then intercept). */
  public static DistributedGradient.Sum epoch(JavaRDD<Tuple2<Double, Vector>> data, double[] theta) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(data.context());
    Broadcast<Vector> weights = sc.broadcast(Vectors.dense(theta.clone()));
    try {
      LogisticGradient gradient = new LogisticGradient();
      Partial total = data.treeAggregate(new Partial(theta.length),
          (partial, row) -> {
            partial.loss += gradient.compute(row._2(), row._1(), weights.value(), partial.gradient);
            partial.count++;
            return partial;
          },
          Partial::merge,
          2);
      return new DistributedGradient.Sum(total.loss, total.gradient.values(), total.count);
    } finally {
      weights.destroy();
    }
  }

  private static final class Partial implements Serializable {
    private static final long serialVersionUID = 1L;

    double loss;
    final DenseVector gradient;
    long count;

    Partial(int dimension) {
      gradient = new DenseVector(new double[dimension]);
    }

    Partial merge(Partial other) {
      loss += other.loss;
      double[] mine = gradient.values();
      double[] theirs = other.gradient.values();
      for (int i = 0; i < mine.length; i++) {
        mine[i] += theirs[i];
      }
      count += other.count;
      return this;
    }
  }
}
