package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The matmul kernels against a naive dot-product triple loop, on sizes around every threshold
 * (narrow {@code b}, the small-product cut-off, the block depth {@link MatMul#KC} and width
 * {@link MatMul#NC}, odd row counts for the two-row pairing; for the Vector API kernel, partial
 * register tiles of rows and columns and its own block sizes). Every test runs the plain kernel
 * and, when this JVM has {@code jdk.incubator.vector} (the runtime's tests add it), the Vector API
 * kernel.
 */
class MatMulTest {
  private static final Random RANDOM = new Random(7);
  private static final int THREADS = Runtime.getRuntime().availableProcessors();

  /** The plain kernel ({@code null}) and, when it is on, the Vector API kernel. */
  private static java.util.List<Simd.Kernels> kernels() {
    java.util.List<Simd.Kernels> kernels = new java.util.ArrayList<>();
    kernels.add(null);
    if (Simd.KERNELS != null) {
      kernels.add(Simd.KERNELS);
    }
    return kernels;
  }

  private static String name(Simd.Kernels kernel) {
    return kernel == null ? "plain kernel" : "Vector API kernel";
  }

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
    assertClose(expected, actual, k, "");
  }

  private static void assertClose(double[] expected, double[] actual, int k, String what) {
    assertEquals(expected.length, actual.length);
    double tol = 1e-13 * Math.max(k, 1) * 16;
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], tol * Math.max(1, Math.abs(expected[i])), what + " entry " + i);
    }
  }

  @Test
  void kernelMatchesNaiveOnSizesAroundEveryThreshold() {
    int[] sizes = {1, 2, 3, 7, 8, 9, 31, 33, 63, 64, 65, 127, 128, 129, 131, 255, 256, 257};
    for (Simd.Kernels kernel : kernels()) {
      for (int n : new int[] {1, 2, 3, 4, 5, 8, 9, 33, 64, 65}) {
        for (int k : sizes) {
          for (int m : new int[] {1, 5, 8, 9, 15, 16, 17, 64, 129, 191, 192, 193, 257, 400}) {
            double[] a = random(n * k);
            double[] b = random(k * m);
            double[] c = new double[n * m];
            MatMul.multiply(a, 0, b, 0, c, 0, n, k, m, THREADS, kernel);
            assertClose(naive(a, b, n, k, m), c, k, name(kernel) + " " + n + "x" + k + "x" + m);
          }
        }
      }
    }
  }

  @Test
  void kernelAccumulatesIntoCAndRespectsOffsets() {
    for (Simd.Kernels kernel : kernels()) {
      accumulatesIntoCAndRespectsOffsets(kernel, 67, 131, 140);
      accumulatesIntoCAndRespectsOffsets(kernel, 67, 300, 211);
    }
  }

  private static void accumulatesIntoCAndRespectsOffsets(Simd.Kernels kernel, int n, int k, int m) {
    double[] a = random(5 + n * k);
    double[] b = random(3 + k * m);
    double[] c = random(11 + n * m + 4);
    double[] before = c.clone();
    MatMul.multiply(a, 5, b, 3, c, 11, n, k, m, THREADS, kernel);
    double[] aa = java.util.Arrays.copyOfRange(a, 5, 5 + n * k);
    double[] bb = java.util.Arrays.copyOfRange(b, 3, 3 + k * m);
    double[] product = naive(aa, bb, n, k, m);
    for (int i = 0; i < 11; i++) {
      assertEquals(before[i], c[i], 0.0, "before the block");
    }
    for (int i = 0; i < n * m; i++) {
      assertEquals(before[11 + i] + product[i], c[11 + i], 1e-11, name(kernel) + " entry " + i);
    }
    for (int i = 11 + n * m; i < c.length; i++) {
      assertEquals(before[i], c[i], 0.0, "after the block");
    }
  }

  @Test
  void nonFiniteValuesPropagateLikeTheNaiveLoop() {
    for (Simd.Kernels kernel : kernels()) {
      nonFiniteValuesPropagate(kernel);
    }
  }

  /** Also through the Vector API kernel's zero padding: 0 · ∞ in a padded row or column must not leak. */
  private static void nonFiniteValuesPropagate(Simd.Kernels kernel) {
    int n = 40;
    int k = 70;
    int m = 130;
    double[] a = random(n * k);
    double[] b = random(k * m);
    a[3 * k + 5] = Double.POSITIVE_INFINITY;
    b[69 * m + 128] = Double.NaN;
    double[] c = new double[n * m];
    MatMul.multiply(a, 0, b, 0, c, 0, n, k, m, THREADS, kernel);
    double[] expected = naive(a, b, n, k, m);
    for (int i = 0; i < c.length; i++) {
      if (Double.isNaN(expected[i]) || Double.isInfinite(expected[i])) {
        assertEquals(expected[i], c[i], name(kernel) + " entry " + i);
      } else {
        assertTrue(Double.isFinite(c[i]), name(kernel) + " entry " + i + " is " + c[i]);
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
    int[][] shapes = {{257, 131, 129}, {96, 300, 40}, {33, 1024, 100}, {2400, 64, 7}, {200, 200, 200},
        {100, 513, 203}};
    for (Simd.Kernels kernel : kernels()) {
      for (int[] s : shapes) {
        parallelSplit(kernel, s);
      }
    }
  }

  private static void parallelSplit(Simd.Kernels kernel, int[] s) {
    int n = s[0];
    int k = s[1];
    int m = s[2];
    assertTrue((long) n * k * m >= MatMul.PARALLEL, "shape " + java.util.Arrays.toString(s) + " is parallel");
    double[] a = random(3 + n * k);
    double[] b = random(2 + k * m);
    double[] c0 = random(5 + n * m);
    double[] single = c0.clone();
    MatMul.multiply(a, 3, b, 2, single, 5, n, k, m, 1, kernel);
    for (int threads : new int[] {2, 3, 4, 7}) {
      double[] c = c0.clone();
      MatMul.multiply(a, 3, b, 2, c, 5, n, k, m, threads, kernel);
      assertArrayEquals(single, c, 0.0, name(kernel) + ", " + threads + " threads, shape " + java.util.Arrays.toString(s));
    }
    double[] product = naive(java.util.Arrays.copyOfRange(a, 3, 3 + n * k),
        java.util.Arrays.copyOfRange(b, 2, 2 + k * m), n, k, m);
    for (int i = 0; i < n * m; i++) {
      assertEquals(c0[5 + i] + product[i], single[5 + i], 1e-11 * k, name(kernel) + " entry " + i);
    }
  }

  /** The row-major transpose of the {@code rows×cols} matrix {@code a}. */
  private static double[] transpose(double[] a, int rows, int cols) {
    double[] t = new double[a.length];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        t[j * rows + i] = a[i * cols + j];
      }
    }
    return t;
  }

  /**
   * Operands stored transposed (the backward rules' {@code grad·bᵀ} and {@code aᵀ·grad}) give the
   * bits of the product of explicit transposed copies, on both kernels, small and large, split
   * between threads or not; and they are the naive product.
   */
  @Test
  void transposedOperandsGiveTheBitsOfExplicitTransposes() {
    // the LSTM's backward products, small ones on either side of m = 8, large ones split between threads
    int[][] shapes = {{16, 64, 32}, {32, 16, 64}, {64, 16, 64}, {16, 32, 64}, {3, 5, 9}, {9, 33, 7}, {5, 7, 8},
        {65, 257, 17}, {8, 40, 100}, {257, 131, 129}, {100, 513, 203}, {2400, 64, 7}};
    for (Simd.Kernels kernel : kernels()) {
      for (int[] s : shapes) {
        int n = s[0];
        int k = s[1];
        int m = s[2];
        double[] a = random(n * k);
        double[] b = random(k * m);
        double[] at = transpose(a, n, k); // k×n
        double[] bt = transpose(b, k, m); // m×k
        double[] c0 = random(n * m);
        double[] expected = c0.clone();
        MatMul.multiply(a, 0, b, 0, expected, 0, n, k, m, 1, kernel);
        double[] product = naive(a, b, n, k, m);
        for (int i = 0; i < n * m; i++) {
          assertEquals(c0[i] + product[i], expected[i], 1e-12 * k, name(kernel) + " entry " + i);
        }
        for (int threads : new int[] {1, 2, 3}) {
          for (boolean transA : new boolean[] {false, true}) {
            for (boolean transB : new boolean[] {false, true}) {
              // offsets into longer arrays, as for a batch of matrices
              double[] left = prefixed(transA ? at : a, 3);
              double[] right = prefixed(transB ? bt : b, 5);
              double[] c = c0.clone();
              MatMul.multiply(left, 3, transA, right, 5, transB, c, 0, n, k, m, threads, kernel);
              assertArrayEquals(expected, c, 0.0, name(kernel) + ", shape " + java.util.Arrays.toString(s)
                  + (transA ? ", a transposed" : "") + (transB ? ", b transposed" : "") + ", " + threads + " threads");
            }
          }
        }
      }
    }
  }

  private static double[] prefixed(double[] v, int offset) {
    double[] out = new double[offset + v.length];
    java.util.Arrays.fill(out, 0, offset, Double.NaN); // a kernel reading before the offset fails
    System.arraycopy(v, 0, out, offset, v.length);
    return out;
  }

  /** The tensor methods the backward rules call are the explicit-transpose products, bit for bit. */
  @Test
  void tensorTransposedProductsMatchExplicitTransposes() {
    for (int[] s : new int[][] {{16, 64, 32}, {4, 3, 2}, {64, 64, 64}}) {
      Tensor a = Tensor.of(random(s[0] * s[1])).reshape(s[0], s[1]);
      Tensor b = Tensor.of(random(s[2] * s[1])).reshape(s[2], s[1]);
      assertArrayEquals(a.matmul(b.transpose(-1, -2)).toArray(), a.matmulTransposed(b).toArray(), 0.0);
      Tensor c = Tensor.of(random(s[0] * s[2])).reshape(s[0], s[2]);
      assertArrayEquals(a.transpose(-1, -2).matmul(c).toArray(), a.transposedMatmul(c).toArray(), 0.0);
      assertArrayEquals(new int[] {s[1], s[2]}, a.transposedMatmul(c).shape());
      assertArrayEquals(new int[] {s[0], s[2]}, a.matmulTransposed(b).shape());
    }
    // batched and recorded products take the explicit path and stay differentiable
    Tensor x = Tensor.of(random(2 * 3 * 4)).reshape(2, 3, 4).requiresGrad(true);
    Tensor y = Tensor.of(random(2 * 5 * 4)).reshape(2, 5, 4);
    Tensor z = x.matmulTransposed(y);
    assertArrayEquals(new int[] {2, 3, 5}, z.shape());
    z.sum().backward();
    assertArrayEquals(y.sum(1, true).expand(2, 3, 4).toArray(), x.grad().toArray(), 1e-12);
  }
}
