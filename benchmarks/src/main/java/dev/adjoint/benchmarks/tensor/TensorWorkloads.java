package dev.adjoint.benchmarks.tensor;

import dev.adjoint.Tensor;
import java.util.Random;

/**
 * Deterministic inputs of the Tensor workloads (seeded {@link Random}), shared by the benchmarks
 * and their correctness tests.
 */
public final class TensorWorkloads {
  private TensorWorkloads() {}

  /** Workload 4: a batch of 64 rows, 256 inputs, 256 tanh hidden units, 1 output. */
  public static final int BATCH = 64;
  public static final int INPUTS = 256;
  public static final int HIDDEN = 256;
  /** Workload 5: square matrices of this size. */
  public static final int MATMUL_N = 512;

  /** Parameters, data, and one tangent direction per parameter. */
  public record Mlp(Tensor x, Tensor w1, Tensor b1, Tensor w2, Tensor b2, Tensor y,
      Tensor dw1, Tensor db1, Tensor dw2, Tensor db2) {}

  /** Inputs and targets ~ N(0, 1), weights ~ N(0, 1/fan-in), directions ~ N(0, 1). */
  public static Mlp mlp(int batch, int inputs, int hidden, long seed) {
    Random r = new Random(seed);
    Tensor x = Tensor.randn(r, batch, inputs);
    Tensor w1 = Tensor.randn(r, inputs, hidden).mul(1 / Math.sqrt(inputs));
    Tensor b1 = Tensor.randn(r, hidden).mul(0.1);
    Tensor w2 = Tensor.randn(r, hidden, 1).mul(1 / Math.sqrt(hidden));
    Tensor b2 = Tensor.of(0.05);
    Tensor y = Tensor.randn(r, batch, 1);
    return new Mlp(x, w1, b1, w2, b2, y, Tensor.randn(r, inputs, hidden), Tensor.randn(r, hidden),
        Tensor.randn(r, hidden, 1), Tensor.randn(r, 1));
  }

  public static Mlp mlp() {
    return mlp(BATCH, INPUTS, HIDDEN, 4);
  }

  /** Two {@code n×n} matrices ~ N(0, 1), row-major. */
  public static double[][] matmulOperands(int n, long seed) {
    Random r = new Random(seed);
    double[] a = new double[n * n];
    double[] b = new double[n * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = r.nextGaussian();
      b[i] = r.nextGaussian();
    }
    return new double[][] {a, b};
  }
}
