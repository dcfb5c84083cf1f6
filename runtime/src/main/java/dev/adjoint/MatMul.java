package dev.adjoint;

import java.util.concurrent.ForkJoinTask;

/**
 * The matrix-product kernel behind {@link Tensor#matmul}: {@code c[n×m] += a[n×k]·b[k×m]} on
 * contiguous row-major {@code double[]} storage.
 *
 * <p>Products of at least {@value #PARALLEL} multiply-adds are split by rows of {@code c} over the
 * available cores (the calling thread takes the first share, the common fork-join pool the
 * others); smaller ones stay on the calling thread, where a hand-off would cost more than it saves.
 * The split is deterministic: shares start at even rows, so every row is computed by the same
 * kernel, in the same order and with the same row pairing as in a single-threaded run, and the
 * result is bit-for-bit the same whatever the number of threads.
 *
 * <p>Large products are cache-blocked: a {@value #KC}×{@value #NC} block of {@code b} is copied
 * into separate row arrays that stay in L1/L2 while every row of {@code a} runs over it, and two
 * rows of {@code c} are accumulated at once in scratch rows, four {@code k} steps per pass. The
 * copies exist for HotSpot's auto-vectorizer: measured on JDK 17, C2 did not vectorize the inner
 * loop while it addressed {@code b} and {@code c} at different offsets ({@code c[ci + j] += a *
 * b[bp + j]}), and did once every array is indexed by plain {@code j} from 0. That, more than the
 * blocking, makes it several times faster than an i-k-j triple loop (about 4.5× EJML's {@code
 * CommonOps_DDRM.mult} at 512×512 on one core).
 *
 * <p>When the JVM runs with {@code --add-modules jdk.incubator.vector} ({@link Simd}), large
 * products run on the Vector API kernel instead: register tiles of fused multiply-adds that C2
 * does not produce from plain loops (about 2× this class's own kernel at 512² with AVX-512).
 *
 * <p>Operands may be stored transposed (the backward of a product needs {@code grad·bᵀ} and
 * {@code aᵀ·grad}): the vector kernel reads them so while packing, small products by {@code bᵀ}
 * take dot products of rows, and the other loops get a transposed copy; in every case the bits are
 * those of the product of explicit transposes.
 */
final class MatMul {
  private MatMul() {}

  /** Depth of a block of {@code b} (rows); with {@link #NC} it fits L2 comfortably. */
  static final int KC = 64;
  /** Width of a block of {@code b} (columns) and of the scratch rows of {@code c}. */
  static final int NC = 128;
  /** Below this many multiply-adds the plain loops win (no packing, no scratch). */
  private static final long SMALL = 32 * 32 * 32;
  /**
   * From this many multiply-adds (about 30 µs on one core) the rows are shared between threads;
   * a fork-join hand-off costs a few microseconds.
   */
  static final long PARALLEL = 1L << 20;
  /** Each thread gets at least this many rows of {@code c}. */
  private static final int MIN_ROWS = 16;

  /** {@code c[cOff..] += a[aOff..]·b[bOff..]} for an {@code n×k} by {@code k×m} product. */
  static void multiply(double[] a, int aOff, double[] b, int bOff, double[] c, int cOff,
      int n, int k, int m) {
    multiply(a, aOff, false, b, bOff, false, c, cOff, n, k, m);
  }

  /**
   * {@code c[cOff..] += A·B} for an {@code n×k} by {@code k×m} product, where {@code a} holds
   * {@code A} row-major, or {@code Aᵀ} ({@code k×n}) when {@code transA}, and {@code b} holds
   * {@code B}, or {@code Bᵀ} ({@code m×k}) when {@code transB}: the backward of a product
   * multiplies by transposed operands. The same bits as multiplying explicit transposed copies.
   */
  static void multiply(double[] a, int aOff, boolean transA, double[] b, int bOff, boolean transB,
      double[] c, int cOff, int n, int k, int m) {
    // asked only for products worth splitting: in a container the call reads cgroup files (5 % of
    // an LSTM gradient's time when asked for every 16×64 product)
    int threads = (long) n * k * m < PARALLEL ? 1 : Runtime.getRuntime().availableProcessors();
    multiply(a, aOff, transA, b, bOff, transB, c, cOff, n, k, m, threads, Simd.KERNELS);
  }

  /**
   * {@link #multiply} on at most {@code threads} threads, large products on {@code vector} unless
   * it is {@code null} (tests pin both to compare results).
   */
  static void multiply(double[] a, int aOff, double[] b, int bOff, double[] c, int cOff,
      int n, int k, int m, int threads, Simd.Kernels vector) {
    multiply(a, aOff, false, b, bOff, false, c, cOff, n, k, m, threads, vector);
  }

  /** The product with operands stored transposed or not, on at most {@code threads} threads. */
  static void multiply(double[] a, int aOff, boolean transA, double[] b, int bOff, boolean transB,
      double[] c, int cOff, int n, int k, int m, int threads, Simd.Kernels vector) {
    if (n == 0 || k == 0 || m == 0) {
      return;
    }
    long size = (long) n * k * m;
    if (transB && !transA && size < PARALLEL && (m < 8 || size < SMALL)) {
      // a·bᵀ, small: rows of a against rows of b, each entry summed in the order the plain loops use
      rowDots(a, aOff, b, bOff, c, cOff, n, k, m);
      return;
    }
    if ((transA || transB) && !(vector != null && usesVector(n, k, m))) {
      // only the vector kernel reads transposed operands (while packing); the other loops get copies
      if (transA) {
        a = transposed(a, aOff, k, n);
        aOff = 0;
      }
      if (transB) {
        b = transposed(b, bOff, m, k);
        bOff = 0;
      }
      transA = false;
      transB = false;
    }
    int shares = size < PARALLEL ? 1 : Math.min(threads, n / MIN_ROWS);
    if (shares <= 1) {
      rows(a, aOff, transA, b, bOff, transB, c, cOff, n, k, m, 0, n, vector);
      return;
    }
    // share s gets rows [bound(s), bound(s + 1)), every bound even but the last (n)
    int per = (n / shares) & ~1;
    ForkJoinTask<?>[] others = new ForkJoinTask<?>[shares - 1];
    double[] a0 = a;
    double[] b0 = b;
    int aOff0 = aOff;
    int bOff0 = bOff;
    boolean ta = transA;
    boolean tb = transB;
    for (int s = 1; s < shares; s++) {
      int from = s * per;
      int to = s == shares - 1 ? n : from + per;
      others[s - 1] = ForkJoinTask.adapt(() -> rows(a0, aOff0, ta, b0, bOff0, tb, c, cOff, n, k, m, from, to, vector))
          .fork();
    }
    rows(a, aOff, transA, b, bOff, transB, c, cOff, n, k, m, 0, per, vector);
    for (ForkJoinTask<?> t : others) {
      t.join();
    }
  }

  /**
   * Rows {@code [from, to)} of the product. The loop is chosen by the whole product's shape, so
   * every share of a split product runs the same one.
   */
  private static void rows(double[] a, int aOff, boolean transA, double[] b, int bOff, boolean transB,
      double[] c, int cOff, int n, int k, int m, int from, int to, Simd.Kernels vector) {
    int aStart = aOff + from * (transA ? 1 : k);
    int cStart = cOff + from * m;
    int count = to - from;
    if (vector != null && usesVector(n, k, m)) {
      vector.matmulRows(a, aStart, transA ? 1 : k, transA ? n : 1, b, bOff, transB ? 1 : m, transB ? k : 1,
          c, cStart, count, k, m);
    } else if (m < 8) {
      dotProducts(a, aStart, b, bOff, c, cStart, count, k, m);
    } else if ((long) n * k * m < SMALL) {
      ikj(a, aStart, b, bOff, c, cStart, count, k, m);
    } else {
      blocked(a, aStart, b, bOff, c, cStart, count, k, m);
    }
  }

  /** Whether the Vector API kernel, when there is one, takes an {@code n×k} by {@code k×m} product. */
  private static boolean usesVector(int n, int k, int m) {
    return m >= 8 && (long) n * k * m >= SMALL;
  }

  /**
   * {@code c += a·bᵀ} with {@code b} stored {@code m×k}, entry by entry, in the order of the loop
   * that multiplies by an explicit transpose ({@link #dotProducts} for {@code m < 8}, else
   * {@link #ikj}, which adds each product to {@code c} as it goes), so the bits are the same.
   */
  private static void rowDots(double[] a, int aOff, double[] b, int bOff, double[] c, int cOff,
      int n, int k, int m) {
    boolean intoC = m >= 8;
    for (int i = 0; i < n; i++) {
      int ai = aOff + i * k;
      for (int j = 0; j < m; j++) {
        int bj = bOff + j * k;
        int at = cOff + i * m + j;
        double s = intoC ? c[at] : 0;
        for (int p = 0; p < k; p++) {
          s += a[ai + p] * b[bj + p];
        }
        c[at] = intoC ? s : c[at] + s;
      }
    }
  }

  /** The {@code cols×rows} transpose of the row-major {@code rows×cols} matrix at {@code a[off..]}. */
  private static double[] transposed(double[] a, int off, int rows, int cols) {
    double[] t = new double[rows * cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        t[j * rows + i] = a[off + i * cols + j];
      }
    }
    return t;
  }

  /** Narrow {@code b} (a few columns, e.g. a matrix–vector product): one dot product per entry. */
  private static void dotProducts(double[] a, int aOff, double[] b, int bOff, double[] c, int cOff,
      int n, int k, int m) {
    for (int i = 0; i < n; i++) {
      int ai = aOff + i * k;
      for (int j = 0; j < m; j++) {
        double s = 0;
        for (int p = 0, bp = bOff + j; p < k; p++, bp += m) {
          s += a[ai + p] * b[bp];
        }
        c[cOff + i * m + j] += s;
      }
    }
  }

  /** The textbook i-k-j loop: the inner loop runs along contiguous rows of {@code b} and {@code c}. */
  private static void ikj(double[] a, int aOff, double[] b, int bOff, double[] c, int cOff,
      int n, int k, int m) {
    for (int i = 0; i < n; i++) {
      int ci = cOff + i * m;
      int ai = aOff + i * k;
      for (int p = 0; p < k; p++) {
        double aip = a[ai + p];
        int bp = bOff + p * m;
        for (int j = 0; j < m; j++) {
          c[ci + j] += aip * b[bp + j];
        }
      }
    }
  }

  private static void blocked(double[] a, int aOff, double[] b, int bOff, double[] c, int cOff,
      int n, int k, int m) {
    int nc = Math.min(NC, m);
    double[][] rows = new double[Math.min(KC, k)][nc];
    double[] c0 = new double[nc];
    double[] c1 = new double[nc];
    for (int jj = 0; jj < m; jj += nc) {
      int w = Math.min(m - jj, nc);
      for (int pp = 0; pp < k; pp += KC) {
        int pe = Math.min(k, pp + KC);
        for (int p = pp; p < pe; p++) {
          System.arraycopy(b, bOff + p * m + jj, rows[p - pp], 0, w);
        }
        int i = 0;
        for (; i + 1 < n; i += 2) {
          int ci = cOff + i * m + jj;
          int a0 = aOff + i * k;
          int a1 = a0 + k;
          System.arraycopy(c, ci, c0, 0, w);
          System.arraycopy(c, ci + m, c1, 0, w);
          int p = pp;
          for (; p + 3 < pe; p += 4) {
            int q = p - pp;
            twoRowsFourSteps(a[a0 + p], a[a0 + p + 1], a[a0 + p + 2], a[a0 + p + 3],
                a[a1 + p], a[a1 + p + 1], a[a1 + p + 2], a[a1 + p + 3],
                rows[q], rows[q + 1], rows[q + 2], rows[q + 3], c0, c1, w);
          }
          for (; p < pe; p++) {
            axpy(a[a0 + p], rows[p - pp], c0, w);
            axpy(a[a1 + p], rows[p - pp], c1, w);
          }
          System.arraycopy(c0, 0, c, ci, w);
          System.arraycopy(c1, 0, c, ci + m, w);
        }
        if (i < n) {
          int ci = cOff + i * m + jj;
          int a0 = aOff + i * k;
          System.arraycopy(c, ci, c0, 0, w);
          for (int p = pp; p < pe; p++) {
            axpy(a[a0 + p], rows[p - pp], c0, w);
          }
          System.arraycopy(c0, 0, c, ci, w);
        }
      }
    }
  }

  /** {@code c0 += Σ a·x}, {@code c1 += Σ e·x} over four rows {@code x} of {@code b}. */
  private static void twoRowsFourSteps(double a0, double a1, double a2, double a3,
      double e0, double e1, double e2, double e3,
      double[] x0, double[] x1, double[] x2, double[] x3, double[] c0, double[] c1, int w) {
    for (int j = 0; j < w; j++) {
      double y0 = x0[j];
      double y1 = x1[j];
      double y2 = x2[j];
      double y3 = x3[j];
      c0[j] += a0 * y0 + a1 * y1 + a2 * y2 + a3 * y3;
      c1[j] += e0 * y0 + e1 * y1 + e2 * y2 + e3 * y3;
    }
  }

  private static void axpy(double alpha, double[] x, double[] y, int w) {
    for (int j = 0; j < w; j++) {
      y[j] += alpha * x[j];
    }
  }
}
