package dev.adjoint.acceptance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Tensor;
import org.junit.jupiter.api.Test;

/**
 * API.md §2, last paragraph: bad input throws IllegalArgumentException naming the operation and the
 * shapes or values involved, and leaves nothing half-updated.
 */
class BadInputAcceptanceTest {
  private static final double[] A23 = {1, 2, 3, 4, 5, 6};

  private static Tensor matrix() {
    return Tensor.of(A23.clone(), 2, 3);
  }

  @Test
  void elementwiseShapeMismatchNamesTheOperationAndBothShapes() {
    Tensor a = matrix();
    Tensor b = Tensor.of(1, 2);
    Expect.illegalArgument(() -> a.add(b), "add", new int[] {2, 3}, new int[] {2});
    Expect.illegalArgument(() -> a.sub(b), "sub", new int[] {2, 3}, new int[] {2});
    Expect.illegalArgument(() -> a.mul(b), "mul", new int[] {2, 3}, new int[] {2});
    Expect.illegalArgument(() -> a.div(b), "div", new int[] {2, 3}, new int[] {2});
    Expect.illegalArgument(
        () -> a.add(Tensor.zeros(3, 3)), "add", new int[] {2, 3}, new int[] {3, 3});
  }

  @Test
  void matmulMismatchNamesBothShapes() {
    Expect.illegalArgument(
        () -> matrix().matmul(matrix()), "matmul", new int[] {2, 3}, new int[] {2, 3});
    Expect.illegalArgument(
        () -> Tensor.of(1, 2).matmul(Tensor.of(1, 2, 3)), "matmul", new int[] {2}, new int[] {3});
    Expect.illegalArgument(() -> Tensor.scalar(2).matmul(Tensor.scalar(3)), "matmul");
  }

  /** The values involved are the dimension asked for and the tensor's number of dimensions. */
  @Test
  void dimOutOfRange() {
    Tensor m = matrix();
    assertNamesDim(Expect.illegalArgument(() -> m.sum(2), "sum"), 2);
    assertNamesDim(Expect.illegalArgument(() -> m.mean(5), "mean"), 5);
    assertNamesDim(Expect.illegalArgument(() -> m.softmax(2), "softmax"), 2);
    assertNamesDim(Expect.illegalArgument(() -> m.logSoftmax(-3), "softmax"), -3);
    assertNamesDim(Expect.illegalArgument(() -> m.transpose(0, 2), "transpose"), 2);
  }

  private static void assertNamesDim(IllegalArgumentException e, int dim) {
    assertTrue(
        e.getMessage().matches("(?s).*(?<![0-9-])" + dim + "(?![0-9]).*"),
        () -> "message should name dimension " + dim + ": " + e.getMessage());
  }

  @Test
  void reshapeToAnotherElementCount() {
    Expect.illegalArgument(
        () -> matrix().reshape(4, 2), "reshape", new int[] {2, 3}, new int[] {4, 2});
    Expect.illegalArgument(() -> matrix().reshape(4, -1), "reshape", new int[] {2, 3});
  }

  @Test
  void indexOutOfRange() {
    Tensor m = matrix();
    Expect.illegalArgument(() -> m.get(2), "get", new int[] {2, 3});
    Expect.illegalArgument(() -> m.get(0, 3), "get", new int[] {2, 3});
    Expect.illegalArgument(() -> m.get(0, 0, 0), "get", new int[] {2, 3});
    Expect.illegalArgument(() -> m.getDouble(1, 3), "getDouble", new int[] {2, 3});
    Expect.illegalArgument(() -> m.getDouble(1), "getDouble", new int[] {2, 3});
  }

  @Test
  void setOutOfRangeLeavesTheTensorUnchanged() {
    Tensor m = matrix();
    Expect.illegalArgument(() -> m.set(new int[] {2, 0}, 9.0), "set", new int[] {2, 3});
    Expect.illegalArgument(() -> m.set(new int[] {0, -7}, 9.0), "set", new int[] {2, 3});
    assertArrayEquals(A23, m.toArray());
  }

  @Test
  void setWithAValueOfTheWrongShapeLeavesTheTensorUnchanged() {
    Tensor m = matrix();
    Tensor value = Tensor.of(7, 8).requiresGrad(true);
    Expect.illegalArgument(() -> m.set(new int[] {1}, value), "set", new int[] {3}, new int[] {2});
    assertArrayEquals(A23, m.toArray());
    assertFalse(m.requiresGrad(), "a rejected value must not make the tensor require grad");
  }

  @Test
  void backwardSeedOfTheWrongShape() {
    Tensor x = Tensor.of(1, 2, 3).requiresGrad(true);
    Tensor y = x.mul(2);
    Expect.illegalArgument(
        () -> y.backward(Tensor.of(1, 1)), "backward", new int[] {3}, new int[] {2});
    assertNull(x.grad());
  }

  @Test
  void mseLossShapeMismatch() {
    assertThrows(
        IllegalArgumentException.class,
        () -> dev.adjoint.nn.Functional.mseLoss(matrix(), Tensor.ones(3, 2)));
  }

  @Test
  void tOfMoreThanTwoDimensions() {
    Expect.illegalArgument(() -> Tensor.zeros(2, 2, 2).t(), "t", new int[] {2, 2, 2});
  }
}
