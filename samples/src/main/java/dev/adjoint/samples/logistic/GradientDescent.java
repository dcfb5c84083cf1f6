package dev.adjoint.samples.logistic;

/** Full-batch gradient descent on {@link LogisticModel#loss}, using its generated gradient. */
final class GradientDescent {
  private GradientDescent() {}

  /** The trained parameters and the training loss before each step. */
  record Result(double[] w, double b, double[] losses) {}

  static Result train(Dataset train, double l2, double learningRate, int epochs) {
    double[] w = new double[train.x()[0].length];
    double b = 0;
    double[] losses = new double[epochs];
    for (int epoch = 0; epoch < epochs; epoch++) {
      LogisticModelDerivatives.LossGradient g =
          LogisticModelDerivatives.lossGradient(w, b, train.x(), train.y(), l2);
      losses[epoch] = g.value();
      for (int j = 0; j < w.length; j++) {
        w[j] -= learningRate * g.w()[j];
      }
      b -= learningRate * g.b();
    }
    return new Result(w, b, losses);
  }
}
