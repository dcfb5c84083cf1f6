package dev.adjoint;

import static dev.adjoint.ElementaryMath.C;
import static dev.adjoint.ElementaryMath.EXP_MAX;
import static dev.adjoint.ElementaryMath.EXP_MIN;
import static dev.adjoint.ElementaryMath.LN2_HI;
import static dev.adjoint.ElementaryMath.LN2_LO;
import static dev.adjoint.ElementaryMath.LOG2_E;
import static dev.adjoint.ElementaryMath.SHIFTER;
import static dev.adjoint.ElementaryMath.SHIFTER_BITS;
import static dev.adjoint.ElementaryMath.TANH_ONE;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The runtime's kernels on the Vector API ({@code jdk.incubator.vector}), see {@link Simd}: the
 * matrix product behind {@link MatMul}, and a tensor's {@code exp}, {@code tanh} and {@code
 * sigmoid}.
 *
 * <p>The product, {@code c += a·b} for rows of {@code c} in row-major {@code double[]} storage: a
 * {@value #KC}-deep block of {@code b}, {@link #NC} columns wide, is copied into one array
 * (rows padded with zeros to a whole number of tiles), and {@link #MR} rows of {@code a} into
 * another, interleaved by depth; a micro-kernel keeps an {@code MR × 2} tile of vectors of
 * {@code c} in registers through the block, one fused multiply-add per vector per step. Rows and
 * columns that do not fill a tile run through the same micro-kernel on zero padding, into a
 * scratch tile, so every entry of {@code c} is summed the same way wherever it sits: the result
 * does not depend on how {@link MatMul} splits the rows between threads.
 *
 * <p>The tiles are written out, with no helper method taking or returning a vector: a vector
 * passed to a method C2 does not inline is boxed, and the boxes reached the inner loop (18 ms
 * instead of 3.5 at 512², JDK 17).
 *
 * <p>{@code exp}, {@code tanh} and {@code sigmoid} run {@link ElementaryMath}'s steps lane by lane,
 * one for one (the same operations in the same order, every one exactly rounded), so a vector lane
 * and the scalar code that finishes an array's tail give the same bits. They too are written out:
 * with {@code exp}'s lanes in a helper, {@code sigmoid} ran at 5.5 ns per element instead of 1.1
 * once the helper had been compiled on its own (C2 then no longer inlines it, and boxes).
 *
 * <p>This source is compiled apart from the rest of the runtime ({@code src/simd/java}, with
 * {@code --add-modules jdk.incubator.vector}, see the runtime's pom) and is only loaded once
 * {@link Simd} has found the module in the boot layer.
 */
final class SimdKernels implements Simd.Kernels {
  /** Refuses vectors of fewer than four doubles (no AVX2): there the plain kernel is as fast. */
  SimdKernels() {
    if (L < 4) {
      throw new UnsupportedOperationException("this JVM's vectors hold " + L + " doubles, fewer than four");
    }
  }

  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Columns of a tile: two vectors. */
  static final int NR = 2 * L;
  /**
   * Rows of a tile. Eight rows by two vectors is 16 accumulators, which fit the 32 registers of
   * AVX-512; with 256-bit vectors (16 registers) four rows leave room for the operands.
   * Measured at 512² on JDK 17: 8 × 2 of 512-bit vectors 87 GFLOPS (4 × 3: 37); with
   * {@code -XX:UseAVX=2}, 4 × 2 ran at 37 GFLOPS and 8 × 2 at 24 (spills).
   */
  static final int MR = L >= 8 ? 8 : 4;
  /** Depth of a block. */
  static final int KC = 256;
  /** Width of a block of {@code b}: 12 tiles. */
  static final int NC = 12 * NR;

  @Override
  public void matmulRows(double[] a, int aOff, int aRow, int aCol, double[] b, int bOff, int bRow, int bCol,
      double[] c, int cOff, int count, int k, int m) {
    int depth = Math.min(KC, k);
    int width = Math.min(NC, (m + NR - 1) / NR * NR);
    double[] packedB = new double[depth * width];
    double[] packedA = new double[depth * MR];
    double[] tile = new double[MR * NR];
    for (int jj = 0; jj < m; jj += NC) {
      int w = Math.min(NC, m - jj);
      int padded = (w + NR - 1) / NR * NR;
      for (int pp = 0; pp < k; pp += KC) {
        int kc = Math.min(KC, k - pp);
        for (int p = 0; p < kc; p++) {
          int from = bOff + (pp + p) * bRow + jj * bCol;
          if (bCol == 1) {
            System.arraycopy(b, from, packedB, p * padded, w);
          } else { // b is stored transposed: read a column of the stored matrix
            for (int q = 0; q < w; q++) {
              packedB[p * padded + q] = b[from + q * bCol];
            }
          }
          java.util.Arrays.fill(packedB, p * padded + w, (p + 1) * padded, 0.0);
        }
        for (int i = 0; i < count; i += MR) {
          int rows = Math.min(MR, count - i);
          for (int p = 0; p < kc; p++) {
            for (int r = 0; r < MR; r++) {
              packedA[p * MR + r] = r < rows ? a[aOff + (i + r) * aRow + (pp + p) * aCol] : 0.0;
            }
          }
          for (int j = 0; j < w; j += NR) {
            if (rows == MR && j + NR <= w) {
              tile(packedA, packedB, padded, j, kc, c, cOff + i * m + jj + j, m);
            } else {
              java.util.Arrays.fill(tile, 0.0);
              tile(packedA, packedB, padded, j, kc, tile, 0, NR);
              int cols = Math.min(NR, w - j);
              for (int r = 0; r < rows; r++) {
                for (int q = 0; q < cols; q++) {
                  c[cOff + (i + r) * m + jj + j + q] += tile[r * NR + q];
                }
              }
            }
          }
        }
      }
    }
  }

  private static void tile(double[] pa, double[] pb, int ldb, int j, int kc, double[] c, int co, int ldc) {
    if (MR == 8) {
      tile8(pa, pb, ldb, j, kc, c, co, ldc);
    } else {
      tile4(pa, pb, ldb, j, kc, c, co, ldc);
    }
  }

  /** {@code c[8 rows × NR] += pa·pb} over {@code kc} steps: 16 accumulators. */
  private static void tile8(double[] pa, double[] pb, int ldb, int j, int kc, double[] c, int co, int ldc) {
    DoubleVector z = DoubleVector.zero(S);
    DoubleVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
    DoubleVector c40 = z, c41 = z, c50 = z, c51 = z, c60 = z, c61 = z, c70 = z, c71 = z;
    for (int p = 0, bo = j, ao = 0; p < kc; p++, bo += ldb, ao += 8) {
      DoubleVector b0 = DoubleVector.fromArray(S, pb, bo);
      DoubleVector b1 = DoubleVector.fromArray(S, pb, bo + L);
      DoubleVector a0 = DoubleVector.broadcast(S, pa[ao]);
      c00 = a0.fma(b0, c00);
      c01 = a0.fma(b1, c01);
      DoubleVector a1 = DoubleVector.broadcast(S, pa[ao + 1]);
      c10 = a1.fma(b0, c10);
      c11 = a1.fma(b1, c11);
      DoubleVector a2 = DoubleVector.broadcast(S, pa[ao + 2]);
      c20 = a2.fma(b0, c20);
      c21 = a2.fma(b1, c21);
      DoubleVector a3 = DoubleVector.broadcast(S, pa[ao + 3]);
      c30 = a3.fma(b0, c30);
      c31 = a3.fma(b1, c31);
      DoubleVector a4 = DoubleVector.broadcast(S, pa[ao + 4]);
      c40 = a4.fma(b0, c40);
      c41 = a4.fma(b1, c41);
      DoubleVector a5 = DoubleVector.broadcast(S, pa[ao + 5]);
      c50 = a5.fma(b0, c50);
      c51 = a5.fma(b1, c51);
      DoubleVector a6 = DoubleVector.broadcast(S, pa[ao + 6]);
      c60 = a6.fma(b0, c60);
      c61 = a6.fma(b1, c61);
      DoubleVector a7 = DoubleVector.broadcast(S, pa[ao + 7]);
      c70 = a7.fma(b0, c70);
      c71 = a7.fma(b1, c71);
    }
    DoubleVector.fromArray(S, c, co).add(c00).intoArray(c, co);
    DoubleVector.fromArray(S, c, co + L).add(c01).intoArray(c, co + L);
    DoubleVector.fromArray(S, c, co + ldc).add(c10).intoArray(c, co + ldc);
    DoubleVector.fromArray(S, c, co + ldc + L).add(c11).intoArray(c, co + ldc + L);
    DoubleVector.fromArray(S, c, co + 2 * ldc).add(c20).intoArray(c, co + 2 * ldc);
    DoubleVector.fromArray(S, c, co + 2 * ldc + L).add(c21).intoArray(c, co + 2 * ldc + L);
    DoubleVector.fromArray(S, c, co + 3 * ldc).add(c30).intoArray(c, co + 3 * ldc);
    DoubleVector.fromArray(S, c, co + 3 * ldc + L).add(c31).intoArray(c, co + 3 * ldc + L);
    DoubleVector.fromArray(S, c, co + 4 * ldc).add(c40).intoArray(c, co + 4 * ldc);
    DoubleVector.fromArray(S, c, co + 4 * ldc + L).add(c41).intoArray(c, co + 4 * ldc + L);
    DoubleVector.fromArray(S, c, co + 5 * ldc).add(c50).intoArray(c, co + 5 * ldc);
    DoubleVector.fromArray(S, c, co + 5 * ldc + L).add(c51).intoArray(c, co + 5 * ldc + L);
    DoubleVector.fromArray(S, c, co + 6 * ldc).add(c60).intoArray(c, co + 6 * ldc);
    DoubleVector.fromArray(S, c, co + 6 * ldc + L).add(c61).intoArray(c, co + 6 * ldc + L);
    DoubleVector.fromArray(S, c, co + 7 * ldc).add(c70).intoArray(c, co + 7 * ldc);
    DoubleVector.fromArray(S, c, co + 7 * ldc + L).add(c71).intoArray(c, co + 7 * ldc + L);
  }

  /** {@code c[4 rows × NR] += pa·pb} over {@code kc} steps: 8 accumulators. */
  private static void tile4(double[] pa, double[] pb, int ldb, int j, int kc, double[] c, int co, int ldc) {
    DoubleVector z = DoubleVector.zero(S);
    DoubleVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
    for (int p = 0, bo = j, ao = 0; p < kc; p++, bo += ldb, ao += 4) {
      DoubleVector b0 = DoubleVector.fromArray(S, pb, bo);
      DoubleVector b1 = DoubleVector.fromArray(S, pb, bo + L);
      DoubleVector a0 = DoubleVector.broadcast(S, pa[ao]);
      c00 = a0.fma(b0, c00);
      c01 = a0.fma(b1, c01);
      DoubleVector a1 = DoubleVector.broadcast(S, pa[ao + 1]);
      c10 = a1.fma(b0, c10);
      c11 = a1.fma(b1, c11);
      DoubleVector a2 = DoubleVector.broadcast(S, pa[ao + 2]);
      c20 = a2.fma(b0, c20);
      c21 = a2.fma(b1, c21);
      DoubleVector a3 = DoubleVector.broadcast(S, pa[ao + 3]);
      c30 = a3.fma(b0, c30);
      c31 = a3.fma(b1, c31);
    }
    DoubleVector.fromArray(S, c, co).add(c00).intoArray(c, co);
    DoubleVector.fromArray(S, c, co + L).add(c01).intoArray(c, co + L);
    DoubleVector.fromArray(S, c, co + ldc).add(c10).intoArray(c, co + ldc);
    DoubleVector.fromArray(S, c, co + ldc + L).add(c11).intoArray(c, co + ldc + L);
    DoubleVector.fromArray(S, c, co + 2 * ldc).add(c20).intoArray(c, co + 2 * ldc);
    DoubleVector.fromArray(S, c, co + 2 * ldc + L).add(c21).intoArray(c, co + 2 * ldc + L);
    DoubleVector.fromArray(S, c, co + 3 * ldc).add(c30).intoArray(c, co + 3 * ldc);
    DoubleVector.fromArray(S, c, co + 3 * ldc + L).add(c31).intoArray(c, co + 3 * ldc + L);
  }

  @Override
  public void exp(double[] in, double[] out, int n) {
    int i = 0;
    for (int end = S.loopBound(n); i < end; i += L) {
      DoubleVector y = DoubleVector.fromArray(S, in, i).max(EXP_MIN).min(EXP_MAX);
      DoubleVector k = y.fma(LOG2_E, SHIFTER);
      LongVector nb = k.reinterpretAsLongs().sub(SHIFTER_BITS);
      DoubleVector nd = k.sub(SHIFTER).neg();
      DoubleVector r = nd.fma(DoubleVector.broadcast(S, LN2_LO), nd.fma(DoubleVector.broadcast(S, LN2_HI), y));
      DoubleVector p = DoubleVector.broadcast(S, C[13]);
      for (int j = 12; j >= 2; j--) {
        p = p.fma(r, DoubleVector.broadcast(S, C[j]));
      }
      DoubleVector q = r.mul(r).fma(p, r);
      LongVector n1 = nb.lanewise(VectorOperators.ASHR, 1);
      DoubleVector s1 = n1.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
      DoubleVector s2 = nb.sub(n1).add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
      q.fma(s1, s1).mul(s2).intoArray(out, i);
    }
    for (; i < n; i++) {
      out[i] = ElementaryMath.exp(in[i]);
    }
  }

  @Override
  public void tanh(double[] in, double[] out, int n) {
    int i = 0;
    for (int end = S.loopBound(n); i < end; i += L) {
      DoubleVector x = DoubleVector.fromArray(S, in, i);
      DoubleVector a = x.abs().min(TANH_ONE);
      DoubleVector y = a.add(a);
      DoubleVector k = y.fma(LOG2_E, -0.5).add(SHIFTER);
      LongVector nb = k.reinterpretAsLongs().sub(SHIFTER_BITS);
      DoubleVector nd = k.sub(SHIFTER).neg();
      DoubleVector r = nd.fma(DoubleVector.broadcast(S, LN2_LO), nd.fma(DoubleVector.broadcast(S, LN2_HI), y));
      DoubleVector p = DoubleVector.broadcast(S, C[17]);
      for (int j = 16; j >= 2; j--) {
        p = p.fma(r, DoubleVector.broadcast(S, C[j]));
      }
      DoubleVector q = r.mul(r).fma(p, r);
      DoubleVector s = nb.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
      DoubleVector e = s.fma(q, s.sub(1.0));
      DoubleVector t = e.div(e.add(2.0));
      LongVector sign = x.reinterpretAsLongs().and(Long.MIN_VALUE);
      t.reinterpretAsLongs().or(sign).reinterpretAsDoubles().intoArray(out, i);
    }
    for (; i < n; i++) {
      out[i] = ElementaryMath.tanh(in[i]);
    }
  }

  @Override
  public void sigmoid(double[] in, double[] out, int n) {
    int i = 0;
    DoubleVector one = DoubleVector.broadcast(S, 1.0);
    for (int end = S.loopBound(n); i < end; i += L) {
      DoubleVector x = DoubleVector.fromArray(S, in, i);
      // exp(-|x|), as in exp above
      DoubleVector y = x.abs().neg().max(EXP_MIN).min(EXP_MAX);
      DoubleVector k = y.fma(LOG2_E, SHIFTER);
      LongVector nb = k.reinterpretAsLongs().sub(SHIFTER_BITS);
      DoubleVector nd = k.sub(SHIFTER).neg();
      DoubleVector r = nd.fma(DoubleVector.broadcast(S, LN2_LO), nd.fma(DoubleVector.broadcast(S, LN2_HI), y));
      DoubleVector p = DoubleVector.broadcast(S, C[13]);
      for (int j = 12; j >= 2; j--) {
        p = p.fma(r, DoubleVector.broadcast(S, C[j]));
      }
      DoubleVector q = r.mul(r).fma(p, r);
      LongVector n1 = nb.lanewise(VectorOperators.ASHR, 1);
      DoubleVector s1 = n1.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
      DoubleVector s2 = nb.sub(n1).add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
      DoubleVector e = q.fma(s1, s1).mul(s2);
      VectorMask<Double> negative = x.compare(VectorOperators.LT, 0.0);
      one.blend(e, negative).div(one.add(e)).intoArray(out, i);
    }
    for (; i < n; i++) {
      out[i] = ElementaryMath.sigmoid(in[i]);
    }
  }
}
