package dev.adjoint.samples.logistic;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Trains logistic regression on the Wisconsin diagnostic breast cancer data with the gradient
 * that the annotation processor generated from {@link LogisticModel#loss}, prints the loss and
 * the accuracy, and writes the loss curve as {@code logistic-loss.png}; then trains the same model
 * with Newton's method on the generated Hessian ({@code order = 2}) and writes both loss curves as
 * {@code logistic-newton.png}.
 */
public final class LogisticSample {
  static final long SPLIT_SEED = 42;
  static final double TEST_FRACTION = 0.2;
  static final double L2 = 1e-3;
  static final double LEARNING_RATE = 0.5;
  static final int EPOCHS = 300;
  static final int PRINT_EVERY = 50;
  static final String PNG_NAME = "logistic-loss.png";
  static final int NEWTON_STEPS = 10;
  static final String NEWTON_PNG_NAME = "logistic-newton.png";

  private LogisticSample() {}

  /** Optional argument: the output directory (default {@code samples/target/samples-output}). */
  public static void main(String[] args) throws IOException {
    run(System.out, args.length > 0 ? Path.of(args[0]) : defaultOutputDir());
  }

  /** {@code samples/target/samples-output}, whether started from the repository root or from {@code samples/}. */
  public static Path defaultOutputDir() {
    Path module = Files.isDirectory(Path.of("samples", "src")) ? Path.of("samples") : Path.of("");
    return module.resolve("target").resolve("samples-output");
  }

  /** Runs the sample; returns the accuracy on the held-out test split. */
  public static double run(PrintStream out, Path outputDir) throws IOException {
    Dataset.Split split = Dataset.breastCancer().split(TEST_FRACTION, SPLIT_SEED);
    // Scale with the training split's statistics only, so nothing about the test rows leaks in.
    Standardizer scaler = Standardizer.fit(split.train().x());
    Dataset train = scaler.apply(split.train());
    Dataset test = scaler.apply(split.test());
    out.printf("Logistic regression, breast cancer data: %d training and %d test rows, %d features%n",
        train.size(), test.size(), train.x()[0].length);
    out.println("gradient from the generated companion: samples/target/generated-sources/annotations/"
        + "dev/adjoint/samples/logistic/LogisticModelDerivatives.java");

    GradientDescent.Result result = GradientDescent.train(train, L2, LEARNING_RATE, EPOCHS);
    for (int epoch = 0; epoch < EPOCHS; epoch += PRINT_EVERY) {
      out.printf("  epoch %4d  loss %.6f%n", epoch, result.losses()[epoch]);
    }
    double finalLoss = LogisticModel.loss(result.w(), result.b(), train.x(), train.y(), L2);
    out.printf("  epoch %4d  loss %.6f%n", EPOCHS, finalLoss);

    double testAccuracy = LogisticModel.accuracy(result.w(), result.b(), test);
    out.printf("train accuracy %.2f %%, test accuracy %.2f %%%n",
        100 * LogisticModel.accuracy(result.w(), result.b(), train), 100 * testAccuracy);

    Path png = outputDir.resolve(PNG_NAME).toAbsolutePath();
    LossCurve.writePng(result.losses(), "Logistic regression, breast cancer data", png);
    out.println("loss curve written to " + png);

    // Newton's method: the generated Hessian (31 × 31, one Hessian-vector product per entry)
    NewtonMethod.Result newton = NewtonMethod.train(train, L2, NEWTON_STEPS);
    out.println("Newton's method with the generated Hessian (LogisticModelDerivatives.lossHessian):");
    for (int step = 0; step <= NEWTON_STEPS; step++) {
      out.printf("  step %2d  loss %.12f%n", step, newton.losses()[step]);
    }
    out.printf("  gradient norm after %d steps %.1e; gradient descent's loss after %d epochs %.6f%n", NEWTON_STEPS,
        newton.gradientNorm(), EPOCHS, finalLoss);
    out.printf("Newton: train accuracy %.2f %%, test accuracy %.2f %%%n",
        100 * LogisticModel.accuracy(newton.w(), newton.b(), train),
        100 * LogisticModel.accuracy(newton.w(), newton.b(), test));
    Path comparison = outputDir.resolve(NEWTON_PNG_NAME).toAbsolutePath();
    double[] descent = java.util.Arrays.copyOf(result.losses(), EPOCHS + 1);
    descent[EPOCHS] = finalLoss;
    LossCurve.writeComparisonPng(descent, newton.losses(), "Gradient descent and Newton's method, breast cancer data",
        comparison);
    out.println("both loss curves written to " + comparison);
    return testAccuracy;
  }
}
