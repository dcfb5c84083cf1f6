package dev.adjoint.internal;

import java.lang.ref.SoftReference;
import java.util.Arrays;

/**
 * A Wengert tape of scalar operations for the processor's dynamic-tape fallback: each entry holds
 * up to two parents with their local partials, interleaved in two primitive arrays (no object
 * per edge; the values live in the {@link TapedDouble} handles the taped code passes around). The partials come from {@code dev.adjoint.internal.rules.ScalarRules}, the rule table the
 * generated code and the tensor tape use. One tape per generated call, so callers are
 * thread-safe.
 *
 * <p>Reverse mode is one backward sweep over the entries; forward mode is one forward sweep of
 * tangents over the same entries (exact, no finite differences).
 */
public final class ScalarTape {
  /**
   * Entry 0 is a sink: a missing parent points at it with partial 0, so the sweeps run without a
   * branch per parent (its adjoint collects zeros and is never read).
   */
  private static final int SINK = 0;
  private static final int INITIAL = 256;

  /**
   * The last swept tape's arrays, for the next tape of this thread to record into (no growth
   * copies, no fresh zeroed arrays per call). Softly held: the collector may take them back.
   */
  private static final ThreadLocal<SoftReference<Storage>> SPARE = new ThreadLocal<>();

  private record Storage(int[] parents, double[] partials) {}

  /** Entry i's parents and their partials at [2i] and [2i + 1]. */
  private int[] parents;
  private double[] partials;
  private int size;
  /**
   * Entries below this index have no parents (the sink and the leaves recorded before the first
   * operation): the sweeps stop (reverse) or start (forward) here.
   */
  private int firstOperation;
  private boolean swept;

  /** An empty tape (reusing the thread's last swept arrays when there are some). */
  public ScalarTape() {
    SoftReference<Storage> ref = SPARE.get();
    Storage spare = ref == null ? null : ref.get();
    if (spare != null) {
      SPARE.set(null); // a nested tape of this thread allocates its own
      parents = spare.parents();
      partials = spare.partials();
    } else {
      parents = new int[2 * INITIAL];
      partials = new double[2 * INITIAL];
    }
    parents[0] = SINK;
    parents[1] = SINK;
    partials[0] = 0.0;
    partials[1] = 0.0;
    size = 1;
    firstOperation = 1;
  }

  /** A new leaf holding {@code value}: an entry whose parents are the sink, with partials 0. */
  public TapedDouble leaf(double value) {
    if (firstOperation == size) {
      // no operation yet: the leaf extends the prefix the sweeps skip, and needs nothing stored
      firstOperation++;
      return new TapedDouble(this, size++, value);
    }
    return new TapedDouble(this, record(SINK, 0.0, SINK, 0.0), value);
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

  /**
   * Leaves for the elements of {@code values}, read through the result (see {@link LeafArray}):
   * consecutive entries, no handle per element. The array is the caller's, not a copy.
   */
  public LeafArray leafArray(double[] values) {
    return new LeafArray(this, values, reserve(values.length));
  }

  /** {@link #leafArray} per row (a null row stays null). */
  public LeafArray[] leafArrays(double[][] values) {
    LeafArray[] result = new LeafArray[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = values[i] == null ? null : leafArray(values[i]);
    }
    return result;
  }

  /** {@code n} consecutive leaf entries; the index of the first. */
  private int reserve(int n) {
    int first = size;
    if (firstOperation == size) {
      firstOperation += n; // as in leaf(): a prefix the sweeps skip, nothing stored
      size += n;
    } else {
      for (int k = 0; k < n; k++) {
        record(SINK, 0.0, SINK, 0.0);
      }
    }
    return first;
  }

  /**
   * Records an operation's local partials with respect to its two parents (entries of this tape:
   * the handles of a tape always carry an entry) and returns the new entry's index. No branch
   * but the growth check: this runs once per operation of two taped values.
   */
  int record(int firstParent, double firstPartial, int secondParent, double secondPartial) {
    int at = 2 * size;
    if (at >= partials.length) {
      grow(at + 2); // maybe by more than twice: the leaves before it stored nothing
    }
    parents[at] = firstParent;
    parents[at + 1] = secondParent;
    partials[at] = firstPartial;
    partials[at + 1] = secondPartial;
    return size++;
  }

  private void grow(int needed) {
    if (swept) {
      throw new IllegalStateException("this tape was already swept; record on a new ScalarTape");
    }
    int n = Math.max(needed, Math.max(2 * INITIAL, partials.length * 2));
    parents = Arrays.copyOf(parents, n);
    partials = Arrays.copyOf(partials, n);
  }

  /** After a sweep the arrays go to the next tape of this thread (the larger of two spares stays). */
  private void release() {
    swept = true;
    SoftReference<Storage> ref = SPARE.get();
    Storage spare = ref == null ? null : ref.get();
    if (spare == null || spare.partials().length < partials.length) {
      SPARE.set(new SoftReference<>(new Storage(parents, partials)));
    }
    parents = new int[0];
    partials = new double[0];
  }

  public int size() { return size; }

  /** A zero adjoint (or tangent) per entry, to seed and sweep. */
  public double[] newDerivatives() { return new double[size]; }

  /** Adds {@code d} to the derivative of {@code x} (nothing for a constant): to its entry, times its scale. */
  public static void seed(double[] derivatives, TapedDouble x, double d) {
    if (x != null && x.index >= 0) {
      derivatives[x.index] += TapedDouble.chain(x.scale, d);
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

  /** Adds {@code d} to the derivatives of the leaves {@code x}. */
  public static void seed(double[] derivatives, LeafArray x, double[] d) {
    checkLength(x.length, d.length, "seed");
    for (int i = 0; i < d.length; i++) {
      derivatives[x.first + i] += d[i];
    }
  }

  public static void seed(double[] derivatives, LeafArray[] x, double[][] d) {
    checkLength(x.length, d.length, "seed");
    for (int i = 0; i < x.length; i++) {
      seed(derivatives, x[i], d[i]);
    }
  }

  /**
   * The reverse sweep: adjoints flow from each entry to its parents, last entry first. A sweep
   * ends the tape's use: its arrays are handed to the next tape of this thread.
   *
   * <p>An entry's adjoint is complete once the entries after it are swept, and most often its
   * last contribution comes from the very next entry (a chain {@code z = z + ...}). That
   * contribution is carried to the next iteration in a local ({@code carry}) rather than stored
   * and loaded again: the store-to-load round trip through memory would otherwise lie on the
   * critical path of every step. The sums are the same, in the same order, as adding to the array.
   */
  public void backward(double[] adjoints) {
    int[] p = parents;
    double[] w = partials;
    double carry = 0.0; // entry i + 1's contribution to entry i
    for (int i = size - 1; i >= firstOperation; i--) {
      double a = adjoints[i] + carry;
      adjoints[i] = a; // read later only if entry i is a leaf; off the critical path
      carry = 0.0;
      if (a == 0.0) {
        continue; // also keeps a NaN partial of an unused branch from poisoning its parents
      }
      int first = p[2 * i];
      int second = p[2 * i + 1];
      double toFirst = a * w[2 * i];
      double toSecond = a * w[2 * i + 1];
      if (second == i - 1) {
        adjoints[first] += toFirst; // first == second == i - 1 (x * x): added first, as before
        carry = toSecond;
      } else if (first == i - 1) {
        adjoints[second] += toSecond;
        carry = toFirst;
      } else {
        adjoints[first] += toFirst;
        adjoints[second] += toSecond;
      }
    }
    if (carry != 0.0) {
      adjoints[firstOperation - 1] += carry; // the first operation's contribution to the last leaf
    }
    release();
  }

  /** The forward sweep: each entry's tangent from its parents' (leaves keep their seeds); ends the tape's use. */
  public void forward(double[] tangents) {
    int[] p = parents;
    double[] w = partials;
    for (int i = firstOperation; i < size; i++) {
      double t = tangents[i];
      double first = tangents[p[2 * i]];
      if (first != 0.0) {
        t += w[2 * i] * first;
      }
      double second = tangents[p[2 * i + 1]];
      if (second != 0.0) {
        t += w[2 * i + 1] * second;
      }
      tangents[i] = t;
    }
    release();
  }

  /**
   * The derivative of {@code x} after a sweep (0 for a constant): a leaf's adjoint after the
   * reverse sweep, any value's tangent (its entry's, times its scale) after the forward sweep.
   */
  public static double read(double[] derivatives, TapedDouble x) {
    return x == null || x.index < 0 ? 0.0 : TapedDouble.chain(x.scale, derivatives[x.index]);
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

  /** The derivatives of the leaves {@code x}: their entries' after a sweep. */
  public static double[] read(double[] derivatives, LeafArray x) {
    return Arrays.copyOfRange(derivatives, x.first, x.first + x.length);
  }

  public static double[][] read(double[] derivatives, LeafArray[] x) {
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
