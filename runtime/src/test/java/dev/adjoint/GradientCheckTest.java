package dev.adjoint;

import static dev.adjoint.FiniteDifferences.assertGradients;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every operation's tape gradient against central finite differences. */
class GradientCheckTest {
  private final Random random = new Random(42);

  private Tensor randn(int... shape) { return Tensor.randn(random, shape); }

  /** Values in [0.5, 2): safe for log, sqrt, division. */
  private Tensor positive(int... shape) { return Tensor.rand(random, shape).mul(1.5).add(0.5); }

  @Test
  void arithmeticWithEqualShapes() {
    assertGradients(x -> x[0].add(x[1]), randn(2, 3), randn(2, 3));
    assertGradients(x -> x[0].sub(x[1]), randn(2, 3), randn(2, 3));
    assertGradients(x -> x[0].mul(x[1]), randn(2, 3), randn(2, 3));
    assertGradients(x -> x[0].div(x[1]), randn(2, 3), positive(2, 3));
  }

  @Test
  void arithmeticWithBroadcasting() {
    int[][][] pairs = {
      {{3}, {2, 3}}, {{2, 3}, {3}}, {{2, 1}, {1, 3}}, {{}, {2, 3}}, {{2, 3}, {}},
      {{4, 1, 3}, {2, 1}}, {{1}, {3}},
    };
    for (int[][] pair : pairs) {
      assertGradients(x -> x[0].add(x[1]), randn(pair[0]), randn(pair[1]));
      assertGradients(x -> x[0].sub(x[1]), randn(pair[0]), randn(pair[1]));
      assertGradients(x -> x[0].mul(x[1]), randn(pair[0]), randn(pair[1]));
      assertGradients(x -> x[0].div(x[1]), randn(pair[0]), positive(pair[1]));
    }
  }

  @Test
  void scalarOverloads() {
    assertGradients(x -> x[0].add(2.5).mul(-3.0).sub(1.0).div(4.0).neg(), randn(2, 3));
  }

  @Test
  void elementwiseFunctions() {
    assertGradients(x -> x[0].exp(), randn(2, 3));
    assertGradients(x -> x[0].log(), positive(2, 3));
    assertGradients(x -> x[0].sin(), randn(4));
    assertGradients(x -> x[0].cos(), randn(4));
    assertGradients(x -> x[0].tanh(), randn(4));
    assertGradients(x -> x[0].sigmoid(), randn(4));
    assertGradients(x -> x[0].sqrt(), positive(4));
    assertGradients(x -> x[0].pow(3), randn(4));
    assertGradients(x -> x[0].pow(-1.5), positive(4));
    assertGradients(x -> x[0].pow(0), randn(4));
  }

  @Test
  void piecewiseFunctionsAwayFromKinks() {
    Tensor x = Tensor.of(-1.5, -0.3, 0.4, 2.0);
    assertGradients(t -> t[0].relu(), x);
    assertGradients(t -> t[0].abs(), x);
    assertGradients(t -> t[0].clamp(-1.0, 1.0), x);
    assertGradients(t -> t[0].clamp(Double.NEGATIVE_INFINITY, 0.0), x);
  }

  @Test
  void matmulShapeCombinations() {
    int[][][] pairs = {
      {{3}, {3}}, {{2, 3}, {3}}, {{3}, {3, 4}}, {{2, 3}, {3, 4}},
      {{5, 2, 3}, {3, 4}}, {{2, 3}, {5, 3, 4}}, {{5, 2, 3}, {5, 3, 4}},
      {{2, 1, 2, 3}, {4, 3, 2}}, {{3}, {5, 3, 4}}, {{5, 2, 3}, {3}},
    };
    for (int[][] pair : pairs) {
      assertGradients(x -> x[0].matmul(x[1]), randn(pair[0]), randn(pair[1]));
    }
  }

  @Test
  void shapeOperations() {
    assertGradients(x -> x[0].t(), randn(2, 3));
    assertGradients(x -> x[0].t(), randn(3));
    assertGradients(x -> x[0].transpose(0, 2), randn(2, 3, 4));
    assertGradients(x -> x[0].transpose(-1, -2), randn(2, 3, 4));
    assertGradients(x -> x[0].reshape(3, -1), randn(2, 3, 2));
    assertGradients(x -> x[0].reshape(), randn(1, 1));
    assertGradients(x -> x[0].expand(4, 2, 3), randn(2, 1));
    assertGradients(x -> x[0].sumToSize(2, 1), randn(4, 2, 3));
  }

  @Test
  void reductionsOverEveryDim() {
    assertGradients(x -> x[0].sum(), randn(2, 3, 4));
    assertGradients(x -> x[0].mean(), randn(2, 3, 4));
    for (int d = -3; d < 3; d++) {
      int dim = d;
      assertGradients(x -> x[0].sum(dim), randn(2, 3, 4));
      assertGradients(x -> x[0].sum(dim, true), randn(2, 3, 4));
      assertGradients(x -> x[0].mean(dim), randn(2, 3, 4));
      assertGradients(x -> x[0].mean(dim, true), randn(2, 3, 4));
      assertGradients(x -> x[0].softmax(dim), randn(2, 3, 4));
      assertGradients(x -> x[0].logSoftmax(dim), randn(2, 3, 4));
    }
    assertGradients(x -> x[0].sum(0), randn());
    assertGradients(x -> x[0].softmax(0), randn(5));
  }

  @Test
  void selectionAndInPlaceWrites() {
    assertGradients(x -> x[0].get(1), randn(3, 4));
    assertGradients(x -> x[0].get(-1, 2), randn(3, 4));
    assertGradients(x -> x[0].get(0, 1, 1), randn(2, 3, 2));
    assertGradients(x -> {
      Tensor y = x[0].mul(1.0);
      y.set(new int[] {1}, x[1]);
      return y;
    }, randn(3, 4), randn(4));
    assertGradients(x -> {
      Tensor y = x[0].mul(2.0);
      y.set(new int[] {0}, x[1]);
      return y.mul(y);
    }, randn(2, 3), randn(1));
    assertGradients(x -> {
      Tensor y = Tensor.zeros(2, 2);
      y.set(new int[] {0, 0}, x[0].get(0, 0).mul(2).add(x[0].get(0, 1).pow(2)));
      y.set(new int[] {1, 1}, 5.0);
      return y;
    }, randn(2, 2));
  }

  @Test
  void composedNetwork() {
    assertGradients(x -> x[0].matmul(x[1]).add(x[2]).tanh().matmul(x[3]).sigmoid().sum(0),
        randn(4, 3), randn(3, 8), randn(8), randn(8, 2));
  }
}
