package dev.adjoint.internal;

import dev.adjoint.internal.rules.ScalarRules;
import java.util.Arrays;

/**
 * A Wengert tape of scalar operations for the processor's dynamic-tape fallback: each entry holds
 * its value and up to two parents with their local partials, in primitive arrays (no object per
 * edge). The partials come from {@code dev.adjoint.internal.rules.ScalarRules}, the rule table the
 * generated code and the tensor tape use. One tape per generated call, so callers are
 * thread-safe.
 *
 * <p>Reverse mode is one backward sweep over the entries; forward mode is one forward sweep of
 * tangents over the same entries (exact, no finite differences).
 */
public final class ScalarTape {
  /** An empty tape. */
  public ScalarTape() {}

  /** Parent index of an entry without that parent (leaves, unary operations). */
  static final int NONE = -1;

  private double[] values = new double[64];
  private int[] firstParents = new int[64];
  private int[] secondParents = new int[64];
  private double[] firstPartials = new double[64];
  private double[] secondPartials = new double[64];
  private int size;

  /** A new leaf holding {@code value}. */
  public TapedDouble leaf(double value) {
    return new TapedDouble(this, record(value, NONE, 0.0, NONE, 0.0), value);
  }

  /** Leaves holding copies of {@code values}. */
  public TapedDouble[] leaves(double[] values) {
    TapedDouble[] result = new TapedDouble[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = leaf(values[i]);
    }
    return result;
  }

  public TapedDouble[][] leaves(double[][] values) {
    TapedDouble[][] result = new TapedDouble[values.length][];
    for (int i = 0; i < values.length; i++) {
      result[i] = values[i] == null ? null : leaves(values[i]);
    }
    return result;
  }

  /** Records an operation's result; a parent of {@link #NONE} is ignored. */
  int record(double value, int firstParent, double firstPartial, int secondParent, double secondPartial) {
    if (size == values.length) {
      int n = size * 2;
      values = Arrays.copyOf(values, n);
      firstParents = Arrays.copyOf(firstParents, n);
      secondParents = Arrays.copyOf(secondParents, n);
      firstPartials = Arrays.copyOf(firstPartials, n);
      secondPartials = Arrays.copyOf(secondPartials, n);
    }
    values[size] = value;
    firstParents[size] = firstParent;
    firstPartials[size] = firstPartial;
    secondParents[size] = secondParent;
    secondPartials[size] = secondPartial;
    return size++;
  }

  public int size() { return size; }

  /** A zero adjoint (or tangent) per entry, to seed and sweep. */
  public double[] newDerivatives() { return new double[size]; }

  /** Adds {@code d} to the derivative of {@code x} (nothing for a constant). */
  public static void seed(double[] derivatives, TapedDouble x, double d) {
    if (x != null && x.index >= 0) {
      derivatives[x.index] += d;
    }
  }

  public static void seed(double[] derivatives, TapedDouble[] x, double[] d) {
    checkLength(x.length, d.length, "seed");
    for (int i = 0; i < x.length; i++) {
      seed(derivatives, x[i], d[i]);
    }
  }

  public static void seed(double[] derivatives, TapedDouble[][] x, double[][] d) {
    checkLength(x.length, d.length, "seed");
    for (int i = 0; i < x.length; i++) {
      seed(derivatives, x[i], d[i]);
    }
  }

  /** The reverse sweep: adjoints flow from each entry to its parents, last entry first. */
  public void backward(double[] adjoints) {
    for (int i = size - 1; i >= 0; i--) {
      double a = adjoints[i];
      if (a == 0.0) {
        continue; // also keeps a NaN partial of an unused branch from poisoning its parents
      }
      if (firstParents[i] != NONE) {
        adjoints[firstParents[i]] += a * firstPartials[i];
      }
      if (secondParents[i] != NONE) {
        adjoints[secondParents[i]] += a * secondPartials[i];
      }
    }
  }

  /** The forward sweep: each entry's tangent from its parents' (leaves keep their seeds). */
  public void forward(double[] tangents) {
    for (int i = 0; i < size; i++) {
      double t = tangents[i];
      if (firstParents[i] != NONE) {
        double p = tangents[firstParents[i]];
        if (p != 0.0) {
          t += firstPartials[i] * p;
        }
      }
      if (secondParents[i] != NONE) {
        double p = tangents[secondParents[i]];
        if (p != 0.0) {
          t += secondPartials[i] * p;
        }
      }
      tangents[i] = t;
    }
  }

  /** The derivative of {@code x} after a sweep (0 for a constant). */
  public static double read(double[] derivatives, TapedDouble x) {
    return x == null || x.index < 0 ? 0.0 : derivatives[x.index];
  }

  public static double[] read(double[] derivatives, TapedDouble[] x) {
    double[] result = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      result[i] = read(derivatives, x[i]);
    }
    return result;
  }

  public static double[][] read(double[] derivatives, TapedDouble[][] x) {
    double[][] result = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      result[i] = x[i] == null ? null : read(derivatives, x[i]);
    }
    return result;
  }

  /** The values of taped results. */
  public static double valueOf(TapedDouble x) { return x.value; }

  public static double[] valueOf(TapedDouble[] x) {
    double[] result = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      result[i] = x[i].value;
    }
    return result;
  }

  public static double[][] valueOf(TapedDouble[][] x) {
    double[][] result = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      result[i] = x[i] == null ? null : valueOf(x[i]);
    }
    return result;
  }

  private static void checkLength(int expected, int actual, String what) {
    if (expected != actual) {
      throw new IllegalArgumentException(what + ": the tangent or seed has length " + actual
          + ", but the value has length " + expected);
    }
  }
}
