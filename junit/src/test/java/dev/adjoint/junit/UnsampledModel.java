package dev.adjoint.junit;

import dev.adjoint.Differentiable;

/** A double[][] parameter and no samples: nothing can be drawn at random. */
final class UnsampledModel {
  private UnsampledModel() {}

  @Differentiable
  static double sumOfSquares(double[][] m) {
    double s = 0;
    for (double[] row : m) {
      for (double v : row) {
        s += v * v;
      }
    }
    return s;
  }
}
