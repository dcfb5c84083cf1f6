package dev.adjoint.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.Tensor;
import org.junit.jupiter.api.Test;

/** API.md §2 matmul (torch.matmul semantics), t, transpose, reshape: values by hand. */
class LinearAlgebraAcceptanceTest {
  private static final double[] A23 = {1, 2, 3, 4, 5, 6};
  private static final double[] B32 = {7, 8, 9, 10, 11, 12};

  @Test
  void vectorDotVectorIsAScalar() {
    Tensor dot = Tensor.of(1, 2, 3).matmul(Tensor.of(4, 5, 6));
    Expect.shape(dot);
    assertEquals(32, dot.item());
  }

  @Test
  void matrixTimesMatrix() {
    // [[1,2,3],[4,5,6]] @ [[7,8],[9,10],[11,12]] = [[58, 64], [139, 154]]
    Expect.tensor(
        Tensor.of(A23.clone(), 2, 3).matmul(Tensor.of(B32.clone(), 3, 2)),
        new double[] {58, 64, 139, 154},
        2,
        2);
  }

  @Test
  void vectorTimesMatrixDropsThePrependedDimension() {
    // [1, -1] @ [[1,2,3],[4,5,6]] = [-3, -3, -3]
    Expect.tensor(
        Tensor.of(1, -1).matmul(Tensor.of(A23.clone(), 2, 3)), new double[] {-3, -3, -3}, 3);
  }

  @Test
  void matrixTimesVector() {
    // [[1,2,3],[4,5,6]] @ [1, 0, -1] = [-2, -2]
    Expect.tensor(
        Tensor.of(A23.clone(), 2, 3).matmul(Tensor.of(1, 0, -1)), new double[] {-2, -2}, 2);
  }

  @Test
  void batchedTimesBatched() {
    // batch 0: [[1,2],[3,4]] @ I = same; batch 1: [[1,0],[0,1]] @ [[5,6],[7,8]] = [[5,6],[7,8]]
    Tensor a = Tensor.of(new double[] {1, 2, 3, 4, 1, 0, 0, 1}, 2, 2, 2);
    Tensor b = Tensor.of(new double[] {1, 0, 0, 1, 5, 6, 7, 8}, 2, 2, 2);
    Expect.tensor(a.matmul(b), new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2);
  }

  @Test
  void batchedTimesMatrixBroadcastsTheMatrix() {
    // each [1, 3] row @ [[7,8],[9,10],[11,12]]
    Tensor a = Tensor.of(new double[] {1, 0, 0, 0, 1, -1}, 2, 1, 3);
    Tensor b = Tensor.of(B32.clone(), 3, 2);
    Expect.tensor(a.matmul(b), new double[] {7, 8, -2, -2}, 2, 1, 2);
  }

  @Test
  void batchedTimesVector() {
    Tensor a = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2);
    Expect.tensor(a.matmul(Tensor.of(1, 1)), new double[] {3, 7, 11, 15}, 2, 2);
  }

  @Test
  void matmulGradients() {
    double[] b = B32;
    Expect.gradientMatchesFiniteDifferences(t -> t.matmul(Tensor.of(b.clone(), 3, 2)), A23, 2, 3);
    Expect.gradientMatchesFiniteDifferences(t -> Tensor.of(A23.clone(), 2, 3).matmul(t), b, 3, 2);
    Expect.gradientMatchesFiniteDifferences(
        t -> t.matmul(Tensor.of(4, 5, 6)), new double[] {1, 2, 3}, 3);
    Expect.gradientMatchesFiniteDifferences(t -> Tensor.of(1, -1).matmul(t), A23, 2, 3);
    Expect.gradientMatchesFiniteDifferences(t -> t.matmul(Tensor.of(1, 0, -1)), A23, 2, 3);
    double[] batch = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2};
    Expect.gradientMatchesFiniteDifferences(
        t -> t.matmul(Tensor.of(b.clone(), 3, 2)), batch, 2, 2, 3);
    Expect.gradientMatchesFiniteDifferences(
        t -> Tensor.of(batch.clone(), 2, 2, 3).matmul(t), b, 3, 2);
  }

  @Test
  void tTransposesAMatrix() {
    Expect.tensor(Tensor.of(A23.clone(), 2, 3).t(), new double[] {1, 4, 2, 5, 3, 6}, 3, 2);
  }

  @Test
  void tOfAVectorIsTheVector() {
    Expect.tensor(Tensor.of(1, 2, 3).t(), new double[] {1, 2, 3}, 3);
  }

  @Test
  void transposeSwapsTwoDimensions() {
    Tensor x = Tensor.of(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 2, 3, 2);
    Tensor y = x.transpose(0, 2);
    Expect.shape(y, 2, 3, 2);
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        for (int k = 0; k < 2; k++) {
          assertEquals(x.getDouble(k, j, i), y.getDouble(i, j, k));
        }
      }
    }
    Expect.tensor(
        Tensor.of(A23.clone(), 2, 3).transpose(1, 0), new double[] {1, 4, 2, 5, 3, 6}, 3, 2);
  }

  @Test
  void reshapeKeepsRowMajorOrderAndInfersMinusOne() {
    Tensor x = Tensor.of(A23.clone(), 2, 3);
    Expect.tensor(x.reshape(-1), A23, 6);
    Expect.tensor(x.reshape(3, -1), A23, 3, 2);
    Expect.tensor(x.reshape(1, 6), A23, 1, 6);
    Expect.tensor(x.t().reshape(-1), new double[] {1, 4, 2, 5, 3, 6}, 6);
  }

  @Test
  void shapeOperationGradients() {
    double[] x = {0.1, -0.2, 0.3, 0.4, -0.5, 0.6};
    Expect.gradientMatchesFiniteDifferences(t -> t.t().pow(2), x, 2, 3);
    Expect.gradientMatchesFiniteDifferences(t -> t.transpose(0, 1).exp(), x, 2, 3);
    Expect.gradientMatchesFiniteDifferences(t -> t.reshape(-1).sin(), x, 2, 3);
    Expect.gradientMatchesFiniteDifferences(t -> t.reshape(3, 2).matmul(t), x, 2, 3);
  }

  @Test
  void vectorTimesBatchAndBroadcastBatches() {
    // [1, 2] @ each [2, 4] block of ones: every entry 3
    Tensor v = Tensor.of(1, 2).matmul(Tensor.ones(3, 2, 4));
    Expect.tensor(v, new double[] {3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3}, 3, 4);
    // batch dims [1] and [4] broadcast to [4]; each entry sums 3 products 2·1
    Tensor b = Tensor.full(2, 1, 2, 3).matmul(Tensor.ones(4, 3, 5));
    Expect.shape(b, 4, 2, 5);
    for (double value : b.toArray()) {
      assertEquals(6, value);
    }
  }

  @Test
  void broadcastBatchAndVectorGradients() {
    double[] small = {0.1, -0.2, 0.3, 0.4, -0.5, 0.6};
    double[] big = new double[24];
    for (int i = 0; i < big.length; i++) {
      big[i] = Math.sin(i + 1);
    }
    Expect.gradientMatchesFiniteDifferences(
        t -> t.matmul(Tensor.of(big.clone(), 4, 3, 2)), small, 1, 2, 3);
    Expect.gradientMatchesFiniteDifferences(
        t -> Tensor.of(small.clone(), 1, 2, 3).matmul(t), big, 4, 3, 2);
    Expect.gradientMatchesFiniteDifferences(
        t -> t.matmul(Tensor.of(big.clone(), 4, 3, 2)), new double[] {1, -2, 0.5}, 3);
    Expect.gradientMatchesFiniteDifferences(
        t -> Tensor.of(big.clone(), 4, 2, 3).matmul(t), new double[] {1, -2, 0.5}, 3);
  }
}
