package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Forward values against hand computation (the gradient checks only test self-consistency). */
class ForwardValuesTest {
  private static void assertTensor(double[] values, int[] shape, Tensor t) {
    assertArrayEquals(shape, t.shape());
    assertArrayEquals(values, t.toArray(), 1e-12);
  }

  @Test
  void factories() {
    assertTensor(new double[] {1, 0, 0, 0, 1, 0}, new int[] {2, 3}, Tensor.eye(2, 3));
    assertTensor(new double[] {7, 7}, new int[] {2}, Tensor.full(7, 2));
    assertTensor(new double[] {3}, new int[0], Tensor.scalar(3));
    assertEquals(0, Tensor.zeros().dim());
    assertEquals(24, Tensor.ones(2, 3, 4).numel());
    double[] data = {1, 2};
    Tensor t = Tensor.of(data);
    data[0] = 9;
    t.toArray()[1] = 9;
    t.shape()[0] = 5;
    assertTensor(new double[] {1, 2}, new int[] {2}, t);
    double[] u = Tensor.rand(new Random(1), 100).toArray();
    for (double v : u) {
      assertEquals(0.5, v, 0.5);
    }
  }

  @Test
  void broadcastingArithmetic() {
    Tensor col = Tensor.of(new double[] {1, 2}, 2, 1);
    Tensor row = Tensor.of(10, 20, 30);
    assertTensor(new double[] {11, 21, 31, 12, 22, 32}, new int[] {2, 3}, col.add(row));
    assertTensor(new double[] {-9, -19, -29, -8, -18, -28}, new int[] {2, 3}, col.sub(row));
    assertTensor(new double[] {10, 20, 30, 20, 40, 60}, new int[] {2, 3}, col.mul(row));
    assertTensor(new double[] {0.5, 1}, new int[] {2}, Tensor.of(1, 2).div(2));
    assertTensor(new double[] {-1, 2}, new int[] {2}, Tensor.of(1, -2).neg());
  }

  @Test
  void elementwise() {
    Tensor x = Tensor.of(-2, 0.5, 4);
    assertTensor(new double[] {0, 0.5, 4}, new int[] {3}, x.relu());
    assertTensor(new double[] {2, 0.5, 4}, new int[] {3}, x.abs());
    assertTensor(new double[] {-1, 0.5, 1}, new int[] {3}, x.clamp(-1, 1));
    assertTensor(new double[] {4, 0.25, 16}, new int[] {3}, x.pow(2));
    assertTensor(new double[] {2}, new int[] {1}, Tensor.of(4).sqrt());
    assertEquals(1 / (1 + Math.exp(2)), x.sigmoid().getDouble(0), 1e-15);
    assertEquals(Math.log(4), x.log().getDouble(2), 1e-15);
  }

  @Test
  void matmulCases() {
    Tensor a = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
    Tensor b = Tensor.of(new double[][] {{1, 0}, {0, 1}, {1, 1}});
    assertTensor(new double[] {4, 5, 10, 11}, new int[] {2, 2}, a.matmul(b));
    assertTensor(new double[] {14, 32}, new int[] {2}, a.matmul(Tensor.of(1, 2, 3)));
    assertTensor(new double[] {9, 12, 15}, new int[] {3}, Tensor.of(1, 2).matmul(a));
    assertTensor(new double[] {32}, new int[0], Tensor.of(1, 2, 3).matmul(Tensor.of(4, 5, 6)));
    Tensor batch = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 1, 0, 0, 0, 0, 1}, 2, 2, 3);
    assertTensor(new double[] {4, 5, 10, 11, 1, 0, 1, 1}, new int[] {2, 2, 2}, batch.matmul(b));
  }

  @Test
  void shapes() {
    Tensor a = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
    assertTensor(new double[] {1, 4, 2, 5, 3, 6}, new int[] {3, 2}, a.t());
    assertTensor(new double[] {1, 4, 2, 5, 3, 6}, new int[] {3, 2}, a.transpose(-1, 0));
    Tensor c = Tensor.arange(24).reshape(2, 3, 4);
    assertEquals(c.getDouble(1, 2, 3), c.transpose(0, 2).getDouble(3, 2, 1));
    assertTensor(new double[] {4, 5, 6}, new int[] {3}, a.get(1));
    assertTensor(new double[] {6}, new int[0], a.get(1, 2));
    assertTensor(new double[] {1, 2, 1, 2}, new int[] {2, 2}, Tensor.of(1, 2).expand(2, -1));
    assertTensor(new double[] {5, 7, 9}, new int[] {1, 3}, a.sumToSize(1, 3));
    assertTensor(new double[] {5, 7, 9}, new int[] {3}, a.sumToSize(3));
    assertTensor(new double[] {21}, new int[0], a.sumToSize());
    assertEquals(2, a.size(0));
    assertEquals(3, a.size(1));
    assertEquals(3, a.size(-1));
    assertEquals(2, a.size(-2));
    assertEquals(3, c.size(1));
  }

  @Test
  void reductions() {
    Tensor a = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
    assertTensor(new double[] {21}, new int[0], a.sum());
    assertTensor(new double[] {3.5}, new int[0], a.mean());
    assertTensor(new double[] {5, 7, 9}, new int[] {3}, a.sum(0));
    assertTensor(new double[] {6, 15}, new int[] {2}, a.sum(-1));
    assertTensor(new double[] {2, 5}, new int[] {2, 1}, a.mean(1, true));
    double e = Math.exp(1);
    double z = 1 + e + e * e;
    assertTensor(new double[] {1 / z, e / z, e * e / z}, new int[] {3}, Tensor.of(0, 1, 2).softmax(0));
    assertTensor(new double[] {-Math.log(z), 1 - Math.log(z), 2 - Math.log(z)}, new int[] {3},
        Tensor.of(0, 1, 2).logSoftmax(0));
    // Max-subtraction: no overflow for huge logits.
    assertTensor(new double[] {0, -1000}, new int[] {2}, Tensor.of(1000, 0).logSoftmax(0));
    assertTensor(new double[] {0.5, 0.5, 0.5, 0.5}, new int[] {2, 2},
        Tensor.of(new double[][] {{3, 3}, {-7, -7}}).softmax(1));
  }
}
