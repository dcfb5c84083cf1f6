package dev.adjoint.samples.seeds;

import dev.adjoint.Tensor;
import java.io.PrintStream;

/**
 * Mirrors notebook seed 004: backward through {@code x**2} (cells 2-6) and {@code sin(x**2)} (cells
 * 15-20), then one logistic unit whose binary cross-entropy gradient is derived by hand (cells
 * 22-30) and by the tape (cells 34-43). Prints every notebook output in order.
 */
public final class ScalarChainAndManualBce {
  private ScalarChainAndManualBce() {}

  public static void main(String[] args) {
    run(System.out);
  }

  public static void run(PrintStream out) {
    square(out);
    sineOfSquare(out);
    manualGradient(out);
    tapedGradient(out);
  }

  private static void square(PrintStream out) {
    Tensor x = Tensor.scalar(3.0).requiresGrad(true);
    Tensor y = x.pow(2);
    out.println(x);
    out.println(y);
    y.backward();
    out.println(x.grad());
  }

  /** {@code d sin(x²)/dx = 2x cos(x²) = 8 cos 16 = -7.6613} at {@code x = 4}. */
  private static void sineOfSquare(PrintStream out) {
    Tensor x = Tensor.scalar(4.0).requiresGrad(true);
    Tensor y = x.pow(2);
    Tensor z = y.sin();
    out.println(x);
    out.println(y);
    out.println(z);
    z.backward();
    out.println(x.grad());
  }

  /**
   * Cells 22-30. The notebook builds integer tensors and passes an undefined {@code prediction} to
   * the loss; what it means is {@code binary_cross_entropy(y_pred, y)}, which is used here. The
   * notebook prints the two manual gradients as Python floats computed in float32 ({@code
   * 6.691762447357178}, {@code 0.998770534992218}); this program computes in double and prints with
   * the same rule (shortest decimal that reads back as the same double, Java's {@code
   * Double.toString}), so the digits after the sixth differ: {@code 6.7 sigmoid(6.7)} and {@code
   * sigmoid(6.7)} in double precision.
   */
  private static void manualGradient(PrintStream out) {
    Tensor x = Tensor.scalar(6.7);
    Tensor y = Tensor.scalar(0);
    Tensor w = Tensor.scalar(1);
    Tensor b = Tensor.scalar(0);

    Tensor z = w.mul(x).add(b);
    Tensor yPred = z.sigmoid();
    Tensor loss = binaryCrossEntropy(yPred, y);
    out.println(loss);

    Tensor one = Tensor.onesLike(yPred);
    Tensor dlossDyPred = yPred.sub(y).div(yPred.mul(one.sub(yPred)));
    Tensor dyPredDz = yPred.mul(one.sub(yPred));
    Tensor dzDw = x;
    double dzDb = 1;
    Tensor dlossDw = dlossDyPred.mul(dyPredDz).mul(dzDw);
    Tensor dlossDb = dlossDyPred.mul(dyPredDz).mul(dzDb);
    out.println("Manual gradient of loss w.r.t. w: " + dlossDw.item());
    out.println("Manual gradient of loss w.r.t. b: " + dlossDb.item());
  }

  /** Cells 34-43: the same gradient from {@code loss.backward()}. */
  private static void tapedGradient(PrintStream out) {
    Tensor x = Tensor.scalar(6.7);
    Tensor y = Tensor.scalar(0.0);
    Tensor w = Tensor.scalar(1.0).requiresGrad(true);
    Tensor b = Tensor.scalar(0.0).requiresGrad(true);
    out.println("(" + w + ", " + b + ")");

    Tensor z = w.mul(x).add(b);
    out.println(z);
    Tensor yPred = z.sigmoid();
    out.println(yPred);
    Tensor loss = binaryCrossEntropy(yPred, y);
    out.println(loss);
    loss.backward();
    out.println(w.grad());
    out.println(b.grad());
  }

  /** The notebook's scalar loss (cell 23): {@code -t log(p) - (1 - t) log(1 - p)}, p clamped. */
  static Tensor binaryCrossEntropy(Tensor prediction, Tensor target) {
    double epsilon = 1e-8;
    Tensor p = prediction.clamp(epsilon, 1 - epsilon);
    Tensor one = Tensor.onesLike(target);
    return target.neg().mul(p.log()).sub(one.sub(target).mul(one.sub(p).log()));
  }
}
