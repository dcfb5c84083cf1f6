package dev.adjoint.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Autograd;
import dev.adjoint.Tensor;
import org.junit.jupiter.api.Test;

/** API.md §2 "Autograd" bullet on Tensor: flags, accumulation, freed graphs, detach, noGrad. */
@SuppressWarnings("try") // NoGrad scopes whose variable the body never reads are what these tests exercise
class TapeAcceptanceTest {
  @Test
  void requiresGradSetsTheFlagAndReturnsThis() {
    Tensor x = Tensor.of(1, 2);
    assertSame(x, x.requiresGrad(true));
    assertTrue(x.requiresGrad());
    assertTrue(x.isLeaf());
    x.requiresGrad(false);
    assertFalse(x.requiresGrad());
  }

  @Test
  void resultsRequireGradWhenAnyInputDoes() {
    Tensor a = Tensor.of(1, 2).requiresGrad(true);
    Tensor b = Tensor.of(3, 4);
    Tensor mixed = b.mul(a);
    assertTrue(mixed.requiresGrad());
    assertFalse(mixed.isLeaf());
    Tensor plain = b.mul(b);
    assertFalse(plain.requiresGrad());
    assertTrue(plain.isLeaf(), "a result that does not require grad is a leaf, as in PyTorch");
  }

  @Test
  void gradIsNullUntilABackwardReachesIt() {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    Tensor unused = Tensor.of(3, 4).requiresGrad(true);
    assertNull(x.grad());
    x.mul(3).sum().backward();
    Expect.values(new double[] {3, 3}, x.grad(), 0);
    assertNull(unused.grad());
  }

  @Test
  void gradientsAccumulateAcrossBackwardCalls() {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    x.pow(2).sum().backward();
    x.mul(10).sum().backward();
    // 2x + 10
    Expect.values(new double[] {12, 14}, x.grad(), 1e-12);
  }

  @Test
  void retainedGraphCanBeWalkedAgainAndAccumulates() {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    Tensor y = x.add(1).pow(2);
    y.backward(Tensor.onesLike(y), true);
    y.backward(Tensor.onesLike(y), true);
    // twice 2 (x + 1)
    Expect.values(new double[] {8, 12}, x.grad(), 1e-12);
  }

  @Test
  void zeroGradSetsZerosAndKeepsAccumulatingAfterwards() {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    Tensor y = x.mul(x).sum();
    y.backward(Tensor.scalar(1), true);
    x.zeroGrad();
    Expect.tensor(x.grad(), new double[] {0, 0}, 2);
    y.backward();
    Expect.values(new double[] {2, 4}, x.grad(), 1e-12);
  }

  @Test
  void backwardWithoutASeedNeedsOneElement() {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    Tensor y = x.mul(2);
    assertThrows(IllegalArgumentException.class, y::backward);
    assertNull(x.grad());
    Tensor oneElement = x.sum().reshape(1, 1);
    oneElement.backward();
    Expect.values(new double[] {1, 1}, x.grad(), 0);
  }

  @Test
  void seedIsAVectorJacobianProduct() {
    Tensor x = Tensor.of(1, 2, 3).requiresGrad(true);
    x.pow(2).backward(Tensor.of(1, 0.5, -1));
    Expect.values(new double[] {2, 2, -6}, x.grad(), 1e-12);
  }

  @Test
  void secondBackwardThroughAFreedGraphNamesRetainGraph() {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    Tensor y = x.exp().sum();
    y.backward();
    IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
    assertTrue(String.valueOf(e.getMessage()).contains("retainGraph"), e.getMessage());
  }

  @Test
  void detachGivesALeafWithTheSameValuesThatStopsGradients() {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    Tensor y = x.mul(3);
    Tensor d = y.detach();
    assertTrue(d.isLeaf());
    assertFalse(d.requiresGrad());
    Expect.values(new double[] {3, 6}, d, 0);
    x.mul(d).sum().backward();
    Expect.values(new double[] {3, 6}, x.grad(), 0);
  }

  @Test
  void noGradTurnsRecordingOffInsideTheBlockOnly() {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    Tensor inside;
    try (Autograd.NoGrad off = Autograd.noGrad()) {
      inside = x.mul(2);
    }
    assertFalse(inside.requiresGrad());
    Expect.values(new double[] {2, 4}, inside, 0);
    assertTrue(x.mul(2).requiresGrad());
  }

  @Test
  void noGradNests() {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    try (Autograd.NoGrad outer = Autograd.noGrad()) {
      try (Autograd.NoGrad inner = Autograd.noGrad()) {
        assertFalse(x.exp().requiresGrad());
      }
      assertFalse(x.exp().requiresGrad(), "still off after the inner block closes");
    }
    assertTrue(x.exp().requiresGrad());
  }

  @Test
  void noGradIsRestoredWhenTheBlockThrows() {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    assertThrows(
        ArithmeticException.class,
        () -> {
          try (Autograd.NoGrad off = Autograd.noGrad()) {
            throw new ArithmeticException("inside");
          }
        });
    assertTrue(x.sin().requiresGrad());
  }

  @Test
  void theSameTensorUsedTwiceGetsBothContributions() {
    Tensor x = Tensor.scalar(3).requiresGrad(true);
    Tensor y = x.mul(x).add(x);
    y.backward();
    assertEquals(7, x.grad().item(), 1e-12);
  }

  @Test
  void backwardOfATensorThatDoesNotRequireGradIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> Tensor.of(1, 2).sum().backward());
  }

  /** Like PyTorch: only a leaf's flag can be changed. */
  @Test
  void requiresGradFlagOfANonLeafCannotBeChanged() {
    Tensor y = Tensor.of(1, 2).requiresGrad(true).mul(2);
    assertThrows(IllegalArgumentException.class, () -> y.requiresGrad(false));
    assertTrue(y.requiresGrad());
  }

  /** Grad mode is per thread, as in PyTorch: noGrad on one thread leaves others recording. */
  @Test
  void noGradIsPerThread() throws InterruptedException {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    boolean[] otherThreadRecords = new boolean[1];
    try (Autograd.NoGrad off = Autograd.noGrad()) {
      Thread other = new Thread(() -> otherThreadRecords[0] = x.mul(2).requiresGrad());
      other.start();
      other.join();
      assertFalse(x.mul(2).requiresGrad());
    }
    assertTrue(otherThreadRecords[0]);
  }
}
