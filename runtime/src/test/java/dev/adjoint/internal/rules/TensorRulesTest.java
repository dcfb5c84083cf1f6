package dev.adjoint.internal.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.adjoint.Tensor;
import org.junit.jupiter.api.Test;

/** The rules are usable without the tape, as generated code calls them: plain tensors in and out. */
class TensorRulesTest {
  @Test
  void rulesWorkOnPlainTensors() {
    Tensor x = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
    Tensor g = Tensor.of(10, 20);
    Tensor sum = TensorRules.sumDimBackward(g, x.shape(), -1, false);
    assertArrayEquals(new double[] {10, 10, 10, 20, 20, 20}, sum.toArray());
    Tensor mean = TensorRules.meanDimBackward(Tensor.of(new double[] {3, 6}, 2, 1), x.shape(), 1, true);
    assertArrayEquals(new double[] {1, 1, 1, 2, 2, 2}, mean.toArray());
    Tensor w = Tensor.of(new double[][] {{1, 0}, {0, 1}, {2, 2}});
    Tensor gOut = Tensor.of(new double[][] {{1, 1}, {0, 1}});
    // dL/dx = gOut · wᵀ, dL/dw = xᵀ · gOut
    assertArrayEquals(new double[] {1, 1, 4, 0, 1, 2},
        TensorRules.matmulBackwardFirst(gOut, x.shape(), w).toArray());
    assertArrayEquals(new double[] {1, 5, 2, 7, 3, 9},
        TensorRules.matmulBackwardSecond(gOut, x, w.shape()).toArray());
    Tensor exp = TensorRules.expBackward(Tensor.of(0.0, 1.0), Tensor.of(2, 3));
    assertArrayEquals(new double[] {2, 3 * Math.E}, exp.toArray(), 1e-15);
    assertFalse(exp.requiresGrad());
    assertArrayEquals(new double[] {0, 0, 0, 0, 10, 0},
        TensorRules.getBackward(Tensor.scalar(10), x.shape(), new int[] {1, -2}).toArray());
    assertArrayEquals(new int[] {3}, TensorRules.sumToShape(Tensor.ones(4, 2, 3), new int[] {3}).shape());
    assertArrayEquals(new double[] {8, 8, 8}, TensorRules.sumToShape(Tensor.ones(4, 2, 3), new int[] {3}).toArray());
  }
}
