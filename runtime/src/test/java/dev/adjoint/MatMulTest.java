package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The blocked matmul kernel against a naive dot-product triple loop, on sizes around every
 * threshold of the kernel (narrow {@code b}, the small-product cut-off, the block depth
 * {@link MatMul#KC} and width {@link MatMul#NC}, odd row counts for the two-row pairing).
 */
class MatMulTest {
  private static final Random RANDOM = new Random(7);

  /** {@code a·b} computed entry by entry, nothing shared with the kernel. */
  private static double[] naive(double[] a, double[] b, int n, int k, int m) {
    double[] c = new double[n * m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          s += a[i * k + p] * b[p * m + j];
        }
        c[i * m + j] = s;
      }
    }
    return c;
  }

  private static double[] random(int size) {
    double[] v = new double[size];
    for (int i = 0; i < size; i++) {
      v[i] = RANDOM.nextGaussian();
    }
    return v;
  }

  private static void assertClose(double[] expected, double[] actual, int k) {
    assertEquals(expected.length, actual.length);
    double tol = 1e-13 * Math.max(k, 1) * 16;
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], tol * Math.max(1, Math.abs(expected[i])), "entry " + i);
    }
  }

  @Test
  void kernelMatchesNaiveOnSizesAroundEveryThreshold() {
    int[] sizes = {1, 2, 3, 7, 8, 9, 31, 33, 63, 64, 65, 127, 128, 129, 131, 257};
    for (int n : new int[] {1, 2, 3, 33, 64, 65}) {
      for (int k : sizes) {
        for (int m : new int[] {1, 5, 8, 9, 64, 129, 257}) {
          double[] a = random(n * k);
          double[] b = random(k * m);
          double[] c = new double[n * m];
          MatMul.multiply(a, 0, b, 0, c, 0, n, k, m);
          assertClose(naive(a, b, n, k, m), c, k);
        }
      }
    }
  }

  @Test
  void kernelAccumulatesIntoCAndRespectsOffsets() {
    int n = 67;
    int k = 131;
    int m = 140;
    double[] a = random(5 + n * k);
    double[] b = random(3 + k * m);
    double[] c = random(11 + n * m + 4);
    double[] before = c.clone();
    MatMul.multiply(a, 5, b, 3, c, 11, n, k, m);
    double[] aa = java.util.Arrays.copyOfRange(a, 5, 5 + n * k);
    double[] bb = java.util.Arrays.copyOfRange(b, 3, 3 + k * m);
    double[] product = naive(aa, bb, n, k, m);
    for (int i = 0; i < 11; i++) {
      assertEquals(before[i], c[i], 0.0, "before the block");
    }
    for (int i = 0; i < n * m; i++) {
      assertEquals(before[11 + i] + product[i], c[11 + i], 1e-11, "entry " + i);
    }
    for (int i = 11 + n * m; i < c.length; i++) {
      assertEquals(before[i], c[i], 0.0, "after the block");
    }
  }

  @Test
  void nonFiniteValuesPropagateLikeTheNaiveLoop() {
    int n = 40;
    int k = 70;
    int m = 130;
    double[] a = random(n * k);
    double[] b = random(k * m);
    a[3 * k + 5] = Double.POSITIVE_INFINITY;
    b[69 * m + 128] = Double.NaN;
    double[] c = new double[n * m];
    MatMul.multiply(a, 0, b, 0, c, 0, n, k, m);
    double[] expected = naive(a, b, n, k, m);
    for (int i = 0; i < c.length; i++) {
      if (Double.isNaN(expected[i]) || Double.isInfinite(expected[i])) {
        assertEquals(expected[i], c[i], "entry " + i);
      }
    }
    assertTrue(Double.isNaN(c[0 * m + 128]));
    assertEquals(Double.NaN, c[3 * m + 128]);
  }

  @Test
  void tensorMatmulOfTransposedAndBatchedOperandsMatchesNaive() {
    int n = 45;
    int k = 77;
    int m = 150;
    double[] at = random(k * n); // a is given transposed: [k, n]
    double[] b = random(k * m);
    Tensor a = Tensor.of(at, k, n).t();
    Tensor product = a.matmul(Tensor.of(b, k, m));
    double[] aRowMajor = new double[n * k];
    for (int i = 0; i < n; i++) {
      for (int p = 0; p < k; p++) {
        aRowMajor[i * k + p] = at[p * n + i];
      }
    }
    assertArrayEquals(new int[] {n, m}, product.shape());
    assertClose(naive(aRowMajor, b, n, k, m), product.toArray(), k);

    // a batch of 3 left matrices times one right matrix broadcast over the batch
    double[] batch = random(3 * n * k);
    Tensor batched = Tensor.of(batch, 3, n, k).matmul(Tensor.of(b, k, m));
    assertArrayEquals(new int[] {3, n, m}, batched.shape());
    double[] values = batched.toArray();
    for (int q = 0; q < 3; q++) {
      double[] slice = java.util.Arrays.copyOfRange(batch, q * n * k, (q + 1) * n * k);
      double[] got = java.util.Arrays.copyOfRange(values, q * n * m, (q + 1) * n * m);
      assertClose(naive(slice, b, n, k, m), got, k);
    }
  }

  @Test
  void vectorOperandsUseTheNarrowPath() {
    double[] a = random(100 * 300);
    double[] v = random(300);
    Tensor mv = Tensor.of(a, 100, 300).matmul(Tensor.of(v));
    assertArrayEquals(new int[] {100}, mv.shape());
    assertClose(naive(a, v, 100, 300, 1), mv.toArray(), 300);
    Tensor vm = Tensor.of(java.util.Arrays.copyOf(v, 100)).matmul(Tensor.of(a, 100, 300));
    assertArrayEquals(new int[] {300}, vm.shape());
    assertClose(naive(java.util.Arrays.copyOf(v, 100), a, 1, 100, 300), vm.toArray(), 100);
  }

  /**
   * Above {@link MatMul#PARALLEL} the rows are shared between threads: the result must be the
   * single-threaded one bit for bit (odd row counts, odd shares, offsets, every loop of the
   * kernel), and equal to the naive product.
   */
  @Test
  void parallelSplitGivesTheSingleThreadedResultBitForBit() {
    int[][] shapes = {{257, 131, 129}, {96, 300, 40}, {33, 1024, 100}, {2400, 64, 7}, {200, 200, 200}};
    for (int[] s : shapes) {
      int n = s[0];
      int k = s[1];
      int m = s[2];
      assertTrue((long) n * k * m >= MatMul.PARALLEL, "shape " + java.util.Arrays.toString(s) + " is parallel");
      double[] a = random(3 + n * k);
      double[] b = random(2 + k * m);
      double[] c0 = random(5 + n * m);
      double[] single = c0.clone();
      MatMul.multiply(a, 3, b, 2, single, 5, n, k, m, 1);
      for (int threads : new int[] {2, 3, 4, 7}) {
        double[] c = c0.clone();
        MatMul.multiply(a, 3, b, 2, c, 5, n, k, m, threads);
        assertArrayEquals(single, c, 0.0, threads + " threads, shape " + java.util.Arrays.toString(s));
      }
      double[] product = naive(java.util.Arrays.copyOfRange(a, 3, 3 + n * k),
          java.util.Arrays.copyOfRange(b, 2, 2 + k * m), n, k, m);
      for (int i = 0; i < n * m; i++) {
        assertEquals(c0[5 + i] + product[i], single[5 + i], 1e-11 * k, "entry " + i);
      }
    }
  }
}
