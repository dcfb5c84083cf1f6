package dev.adjoint.support;

/**
 * Array helpers for generated code: copies (generated code never mutates a caller's array),
 * zero arrays shaped like others (gradients and tangents), and accumulation of an array seed.
 */
public final class ArrayOps {
  private ArrayOps() {}

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
}
