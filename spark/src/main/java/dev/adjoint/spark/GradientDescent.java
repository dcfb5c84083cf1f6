package dev.adjoint.spark;

import java.util.Objects;

/**
 * Plain full-batch gradient descent on an {@link Objective}: {@code x <- x - learningRate * grad},
 * one distributed pass per step. The simplest driver loop; {@link Lbfgs} needs far fewer passes.
 */
public final class GradientDescent {
  private final double learningRate;

  public GradientDescent(double learningRate) {
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("GradientDescent: learning rate " + learningRate + " is not a positive number");
    }
    this.learningRate = learningRate;
  }

  /** The parameters after {@code steps} steps and the value before each step. */
  public record Result(double[] params, double[] valueHistory) {}

  /** {@code steps} steps from {@code initial} (not changed). */
  public Result minimize(Objective objective, double[] initial, int steps) {
    Objects.requireNonNull(objective, "objective");
    Objects.requireNonNull(initial, "initial");
    if (steps < 0) {
      throw new IllegalArgumentException("GradientDescent.minimize: steps " + steps + " < 0");
    }
    double[] x = initial.clone();
    double[] history = new double[steps];
    for (int step = 0; step < steps; step++) {
      Objective.Value v = objective.evaluate(x);
      if (v.gradient().length != x.length) {
        throw new IllegalArgumentException("GradientDescent.minimize: the objective returned a gradient of length "
            + v.gradient().length + " for " + x.length + " parameters");
      }
      history[step] = v.value();
      for (int i = 0; i < x.length; i++) {
        x[i] -= learningRate * v.gradient()[i];
      }
    }
    return new Result(x, history);
  }
}
