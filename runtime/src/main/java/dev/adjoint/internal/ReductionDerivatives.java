package dev.adjoint.internal;

import dev.adjoint.DerivativeOf;
import dev.adjoint.DerivativeOf.Mode;

/**
 * The derivatives of {@link Reductions}: a sum sends its seed to every element, an average a
 * share of it; a maximum or minimum sends it to the elements equal to the result, split equally
 * between ties (as PyTorch's {@code amax}/{@code amin}); the {@code orElse} value gets the seed
 * when the array is empty.
 */
public final class ReductionDerivatives {
  private ReductionDerivatives() {}

  @DerivativeOf(value = "dev.adjoint.internal.Reductions.sum", mode = Mode.VJP)
  public static double[] sum(double[] a, double seed) {
    double[] g = new double[a.length];
    java.util.Arrays.fill(g, seed);
    return g;
  }

  @DerivativeOf(value = "dev.adjoint.internal.Reductions.average", mode = Mode.VJP)
  public static double[] average(double[] a, double seed) {
    return sum(a, seed / a.length);
  }

  @DerivativeOf(value = "dev.adjoint.internal.Reductions.max", mode = Mode.VJP)
  public static double[] max(double[] a, double seed) {
    return toEqual(a, Reductions.max(a), seed);
  }

  @DerivativeOf(value = "dev.adjoint.internal.Reductions.min", mode = Mode.VJP)
  public static double[] min(double[] a, double seed) {
    return toEqual(a, Reductions.min(a), seed);
  }

  @DerivativeOf(value = "dev.adjoint.internal.Reductions.maxOrElse", mode = Mode.VJP)
  public static double[] maxOrElse(double[] a, double other, double seed) {
    return a.length == 0 ? new double[0] : max(a, seed);
  }

  @DerivativeOf(value = "dev.adjoint.internal.Reductions.maxOrElse", argument = 1)
  public static double maxOrElseOther(double[] a, double other) {
    return ifEmpty(a);
  }

  @DerivativeOf(value = "dev.adjoint.internal.Reductions.minOrElse", mode = Mode.VJP)
  public static double[] minOrElse(double[] a, double other, double seed) {
    return a.length == 0 ? new double[0] : min(a, seed);
  }

  @DerivativeOf(value = "dev.adjoint.internal.Reductions.minOrElse", argument = 1)
  public static double minOrElseOther(double[] a, double other) {
    return ifEmpty(a);
  }

  @DerivativeOf(value = "dev.adjoint.internal.Reductions.averageOrElse", mode = Mode.VJP)
  public static double[] averageOrElse(double[] a, double other, double seed) {
    return a.length == 0 ? new double[0] : average(a, seed);
  }

  @DerivativeOf(value = "dev.adjoint.internal.Reductions.averageOrElse", argument = 1)
  public static double averageOrElseOther(double[] a, double other) {
    return ifEmpty(a);
  }

  /** The partial of {@code orElse}'s value: 1 when the array is empty (the result is that value), else 0. */
  private static double ifEmpty(double[] a) {
    return a.length == 0 ? 1 : 0;
  }

  /** The seed split equally between the elements equal to {@code extreme} (NaN ones when it is NaN). */
  private static double[] toEqual(double[] a, double extreme, double seed) {
    int ties = 0;
    for (double v : a) {
      ties += equal(v, extreme) ? 1 : 0;
    }
    double[] g = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      g[i] = equal(a[i], extreme) ? seed / ties : 0.0;
    }
    return g;
  }

  private static boolean equal(double v, double extreme) {
    return v == extreme || Double.isNaN(v) && Double.isNaN(extreme);
  }
}
