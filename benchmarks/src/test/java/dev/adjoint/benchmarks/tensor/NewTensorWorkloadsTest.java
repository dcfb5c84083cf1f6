package dev.adjoint.benchmarks.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Workloads 9 (tiny MLP) and 10 (LSTM) compute the right thing on exactly the timed inputs: the
 * hand-written gradient against central differences (sampled coordinates of every parameter and
 * the benchmark's direction), then the generated gradient, the tape and the generated JVP against
 * the hand-written gradient.
 */
class NewTensorWorkloadsTest {
  private static void assertClose(Tensor expected, Tensor actual, double tol, String what) {
    assertArrayEquals(expected.shape(), actual.shape(), what);
    double[] e = expected.toArray();
    double[] a = actual.toArray();
    for (int i = 0; i < e.length; i++) {
      assertEquals(e[i], a[i], tol * Math.max(1, Math.abs(e[i])), what + " at " + i);
    }
  }

  private static double dot(Tensor[] a, Tensor[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i].mul(b[i]).sum().item();
    }
    return s;
  }

  /** Central differences of {@code loss} at sampled coordinates of each parameter and along {@code direction}. */
  private static void checkCentralDifferences(Function<Tensor[], Double> loss, Tensor[] p, Tensor[] grads,
      Tensor[] direction) {
    double eps = 1e-5;
    for (int q = 0; q < p.length; q++) {
      double[] values = p[q].toArray();
      for (int e = 0; e < values.length; e += Math.max(1, values.length / 3)) {
        Tensor[] plus = p.clone();
        Tensor[] minus = p.clone();
        double[] up = values.clone();
        double[] down = values.clone();
        up[e] += eps;
        down[e] -= eps;
        plus[q] = Tensor.of(up, p[q].shape());
        minus[q] = Tensor.of(down, p[q].shape());
        double fd = (loss.apply(plus) - loss.apply(minus)) / (2 * eps);
        assertEquals(fd, grads[q].toArray()[e], 1e-7 + 1e-5 * Math.abs(fd), "parameter " + q + " element " + e);
      }
    }
    Tensor[] plus = new Tensor[p.length];
    Tensor[] minus = new Tensor[p.length];
    for (int q = 0; q < p.length; q++) {
      plus[q] = p[q].add(direction[q].mul(eps));
      minus[q] = p[q].sub(direction[q].mul(eps));
    }
    double fd = (loss.apply(plus) - loss.apply(minus)) / (2 * eps);
    assertEquals(fd, dot(grads, direction), 1e-7 + 1e-5 * Math.abs(fd), "along the direction");
  }

  @Test
  void tinyMlp() {
    TensorWorkloads.Mlp in = TensorWorkloads.tinyMlp(8);
    Tensor[] p = {in.w1(), in.b1(), in.w2(), in.b2()};
    Tensor[] d = {in.dw1(), in.db1(), in.dw2(), in.db2()};
    Function<Tensor[], Double> loss = q -> TinyMlp.loss(in.x(), q[0], q[1], q[2], q[3], in.y()).item();
    TinyMlpHandWritten.Gradient h = TinyMlpHandWritten.gradient(in.x(), p[0], p[1], p[2], p[3], in.y());
    Tensor[] hand = {h.w1(), h.b1(), h.w2(), h.b2()};
    assertEquals(loss.apply(p), h.value().item(), 1e-15);
    checkCentralDifferences(loss, p, hand, d);

    TinyMlpDerivatives.LossGradient g = TinyMlpDerivatives.lossGradient(in.x(), p[0], p[1], p[2], p[3], in.y());
    assertEquals(h.value().item(), g.value().item(), 1e-15);
    Tensor[] generated = {g.w1(), g.b1(), g.w2(), g.b2()};
    for (int q = 0; q < p.length; q++) {
      assertClose(hand[q], generated[q], 1e-13, "generated " + q);
    }
    Tensor w1 = p[0].detach().requiresGrad(true);
    Tensor b1 = p[1].detach().requiresGrad(true);
    Tensor w2 = p[2].detach().requiresGrad(true);
    Tensor b2 = p[3].detach().requiresGrad(true);
    TinyMlpBenchmark.tapeStep(in, w1, b1, w2, b2);
    Tensor value = TinyMlpBenchmark.tapeStep(in, w1, b1, w2, b2); // zeroGrad between steps
    assertEquals(h.value().item(), value.item(), 1e-15);
    Tensor[] tape = {w1.grad(), b1.grad(), w2.grad(), b2.grad()};
    for (int q = 0; q < p.length; q++) {
      assertClose(hand[q], tape[q], 1e-13, "tape " + q);
    }
    TinyMlpDerivatives.LossTangent t = TinyMlpDerivatives.lossJvp(in.x(), p[0], p[1], p[2], p[3], in.y(),
        d[0], d[1], d[2], d[3]);
    assertEquals(dot(hand, d), t.tangent().item(), 1e-12);
  }

  @Test
  void lstm() {
    TensorWorkloads.LstmInputs in = TensorWorkloads.lstm();
    Tensor[] p = in.parameters();
    Function<Tensor[], Double> loss = q -> LstmBenchmark.loss(in, q).item();
    LstmHandWritten.Gradient h = LstmHandWritten.gradient(in.xs(), p, in.target());
    Tensor[] hand = h.parameters();
    assertEquals(loss.apply(p), h.value().item(), 1e-14);
    checkCentralDifferences(loss, p, hand, in.directions());

    LstmDerivatives.LossGradient g = LstmBenchmark.gradient(in, p);
    assertEquals(h.value().item(), g.value().item(), 1e-14);
    Tensor[] generated = {g.wi(), g.ui(), g.bi(), g.wf(), g.uf(), g.bf(), g.wg(), g.ug(), g.bg(), g.wo(), g.uo(),
        g.bo(), g.wy(), g.by()};
    for (int q = 0; q < p.length; q++) {
      assertClose(hand[q], generated[q], 1e-11, "generated " + q);
    }
    Tensor[] leaves = LstmBenchmark.leaves(p);
    LstmBenchmark.tapeStep(in, leaves);
    Tensor value = LstmBenchmark.tapeStep(in, leaves);
    assertEquals(h.value().item(), value.item(), 1e-14);
    for (int q = 0; q < p.length; q++) {
      assertClose(hand[q], leaves[q].grad(), 1e-11, "tape " + q);
    }
    LstmDerivatives.LossTangent t = LstmBenchmark.tangent(in, p, in.directions());
    double expected = dot(hand, in.directions());
    assertEquals(expected, t.tangent().item(), 1e-10 * Math.max(1, Math.abs(expected)));
  }
}
