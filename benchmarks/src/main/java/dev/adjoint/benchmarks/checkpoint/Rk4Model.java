package dev.adjoint.benchmarks.checkpoint;

import dev.adjoint.Checkpoint;
import dev.adjoint.Differentiable;

/**
 * The scalar ODE y' = k sin(y) cos(t) - y³/10 integrated by the classical Runge-Kutta method, and
 * the derivative of y(T)² with respect to y(0) and k. {@link #step}, {@link #plainStep}, {@link
 * #binomialStep}: one step, with @Checkpoint, without, with @Checkpoint(snapshots = 20); likewise the trajectories.
 */
final class Rk4Model {
  private Rk4Model() {}

  static double f(double t, double y, double k) {
    return k * Math.sin(y) * Math.cos(t) - 0.1 * y * y * y;
  }

  @Checkpoint
  @Differentiable(wrt = {"y", "k"})
  static double step(double y, double t, double h, double k) {
    double k1 = f(t, y, k);
    double k2 = f(t + h / 2, y + h / 2 * k1, k);
    double k3 = f(t + h / 2, y + h / 2 * k2, k);
    double k4 = f(t + h, y + h * k3, k);
    return y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
  }

  @Differentiable(wrt = {"y", "k"})
  static double plainStep(double y, double t, double h, double k) {
    double k1 = f(t, y, k);
    double k2 = f(t + h / 2, y + h / 2 * k1, k);
    double k3 = f(t + h / 2, y + h / 2 * k2, k);
    double k4 = f(t + h, y + h * k3, k);
    return y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
  }

  /** n steps of {@link #step}: the reverse sweep keeps one double per step. */
  @Differentiable(wrt = {"y0", "k"})
  static double trajectory(double y0, double k, double h, int n) {
    double y = y0;
    for (int s = 0; s < n; s++) {
      y = step(y, s * h, h, k);
    }
    return y * y;
  }

  /** n steps of {@link #plainStep}, inlined: the reverse sweep keeps what every step's stages need. */
  @Differentiable(wrt = {"y0", "k"})
  static double plainTrajectory(double y0, double k, double h, int n) {
    double y = y0;
    for (int s = 0; s < n; s++) {
      y = plainStep(y, s * h, h, k);
    }
    return y * y;
  }

  @Checkpoint(snapshots = SNAPSHOTS)
  @Differentiable(wrt = {"y", "k"})
  static double binomialStep(double y, double t, double h, double k) {
    double k1 = f(t, y, k);
    double k2 = f(t + h / 2, y + h / 2 * k1, k);
    double k3 = f(t + h / 2, y + h / 2 * k2, k);
    double k4 = f(t + h, y + h * k3, k);
    return y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
  }

  /** The states {@link #binomialTrajectory} keeps at most. */
  static final int SNAPSHOTS = 20;

  /** n steps of {@link #binomialStep}: the reverse sweep keeps at most 20 states, and runs steps again. */
  @Differentiable(wrt = {"y0", "k"})
  static double binomialTrajectory(double y0, double k, double h, int n) {
    double y = y0;
    for (int s = 0; s < n; s++) {
      y = binomialStep(y, s * h, h, k);
    }
    return y * y;
  }
}
