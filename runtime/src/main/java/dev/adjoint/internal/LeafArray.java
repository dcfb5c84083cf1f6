package dev.adjoint.internal;

/**
 * The leaves of a differentiated {@code double[]} parameter that a taped method only reads element
 * by element: consecutive entries of a {@link ScalarTape}, starting at {@code first}, over the
 * caller's array. {@link #at} makes the handle of an element where it is read, so an operation that
 * consumes it at once needs no handle in memory (C2's escape analysis drops it); a handle per
 * element made up front would be loaded back from an array of handles on every read.
 */
public final class LeafArray {
  final ScalarTape tape;
  final double[] values;
  final int first;
  /** As {@code double[].length}: taped code reads {@code w.length} unchanged. */
  public final int length;

  LeafArray(ScalarTape tape, double[] values, int first) {
    this.tape = tape;
    this.values = values;
    this.first = first;
    this.length = values.length;
  }

  /** Element {@code j} as a taped value: {@code w[j]} of the source. */
  public TapedDouble at(int j) {
    return new TapedDouble(tape, first + j, 1.0, values[j]);
  }
}
