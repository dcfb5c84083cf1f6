package dev.adjoint.processor.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

/**
 * Calls the second-order members of a compiled companion by reflection ({@code nameHvp},
 * {@code nameHessian}, {@code nameGradient}) and computes the reference they are checked
 * against: central differences of the generated gradient. Differentiated parameters are
 * {@code double} or {@code double[]}; flattened in declaration order.
 */
public final class HessianCheck {
  private final Class<?> companion;
  private final String name;
  /** Indexes of the differentiated parameters. */
  private final int[] wrt;

  private HessianCheck(Class<?> companion, String name, int[] wrt) {
    this.companion = companion;
    this.name = name;
    this.wrt = wrt;
  }

  /** The check of {@code owner.name}, differentiated with respect to the parameters {@code wrt}. */
  public static HessianCheck of(Class<?> owner, String name, int... wrt) {
    try {
      Class<?> companion = Class.forName(owner.getName() + "Derivatives", true, owner.getClassLoader());
      return new HessianCheck(companion, name, wrt);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }

  /** {@code nameHessian(args)}. */
  public double[][] hessian(Object... args) {
    return (double[][]) call(name + "Hessian", copies(args));
  }

  /** The record {@code nameHvp(args, directions)}. */
  public Object hvp(Object[] args, Object... directions) {
    Object[] all = new Object[args.length + directions.length];
    System.arraycopy(copies(args), 0, all, 0, args.length);
    System.arraycopy(copies(directions), 0, all, args.length, directions.length);
    return call(name + "Hvp", all);
  }

  /** {@code nameGradient(args)} flattened: value first, then the gradient's components. */
  public double[] gradient(Object... args) {
    return flatten(call(name + "Gradient", copies(args)));
  }

  /** Number of flattened differentiated coordinates at {@code args}. */
  public int size(Object... args) {
    int n = 0;
    for (int p : wrt) {
      n += args[p] instanceof double[] a ? a.length : 1;
    }
    return n;
  }

  /** Flattened coordinates {@code v} split into one direction per differentiated parameter. */
  public Object[] directions(Object[] args, double[] v) {
    Object[] directions = new Object[wrt.length];
    int offset = 0;
    for (int j = 0; j < wrt.length; j++) {
      if (args[wrt[j]] instanceof double[] a) {
        double[] d = new double[a.length];
        System.arraycopy(v, offset, d, 0, a.length);
        directions[j] = d;
        offset += a.length;
      } else {
        directions[j] = v[offset++];
      }
    }
    return directions;
  }

  /** Central differences of the generated gradient, one column per coordinate (step {@code h}). */
  public double[][] finiteDifferences(double h, Object... args) {
    int n = size(args);
    double[][] result = new double[n][n];
    for (int c = 0; c < n; c++) {
      double[] plus = gradient(shifted(args, c, h));
      double[] minus = gradient(shifted(args, c, -h));
      for (int r = 0; r < n; r++) {
        result[r][c] = (plus[r + 1] - minus[r + 1]) / (2 * h);
      }
    }
    return result;
  }

  /** Central differences of the generated gradient along {@code v}: ≈ H·v (step {@code h}). */
  public double[] directionalDifference(double h, Object[] args, double[] v) {
    double[] plus = gradient(moved(args, v, h));
    double[] minus = gradient(moved(args, v, -h));
    double[] result = new double[v.length];
    for (int r = 0; r < v.length; r++) {
      result[r] = (plus[r + 1] - minus[r + 1]) / (2 * h);
    }
    return result;
  }

  /** {@code args} moved by {@code h · v} in the flattened coordinates. */
  private Object[] moved(Object[] args, double[] v, double h) {
    Object[] copy = args;
    for (int c = 0; c < v.length; c++) {
      copy = shifted(copy, c, h * v[c]);
    }
    return copy;
  }

  /** {@code args} with flattened coordinate {@code c} moved by {@code h}. */
  private Object[] shifted(Object[] args, int c, double h) {
    Object[] copy = copies(args);
    int offset = 0;
    for (int p : wrt) {
      if (copy[p] instanceof double[] a) {
        if (c < offset + a.length) {
          a[c - offset] += h;
          return copy;
        }
        offset += a.length;
      } else {
        if (c == offset) {
          copy[p] = (Double) copy[p] + h;
          return copy;
        }
        offset++;
      }
    }
    throw new IllegalArgumentException("no coordinate " + c);
  }

  /** Record components flattened: doubles and the elements of double[]s. */
  public static double[] flatten(Object record) {
    List<Double> values = new ArrayList<>();
    try {
      for (RecordComponent c : record.getClass().getRecordComponents()) {
        Object v = c.getAccessor().invoke(record);
        if (v instanceof double[] a) {
          for (double d : a) {
            values.add(d);
          }
        } else {
          values.add((Double) v);
        }
      }
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** A component of a record by name. */
  public static Object component(Object record, String name) {
    try {
      return record.getClass().getMethod(name).invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private Object call(String method, Object[] args) {
    for (Method m : companion.getMethods()) {
      if (m.getName().equals(method)) {
        try {
          return m.invoke(null, args);
        } catch (InvocationTargetException e) {
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          throw new AssertionError(e.getCause());
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }
    throw new AssertionError("no " + method + " in " + companion.getName());
  }

  private static Object[] copies(Object[] args) {
    Object[] copy = args.clone();
    for (int i = 0; i < copy.length; i++) {
      if (copy[i] instanceof double[] a) {
        copy[i] = a.clone();
      } else if (copy[i] instanceof double[][] m) {
        double[][] c = new double[m.length][];
        for (int r = 0; r < m.length; r++) {
          c[r] = m[r].clone();
        }
        copy[i] = c;
      }
    }
    return copy;
  }
}
