package dev.adjoint.benchmarks;

import java.util.Random;

/**
 * Deterministic inputs of the scalar workloads (seeded {@link Random}), shared by the benchmarks
 * and by their correctness tests, so the tests check exactly what is timed.
 */
public final class Workloads {
  private Workloads() {}

  /** Workload 1: m rows of n features; issue #7 fixes n = 1000. */
  public static final int LOGISTIC_ROWS = 100;
  public static final int LOGISTIC_FEATURES = 1000;
  /** Workload 2: the extended Rosenbrock function of n = 1000 variables. */
  public static final int ROSENBROCK_N = 1000;
  /** Second order: the number of differentiated values of the Hessian workloads. */
  public static final int HESSIAN_N = 100;
  /** Workload 3: 64 inputs → 64 tanh units → 1 output, a batch of 32 rows. */
  public static final int MLP_INPUTS = 64;
  public static final int MLP_HIDDEN = 64;
  public static final int MLP_BATCH = 32;

  public record Logistic(double[] w, double b, double[][] x, double[] y, double[] dw, double db) {}

  public record Rosenbrock(double[] x, double[] dx) {}

  public record Mlp(double[][] w1, double[] b1, double[] w2, double b2, double[][] x, double[] y,
      double[][] dw1, double[] db1, double[] dw2, double db2) {}

  /** Features ~ N(0, 1), weights ~ N(0, 1/n) (so |z| is O(1)), labels 0/1, a random direction. */
  public static Logistic logistic(int rows, int features, long seed) {
    Random r = new Random(seed);
    double[][] x = new double[rows][features];
    double[] y = new double[rows];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < features; j++) {
        x[i][j] = r.nextGaussian();
      }
      y[i] = r.nextBoolean() ? 1 : 0;
    }
    double scale = 1 / Math.sqrt(features);
    return new Logistic(gaussian(r, features, scale), 0.1, x, y, gaussian(r, features, 1), 0.5);
  }

  public static Logistic logistic() {
    return logistic(LOGISTIC_ROWS, LOGISTIC_FEATURES, 1);
  }

  /** x ~ the classic start (-1.2, 1) plus noise. */
  public static Rosenbrock rosenbrock(int n, long seed) {
    Random r = new Random(seed);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = (i % 2 == 0 ? -1.2 : 1.0) + 0.1 * r.nextGaussian();
    }
    return new Rosenbrock(x, gaussian(r, n, 1));
  }

  public static Rosenbrock rosenbrock() {
    return rosenbrock(ROSENBROCK_N, 2);
  }

  /** Glorot-scaled weights, inputs ~ N(0, 1), targets ~ N(0, 1), a random direction. */
  public static Mlp mlp(int inputs, int hidden, int batch, long seed) {
    Random r = new Random(seed);
    double[][] w1 = new double[hidden][];
    double[][] dw1 = new double[hidden][];
    for (int k = 0; k < hidden; k++) {
      w1[k] = gaussian(r, inputs, 1 / Math.sqrt(inputs));
      dw1[k] = gaussian(r, inputs, 1);
    }
    double[][] x = new double[batch][];
    for (int s = 0; s < batch; s++) {
      x[s] = gaussian(r, inputs, 1);
    }
    return new Mlp(w1, gaussian(r, hidden, 0.1), gaussian(r, hidden, 1 / Math.sqrt(hidden)), 0.05, x,
        gaussian(r, batch, 1), dw1, gaussian(r, hidden, 1), gaussian(r, hidden, 1), 0.3);
  }

  public static Mlp mlp() {
    return mlp(MLP_INPUTS, MLP_HIDDEN, MLP_BATCH, 3);
  }

  private static double[] gaussian(Random r, int n, double scale) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = scale * r.nextGaussian();
    }
    return v;
  }
}
