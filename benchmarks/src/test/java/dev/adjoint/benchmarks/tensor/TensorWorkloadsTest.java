package dev.adjoint.benchmarks.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.Tensor;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * The timed Tensor workloads compute the right thing: the gradient variants of workload 4 agree
 * with each other, with the forward-mode directional derivative and with central finite
 * differences; workload 5's matmul equals EJML's product.
 */
class TensorWorkloadsTest {
  private final TensorWorkloads.Mlp in = TensorWorkloads.mlp();

  private static void assertClose(Tensor expected, Tensor actual, double tol, String what) {
    assertArrayEquals(expected.shape(), actual.shape(), what);
    double[] e = expected.toArray();
    double[] a = actual.toArray();
    for (int i = 0; i < e.length; i++) {
      assertEquals(e[i], a[i], tol * Math.max(1, Math.abs(e[i])), what + " at " + i);
    }
  }

  private double loss(Tensor w1, Tensor b1, Tensor w2, Tensor b2) {
    return TensorMlp.loss(in.x(), w1, b1, w2, b2, in.y()).item();
  }

  @Test
  void generatedHandWrittenAndTapeGradientsAgree() {
    TensorMlpDerivatives.LossGradient g =
        TensorMlpDerivatives.lossGradient(in.x(), in.w1(), in.b1(), in.w2(), in.b2(), in.y());
    TensorMlpHandWritten.Gradient h =
        TensorMlpHandWritten.gradient(in.x(), in.w1(), in.b1(), in.w2(), in.b2(), in.y());
    assertEquals(loss(in.w1(), in.b1(), in.w2(), in.b2()), g.value().item(), 1e-14);
    assertEquals(g.value().item(), h.value().item(), 1e-14);
    assertClose(h.w1(), g.w1(), 1e-12, "w1");
    assertClose(h.b1(), g.b1(), 1e-12, "b1");
    assertClose(h.w2(), g.w2(), 1e-12, "w2");
    assertClose(h.b2(), g.b2(), 1e-12, "b2");

    Tensor w1 = in.w1().detach().requiresGrad(true);
    Tensor b1 = in.b1().detach().requiresGrad(true);
    Tensor w2 = in.w2().detach().requiresGrad(true);
    Tensor b2 = in.b2().detach().requiresGrad(true);
    // two steps: the second must not see the first's gradients (zeroGrad)
    TensorMlpBenchmark.tapeStep(in, w1, b1, w2, b2);
    Tensor value = TensorMlpBenchmark.tapeStep(in, w1, b1, w2, b2);
    assertEquals(g.value().item(), value.item(), 1e-14);
    assertClose(h.w1(), w1.grad(), 1e-12, "tape w1");
    assertClose(h.b1(), b1.grad(), 1e-12, "tape b1");
    assertClose(h.w2(), w2.grad(), 1e-12, "tape w2");
    assertClose(h.b2(), b2.grad(), 1e-12, "tape b2");
  }

  @Test
  void forwardModeIsTheGradientDottedWithTheDirection() {
    TensorMlpDerivatives.LossGradient g =
        TensorMlpDerivatives.lossGradient(in.x(), in.w1(), in.b1(), in.w2(), in.b2(), in.y());
    TensorMlpDerivatives.LossTangent t = TensorMlpDerivatives.lossJvp(in.x(), in.w1(), in.b1(),
        in.w2(), in.b2(), in.y(), in.dw1(), in.db1(), in.dw2(), in.db2());
    double dot = g.w1().mul(in.dw1()).sum().item() + g.b1().mul(in.db1()).sum().item()
        + g.w2().mul(in.dw2()).sum().item() + g.b2().mul(in.db2()).sum().item();
    assertEquals(dot, t.tangent().item(), 1e-10 * Math.max(1, Math.abs(dot)));
    assertEquals(g.value().item(), t.value().item(), 1e-14);
  }

  @Test
  void handWrittenGradientMatchesCentralDifferences() {
    TensorMlpHandWritten.Gradient h =
        TensorMlpHandWritten.gradient(in.x(), in.w1(), in.b1(), in.w2(), in.b2(), in.y());
    Tensor[] params = {in.w1(), in.b1(), in.w2(), in.b2()};
    Tensor[] grads = {h.w1(), h.b1(), h.w2(), h.b2()};
    int[][] coordinates = {{0, 0}, {17, 200}, {255, 255}, {3}, {250}, {0, 0}, {128, 0}, {0}};
    int[] param = {0, 0, 0, 1, 1, 2, 2, 3};
    double eps = 1e-5;
    for (int c = 0; c < coordinates.length; c++) {
      int p = param[c];
      int[] index = coordinates[c];
      double original = params[p].getDouble(index);
      Tensor[] plus = params.clone();
      Tensor[] minus = params.clone();
      plus[p] = params[p].detach();
      plus[p].set(index, original + eps);
      minus[p] = params[p].detach();
      minus[p].set(index, original - eps);
      double fd = (loss(plus[0], plus[1], plus[2], plus[3]) - loss(minus[0], minus[1], minus[2], minus[3]))
          / (2 * eps);
      double analytic = grads[p].getDouble(index);
      assertEquals(fd, analytic, 1e-7 + 1e-5 * Math.abs(fd), "parameter " + p + " " + java.util.Arrays.toString(index));
    }
  }

  @Test
  void matmulEqualsEjml() {
    int n = TensorWorkloads.MATMUL_N;
    double[][] ops = TensorWorkloads.matmulOperands(n, 5);
    Tensor ours = Tensor.of(ops[0], n, n).matmul(Tensor.of(ops[1], n, n));
    DMatrixRMaj c = new DMatrixRMaj(n, n);
    CommonOps_DDRM.mult(new DMatrixRMaj(n, n, true, ops[0]), new DMatrixRMaj(n, n, true, ops[1]), c);
    double[] got = ours.toArray();
    for (int i = 0; i < got.length; i++) {
      assertEquals(c.data[i], got[i], 1e-11 * Math.max(1, Math.abs(c.data[i])), "entry " + i);
    }
  }
}
