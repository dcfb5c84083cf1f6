package dev.adjoint.processor.testing;

import dev.adjoint.Tensor;
import java.util.Arrays;
import java.util.Random;

/**
 * Vector-space operations on the differentiable values a generated method takes and returns:
 * {@code Double}, {@code double[]}, {@code double[][]} (and their float flavours, widened to
 * double for the arithmetic and narrowed back where a float value is made). Other argument values (ints, flags,
 * {@code int[]}) are only copied and compared.
 */
final class Values {
  private Values() {}

  // ---- differentiable records and arrays of them: their differentiable components, by reflection ----

  private static boolean isRecordValue(Object v) {
    return v != null && (v.getClass().isRecord() || v.getClass().isArray() && v.getClass().getComponentType().isRecord());
  }

  /** Whether a record component of this declared type is differentiated (API.md section 4). */
  private static boolean differentiable(Class<?> type) {
    if (type == double.class || type == double[].class || type == double[][].class || type == Tensor.class
        || type == float.class || type == float[].class || type == float[][].class) {
      return true;
    }
    if (type.isArray() && type.getComponentType().isRecord()) {
      return differentiable(type.getComponentType());
    }
    if (type.isRecord()) {
      for (java.lang.reflect.RecordComponent c : type.getRecordComponents()) {
        if (differentiable(c.getType())) {
          return true;
        }
      }
    }
    return false;
  }

  /** The record (or array of records) {@code v} with each differentiable part mapped by {@code f}. */
  private static Object mapRecord(Object v, java.util.function.UnaryOperator<Object> f) {
    if (v.getClass().isArray()) {
      Object[] a = (Object[]) v;
      Object[] r = (Object[]) java.lang.reflect.Array.newInstance(a.getClass().getComponentType(), a.length);
      for (int i = 0; i < a.length; i++) {
        r[i] = mapRecord(a[i], f);
      }
      return r;
    }
    java.lang.reflect.RecordComponent[] rc = v.getClass().getRecordComponents();
    Object[] parts = new Object[rc.length];
    Class<?>[] types = new Class<?>[rc.length];
    try {
      for (int i = 0; i < rc.length; i++) {
        rc[i].getAccessor().setAccessible(true);
        Object part = rc[i].getAccessor().invoke(v);
        types[i] = rc[i].getType();
        parts[i] = differentiable(types[i]) ? f.apply(part) : part;
      }
      java.lang.reflect.Constructor<?> c = v.getClass().getDeclaredConstructor(types);
      c.setAccessible(true);
      return c.newInstance(parts);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** The differentiable parts of a record (or array of records), in order. */
  private static java.util.List<Object> parts(Object v) {
    java.util.List<Object> out = new java.util.ArrayList<>();
    mapRecord(v, p -> {
      out.add(p);
      return p;
    });
    return out;
  }

  private static double sum(Object a, Object b, java.util.function.BinaryOperator<Double> none,
      java.util.function.ToDoubleBiFunction<Object, Object> f) {
    java.util.List<Object> x = parts(a);
    java.util.List<Object> y = parts(b);
    double s = 0;
    for (int i = 0; i < x.size(); i++) {
      s += f.applyAsDouble(x.get(i), y.get(i));
    }
    return s;
  }

  /** {@code f(x_i, y_i)} for the differentiable parts of two records of one structure, in a new record. */
  private static Object zip(Object a, Object b, java.util.function.BinaryOperator<Object> f) {
    java.util.List<Object> y = parts(b);
    int[] next = {0};
    return mapRecord(a, p -> f.apply(p, y.get(next[0]++)));
  }

  // ---- float values: the double operations on their widened values ----

  private static boolean isFloat(Object v) {
    return v instanceof Float || v instanceof float[] || v instanceof float[][];
  }

  /** A float value as the double value of the same shape (exact); other values unchanged. */
  private static Object widen(Object v) {
    if (v instanceof Float f) {
      return (double) f;
    }
    if (v instanceof float[] a) {
      double[] r = new double[a.length];
      for (int i = 0; i < a.length; i++) {
        r[i] = a[i];
      }
      return r;
    }
    if (v instanceof float[][] m) {
      double[][] r = new double[m.length][];
      for (int i = 0; i < m.length; i++) {
        r[i] = (double[]) widen(m[i]);
      }
      return r;
    }
    return v;
  }

  /** The double value {@code d} rounded to the float type of {@code like}. */
  private static Object narrowLike(Object like, Object d) {
    if (like instanceof Float) {
      return (float) (double) (Double) d;
    }
    if (like instanceof float[]) {
      double[] a = (double[]) d;
      float[] r = new float[a.length];
      for (int i = 0; i < a.length; i++) {
        r[i] = (float) a[i];
      }
      return r;
    }
    double[][] m = (double[][]) d;
    float[][] r = new float[m.length][];
    for (int i = 0; i < m.length; i++) {
      r[i] = (float[]) narrowLike(new float[0], m[i]);
    }
    return r;
  }

  static Object copy(Object v) {
    if (isFloat(v)) {
      return narrowLike(v, widen(v));
    }
    if (isRecordValue(v)) {
      return mapRecord(v, Values::copy);
    }
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
    if (isRecordValue(a)) {
      if (!isRecordValue(b) || a.getClass() != b.getClass()) {
        return false;
      }
      if (a.getClass().isArray()) {
        Object[] x = (Object[]) a;
        Object[] y = (Object[]) b;
        if (x.length != y.length) {
          return false;
        }
        for (int i = 0; i < x.length; i++) {
          if (!same(x[i], y[i])) {
            return false;
          }
        }
        return true;
      }
      try {
        for (java.lang.reflect.RecordComponent c : a.getClass().getRecordComponents()) {
          c.getAccessor().setAccessible(true);
          Object x = c.getAccessor().invoke(a);
          Object y = c.getAccessor().invoke(b);
          if (differentiable(c.getType()) ? !same(x, y) : !java.util.Objects.equals(x, y)) {
            return false;
          }
        }
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
      return true;
    }
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
    if (isFloat(like)) {
      return narrowLike(like, random(widen(like), random));
    }
    if (isRecordValue(like)) {
      return mapRecord(like, p -> random(p, random));
    }
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
    if (isFloat(a) || isFloat(b)) {
      return dot(widen(a), widen(b));
    }
    if (isRecordValue(a)) {
      return sum(a, b, null, Values::dot);
    }
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
    if (isFloat(x) || isFloat(u)) {
      Object r = axpy(widen(x), h, widen(u));
      return isFloat(x) ? narrowLike(x, r) : r;
    }
    if (isRecordValue(x)) {
      return zip(x, u, (p, q) -> axpy(p, h, q));
    }
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
    if (isFloat(v)) {
      return scale(widen(v), factor);
    }
    if (isRecordValue(v)) {
      return mapRecord(v, p -> scale(p, factor));
    }
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
    if (isFloat(v)) {
      return maxAbs(widen(v));
    }
    if (isRecordValue(v)) {
      return parts(v).stream().mapToDouble(Values::maxAbs).max().orElse(0);
    }
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
    if (isFloat(a) || isFloat(b)) {
      return a != null && b != null && a.getClass() == b.getClass() && sameShape(widen(a), widen(b));
    }
    if (isRecordValue(a)) {
      if (!isRecordValue(b) || a.getClass() != b.getClass()
          || a.getClass().isArray() && ((Object[]) a).length != ((Object[]) b).length) {
        return false;
      }
      java.util.List<Object> x = parts(a);
      java.util.List<Object> y = parts(b);
      for (int i = 0; i < x.size(); i++) {
        if (!sameShape(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
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
