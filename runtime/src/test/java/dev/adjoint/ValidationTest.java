package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input: IllegalArgumentException naming the operation and the shapes, nothing half-updated. */
class ValidationTest {
  private static void assertRejected(Executable call, String... fragments) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' should mention " + fragment);
    }
  }

  @Test
  void factories() {
    assertRejected(() -> Tensor.zeros(2, -1), "zeros", "[2, -1]");
    assertRejected(() -> Tensor.of(new double[] {1, 2, 3}, 2, 2), "of", "[2, 2]", "3");
    assertRejected(() -> Tensor.of(new double[][] {{1, 2}, {3}}), "of", "ragged");
    assertRejected(() -> Tensor.arange(-1), "arange", "-1");
    assertRejected(() -> Tensor.of(1, 2).item(), "item", "[2]");
    assertRejected(() -> Tensor.zeros(2, 3).size(2), "size", "dimension 2 out of range");
    assertRejected(() -> Tensor.zeros(2, 3).size(-3), "size", "-3");
  }

  @Test
  void broadcastingMismatch() {
    assertRejected(() -> Tensor.zeros(2, 3).add(Tensor.zeros(2)), "add", "[2, 3]", "[2]");
    assertRejected(() -> Tensor.zeros(3).mul(Tensor.zeros(4)), "mul", "[3]", "[4]");
  }

  @Test
  void dimsAndIndices() {
    assertRejected(() -> Tensor.zeros(2, 3).sum(2), "sum", "2");
    assertRejected(() -> Tensor.zeros(2, 3).softmax(-3), "softmax", "-3");
    assertRejected(() -> Tensor.zeros(2, 3).transpose(0, 5), "transpose", "5");
    assertRejected(() -> Tensor.zeros(2, 3).get(2), "get", "2", "[2, 3]");
    assertRejected(() -> Tensor.zeros(2, 3).get(0, 0, 0), "get", "too many");
    assertRejected(() -> Tensor.zeros(2, 3).getDouble(0), "getDouble", "[2, 3]");
    assertRejected(() -> Tensor.zeros(2, 3, 4).t(), "t", "[2, 3, 4]");
    assertEquals(5.0, Tensor.of(1, 5).getDouble(-1));
  }

  @Test
  void reshapeAndExpand() {
    assertRejected(() -> Tensor.zeros(2, 3).reshape(4, 2), "reshape", "[4, 2]", "6");
    assertRejected(() -> Tensor.zeros(2, 3).reshape(-1, -1), "reshape");
    assertRejected(() -> Tensor.zeros(2, 3).reshape(4, -1), "reshape", "[4, -1]");
    assertArrayEquals(new int[] {3, 2}, Tensor.zeros(2, 3).reshape(-1, 2).shape());
    assertRejected(() -> Tensor.zeros(2, 3).expand(4, 3), "expand", "[2, 3]");
    assertRejected(() -> Tensor.zeros(2, 3).sumToSize(3, 1), "sumToSize", "[3, 1]");
  }

  @Test
  void matmul() {
    assertRejected(() -> Tensor.zeros(2, 3).matmul(Tensor.zeros(4, 2)), "matmul", "[2, 3]", "[4, 2]");
    assertRejected(() -> Tensor.zeros(3).matmul(Tensor.zeros(4)), "matmul", "[3]", "[4]");
    assertRejected(() -> Tensor.scalar(1).matmul(Tensor.zeros(4)), "matmul", "1-d");
    assertRejected(() -> Tensor.zeros(2, 2, 3).matmul(Tensor.zeros(3, 3, 1)), "matmul", "[2]", "[3]");
  }

  @Test
  void failedSetLeavesDataAndGradientUntouched() {
    Tensor y = Tensor.of(new double[][] {{1, 2}, {3, 4}});
    assertRejected(() -> y.set(new int[] {0}, Tensor.of(1, 2, 3)), "set", "[3]", "[2]");
    assertRejected(() -> y.set(new int[] {2}, 0.0), "set", "2");
    assertArrayEquals(new double[] {1, 2, 3, 4}, y.toArray());
    y.set(new int[] {1}, Tensor.of(9));
    assertArrayEquals(new double[] {1, 2, 9, 9}, y.toArray());
  }

  @Test
  void failedBackwardLeavesGradUntouched() {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    Tensor y = x.mul(x);
    assertRejected(() -> y.backward(Tensor.zeros(3)), "backward", "[3]", "[2]");
    assertRejected(y::backward, "backward", "[2]");
    assertNull(x.grad());
    y.backward(Tensor.ones(2));
    assertArrayEquals(new double[] {2, 4}, x.grad().toArray());
  }
}
