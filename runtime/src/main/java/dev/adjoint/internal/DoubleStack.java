package dev.adjoint.internal;

import java.util.Arrays;

/**
 * A growable stack of {@code double}s without boxing: generated reverse-mode code pushes the
 * values its forward sweep overwrites and pops them in the reverse sweep. One per call, so the
 * generated methods are thread-safe.
 */
public final class DoubleStack {
  /** An empty stack. */
  public DoubleStack() {}

  private double[] values = new double[16];
  private int size;

  public void push(double value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = value;
  }

  /** @throws IllegalStateException when empty (a bug in generated code) */
  public double pop() {
    if (size == 0) {
      throw new IllegalStateException("DoubleStack.pop on an empty stack");
    }
    return values[--size];
  }

  public int size() { return size; }
}
