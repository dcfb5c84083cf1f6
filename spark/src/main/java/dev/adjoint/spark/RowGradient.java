package dev.adjoint.spark;

import java.io.Serializable;

/**
 * One row's share of a summed loss: adds the row's gradient with respect to {@code params} into
 * {@code gradientSum} and returns the row's loss. This is the one piece a user writes, usually a
 * call of a generated companion:
 *
 * <pre>{@code
 * RowGradient<LabeledRow> logLoss = (theta, row, sum) -> {
 *   LogisticLossDerivatives.LogLossGradient g = LogisticLossDerivatives.logLossGradient(theta, row.x(), row.y());
 *   RowGradient.addTo(sum, g.theta());
 *   return g.value();
 * };
 * }</pre>
 *
 * <p>It runs on the executors, so it is {@link Serializable} (a lambda assigned to this type is),
 * and it must keep no state between rows: the generated companions are plain static code, which
 * is exactly that. It must not change {@code params}.
 */
@FunctionalInterface
public interface RowGradient<T> extends Serializable {

  /** Adds {@code row}'s gradient at {@code params} into {@code gradientSum}; returns its loss. */
  double add(double[] params, T row, double[] gradientSum);

  /** {@code sum += gradient}, element by element (the arrays have the same length). */
  static void addTo(double[] sum, double[] gradient) {
    for (int i = 0; i < gradient.length; i++) {
      sum[i] += gradient[i];
    }
  }
}
