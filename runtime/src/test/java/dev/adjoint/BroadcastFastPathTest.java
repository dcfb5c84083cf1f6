package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Element-wise arithmetic, {@code expand} and {@code sumToSize} run as row loops when the
 * broadcast is a simple [outer, inner] walk and through index tables otherwise; both against a
 * reference that maps every output coordinate to its operands' elements one by one (NumPy's rule,
 * written out here independently of the runtime).
 */
class BroadcastFastPathTest {
  private static final Random RANDOM = new Random(11);

  /** Pairs of operand shapes, covering every row-walk kind and the fallback. */
  private static final int[][][] PAIRS = {
      {{3, 4}, {3, 4}},
      {{3, 4}, {4}},
      {{4}, {3, 4}},
      {{3, 4}, {}},
      {{}, {3, 4}},
      {{3, 1}, {1, 4}},
      {{3, 1}, {3, 4}},
      {{2, 3, 4}, {3, 1}},
      {{2, 1, 4}, {3, 4}},
      {{3, 1, 5}, {1, 4, 1}},
      {{2, 3, 4}, {2, 1, 1}},
      {{2, 3, 1}, {1, 1, 4}},
      {{0, 3}, {3}},
      {{5, 1}, {1}},
      {{1}, {}},
      {{2, 3, 4}, {3, 4}},
      {{2, 3, 4}, {4}},
      {{3, 4}, {1, 4}},
      {{3, 0}, {0}},
  };

  private static Tensor random(int... shape) {
    return Tensor.randn(RANDOM, shape);
  }

  private static int[] broadcastShape(int[] a, int[] b) {
    int n = Math.max(a.length, b.length);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      int da = i < n - a.length ? 1 : a[i - (n - a.length)];
      int db = i < n - b.length ? 1 : b[i - (n - b.length)];
      out[i] = da == 1 ? db : da;
    }
    return out;
  }

  /** The row-major offset in a tensor of shape {@code in} of the element broadcast to {@code coord}. */
  private static int source(int[] in, int[] coord) {
    int off = 0;
    int lead = coord.length - in.length;
    for (int i = 0; i < in.length; i++) {
      off = off * in[i] + (in[i] == 1 ? 0 : coord[i + lead]);
    }
    return off;
  }

  private static int[] coord(int flat, int[] shape) {
    int[] c = new int[shape.length];
    for (int i = shape.length - 1; i >= 0; i--) {
      c[i] = flat % shape[i];
      flat /= shape[i];
    }
    return c;
  }

  private static int numel(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  @Test
  void arithmeticMatchesElementByElementBroadcasting() {
    DoubleBinaryOperator[] ops = {(p, q) -> p + q, (p, q) -> p - q, (p, q) -> p * q, (p, q) -> p / q};
    String[] names = {"add", "sub", "mul", "div"};
    for (int[][] pair : PAIRS) {
      Tensor a = random(pair[0]);
      Tensor b = random(pair[1]);
      int[] out = broadcastShape(pair[0], pair[1]);
      Tensor[] results = {a.add(b), a.sub(b), a.mul(b), a.div(b)};
      double[] x = a.toArray();
      double[] y = b.toArray();
      for (int o = 0; o < ops.length; o++) {
        String what = names[o] + " " + java.util.Arrays.toString(pair[0]) + " "
            + java.util.Arrays.toString(pair[1]);
        assertArrayEquals(out, results[o].shape(), what);
        double[] got = results[o].toArray();
        for (int i = 0; i < got.length; i++) {
          int[] c = coord(i, out);
          assertEquals(ops[o].applyAsDouble(x[source(pair[0], c)], y[source(pair[1], c)]), got[i], 0.0,
              what + " at " + i);
        }
      }
    }
  }

  @Test
  void expandAndSumToSizeMatchElementByElementReference() {
    for (int[][] pair : PAIRS) {
      int[] big = broadcastShape(pair[0], pair[1]);
      for (int[] small : pair) {
        String what = java.util.Arrays.toString(small) + " / " + java.util.Arrays.toString(big);
        Tensor s = random(small);
        double[] sv = s.toArray();
        double[] expanded = s.expand(big).toArray();
        assertEquals(numel(big), expanded.length, what);
        for (int i = 0; i < expanded.length; i++) {
          assertEquals(sv[source(small, coord(i, big))], expanded[i], 0.0, what + " expand at " + i);
        }

        Tensor g = random(big);
        double[] gv = g.toArray();
        double[] expected = new double[numel(small)];
        for (int i = 0; i < gv.length; i++) {
          expected[source(small, coord(i, big))] += gv[i];
        }
        Tensor summed = g.sumToSize(small);
        assertArrayEquals(small, summed.shape(), what);
        assertArrayEquals(expected, summed.toArray(), 1e-12, what + " sumToSize");
      }
    }
  }

  @Test
  void biasGradientThroughTheTapeIsTheColumnSum() {
    // [64, 256] + [256] on the tape: the bias gradient is the sum over the batch (a row walk)
    Tensor x = random(64, 256);
    Tensor bias = random(256).requiresGrad(true);
    Tensor weights = random(64, 256);
    x.add(bias).mul(weights).sum().backward();
    double[] w = weights.toArray();
    double[] grad = bias.grad().toArray();
    for (int j = 0; j < 256; j++) {
      double s = 0;
      for (int r = 0; r < 64; r++) {
        s += w[r * 256 + j];
      }
      assertEquals(s, grad[j], 1e-12, "column " + j);
    }
  }
}
