package dev.adjoint.spark;

import java.util.Arrays;

/**
 * A differentiable function of a parameter vector, evaluated on the driver (it may launch a Spark
 * job, as {@link DistributedGradient#mean} does). The driver loops ({@link Lbfgs},
 * {@link GradientDescent}) minimise one.
 */
@FunctionalInterface
public interface Objective {

  /** The value and gradient at {@code params}; must not change {@code params}. */
  Value evaluate(double[] params);

  /** A value and its gradient (same length as the parameters). */
  record Value(double value, double[] gradient) {}

  /**
   * This objective plus {@code other} (for example a regulariser computed on the driver from its
   * own generated companion). Both are evaluated at the same parameters.
   */
  default Objective plus(Objective other) {
    return params -> {
      Value a = evaluate(params);
      Value b = other.evaluate(params);
      if (a.gradient().length != b.gradient().length) {
        throw new IllegalArgumentException("Objective.plus: gradients of length " + a.gradient().length
            + " and " + b.gradient().length + " at parameters of length " + params.length);
      }
      double[] sum = Arrays.copyOf(a.gradient(), a.gradient().length);
      RowGradient.addTo(sum, b.gradient());
      return new Value(a.value() + b.value(), sum);
    };
  }
}
