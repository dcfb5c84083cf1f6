package dev.adjoint.internal;

import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;

/**
 * Generated code lowers an array of records to one array per component, its columns
 * ({@code Layer[] layers} → {@code double[][] layers_w = RecordArrays.rows(layers, Layer::w)}); these
 * read the columns of an argument. The rows of a {@code double[]} column are the records' own arrays
 * (generated code copies a column before writing into it).
 */
public final class RecordArrays {
  private RecordArrays() {}

  public static <R> double[] doubles(R[] records, ToDoubleFunction<R> component) {
    double[] column = new double[records.length];
    for (int i = 0; i < records.length; i++) {
      column[i] = component.applyAsDouble(records[i]);
    }
    return column;
  }

  public static <R> double[][] rows(R[] records, Function<R, double[]> component) {
    double[][] column = new double[records.length][];
    for (int i = 0; i < records.length; i++) {
      column[i] = component.apply(records[i]);
    }
    return column;
  }

  public static <R> int[] ints(R[] records, ToIntFunction<R> component) {
    int[] column = new int[records.length];
    for (int i = 0; i < records.length; i++) {
      column[i] = component.applyAsInt(records[i]);
    }
    return column;
  }

  /** A column of any other component type, which generated code only carries along. */
  public static <R, T> T[] objects(R[] records, Function<R, T> component, IntFunction<T[]> make) {
    T[] column = make.apply(records.length);
    for (int i = 0; i < records.length; i++) {
      column[i] = component.apply(records[i]);
    }
    return column;
  }

  /** Makes record {@code i} of an array of records from the arrays of its components. */
  @FunctionalInterface
  public interface Element<R> {
    R make(Object[] columns, int i);
  }

  /**
   * The array of {@code n} records {@code element} makes from {@code columns} (one array per
   * component): a result of generated code, whose column variables are assigned, so a lambda may not
   * read them itself.
   */
  public static <R> R[] of(Object[] columns, int n, Element<R> element, IntFunction<R[]> make) {
    R[] records = make.apply(n);
    for (int i = 0; i < n; i++) {
      records[i] = element.make(columns, i);
    }
    return records;
  }

  /** The {@code double} components of an array of records, element after element: a gradient check's flat result. */
  @SafeVarargs
  public static <R> double[] flat(R[] records, ToDoubleFunction<R>... components) {
    double[] flat = new double[records.length * components.length];
    for (int i = 0; i < records.length; i++) {
      for (int j = 0; j < components.length; j++) {
        flat[i * components.length + j] = components[j].applyAsDouble(records[i]);
      }
    }
    return flat;
  }

  /** Component {@code j} of each element in a {@link #flat} array of {@code m} components per element. */
  public static double[] column(double[] flat, int m, int j) {
    double[] column = new double[flat.length / m];
    for (int i = 0; i < column.length; i++) {
      column[i] = flat[i * m + j];
    }
    return column;
  }

  /** {@code n} records made by {@code element}, for gradient checks that build arrays of records from their columns. */
  public static <R> R[] build(int n, IntFunction<R> element, IntFunction<R[]> make) {
    R[] records = make.apply(n);
    for (int i = 0; i < n; i++) {
      records[i] = element.apply(i);
    }
    return records;
  }
}
