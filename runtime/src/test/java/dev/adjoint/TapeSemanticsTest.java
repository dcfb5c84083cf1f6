package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** PyTorch's tape semantics: recording, accumulation, freeing, in-place writes, grad mode. */
@SuppressWarnings("try") // NoGrad scopes whose variable the body never reads are what these tests exercise
class TapeSemanticsTest {
  @Test
  void recordsOnlyWhenSomeInputRequiresGrad() {
    Tensor a = Tensor.of(1, 2);
    Tensor b = Tensor.of(3, 4).requiresGrad(true);
    assertFalse(a.mul(a).requiresGrad());
    assertTrue(a.mul(a).isLeaf());
    Tensor c = a.mul(b);
    assertTrue(c.requiresGrad());
    assertFalse(c.isLeaf());
    assertTrue(c.exp().sum().requiresGrad());
    assertTrue(b.isLeaf());
  }

  @Test
  void leavesAccumulateAndNonLeavesKeepNoGrad() {
    Tensor x = Tensor.of(1, 2, 3).requiresGrad(true);
    Tensor y = x.mul(x);
    Tensor loss = y.sum();
    assertNull(x.grad());
    loss.backward(null, true);
    assertArrayEquals(new double[] {2, 4, 6}, x.grad().toArray());
    loss.backward();
    assertArrayEquals(new double[] {4, 8, 12}, x.grad().toArray());
    assertNull(y.grad());
    assertNull(loss.grad());
    x.zeroGrad();
    assertArrayEquals(new double[] {0, 0, 0}, x.grad().toArray());
  }

  @Test
  void leafGradIsAFreshTensorNotTheSeed() {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    Tensor seed = Tensor.of(5, 7);
    x.backward(seed);
    assertNotSame(seed, x.grad());
    x.backward(seed);
    assertArrayEquals(new double[] {5, 7}, seed.toArray());
    assertArrayEquals(new double[] {10, 14}, x.grad().toArray());
    assertFalse(x.grad().requiresGrad());
  }

  @Test
  void secondBackwardThroughAFreedGraphMentionsRetainGraph() {
    Tensor x = Tensor.scalar(2).requiresGrad(true);
    Tensor y = x.mul(x);
    y.backward();
    IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
    assertTrue(e.getMessage().contains("retainGraph"), e.getMessage());
    assertEquals(4.0, x.grad().item());
  }

  @Test
  void retainedGraphCanBeUsedAgainAndThenFreed() {
    Tensor x = Tensor.scalar(3).requiresGrad(true);
    Tensor y = x.pow(3);
    y.backward(null, true);
    y.backward(null, false);
    assertEquals(54.0, x.grad().item());
    IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
    // an element-wise function's node is named after the function, put together only for the message
    assertTrue(e.getMessage().contains("pow(3.0)Backward was already freed"), e.getMessage());
  }

  @Test
  void backwardWithoutGradientNeedsOneElement() {
    Tensor y = Tensor.of(1, 2).requiresGrad(true).mul(2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, y::backward);
    assertTrue(e.getMessage().contains("[2]"), e.getMessage());
    Tensor one = Tensor.of(new double[] {3}, 1, 1).requiresGrad(true);
    one.mul(2).backward();
    assertEquals(2.0, one.grad().item());
  }

  @Test
  void backwardGradientMustMatchTheOutputShape() {
    Tensor x = Tensor.of(1, 2, 3).requiresGrad(true);
    Tensor y = x.mul(2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> y.backward(Tensor.ones(2)));
    assertTrue(e.getMessage().contains("[2]") && e.getMessage().contains("[3]"), e.getMessage());
    assertNull(x.grad());
    y.backward(Tensor.of(1, 10, 100));
    assertArrayEquals(new double[] {2, 20, 200}, x.grad().toArray());
  }

  @Test
  void backwardOnATensorWithoutGradIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> Tensor.scalar(1).backward());
  }

  @Test
  void detachReturnsALeafSharingNoHistory() {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    Tensor y = x.mul(3);
    Tensor d = y.detach();
    assertTrue(d.isLeaf());
    assertFalse(d.requiresGrad());
    assertArrayEquals(new double[] {3, 6}, d.toArray());
    d.requiresGrad(true).sum().backward();
    assertNull(x.grad());
  }

  @Test
  void requiresGradCanOnlyBeChangedOnLeaves() {
    Tensor y = Tensor.of(1, 2).requiresGrad(true).mul(2);
    assertThrows(IllegalArgumentException.class, () -> y.requiresGrad(false));
    assertSame(y, y.requiresGrad(true));
    Tensor leaf = Tensor.of(1);
    assertSame(leaf, leaf.requiresGrad(true));
    assertTrue(leaf.requiresGrad());
    leaf.requiresGrad(false);
    assertFalse(leaf.requiresGrad());
  }

  @Test
  void noGradNestsAndRestores() {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    try (Autograd.NoGrad outer = Autograd.noGrad()) {
      assertFalse(x.mul(2).requiresGrad());
      try (Autograd.NoGrad inner = Autograd.noGrad()) {
        assertFalse(x.mul(2).requiresGrad());
      }
      assertFalse(x.mul(2).requiresGrad());
      outer.close();
      assertTrue(x.mul(2).requiresGrad());
    }
    assertTrue(x.mul(2).requiresGrad());
  }

  @Test
  void noGradIsPerThread() throws Exception {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    AtomicBoolean otherThreadRecords = new AtomicBoolean();
    try (Autograd.NoGrad off = Autograd.noGrad()) {
      Thread t = new Thread(() -> otherThreadRecords.set(x.mul(2).requiresGrad()));
      t.start();
      t.join();
      assertFalse(x.mul(2).requiresGrad());
    }
    assertTrue(otherThreadRecords.get());
  }

  @Test
  void setWithAValueThatRequiresGradMakesANonLeaf() {
    // y = zeros(2, 2); y[0, 0] = 2 * x[0, 0] + x[0, 1] ** 2; y.backward(k)
    Tensor x = Tensor.of(new double[][] {{1, 3}, {5, 7}}).requiresGrad(true);
    Tensor y = Tensor.zeros(2, 2);
    y.set(new int[] {0, 0}, x.get(0, 0).mul(2).add(x.get(0, 1).pow(2)));
    y.set(new int[] {1, 1}, 4.0);
    assertTrue(y.requiresGrad());
    assertFalse(y.isLeaf());
    assertEquals(11.0, y.getDouble(0, 0));
    y.backward(Tensor.of(new double[][] {{10, 20}, {30, 40}}));
    assertArrayEquals(new double[] {20, 60, 0, 0}, x.grad().toArray());
  }

  @Test
  void setOverwritesTheGradientOfTheOldValues() {
    Tensor x = Tensor.of(1, 2, 3).requiresGrad(true);
    Tensor y = x.mul(2);
    y.set(new int[] {1}, 0.0);
    y.sum().backward();
    assertArrayEquals(new double[] {2, 0, 2}, x.grad().toArray());
  }

  @Test
  void setOnALeafThatRequiresGradIsRejectedUnlessGradIsOff() {
    Tensor w = Tensor.of(1, 2).requiresGrad(true);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.set(new int[] {0}, 5.0));
    assertTrue(e.getMessage().contains("leaf"), e.getMessage());
    assertArrayEquals(new double[] {1, 2}, w.toArray());
    try (Autograd.NoGrad off = Autograd.noGrad()) {
      w.set(new int[] {0}, 5.0);
    }
    assertArrayEquals(new double[] {5, 2}, w.toArray());
    assertTrue(w.isLeaf());
  }

  @Test
  void inPlaceWriteToASavedTensorMakesBackwardFail() {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    Tensor a = x.mul(2);
    Tensor y = a.mul(a);
    a.set(new int[] {0}, 100.0);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
    assertTrue(e.getMessage().contains("in-place"), e.getMessage());
    assertTrue(e.getMessage().contains("saved by MulBackward"), e.getMessage());
    assertNull(x.grad());
  }

  @Test
  void inPlaceWriteToATensorThatWasNotSavedIsFine() {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    Tensor a = x.add(1);
    Tensor y = a.mul(3);
    a.set(new int[] {0}, 100.0);
    y.sum().backward();
    assertArrayEquals(new double[] {3, 3}, x.grad().toArray());
  }

  @Test
  void longChainsDoNotOverflowTheStack() {
    Tensor x = Tensor.scalar(1).requiresGrad(true);
    Tensor y = x;
    for (int i = 0; i < 100_000; i++) {
      y = y.add(1e-5);
    }
    y.mul(2).backward();
    assertEquals(2.0, x.grad().item());
  }

  @Test
  void sharedSubexpressionsAreVisitedOnce() {
    Tensor x = Tensor.scalar(2).requiresGrad(true);
    Tensor a = x.mul(x);
    Tensor b = a.add(a).add(a);
    b.backward();
    assertEquals(12.0, x.grad().item());
  }

  @Test
  void failedBackwardLeavesGradUntouched() {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    Tensor used = x.mul(x).sum();
    used.backward();
    double[] before = x.grad().toArray();
    Tensor z = x.mul(x).add(used);
    assertThrows(IllegalStateException.class, () -> z.sum().backward());
    assertArrayEquals(before, x.grad().toArray());
  }
}
