package dev.adjoint.samples.mlp;

import dev.adjoint.Tensor;
import java.util.Random;

/**
 * The two-moons toy data (as scikit-learn's {@code make_moons}): two interleaving half circles,
 * label 0 on the upper one, label 1 on the lower one, with Gaussian noise added to every point.
 *
 * @param x the points, shape {@code [n, 2]}
 * @param y the labels 0 or 1, shape {@code [n, 1]}
 */
record TwoMoons(Tensor x, Tensor y) {

  /** {@code n} points (half of each class), noise standard deviation {@code noise}, fixed seed. */
  static TwoMoons generate(int n, double noise, long seed) {
    Random random = new Random(seed);
    double[] points = new double[2 * n];
    double[] labels = new double[n];
    for (int i = 0; i < n; i++) {
      int label = i % 2;
      double angle = Math.PI * random.nextDouble();
      // upper moon: (cos t, sin t); lower moon: (1 - cos t, 0.5 - sin t)
      double px = label == 0 ? Math.cos(angle) : 1 - Math.cos(angle);
      double py = label == 0 ? Math.sin(angle) : 0.5 - Math.sin(angle);
      points[2 * i] = px + noise * random.nextGaussian();
      points[2 * i + 1] = py + noise * random.nextGaussian();
      labels[i] = label;
    }
    return new TwoMoons(Tensor.of(points, n, 2), Tensor.of(labels, n, 1));
  }

  int size() {
    return y.shape()[0];
  }
}
