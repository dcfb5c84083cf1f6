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

  /** Workload 7: RK4 steps of the Lotka–Volterra model (step 0.01: ten time units). */
  public static final int RK4_STEPS = 1000;
  /** Workload 8: levels of the binomial tree. */
  public static final int CRR_STEPS = 500;

  /** Rates, initial state, step, one observation per step, and a direction of the six inputs. */
  public record Rk4(double a, double b, double c, double d, double x0, double y0, double h, double[] observed,
      double[] direction) {}

  /**
   * The classic rates (1.1, 0.4, 0.4, 0.1) from (10, 10); the observations are the prey of a
   * slightly different model (rates 1.0, 0.42, 0.38, 0.11) plus N(0, 0.5²) noise, so the misfit and
   * its gradient are far from zero.
   */
  public static Rk4 rk4(int steps, long seed) {
    Random r = new Random(seed);
    double h = 0.01;
    double[] observed = new double[steps];
    double x = 10;
    double y = 10;
    for (int t = 0; t < steps; t++) {
      // explicit Euler in ten substeps: close enough to serve as data
      for (int s = 0; s < 10; s++) {
        double dx = 1.0 * x - 0.42 * x * y;
        double dy = 0.11 * x * y - 0.38 * y;
        x += h / 10 * dx;
        y += h / 10 * dy;
      }
      observed[t] = x + 0.5 * r.nextGaussian();
    }
    return new Rk4(1.1, 0.4, 0.4, 0.1, 10, 10, h, observed, gaussian(r, 6, 0.1));
  }

  public static Rk4 rk4() {
    return rk4(RK4_STEPS, 5);
  }

  /** Spot, strike, rate, volatility, maturity, levels, and a direction of the five inputs. */
  public record Crr(double s0, double k, double r, double sigma, double t, int steps, double[] direction) {}

  /**
   * A one-year put slightly in the money: s0 = 100, k = 105, r = 5%, sigma = 20%. Not at the money:
   * with s0 = k the middle leaf's payoff max(k - s0, 0) sits exactly on its kink, where the tree has
   * no derivative with respect to s0 or k.
   */
  public static Crr crr(int steps, long seed) {
    Random r = new Random(seed);
    double[] direction = {r.nextGaussian(), r.nextGaussian(), 0.01 * r.nextGaussian(), 0.01 * r.nextGaussian(),
        0.1 * r.nextGaussian()};
    return new Crr(100, 105, 0.05, 0.2, 1, steps, direction);
  }

  public static Crr crr() {
    return crr(CRR_STEPS, 6);
  }

  private static double[] gaussian(Random r, int n, double scale) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = scale * r.nextGaussian();
    }
    return v;
  }
}
