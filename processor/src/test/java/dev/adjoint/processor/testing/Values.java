package dev.adjoint.processor.testing;

import dev.adjoint.Tensor;
import java.util.Arrays;
import java.util.Random;

/**
 * Vector-space operations on the differentiable values a generated method takes and returns:
 * {@code Double}, {@code double[]}, {@code double[][]}. Other argument values (ints, flags,
 * {@code int[]}) are only copied and compared.
 */
final class Values {
  private Values() {}

  static Object copy(Object v) {
    if (v instanceof Tensor t) {
      // Same values, same requiresGrad flag: generated code must leave both alone.
      return Tensor.of(t.toArray(), t.shape()).requiresGrad(t.requiresGrad());
    }
    if (v instanceof double[] a) {
      return a.clone();
    }
    if (v instanceof double[][] m) {
      double[][] c = m.clone();
      for (int i = 0; i < c.length; i++) {
        c[i] = m[i].clone();
      }
      return c;
    }
    if (v instanceof int[] a) {
      return a.clone();
    }
    return v;
  }

  /** Bitwise equality, element by element. */
  static boolean same(Object a, Object b) {
    if (a instanceof Tensor x && b instanceof Tensor y) {
      return Arrays.equals(x.shape(), y.shape()) && Arrays.equals(x.toArray(), y.toArray())
          && x.requiresGrad() == y.requiresGrad() && x.grad() == null && y.grad() == null;
    }
    if (a instanceof Double x && b instanceof Double y) {
      return Double.doubleToLongBits(x) == Double.doubleToLongBits(y);
    }
    return Arrays.deepEquals(new Object[] {a}, new Object[] {b});
  }

  static String show(Object v) {
    if (v instanceof Tensor t) {
      return t + " " + Arrays.toString(t.shape());
    }
    return Arrays.deepToString(new Object[] {v});
  }

  /** A value shaped like {@code like}, entries uniform in [-1, 1]. */
  static Object random(Object like, Random random) {
    if (like instanceof Tensor t) {
      return Tensor.of((double[]) random(t.toArray(), random), t.shape());
    }
    if (like instanceof Double) {
      return 2 * random.nextDouble() - 1;
    }
    if (like instanceof double[] a) {
      double[] r = new double[a.length];
      for (int i = 0; i < r.length; i++) {
        r[i] = 2 * random.nextDouble() - 1;
      }
      return r;
    }
    double[][] m = (double[][]) like;
    double[][] r = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      r[i] = (double[]) random(m[i], random);
    }
    return r;
  }

  static double dot(Object a, Object b) {
    if (a instanceof Tensor x) {
      return dot(x.toArray(), ((Tensor) b).toArray());
    }
    if (a instanceof Double x) {
      return x * (Double) b;
    }
    if (a instanceof double[] x) {
      double s = 0;
      for (int i = 0; i < x.length; i++) {
        s += x[i] * ((double[]) b)[i];
      }
      return s;
    }
    double[][] x = (double[][]) a;
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += dot(x[i], ((double[][]) b)[i]);
    }
    return s;
  }

  /** {@code x + h * u}, a new value. */
  static Object axpy(Object x, double h, Object u) {
    if (x instanceof Tensor t) {
      return Tensor.of((double[]) axpy(t.toArray(), h, ((Tensor) u).toArray()), t.shape());
    }
    if (x instanceof Double a) {
      return a + h * (Double) u;
    }
    if (x instanceof double[] a) {
      double[] r = a.clone();
      for (int i = 0; i < r.length; i++) {
        r[i] += h * ((double[]) u)[i];
      }
      return r;
    }
    double[][] m = (double[][]) x;
    double[][] r = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      r[i] = (double[]) axpy(m[i], h, ((double[][]) u)[i]);
    }
    return r;
  }

  /** {@code factor * v}, a new value. */
  static Object scale(Object v, double factor) {
    if (v instanceof Tensor t) {
      return Tensor.of((double[]) scale(t.toArray(), factor), t.shape());
    }
    if (v instanceof Double x) {
      return factor * x;
    }
    if (v instanceof double[] a) {
      return Arrays.stream(a).map(x -> factor * x).toArray();
    }
    return Arrays.stream((double[][]) v).map(row -> (double[]) scale(row, factor)).toArray(double[][]::new);
  }

  static double maxAbs(Object v) {
    if (v instanceof Tensor t) {
      return maxAbs(t.toArray());
    }
    if (v instanceof Double x) {
      return Math.abs(x);
    }
    if (v instanceof double[] a) {
      return Arrays.stream(a).map(Math::abs).max().orElse(0);
    }
    return Arrays.stream((double[][]) v).mapToDouble(Values::maxAbs).max().orElse(0);
  }

  /** Whether two values have the same shape. */
  static boolean sameShape(Object a, Object b) {
    if (a instanceof Tensor x) {
      return b instanceof Tensor y && Arrays.equals(x.shape(), y.shape());
    }
    if (a instanceof Double) {
      return b instanceof Double;
    }
    if (a instanceof double[] x) {
      return b instanceof double[] y && x.length == y.length;
    }
    if (!(a instanceof double[][] x) || !(b instanceof double[][] y) || x.length != y.length) {
      return false;
    }
    for (int i = 0; i < x.length; i++) {
      if (!sameShape(x[i], y[i])) {
        return false;
      }
    }
    return true;
  }
}
