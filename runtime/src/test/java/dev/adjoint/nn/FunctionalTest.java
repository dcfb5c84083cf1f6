package dev.adjoint.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Autograd;
import dev.adjoint.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Losses against hand-computed values; gradients against finite differences. */
class FunctionalTest {
  private static final double H = 1e-6;

  @Test
  void mseLossByHand() {
    Tensor loss = Functional.mseLoss(Tensor.of(1, 2, 3), Tensor.of(1, 0, 6));
    assertEquals((0 + 4 + 9) / 3.0, loss.item(), 1e-15);
    assertArrayEquals(new int[0], loss.shape());
  }

  @Test
  void binaryCrossEntropyByHandAndClampedAtTheEnds() {
    double p = 0.8;
    double y = 0.25;
    double expected = -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
    assertEquals(expected, Functional.binaryCrossEntropy(Tensor.of(p), Tensor.of(y)).item(), 1e-15);
    // log(0) is clamped to -100: p = 0 with target 1 costs 100, p = 1 with target 0 too.
    assertEquals(100.0, Functional.binaryCrossEntropy(Tensor.of(0.0), Tensor.of(1.0)).item());
    assertEquals(50.0, Functional.binaryCrossEntropy(Tensor.of(1.0, 0.0), Tensor.of(0.0, 0.0)).item());
    Tensor q = Tensor.of(0.0, 1.0).requiresGrad(true);
    Functional.binaryCrossEntropy(q, Tensor.of(1.0, 1.0)).backward();
    // PyTorch: grad = (p - y) / max(p (1 - p), 1e-12) / n
    assertEquals(-1 / 1e-12 / 2, q.grad().getDouble(0), 1e-3);
    assertEquals(0.0, q.grad().getDouble(1));
  }

  @Test
  void binaryCrossEntropyRejectsProbabilitiesOutsideTheUnitInterval() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Functional.binaryCrossEntropy(Tensor.of(1.5), Tensor.of(1.0)));
    assertTrue(e.getMessage().contains("1.5"), e.getMessage());
  }

  @Test
  void binaryCrossEntropyWithLogitsIsStableAndMatchesTheDefinition() {
    double x = 0.3;
    double y = 1.0;
    double s = 1 / (1 + Math.exp(-x));
    assertEquals(-Math.log(s), Functional.binaryCrossEntropyWithLogits(Tensor.of(x), Tensor.of(y)).item(), 1e-15);
    // Huge logits do not overflow: loss(1000, 0) = 1000, loss(-1000, 0) = 0.
    assertEquals(500.0, Functional.binaryCrossEntropyWithLogits(Tensor.of(1000, -1000), Tensor.of(0, 0)).item());
  }

  @Test
  void crossEntropyByHand() {
    double[][] logits = {{1, 2, 3}, {0.5, -1, 0}};
    int[] targets = {2, 0};
    double l0 = -(3 - Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)));
    double l1 = -(0.5 - Math.log(Math.exp(0.5) + Math.exp(-1) + Math.exp(0)));
    assertEquals((l0 + l1) / 2, Functional.crossEntropy(Tensor.of(logits), targets).item(), 1e-14);
    assertEquals(l0, Functional.crossEntropy(Tensor.of(1, 2, 3), new int[] {2}).item(), 1e-14);
  }

  @Test
  void crossEntropyValidatesTargets() {
    assertThrows(IllegalArgumentException.class,
        () -> Functional.crossEntropy(Tensor.zeros(2, 3), new int[] {0, 3}));
    assertThrows(IllegalArgumentException.class,
        () -> Functional.crossEntropy(Tensor.zeros(2, 3), new int[] {0}));
    assertThrows(IllegalArgumentException.class,
        () -> Functional.crossEntropy(Tensor.zeros(2, 3, 4), new int[] {0, 1}));
  }

  @Test
  void lossesRejectMismatchedShapes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Functional.mseLoss(Tensor.zeros(3), Tensor.zeros(2)));
    assertTrue(e.getMessage().contains("mseLoss") && e.getMessage().contains("[3]"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Functional.binaryCrossEntropyWithLogits(Tensor.zeros(3), Tensor.zeros(1, 3)));
  }

  @Test
  void lossGradientsMatchFiniteDifferences() {
    Random random = new Random(5);
    Tensor a = Tensor.randn(random, 2, 3);
    Tensor b = Tensor.randn(random, 2, 3);
    Tensor p = Tensor.rand(random, 2, 3).mul(0.8).add(0.1);
    Tensor y = Tensor.rand(random, 2, 3);
    checkBoth(in -> Functional.mseLoss(in[0], in[1]), a, b);
    checkBoth(in -> Functional.binaryCrossEntropy(in[0], in[1]), p, y);
    checkBoth(in -> Functional.binaryCrossEntropyWithLogits(in[0], in[1]), a, y);
    checkBoth(in -> Functional.crossEntropy(in[0], new int[] {2, 0}), a);
    checkBoth(in -> Functional.crossEntropy(in[0], new int[] {1}), Tensor.of(0.2, -0.5, 1.0));
    checkBoth(in -> Functional.softmax(in[0], 1).mul(in[1]).sum(), a, b);
    checkBoth(in -> Functional.logSoftmax(in[0], 0).mul(in[1]).sum(), a, b);
    checkBoth(in -> Functional.sigmoid(in[0]).add(Functional.tanh(in[0])).mul(Functional.relu(in[1])).sum(), a, b);
  }

  /** FD check of a scalar function of several tensors. */
  private static void checkBoth(java.util.function.Function<Tensor[], Tensor> f, Tensor... inputs) {
    Tensor[] xs = new Tensor[inputs.length];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = inputs[i].detach().requiresGrad(true);
    }
    Tensor[] grads = Autograd.grad(f.apply(xs), xs);
    for (int k = 0; k < xs.length; k++) {
      double[] base = inputs[k].toArray();
      for (int j = 0; j < base.length; j++) {
        Tensor[] plus = inputs.clone();
        Tensor[] minus = inputs.clone();
        double[] pv = base.clone();
        double[] mv = base.clone();
        pv[j] += H;
        mv[j] -= H;
        plus[k] = Tensor.of(pv, inputs[k].shape());
        minus[k] = Tensor.of(mv, inputs[k].shape());
        double numeric = (f.apply(plus).item() - f.apply(minus).item()) / (2 * H);
        assertEquals(numeric, grads[k].getDouble(unravel(j, inputs[k].shape())), 1e-6, "input " + k + " element " + j);
      }
    }
  }

  private static int[] unravel(int flat, int[] shape) {
    int[] index = new int[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      index[d] = flat % shape[d];
      flat /= shape[d];
    }
    return index;
  }

  @Test
  void lossesSupportSecondDerivatives() {
    // d²/dx² of mean((x - t)²) is 2/n on the diagonal.
    Tensor h = Autograd.hessian(x -> Functional.mseLoss(x, Tensor.of(1, 2)), Tensor.of(0.5, 0.25));
    assertArrayEquals(new double[] {1, 0, 0, 1}, h.toArray(), 1e-12);
    // d²/dx² of BCE-with-logits (one element, target y) is sigmoid'(x).
    double x = 0.4;
    Tensor h2 = Autograd.hessian(v -> Functional.binaryCrossEntropyWithLogits(v, Tensor.of(1.0)), Tensor.of(x));
    double s = 1 / (1 + Math.exp(-x));
    assertEquals(s * (1 - s), h2.item(), 1e-12);
  }
}
