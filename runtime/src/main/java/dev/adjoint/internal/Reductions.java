package dev.adjoint.internal;

import java.util.Arrays;

/**
 * The reductions of a {@code double[]} stream that model code writes inline —
 * {@code Arrays.stream(z).max().getAsDouble()} (the shift of a log-sum-exp),
 * {@code Arrays.stream(p).sum()} (a normalization) — as functions the processor can differentiate:
 * the front end calls these in their place. Each computes exactly what the stream does (the same
 * compensated sum, the same exception on an empty array). Their derivatives are in
 * {@link ReductionDerivatives}, found through this jar's {@code @DerivativeOf} index like any
 * library's.
 */
public final class Reductions {
  private Reductions() {}

  /** {@code Arrays.stream(a).sum()}. */
  public static double sum(double[] a) {
    return Arrays.stream(a).sum();
  }

  /** {@code Arrays.stream(a).max().getAsDouble()} (also {@code orElseThrow()}). */
  public static double max(double[] a) {
    return Arrays.stream(a).max().getAsDouble();
  }

  /** {@code Arrays.stream(a).min().getAsDouble()}. */
  public static double min(double[] a) {
    return Arrays.stream(a).min().getAsDouble();
  }

  /** {@code Arrays.stream(a).average().getAsDouble()}. */
  public static double average(double[] a) {
    return Arrays.stream(a).average().getAsDouble();
  }

  /** {@code Arrays.stream(a).max().orElse(other)}. */
  public static double maxOrElse(double[] a, double other) {
    return Arrays.stream(a).max().orElse(other);
  }

  /** {@code Arrays.stream(a).min().orElse(other)}. */
  public static double minOrElse(double[] a, double other) {
    return Arrays.stream(a).min().orElse(other);
  }

  /** {@code Arrays.stream(a).average().orElse(other)}. */
  public static double averageOrElse(double[] a, double other) {
    return Arrays.stream(a).average().orElse(other);
  }
}
