package dev.adjoint.samples.mlp;

import dev.adjoint.optim.Adam;
import dev.adjoint.samples.logistic.LogisticSample;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Trains a 2-16-16-1 tanh MLP on the two-moons data with Adam ({@code dev.adjoint.optim}), using the
 * gradient that the annotation processor generated from the instance method {@link MlpModel#loss}
 * (Tensor code differentiated at compile time, no tape): the model is a record of layers, and so is
 * its gradient. Prints the loss and the train/test accuracy, and draws the learned decision boundary
 * as {@code mlp-decision-boundary.png}.
 */
public final class MlpSample {
  static final int TRAIN_POINTS = 200;
  static final int TEST_POINTS = 200;
  static final double NOISE = 0.15;
  static final long TRAIN_SEED = 1;
  static final long TEST_SEED = 2;
  static final long INIT_SEED = 7;
  static final double LEARNING_RATE = 0.01;
  static final int EPOCHS = 1000;
  static final int PRINT_EVERY = 200;
  static final String PNG_NAME = "mlp-decision-boundary.png";

  private MlpSample() {}

  /** The trained model and the training loss before every epoch. */
  record Result(MlpModel model, double[] losses) {}

  /** Full-batch Adam on the generated gradient: {@code model = adam.step(model, gradient.self())}. */
  static Result train(TwoMoons train, MlpModel start, int epochs) {
    Adam adam = new Adam(LEARNING_RATE);
    MlpModel model = start;
    double[] losses = new double[epochs];
    for (int epoch = 0; epoch < epochs; epoch++) {
      MlpModelDerivatives.LossGradient g = MlpModelDerivatives.lossGradient(model, train.x(), train.y());
      losses[epoch] = g.value().item();
      model = adam.step(model, g.self());
    }
    return new Result(model, losses);
  }

  /** Share of rows whose predicted class (logit >= 0 means 1) is the label. */
  static double accuracy(MlpModel model, TwoMoons data) {
    double[] z = model.logits(data.x()).toArray();
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
    out.printf("Two moons (noise %.2f): %d training and %d test points; MLP 2-%d-%d-1, tanh, Adam%n",
        NOISE, train.size(), test.size(), MlpModel.HIDDEN, MlpModel.HIDDEN);
    out.println("gradient from the generated companion: samples/target/generated-sources/annotations/"
        + "dev/adjoint/samples/mlp/MlpModelDerivatives.java");

    Result result = train(train, MlpModel.initial(INIT_SEED), EPOCHS);
    for (int epoch = 0; epoch < EPOCHS; epoch += PRINT_EVERY) {
      out.printf("  epoch %4d  loss %.6f%n", epoch, result.losses()[epoch]);
    }
    out.printf("  epoch %4d  loss %.6f%n", EPOCHS, result.model().loss(train.x(), train.y()).item());

    double testAccuracy = accuracy(result.model(), test);
    out.printf("train accuracy %.2f %%, test accuracy %.2f %%%n",
        100 * accuracy(result.model(), train), 100 * testAccuracy);

    Path png = outputDir.resolve(PNG_NAME).toAbsolutePath();
    DecisionBoundary.writePng(result.model(), train, png);
    out.println("decision boundary written to " + png);
    return testAccuracy;
  }
}
