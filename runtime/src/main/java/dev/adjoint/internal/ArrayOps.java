package dev.adjoint.internal;

/**
 * Array helpers for generated code: copies (generated code never mutates a caller's array),
 * zero arrays shaped like others (gradients and tangents), and accumulation of an array seed.
 */
public final class ArrayOps {
  private ArrayOps() {}

  /**
   * A copy of a {@code double[]} or {@code double[][]} before a call the processor cannot see into
   * receives it (see {@link #requireUnchanged}); null stays null.
   */
  public static Object snapshot(Object array) {
    if (array instanceof double[] a) {
      return a.clone();
    }
    if (array instanceof double[][] m) {
      return copy(m);
    }
    return array;
  }

  /**
   * Fails when {@code call} changed the elements of {@code array}: they carry derivatives, and a
   * change the processor cannot see would make the derivatives silently wrong.
   *
   * @throws IllegalStateException naming the call and the array
   */
  public static void requireUnchanged(Object snapshot, Object array, String call, String name) {
    boolean same = snapshot instanceof double[] a ? java.util.Arrays.equals(a, (double[]) array)
        : snapshot instanceof double[][] m ? java.util.Arrays.deepEquals(m, (double[][]) array) : true;
    if (!same) {
      throw new IllegalStateException(call + " changed the elements of " + name + ", which carry derivatives, and the"
          + " processor cannot see how (it has no source for it): give it a @DerivativeOf, or make the change in code"
          + " the processor reads (this class, or a @Differentiable method)");
    }
  }

  /**
   * The positions {@code from..to-1} of {@code a} in the order {@code Arrays.sort} puts their values
   * ({@link Double#compare}: -0.0 before 0.0, NaN last; equal values keep their order), so generated
   * code sorts by gathering, and the reverse sweep scatters back through the same order.
   */
  public static int[] sortOrder(double[] a, int from, int to) {
    java.util.Objects.checkFromToIndex(from, to, a.length);
    Integer[] order = new Integer[to - from];
    for (int i = 0; i < order.length; i++) {
      order[i] = from + i;
    }
    java.util.Arrays.sort(order, (i, j) -> Double.compare(a[i], a[j]));
    int[] out = new int[order.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = order[i];
    }
    return out;
  }

  public static double[] copy(double[] a) {
    return a.clone();
  }

  public static double[][] copy(double[][] a) {
    double[][] c = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i].clone();
    }
    return c;
  }

  public static double[] zerosLike(double[] a) {
    return new double[a.length];
  }

  public static double[][] zerosLike(double[][] a) {
    double[][] z = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      z[i] = new double[a[i].length];
    }
    return z;
  }

  /**
   * {@code target += seed}, element-wise.
   *
   * @throws IllegalArgumentException naming {@code operation} when the shapes differ
   */
  public static void addTo(double[] target, double[] seed, String operation) {
    if (seed == null || seed.length != target.length) {
      throw new IllegalArgumentException(operation + ": seed has length "
          + (seed == null ? "null" : seed.length) + " but the result has length " + target.length);
    }
    for (int i = 0; i < target.length; i++) {
      target[i] += seed[i];
    }
  }

  /**
   * {@code target += seed}, element-wise.
   *
   * @throws IllegalArgumentException naming {@code operation} when the shapes differ
   */
  public static void addTo(double[][] target, double[][] seed, String operation) {
    if (seed == null || seed.length != target.length) {
      throw new IllegalArgumentException(operation + ": seed has " + (seed == null ? "null" : seed.length)
          + " rows but the result has " + target.length);
    }
    for (int i = 0; i < target.length; i++) {
      addTo(target[i], seed[i], operation + " (row " + i + ")");
    }
  }

  /**
   * ⟨a, b⟩. Forward mode through a {@code @DerivativeOf} VJP of a {@code double} function:
   * J·v = ⟨vjp(1), v⟩.
   *
   * @throws IllegalArgumentException when the lengths differ
   */
  public static double dot(double[] a, double[] b) {
    if (a == null || a.length != b.length) {
      throw new IllegalArgumentException("dot: the VJP returned length " + (a == null ? "null" : a.length)
          + " but the argument has length " + b.length);
    }
    double sum = 0.0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  /** ⟨a, b⟩ over all elements. */
  public static double dot(double[][] a, double[][] b) {
    if (a == null || a.length != b.length) {
      throw new IllegalArgumentException("dot: the VJP returned " + (a == null ? "null" : a.length)
          + " rows but the argument has " + b.length);
    }
    double sum = 0.0;
    for (int i = 0; i < a.length; i++) {
      sum += dot(a[i], b[i]);
    }
    return sum;
  }

  /**
   * Checks that a direction of {@code nameHvp} has the shape of its parameter.
   *
   * @throws IllegalArgumentException naming {@code operation} and both shapes
   */
  public static void requireSameShape(double[] direction, double[] parameter, String operation) {
    if (direction == null || direction.length != parameter.length) {
      throw new IllegalArgumentException(operation + ": the direction has length "
          + (direction == null ? "null" : direction.length) + " but its parameter has length " + parameter.length);
    }
  }

  /** The same for {@code double[][]}: every row of the direction as long as the parameter's. */
  public static void requireSameShape(double[][] direction, double[][] parameter, String operation) {
    if (direction == null || direction.length != parameter.length) {
      throw new IllegalArgumentException(operation + ": the direction has "
          + (direction == null ? "null" : direction.length) + " rows but its parameter has " + parameter.length);
    }
    for (int i = 0; i < parameter.length; i++) {
      requireSameShape(direction[i], parameter[i], operation + " (row " + i + ")");
    }
  }

  /**
   * {@code result} of {@code y = call(y, …)} where {@code y} is an array that keeps its adjoint
   * array: the new array must have the old one's shape.
   *
   * @throws IllegalArgumentException naming {@code call} and both shapes
   */
  public static double[] sameShape(double[] old, double[] result, String call) {
    sameLength(old.length, result == null ? -1 : result.length, false, call);
    return result;
  }

  /** The same for {@code double[][]}: as many rows, each as long as before. */
  public static double[][] sameShape(double[][] old, double[][] result, String call) {
    sameLength(old.length, result == null ? -1 : result.length, true, call);
    for (int i = 0; i < old.length; i++) {
      sameShape(old[i], result[i], call + " (row " + i + ")");
    }
    return result;
  }

  /** The same for {@code float[]}. */
  public static float[] sameShape(float[] old, float[] result, String call) {
    sameLength(old.length, result == null ? -1 : result.length, false, call);
    return result;
  }

  /** The same for {@code float[][]}. */
  public static float[][] sameShape(float[][] old, float[][] result, String call) {
    sameLength(old.length, result == null ? -1 : result.length, true, call);
    for (int i = 0; i < old.length; i++) {
      sameShape(old[i], result[i], call + " (row " + i + ")");
    }
    return result;
  }

  /** The check of {@link #sameShape}: {@code length} -1 for a null result, of the rows when {@code rows}. */
  private static void sameLength(int old, int length, boolean rows, String call) {
    if (length != old) {
      String returned = length < 0 ? "null" : String.valueOf(length);
      throw new IllegalArgumentException(rows
          ? call + " returned " + returned + " rows in place of " + old
              + "; an array assigned the result of a @Checkpoint call must keep its shape"
          : call + " returned an array of length " + returned + " in place of one of length " + old
              + "; an array assigned the result of a @Checkpoint call must keep its length");
    }
  }

  /** {@code s · a}, a new array (second order: a callee's Hessian-vector product times a seed). */
  public static double[] scale(double s, double[] a) {
    double[] r = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = s * a[i];
    }
    return r;
  }

  /** {@code s · a}, a new array. */
  public static double[][] scale(double s, double[][] a) {
    double[][] r = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      r[i] = scale(s, a[i]);
    }
    return r;
  }

  /**
   * Makes a Hessian assembled from Hessian-vector products exactly symmetric, {@code (H + Hᵀ) / 2}
   * in place (the products agree up to rounding), and returns it.
   */
  public static double[][] symmetrize(double[][] h) {
    // in tiles, so the column walk h[j][i] stays in cache (a row-by-row walk misses on every j)
    int n = h.length;
    for (int ib = 0; ib < n; ib += SYMMETRIZE_TILE) {
      int iEnd = Math.min(ib + SYMMETRIZE_TILE, n);
      for (int jb = 0; jb <= ib; jb += SYMMETRIZE_TILE) {
        for (int i = ib; i < iEnd; i++) {
          double[] row = h[i];
          int jEnd = Math.min(jb + SYMMETRIZE_TILE, i);
          for (int j = jb; j < jEnd; j++) {
            double mean = 0.5 * (row[j] + h[j][i]);
            row[j] = mean;
            h[j][i] = mean;
          }
        }
      }
    }
    return h;
  }

  private static final int SYMMETRIZE_TILE = 16;

  /** {@code a + b}, a new array (forward mode: the tangents of several arguments). */
  public static double[] plus(double[] a, double[] b) {
    double[] sum = copy(a);
    addTo(sum, b, "plus");
    return sum;
  }

  /** {@code a + b}, a new array. */
  public static double[][] plus(double[][] a, double[][] b) {
    double[][] sum = copy(a);
    addTo(sum, b, "plus");
    return sum;
  }

  // ---- the float flavours (float[] and float[][] values keep float adjoints and tangents) ----

  public static float[] copy(float[] a) {
    return a.clone();
  }

  public static float[][] copy(float[][] a) {
    float[][] c = new float[a.length][];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i].clone();
    }
    return c;
  }

  public static float[] zerosLike(float[] a) {
    return new float[a.length];
  }

  public static float[][] zerosLike(float[][] a) {
    float[][] z = new float[a.length][];
    for (int i = 0; i < a.length; i++) {
      z[i] = new float[a[i].length];
    }
    return z;
  }

  /** {@code target += seed}, element-wise, in float; {@link IllegalArgumentException} naming {@code operation} when the shapes differ. */
  public static void addTo(float[] target, float[] seed, String operation) {
    if (seed == null || seed.length != target.length) {
      throw new IllegalArgumentException(operation + ": seed has length "
          + (seed == null ? "null" : seed.length) + " but the result has length " + target.length);
    }
    for (int i = 0; i < target.length; i++) {
      target[i] += seed[i];
    }
  }

  /** The same for {@code float[][]}. */
  public static void addTo(float[][] target, float[][] seed, String operation) {
    if (seed == null || seed.length != target.length) {
      throw new IllegalArgumentException(operation + ": seed has " + (seed == null ? "null" : seed.length)
          + " rows but the result has " + target.length);
    }
    for (int i = 0; i < target.length; i++) {
      addTo(target[i], seed[i], operation + " (row " + i + ")");
    }
  }

  /** A direction or tangent of a {@code float[]} parameter has its shape. */
  public static void requireSameShape(float[] direction, float[] parameter, String operation) {
    if (direction == null || direction.length != parameter.length) {
      throw new IllegalArgumentException(operation + ": the direction has length "
          + (direction == null ? "null" : direction.length) + " but its parameter has length " + parameter.length);
    }
  }

  /** The same for {@code float[][]}. */
  public static void requireSameShape(float[][] direction, float[][] parameter, String operation) {
    if (direction == null || direction.length != parameter.length) {
      throw new IllegalArgumentException(operation + ": the direction has "
          + (direction == null ? "null" : direction.length) + " rows but its parameter has " + parameter.length);
    }
    for (int i = 0; i < parameter.length; i++) {
      requireSameShape(direction[i], parameter[i], operation + " (row " + i + ")");
    }
  }
}
