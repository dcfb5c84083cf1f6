package dev.adjoint.acceptance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Autograd;
import dev.adjoint.Tensor;
import org.junit.jupiter.api.Test;

/** API.md §2 "Shape and values": accessors, differentiable get, in-place differentiable set. */
@SuppressWarnings("try") // NoGrad scopes whose variable the body never reads are what these tests exercise
class IndexingAcceptanceTest {
  private static Tensor matrix() {
    return Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
  }

  @Test
  void shapeDimNumel() {
    Tensor m = Tensor.zeros(2, 3, 4);
    assertArrayEquals(new int[] {2, 3, 4}, m.shape());
    assertEquals(3, m.dim());
    assertEquals(24, m.numel());
  }

  @Test
  void itemOfOneElementAndRejectionOfMore() {
    assertEquals(7, Tensor.of(7).item());
    assertEquals(7, Tensor.of(new double[] {7}, 1, 1).item());
    assertThrows(IllegalArgumentException.class, () -> matrix().item());
  }

  @Test
  void getDoubleIsRowMajor() {
    Tensor m = matrix();
    assertEquals(2, m.getDouble(0, 1));
    assertEquals(6, m.getDouble(1, 2));
    Tensor cube = Tensor.of(new double[] {0, 1, 2, 3, 4, 5, 6, 7}, 2, 2, 2);
    assertEquals(6, cube.getDouble(1, 1, 0));
  }

  @Test
  void toArrayIsACopy() {
    Tensor m = matrix();
    double[] copy = m.toArray();
    copy[0] = 100;
    assertEquals(1, m.getDouble(0, 0));
  }

  @Test
  void getSelectsRowsAndElements() {
    Tensor m = matrix();
    Expect.tensor(m.get(1), new double[] {4, 5, 6}, 3);
    Tensor element = m.get(1, 2);
    Expect.shape(element);
    assertEquals(6, element.item());
  }

  @Test
  void getIsDifferentiable() {
    Tensor x = Tensor.of(1, 2, 3).requiresGrad(true);
    Tensor picked = x.get(1);
    assertTrue(picked.requiresGrad());
    picked.mul(picked).backward();
    Expect.values(new double[] {0, 4, 0}, x.grad(), 1e-12);

    Tensor m = matrix().requiresGrad(true);
    m.get(0).mul(2).sum().backward();
    Expect.values(new double[] {2, 2, 2, 0, 0, 0}, m.grad(), 1e-12);
  }

  @Test
  void setDoubleWritesInPlace() {
    Tensor m = matrix();
    m.set(new int[] {0, 2}, -1.0);
    Expect.tensor(m, new double[] {1, 2, -1, 4, 5, 6}, 2, 3);
  }

  @Test
  void setTensorWritesARow() {
    Tensor m = matrix();
    m.set(new int[] {1}, Tensor.of(7, 8, 9));
    Expect.tensor(m, new double[] {1, 2, 3, 7, 8, 9}, 2, 3);
  }

  @Test
  void setWithAValueThatRequiresGradMakesTheTensorRequireGrad() {
    Tensor a = Tensor.scalar(2).requiresGrad(true);
    Tensor y = Tensor.zeros(2);
    assertFalse(y.requiresGrad());
    y.set(new int[] {0}, a.mul(3));
    assertTrue(y.requiresGrad());
    y.set(new int[] {1}, a.pow(2));
    y.backward(Tensor.of(1, 10));
    // d/da (1·3a + 10·a²) = 3 + 20a = 43
    assertEquals(43, a.grad().item(), 1e-12);
  }

  @Test
  void anOverwrittenElementContributesNoGradient() {
    Tensor a = Tensor.of(1, 2).requiresGrad(true);
    Tensor b = a.mul(2);
    b.set(new int[] {0}, 5.0);
    b.sum().backward();
    Expect.values(new double[] {0, 2}, a.grad(), 1e-12);
  }

  @Test
  void setGradientFlowsToTheWrittenValueAndTheRest() {
    Tensor a = Tensor.of(1, 2, 3).requiresGrad(true);
    Tensor c = Tensor.scalar(4).requiresGrad(true);
    Tensor b = a.mul(a);
    b.set(new int[] {1}, c.mul(5));
    b.backward(Tensor.of(1, 1, 2));
    Expect.values(new double[] {2, 0, 12}, a.grad(), 1e-12);
    assertEquals(5, c.grad().item(), 1e-12);
  }

  /**
   * PyTorch refuses an in-place write to a leaf that requires grad, and allows it under no_grad.
   */
  @Test
  void setOnALeafThatRequiresGradIsRefusedOutsideNoGrad() {
    Tensor leaf = Tensor.of(1, 2).requiresGrad(true);
    assertThrows(IllegalArgumentException.class, () -> leaf.set(new int[] {0}, 5.0));
    Expect.values(new double[] {1, 2}, leaf, 0);
    try (Autograd.NoGrad off = Autograd.noGrad()) {
      leaf.set(new int[] {0}, 5.0);
    }
    Expect.values(new double[] {5, 2}, leaf, 0);
    assertTrue(leaf.requiresGrad());
    assertTrue(leaf.isLeaf());
  }

  /** Overwriting a value the tape saved for backward must not give a silently wrong gradient. */
  @Test
  void overwritingASavedValueMakesBackwardRefuse() {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    Tensor y = x.mul(2);
    Tensor z = y.mul(y);
    y.set(new int[] {0}, 100.0);
    assertThrows(IllegalStateException.class, () -> z.sum().backward());
  }

  /** Like {@code y[0] = 1.0}: a value written at a partial index is broadcast over the row. */
  @Test
  void setBroadcastsAScalarOverARow() {
    Tensor m = Tensor.zeros(2, 3);
    m.set(new int[] {0}, 1.0);
    m.set(new int[] {1}, Tensor.scalar(4));
    Expect.tensor(m, new double[] {1, 1, 1, 4, 4, 4}, 2, 3);
  }

  /** Like x[-1]: a negative index counts from the end. */
  @Test
  void negativeIndicesCountFromTheEnd() {
    Tensor m = matrix();
    Expect.tensor(m.get(-1), new double[] {4, 5, 6}, 3);
    assertEquals(5, m.getDouble(-1, -2));
    m.set(new int[] {0, -1}, 0.0);
    Expect.tensor(m, new double[] {1, 2, 0, 4, 5, 6}, 2, 3);
  }
}
