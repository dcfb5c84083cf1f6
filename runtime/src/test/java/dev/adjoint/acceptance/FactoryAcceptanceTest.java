package dev.adjoint.acceptance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** API.md §2 factories: shapes and values. */
class FactoryAcceptanceTest {
  @Test
  void ofVarargsIsOneDimensional() {
    Expect.tensor(Tensor.of(1, 2.5, -3), new double[] {1, 2.5, -3}, 3);
  }

  @Test
  void ofRowsIsTwoDimensionalRowMajor() {
    Expect.tensor(
        Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}}), new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
  }

  @Test
  void ofRaggedRowsIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> Tensor.of(new double[][] {{1, 2}, {3}}));
  }

  @Test
  void ofDataAndShape() {
    Expect.tensor(
        Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2),
        new double[] {1, 2, 3, 4, 5, 6, 7, 8},
        2,
        2,
        2);
  }

  @Test
  void ofDoesNotAliasTheCallersArray() {
    double[] data = {1, 2, 3, 4};
    Tensor t = Tensor.of(data, 2, 2);
    data[0] = 99;
    assertEquals(1, t.getDouble(0, 0));
  }

  @Test
  void ofDataAndShapeWithWrongCountNamesBoth() {
    Expect.illegalArgument(
        () -> Tensor.of(new double[] {1, 2, 3, 4, 5}, 2, 3), "", new int[] {2, 3});
  }

  @Test
  void scalarHasNoDimensions() {
    Tensor s = Tensor.scalar(2.5);
    assertEquals(0, s.dim());
    assertArrayEquals(new int[0], s.shape());
    assertEquals(1, s.numel());
    assertEquals(2.5, s.item());
  }

  @Test
  void zerosOnesFull() {
    Expect.tensor(Tensor.zeros(2, 3), new double[6], 2, 3);
    Expect.tensor(Tensor.ones(3), new double[] {1, 1, 1}, 3);
    Expect.tensor(Tensor.full(-1.5, 2, 1), new double[] {-1.5, -1.5}, 2, 1);
  }

  @Test
  void negativeSizeIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, -1));
  }

  @Test
  void eyeSquareAndRectangular() {
    Expect.tensor(Tensor.eye(3), new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, 3, 3);
    Expect.tensor(Tensor.eye(2, 3), new double[] {1, 0, 0, 0, 1, 0}, 2, 3);
    Expect.tensor(Tensor.eye(3, 2), new double[] {1, 0, 0, 1, 0, 0}, 3, 2);
  }

  @Test
  void arangeCountsFromZero() {
    Expect.tensor(Tensor.arange(4), new double[] {0, 1, 2, 3}, 4);
  }

  @Test
  void randIsReproducibleWithTheSameSeedAndUniformOnUnitInterval() {
    Tensor a = Tensor.rand(new Random(42), 2, 3);
    Tensor b = Tensor.rand(new Random(42), 2, 3);
    Expect.shape(a, 2, 3);
    assertArrayEquals(a.toArray(), b.toArray());
    double[] many = Tensor.rand(new Random(1), 10_000).toArray();
    double sum = 0;
    for (double v : many) {
      assertTrue(v >= 0 && v < 1, "rand value " + v);
      sum += v;
    }
    assertEquals(0.5, sum / many.length, 0.02);
  }

  @Test
  void randnIsReproducibleWithTheSameSeedAndStandardNormal() {
    Tensor a = Tensor.randn(new Random(42), 3, 2);
    Tensor b = Tensor.randn(new Random(42), 3, 2);
    Expect.shape(a, 3, 2);
    assertArrayEquals(a.toArray(), b.toArray());
    assertFalse(java.util.Arrays.equals(a.toArray(), Tensor.randn(new Random(43), 3, 2).toArray()));
    double[] many = Tensor.randn(new Random(1), 10_000).toArray();
    double sum = 0;
    double squares = 0;
    for (double v : many) {
      sum += v;
      squares += v * v;
    }
    double mean = sum / many.length;
    assertEquals(0, mean, 0.05);
    assertEquals(1, squares / many.length - mean * mean, 0.05);
  }

  @Test
  void zerosLikeAndOnesLikeCopyTheShapeNotTheGradFlag() {
    Tensor source = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2).requiresGrad(true);
    Tensor zeros = Tensor.zerosLike(source);
    Tensor ones = Tensor.onesLike(source);
    Expect.tensor(zeros, new double[6], 3, 2);
    Expect.tensor(ones, new double[] {1, 1, 1, 1, 1, 1}, 3, 2);
    assertFalse(zeros.requiresGrad());
    assertFalse(ones.requiresGrad());
    Expect.shape(Tensor.onesLike(Tensor.scalar(3)));
  }

  @Test
  void freshTensorsAreLeavesWithoutGrad() {
    Tensor t = Tensor.ones(2);
    assertTrue(t.isLeaf());
    assertFalse(t.requiresGrad());
    assertEquals(null, t.grad());
  }

  @Test
  void aNegativeSizeIsReportedByTheFactoryThatGotIt() {
    Expect.illegalArgument(() -> Tensor.zeros(2, -1), "zeros", new int[] {2, -1});
    Expect.illegalArgument(() -> Tensor.ones(-3), "ones");
    Expect.illegalArgument(() -> Tensor.full(1, -3), "full");
    Expect.illegalArgument(() -> Tensor.eye(-1), "eye");
    Expect.illegalArgument(() -> Tensor.eye(2, -1), "eye");
    Expect.illegalArgument(() -> Tensor.arange(-1), "arange");
    Expect.illegalArgument(() -> Tensor.rand(new Random(1), -2), "rand");
    Expect.illegalArgument(() -> Tensor.randn(new Random(1), -2), "randn");
  }
}
