package dev.adjoint.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Tensor;
import dev.adjoint.nn.Functional;
import org.junit.jupiter.api.Test;

/** API.md §2 dev.adjoint.nn.Functional: PyTorch's definitions (mean reduction), values by hand. */
class FunctionalAcceptanceTest {
  private static final double[] P = {0.2, 0.9, 0.6, 0.35};
  private static final double[] T = {0, 1, 1, 0};

  @Test
  void mseLossIsTheMeanSquaredDifference() {
    Tensor loss = Functional.mseLoss(Tensor.of(1, 2, 4), Tensor.of(0, 2, 1));
    Expect.shape(loss);
    assertEquals((1 + 0 + 9) / 3.0, loss.item(), 1e-15);
  }

  @Test
  void mseLossGradientIsTwiceTheResidualOverN() {
    Tensor x = Tensor.of(new double[][] {{1, 2}, {4, -1}}).requiresGrad(true);
    Functional.mseLoss(x, Tensor.of(new double[][] {{0, 2}, {1, 1}})).backward();
    Expect.values(new double[] {0.5, 0, 1.5, -1}, x.grad(), 1e-15);
  }

  @Test
  void binaryCrossEntropyValue() {
    double expected = 0;
    for (int i = 0; i < P.length; i++) {
      expected -= T[i] * Math.log(P[i]) + (1 - T[i]) * Math.log(1 - P[i]);
    }
    expected /= P.length;
    assertEquals(expected, Functional.binaryCrossEntropy(Tensor.of(P), Tensor.of(T)).item(), 1e-12);
  }

  @Test
  void binaryCrossEntropyGradient() {
    Expect.gradientMatchesFiniteDifferences(
        p -> Functional.binaryCrossEntropy(p, Tensor.of(T)), P, 4);
    // d/dp = (p - t) / (p (1 - p)) / n
    Tensor p = Tensor.of(P).requiresGrad(true);
    Functional.binaryCrossEntropy(p, Tensor.of(T)).backward();
    for (int i = 0; i < P.length; i++) {
      assertEquals((P[i] - T[i]) / (P[i] * (1 - P[i])) / P.length, p.grad().getDouble(i), 1e-12);
    }
  }

  /** PyTorch clamps each log at -100, so a confident wrong prediction costs 100, not infinity. */
  @Test
  void binaryCrossEntropyClampsTheLogAtMinus100() {
    assertEquals(100, Functional.binaryCrossEntropy(Tensor.of(0.0), Tensor.of(1.0)).item(), 1e-12);
    assertEquals(100, Functional.binaryCrossEntropy(Tensor.of(1.0), Tensor.of(0.0)).item(), 1e-12);
    assertEquals(0, Functional.binaryCrossEntropy(Tensor.of(0.0), Tensor.of(0.0)).item(), 1e-12);
    assertEquals(0, Functional.binaryCrossEntropy(Tensor.of(1.0), Tensor.of(1.0)).item(), 1e-12);
    // mean of [100, -log(0.5)]
    assertEquals(
        (100 + Math.log(2)) / 2,
        Functional.binaryCrossEntropy(Tensor.of(0, 0.5), Tensor.of(1, 1)).item(),
        1e-12);
  }

  @Test
  void binaryCrossEntropyWithLogitsMatchesSigmoidThenBce() {
    double[] logits = {-1.5, 0.2, 2.0, 0.7};
    double expected = 0;
    for (int i = 0; i < logits.length; i++) {
      double p = 1 / (1 + Math.exp(-logits[i]));
      expected -= T[i] * Math.log(p) + (1 - T[i]) * Math.log(1 - p);
    }
    expected /= logits.length;
    assertEquals(
        expected,
        Functional.binaryCrossEntropyWithLogits(Tensor.of(logits), Tensor.of(T)).item(),
        1e-12);
    Expect.gradientMatchesFiniteDifferences(
        z -> Functional.binaryCrossEntropyWithLogits(z, Tensor.of(T)), logits, 4);
  }

  @Test
  void binaryCrossEntropyWithLogitsStaysFiniteForLargeLogits() {
    // max(x, 0) - x t + log(1 + e^-|x|): [1000 - 0, 0 + 1000, 0, 0] / 4 up to e^-1000
    Tensor x = Tensor.of(1000, -1000, 1000, -1000).requiresGrad(true);
    Tensor loss = Functional.binaryCrossEntropyWithLogits(x, Tensor.of(0, 1, 1, 0));
    assertEquals(500, loss.item(), 1e-9);
    loss.backward();
    // (sigmoid(x) - t) / n
    Expect.values(new double[] {0.25, -0.25, 0, 0}, x.grad(), 1e-12);
  }

  @Test
  void crossEntropyWithIntegerTargets() {
    double[][] logits = {{1, 2, 3}, {0.5, -0.5, 0}};
    int[] targets = {2, 0};
    double expected = 0;
    for (int i = 0; i < 2; i++) {
      double total = 0;
      for (double v : logits[i]) {
        total += Math.exp(v);
      }
      expected -= Math.log(Math.exp(logits[i][targets[i]]) / total);
    }
    expected /= 2;
    Tensor x = Tensor.of(logits).requiresGrad(true);
    Tensor loss = Functional.crossEntropy(x, targets);
    Expect.shape(loss);
    assertEquals(expected, loss.item(), 1e-12);
    loss.backward();
    // (softmax - one_hot) / N
    for (int i = 0; i < 2; i++) {
      double total = 0;
      for (double v : logits[i]) {
        total += Math.exp(v);
      }
      for (int c = 0; c < 3; c++) {
        double softmax = Math.exp(logits[i][c]) / total;
        assertEquals((softmax - (c == targets[i] ? 1 : 0)) / 2, x.grad().getDouble(i, c), 1e-12);
      }
    }
  }

  @Test
  void crossEntropyIsStableForLargeLogits() {
    Tensor loss = Functional.crossEntropy(Tensor.of(new double[][] {{1000, 1001}}), new int[] {0});
    assertEquals(Math.log(1 + Math.E), loss.item(), 1e-12);
    assertTrue(Double.isFinite(loss.item()));
  }

  @Test
  void crossEntropyRejectsATargetOutOfRange() {
    Tensor logits = Tensor.of(new double[][] {{1, 2, 3}});
    assertThrows(
        IllegalArgumentException.class, () -> Functional.crossEntropy(logits, new int[] {3}));
    assertThrows(
        IllegalArgumentException.class, () -> Functional.crossEntropy(logits, new int[] {0, 1}));
  }

  @Test
  void activationsAndSoftmaxFunctions() {
    double[] x = {-2, 0, 1.5};
    Expect.values(
        new double[] {1 / (1 + Math.exp(2)), 0.5, 1 / (1 + Math.exp(-1.5))},
        Functional.sigmoid(Tensor.of(x)),
        1e-15);
    Expect.values(new double[] {0, 0, 1.5}, Functional.relu(Tensor.of(x)), 0);
    Expect.values(
        new double[] {Math.tanh(-2), 0, Math.tanh(1.5)}, Functional.tanh(Tensor.of(x)), 1e-15);
    double total = Math.exp(-2) + 1 + Math.exp(1.5);
    Expect.values(
        new double[] {Math.exp(-2) / total, 1 / total, Math.exp(1.5) / total},
        Functional.softmax(Tensor.of(x), 0),
        1e-15);
    Expect.values(
        new double[] {-2 - Math.log(total), -Math.log(total), 1.5 - Math.log(total)},
        Functional.logSoftmax(Tensor.of(x), 0),
        1e-12);
    Expect.gradientMatchesFiniteDifferences(Functional::sigmoid, x, 3);
    Expect.gradientMatchesFiniteDifferences(Functional::tanh, x, 3);
    Expect.gradientMatchesFiniteDifferences(t -> Functional.softmax(t, 0), x, 3);
  }

  /** PyTorch's backward divides by max(p (1 - p), 1e-12), so the clamped ends stay finite. */
  @Test
  void binaryCrossEntropyGradientAtTheClampedEndsIsFinite() {
    Tensor p = Tensor.of(0, 1).requiresGrad(true);
    Functional.binaryCrossEntropy(p, Tensor.of(1, 0)).backward();
    Expect.values(new double[] {-1 / 1e-12 / 2, 1 / 1e-12 / 2}, p.grad(), 1e-3);
  }

  @Test
  void binaryCrossEntropyRejectsProbabilitiesOutsideTheUnitInterval() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Functional.binaryCrossEntropy(Tensor.of(0.5, 1.5), Tensor.of(1, 1)));
  }

  @Test
  void crossEntropyRejectsANegativeTarget() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Functional.crossEntropy(Tensor.of(new double[][] {{1, 2}}), new int[] {-1}));
  }
}
