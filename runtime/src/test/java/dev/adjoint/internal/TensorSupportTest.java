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
}
