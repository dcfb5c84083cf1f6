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

  /**
   * The JVM option the tensor workloads' forks run with: large matrix products then run on the
   * runtime's Vector API kernel, as in an application started with it.
   */
  public static final String VECTOR_MODULE = "--add-modules=jdk.incubator.vector";

  /** Workload 10: an LSTM over 32 steps of a batch of 16, 32 inputs, 64 hidden units, one output. */
  public static final int LSTM_STEPS = 32;
  public static final int LSTM_BATCH = 16;
  public static final int LSTM_INPUTS = 32;
  public static final int LSTM_HIDDEN = 64;

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

  /** Workload 9: one sample of 2 inputs, weights of a 2-4-1 network, a target, a direction per parameter. */
  public static Mlp tinyMlp(long seed) {
    Random r = new Random(seed);
    Tensor x = Tensor.randn(r, 1, 2);
    Tensor w1 = Tensor.randn(r, 2, 4);
    Tensor b1 = Tensor.randn(r, 4).mul(0.1);
    Tensor w2 = Tensor.randn(r, 4, 1).mul(0.5);
    Tensor b2 = Tensor.of(0.05);
    Tensor y = Tensor.of(new double[] {0.8}, 1, 1);
    return new Mlp(x, w1, b1, w2, b2, y, Tensor.randn(r, 2, 4), Tensor.randn(r, 4), Tensor.randn(r, 4, 1),
        Tensor.randn(r, 1));
  }

  /** The sequence, the 14 parameters in {@link Lstm#loss}'s order, the target, one direction per parameter. */
  public record LstmInputs(Tensor xs, Tensor[] parameters, Tensor target, Tensor[] directions) {}

  /** Inputs ~ N(0, 1), weights ~ N(0, 1/fan-in), the forget gate's bias 1 (the usual start), directions ~ N(0, 1). */
  public static LstmInputs lstm(long seed) {
    Random r = new Random(seed);
    int in = LSTM_INPUTS;
    int hidden = LSTM_HIDDEN;
    Tensor xs = Tensor.randn(r, LSTM_STEPS, LSTM_BATCH, in);
    Tensor[] p = new Tensor[14];
    for (int q = 0; q < 4; q++) {
      p[3 * q] = Tensor.randn(r, in, hidden).mul(1 / Math.sqrt(in));
      p[3 * q + 1] = Tensor.randn(r, hidden, hidden).mul(1 / Math.sqrt(hidden));
      p[3 * q + 2] = q == 1 ? Tensor.ones(hidden) : Tensor.zeros(hidden);
    }
    p[12] = Tensor.randn(r, hidden, 1).mul(1 / Math.sqrt(hidden));
    p[13] = Tensor.zeros(1);
    Tensor target = Tensor.randn(r, LSTM_BATCH, 1);
    Tensor[] directions = new Tensor[14];
    for (int q = 0; q < 14; q++) {
      directions[q] = Tensor.randn(r, p[q].shape());
    }
    return new LstmInputs(xs, p, target, directions);
  }

  public static LstmInputs lstm() {
    return lstm(7);
  }
}
