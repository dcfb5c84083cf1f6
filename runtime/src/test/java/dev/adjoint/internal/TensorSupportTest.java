package dev.adjoint.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TensorSupportTest {
  private static final Random RANDOM = new Random(17);

  private static Tensor random(int... shape) { return Tensor.randn(RANDOM, shape); }

  /** The contributions summed element by element, first to last, on plain doubles. */
  private static double[] sumByHand(Tensor... contributions) {
    double[] sum = contributions[0].toArray();
    for (int c = 1; c < contributions.length; c++) {
      double[] x = contributions[c].toArray();
      for (int i = 0; i < sum.length; i++) {
        sum[i] += x[i];
      }
    }
    return sum;
  }

  @Test
  void accumulateKeepsTheFirstContributionThenOwnsAFreshSumAndAddsIntoIt() {
    Tensor[] g = {random(3, 4), random(3, 4), random(3, 4), random(3, 4), random(3, 4)};
    double[][] before = new double[g.length][];
    for (int i = 0; i < g.length; i++) {
      before[i] = g[i].toArray();
    }
    Tensor sum = TensorSupport.accumulate(null, g[0]);
    assertSame(g[0], sum); // borrowed: it may be another variable's tensor
    Tensor second = TensorSupport.accumulate(sum, g[1]);
    assertNotSame(g[0], second);
    assertNotSame(g[1], second);
    Tensor third = TensorSupport.accumulate(second, g[2]);
    assertSame(second, third); // the fresh sum, added into
    Tensor last = TensorSupport.accumulate(TensorSupport.accumulate(third, g[3]), g[4]);
    assertSame(second, last);
    assertArrayEquals(sumByHand(g), last.toArray()); // bit for bit: the same additions in order
    for (int i = 0; i < g.length; i++) {
      assertArrayEquals(before[i], g[i].toArray(), "contribution " + i + " was written");
    }
  }

  @Test
  void aTensorAccumulateDidNotAllocateIsNeverWritten() {
    Tensor mine = random(2, 2); // e.g. another variable's adjoint, or a sum made by plus
    double[] was = mine.toArray();
    Tensor g = random(2, 2);
    Tensor result = TensorSupport.accumulate(mine, g);
    assertNotSame(mine, result);
    assertArrayEquals(was, mine.toArray());
    Tensor byPlus = TensorSupport.plus(TensorSupport.plus(null, random(2, 2)), random(2, 2));
    double[] plusWas = byPlus.toArray();
    TensorSupport.accumulate(byPlus, g);
    assertArrayEquals(plusWas, byPlus.toArray());
    // accumulate(x, x) twice: the first sum is fresh, x stays as it was
    Tensor x = random(3);
    double[] xWas = x.toArray();
    Tensor doubled = TensorSupport.accumulate(TensorSupport.accumulate(null, x), x);
    TensorSupport.accumulate(doubled, x);
    assertArrayEquals(xWas, x.toArray());
    assertArrayEquals(sumByHand(x, x, x), doubled.toArray());
  }

  @Test
  void broadcastingContributionsAndRecordedOnesAreNotAddedInPlace() {
    Tensor owned = TensorSupport.accumulate(random(2, 3), random(2, 3));
    Tensor row = random(3); // broadcasts over the rows: plus's path
    double[] before = owned.toArray();
    double[] r = row.toArray();
    Tensor wider = TensorSupport.accumulate(owned, row);
    for (int i = 0; i < before.length; i++) {
      assertEquals(before[i] + r[i % 3], wider.toArray()[i]);
    }
    Tensor bigger = random(4, 2, 3); // the sum grows: a new tensor
    double[] ownedWas = owned.toArray();
    Tensor grown = TensorSupport.accumulate(TensorSupport.accumulate(random(2, 3), random(2, 3)), bigger);
    assertArrayEquals(new int[] {4, 2, 3}, grown.shape());
    assertArrayEquals(ownedWas, owned.toArray());

    // a contribution that requires grad is recorded, never added in place (double backward)
    Tensor w = random(2, 3).requiresGrad(true);
    Tensor recorded = TensorSupport.accumulate(TensorSupport.accumulate(random(2, 3), random(2, 3)), w.mul(w));
    assertTrue(recorded.requiresGrad());
    Tensor again = TensorSupport.accumulate(recorded, random(2, 3));
    assertNotSame(recorded, again);
    again.sum().backward();
    double[] wv = w.toArray();
    double[] grad = w.grad().toArray();
    for (int i = 0; i < wv.length; i++) {
      assertEquals(2 * wv[i], grad[i]); // d/dw sum(w * w), by hand
    }
  }

  @Test
  void anInPlaceAdditionInvalidatesWhatWasComputedFromTheSum() {
    Tensor sum = TensorSupport.accumulate(random(4), random(4));
    sum.tanh(); // remembered for tanh's backward (Tensor.mapDerivative)
    TensorSupport.accumulate(sum, Tensor.of(1.0, 2.0, 3.0, 4.0));
    double[] x = sum.toArray();
    double[] derivative = sum.mapDerivative(dev.adjoint.ElementwiseFunction.TANH).toArray();
    for (int i = 0; i < x.length; i++) {
      double t = Math.tanh(x[i]);
      assertEquals(1 - t * t, derivative[i], 1e-15, "a stale tanh was reused at " + i);
    }
  }

  /** {@code Σ_k a[k][i] b[k][j]} (aᵀ·b) or {@code Σ_k a[i][k] b[j][k]} (a·bᵀ), on plain doubles. */
  private static double[][] productByHand(Tensor a, boolean transA, Tensor b, boolean transB) {
    double[][] x = rows(a);
    double[][] y = rows(b);
    int n = transA ? x[0].length : x.length;
    int k = transA ? x.length : x[0].length;
    int m = transB ? y.length : y[0].length;
    double[][] c = new double[n][m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        for (int l = 0; l < k; l++) {
          c[i][j] += (transA ? x[l][i] : x[i][l]) * (transB ? y[j][l] : y[l][j]);
        }
      }
    }
    return c;
  }

  private static double[][] rows(Tensor t) {
    int[] s = t.shape();
    double[] d = t.toArray();
    double[][] r = new double[s[0]][s[1]];
    for (int i = 0; i < s[0]; i++) {
      System.arraycopy(d, i * s[1], r[i], 0, s[1]);
    }
    return r;
  }

  private static void assertMatrix(double[][] expected, Tensor actual) {
    double[] a = actual.toArray();
    int m = expected[0].length;
    assertArrayEquals(new int[] {expected.length, m}, actual.shape());
    for (int i = 0; i < expected.length; i++) {
      for (int j = 0; j < m; j++) {
        assertEquals(expected[i][j], a[i * m + j], 1e-12, "at " + i + ", " + j);
      }
    }
  }

  @Test
  void productContributionsOfASecondOperandAreMultipliedIntoTheSum() {
    // x.matmul(w) in a loop: dw = Σ_t x_tᵀ g_t; n = 5, k = 4 (the batch), m = 3
    Tensor[] x = {random(4, 5), random(4, 5), random(4, 5)};
    Tensor[] g = {random(4, 3), random(4, 3), random(4, 3)};
    double[][] expected = new double[5][3];
    Tensor sum = null;
    Tensor first = null;
    for (int t = 0; t < 3; t++) {
      double[] xWas = x[t].toArray();
      double[] gWas = g[t].toArray();
      sum = TensorSupport.accumulateMatmulBackwardSecond(sum, g[t], x[t], new int[] {5, 3});
      first = t == 0 ? sum : first;
      assertSame(first, sum); // the first product is the sum from then on: nothing else holds it
      assertArrayEquals(xWas, x[t].toArray());
      assertArrayEquals(gWas, g[t].toArray());
      double[][] p = productByHand(x[t], true, g[t], false);
      for (int i = 0; i < 5; i++) {
        for (int j = 0; j < 3; j++) {
          expected[i][j] += p[i][j];
        }
      }
      assertMatrix(expected, sum);
    }
  }

  @Test
  void productContributionsOfAFirstOperandAreMultipliedIntoTheSum() {
    // w.matmul(h) in a loop: dw = Σ_t g_t h_tᵀ; w is 3×4, h 4×2, g 3×2
    Tensor[] h = {random(4, 2), random(4, 2), random(4, 2)};
    Tensor[] g = {random(3, 2), random(3, 2), random(3, 2)};
    // the sum starts as an ordinary contribution someone else may hold: never written
    Tensor other = random(3, 4);
    double[] otherWas = other.toArray();
    double[][] expected = rows(other);
    Tensor sum = TensorSupport.accumulate(null, other);
    Tensor owned = null;
    for (int t = 0; t < 3; t++) {
      sum = TensorSupport.accumulateMatmulBackwardFirst(sum, g[t], new int[] {3, 4}, h[t]);
      assertNotSame(other, sum);
      owned = t == 0 ? sum : owned; // a fresh sum, then multiplied into
      assertSame(owned, sum);
      double[][] p = productByHand(g[t], false, h[t], true);
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 4; j++) {
          expected[i][j] += p[i][j];
        }
      }
      assertMatrix(expected, sum);
    }
    assertArrayEquals(otherWas, other.toArray());
  }

  @Test
  void productsThatAreNotTwoUnrecordedMatricesTakeTheGeneralRule() {
    // a matrix–vector product (w is 1-D) and a batched one (x is 3-D, w 2-D): the rule's result, added
    Tensor v = random(3);
    Tensor a = random(2, 3);
    Tensor g1 = random(2);
    Tensor g2 = random(2);
    Tensor dv = TensorSupport.accumulateMatmulBackwardSecond(
        TensorSupport.accumulateMatmulBackwardSecond(null, g1, a, v.shape()), g2, a, v.shape());
    double[] ad = a.toArray();
    for (int j = 0; j < 3; j++) {
      double e = 0;
      for (int i = 0; i < 2; i++) {
        e += ad[i * 3 + j] * g1.toArray()[i];
      }
      double e2 = 0;
      for (int i = 0; i < 2; i++) {
        e2 += ad[i * 3 + j] * g2.toArray()[i];
      }
      assertEquals(e + e2, dv.toArray()[j], 1e-12);
    }
    Tensor batched = random(2, 4, 3);
    Tensor gb = random(2, 4, 5);
    Tensor dw = TensorSupport.accumulateMatmulBackwardSecond(
        TensorSupport.accumulateMatmulBackwardSecond(null, gb, batched, new int[] {3, 5}), gb, batched, new int[] {3, 5});
    double[][] expected = new double[3][5];
    for (int b = 0; b < 2; b++) {
      double[][] p = productByHand(batched.get(b), true, gb.get(b), false);
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 5; j++) {
          expected[i][j] += 2 * p[i][j];
        }
      }
    }
    assertMatrix(expected, dw);

    // a recorded gradient (double backward): never multiplied in place, and backward reaches it
    Tensor w = random(4, 2); // in h.matmul(w)
    Tensor h = random(3, 4);
    Tensor gr = random(3, 2).requiresGrad(true);
    Tensor owned = TensorSupport.accumulateMatmulBackwardSecond(null, random(3, 2), h, w.shape());
    double[] ownedWas = owned.toArray();
    Tensor recorded = TensorSupport.accumulateMatmulBackwardSecond(owned, gr, h, w.shape());
    assertTrue(recorded.requiresGrad());
    assertArrayEquals(ownedWas, owned.toArray());
    recorded.sum().backward(); // d/dgr[c][j] of Σ (hᵀ gr) = Σ_i h[c][i], row c of h summed
    double[] hd = h.toArray();
    for (int i = 0; i < 3; i++) {
      double rowSum = hd[i * 4] + hd[i * 4 + 1] + hd[i * 4 + 2] + hd[i * 4 + 3];
      for (int j = 0; j < 2; j++) {
        assertEquals(rowSum, gr.grad().toArray()[i * 2 + j], 1e-12);
      }
    }
  }

  @Test
  void anOwnedSumIsHandedOverAsTheGradientAndNeverAddedIntoAfterwards() {
    Tensor w = random(2, 3);
    Tensor g1 = random(2, 3);
    Tensor g2 = random(2, 3);
    Tensor owned = TensorSupport.accumulate(TensorSupport.accumulate(null, g1), g2);
    Tensor gradient = TensorSupport.gradient(owned, w);
    assertSame(owned, gradient); // fresh, held by no one else: no copy
    assertArrayEquals(sumByHand(g1, g2), gradient.toArray());
    double[] handedOver = gradient.toArray();
    TensorSupport.accumulate(gradient, random(2, 3)); // no longer owned: a new sum, the gradient unchanged
    assertArrayEquals(handedOver, gradient.toArray());
    Tensor product = TensorSupport.accumulateMatmulBackwardSecond(null, random(4, 3), random(4, 2), new int[] {2, 3});
    assertSame(product, TensorSupport.gradient(product, w));
    // a borrowed contribution (maybe another variable's tensor, or the caller's seed) is copied
    Tensor borrowed = TensorSupport.accumulate(null, g1);
    Tensor copy = TensorSupport.gradient(borrowed, w);
    assertNotSame(g1, copy);
    assertArrayEquals(g1.toArray(), copy.toArray());
    assertArrayEquals(new int[] {2, 3}, TensorSupport.gradient(null, w).shape());
  }
}
