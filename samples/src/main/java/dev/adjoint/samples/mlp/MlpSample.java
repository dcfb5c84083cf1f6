package dev.adjoint.samples.mlp;

import dev.adjoint.Tensor;
import dev.adjoint.samples.logistic.LogisticSample;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Random;

/**
 * Trains a 2-16-16-1 tanh MLP on the two-moons data by gradient descent with momentum, using the
 * gradient that the annotation processor generated from {@link MlpModel#loss} (Tensor code
 * differentiated at compile time, no tape), prints the loss and the train/test accuracy, and
 * draws the learned decision boundary as {@code mlp-decision-boundary.png}.
 */
public final class MlpSample {
  static final int TRAIN_POINTS = 200;
  static final int TEST_POINTS = 200;
  static final double NOISE = 0.15;
  static final long TRAIN_SEED = 1;
  static final long TEST_SEED = 2;
  static final long INIT_SEED = 7;
  static final double LEARNING_RATE = 0.1;
  static final double MOMENTUM = 0.9;
  static final int EPOCHS = 1000;
  static final int PRINT_EVERY = 200;
  static final String PNG_NAME = "mlp-decision-boundary.png";

  private MlpSample() {}

  /** The weights w1, b1, w2, b2, w3, b3, in the order of {@link MlpModel#loss}'s parameters. */
  record Weights(Tensor w1, Tensor b1, Tensor w2, Tensor b2, Tensor w3, Tensor b3) {
    Tensor[] all() {
      return new Tensor[] {w1, b1, w2, b2, w3, b3};
    }

    static Weights of(Tensor[] t) {
      return new Weights(t[0], t[1], t[2], t[3], t[4], t[5]);
    }

    Tensor loss(TwoMoons data) {
      return MlpModel.loss(data.x(), w1, b1, w2, b2, w3, b3, data.y());
    }

    Tensor logits(Tensor x) {
      return MlpModel.logits(x, w1, b1, w2, b2, w3, b3);
    }
  }

  /** Xavier-style start: normal weights scaled by 1/sqrt(fan-in), zero biases. */
  static Weights initialWeights(long seed) {
    Random random = new Random(seed);
    int h = MlpModel.HIDDEN;
    return new Weights(
        Tensor.randn(random, 2, h).mul(1 / Math.sqrt(2)), Tensor.zeros(h),
        Tensor.randn(random, h, h).mul(1 / Math.sqrt(h)), Tensor.zeros(h),
        Tensor.randn(random, h, 1).mul(1 / Math.sqrt(h)), Tensor.zeros(1));
  }

  /** The trained weights and the training loss before every epoch. */
  record Result(Weights weights, double[] losses) {}

  /** Full-batch gradient descent with momentum (heavy ball) on the generated gradient. */
  static Result train(TwoMoons train, Weights start, int epochs) {
    Tensor[] w = start.all();
    Tensor[] velocity = new Tensor[w.length];
    for (int k = 0; k < w.length; k++) {
      velocity[k] = Tensor.zerosLike(w[k]);
    }
    double[] losses = new double[epochs];
    for (int epoch = 0; epoch < epochs; epoch++) {
      MlpModelDerivatives.LossGradient g = MlpModelDerivatives.lossGradient(
          train.x(), w[0], w[1], w[2], w[3], w[4], w[5], train.y());
      losses[epoch] = g.value().item();
      Tensor[] grads = {g.w1(), g.b1(), g.w2(), g.b2(), g.w3(), g.b3()};
      for (int k = 0; k < w.length; k++) {
        velocity[k] = velocity[k].mul(MOMENTUM).add(grads[k]);
        w[k] = w[k].sub(velocity[k].mul(LEARNING_RATE));
      }
    }
    return new Result(Weights.of(w), losses);
  }

  /** Share of rows whose predicted class (logit >= 0 means 1) is the label. */
  static double accuracy(Weights weights, TwoMoons data) {
    double[] z = weights.logits(data.x()).toArray();
    double[] y = data.y().toArray();
    int correct = 0;
    for (int i = 0; i < z.length; i++) {
      if ((z[i] >= 0 ? 1 : 0) == y[i]) {
        correct++;
      }
    }
    return (double) correct / z.length;
  }

  /** Optional argument: the output directory (default {@code samples/target/samples-output}). */
  public static void main(String[] args) throws IOException {
    run(System.out, args.length > 0 ? Path.of(args[0]) : LogisticSample.defaultOutputDir());
  }

  /** Runs the sample; returns the accuracy on the test points. */
  public static double run(PrintStream out, Path outputDir) throws IOException {
    TwoMoons train = TwoMoons.generate(TRAIN_POINTS, NOISE, TRAIN_SEED);
    TwoMoons test = TwoMoons.generate(TEST_POINTS, NOISE, TEST_SEED);
    out.printf("Two moons (noise %.2f): %d training and %d test points; MLP 2-%d-%d-1, tanh%n",
        NOISE, train.size(), test.size(), MlpModel.HIDDEN, MlpModel.HIDDEN);
    out.println("gradient from the generated companion: samples/target/generated-sources/annotations/"
        + "dev/adjoint/samples/mlp/MlpModelDerivatives.java");

    Result result = train(train, initialWeights(INIT_SEED), EPOCHS);
    for (int epoch = 0; epoch < EPOCHS; epoch += PRINT_EVERY) {
      out.printf("  epoch %4d  loss %.6f%n", epoch, result.losses()[epoch]);
    }
    out.printf("  epoch %4d  loss %.6f%n", EPOCHS, result.weights().loss(train).item());

    double testAccuracy = accuracy(result.weights(), test);
    out.printf("train accuracy %.2f %%, test accuracy %.2f %%%n",
        100 * accuracy(result.weights(), train), 100 * testAccuracy);

    Path png = outputDir.resolve(PNG_NAME).toAbsolutePath();
    DecisionBoundary.writePng(result.weights(), train, png);
    out.println("decision boundary written to " + png);
    return testAccuracy;
  }
}
