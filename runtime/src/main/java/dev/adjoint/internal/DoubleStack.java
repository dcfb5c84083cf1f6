package dev.adjoint.internal;

import java.lang.ref.SoftReference;
import java.util.Arrays;

/**
 * A growable stack of {@code double}s without boxing: generated reverse-mode code pushes the
 * values its forward sweep overwrites and pops them in the reverse sweep. One per call, so the
 * generated methods are thread-safe.
 *
 * <p>A stack that grew large hands its array to the next stack of the same thread once it is
 * empty again (the end of a reverse sweep), so a gradient called in a loop does not allocate and
 * grow its stack anew each call. The array is held softly: the collector may take it back.
 */
public final class DoubleStack {
  /** From this capacity an emptied stack's array is kept for the thread's next stack. */
  private static final int KEEP = 1 << 12;
  private static final double[] NONE = new double[0];
  private static final ThreadLocal<SoftReference<double[]>> SPARE = new ThreadLocal<>();

  private double[] values = NONE;
  private int size;

  /** An empty stack. */
  public DoubleStack() {}

  public void push(double value) {
    if (size == values.length) {
      grow();
    }
    values[size++] = value;
  }

  private void grow() {
    if (size == 0) {
      SoftReference<double[]> ref = SPARE.get();
      double[] spare = ref == null ? null : ref.get();
      if (spare != null) {
        SPARE.set(null); // a nested stack of this thread allocates its own
        values = spare;
        return;
      }
      values = new double[16];
      return;
    }
    values = Arrays.copyOf(values, size * 2);
  }

  /** @throws IllegalStateException when empty (a bug in generated code) */
  public double pop() {
    if (size == 0) {
      throw new IllegalStateException("DoubleStack.pop on an empty stack");
    }
    double value = values[--size];
    if (size == 0 && values.length >= KEEP) {
      release();
    }
    return value;
  }

  private void release() {
    SoftReference<double[]> ref = SPARE.get();
    double[] spare = ref == null ? null : ref.get();
    if (spare == null || spare.length < values.length) {
      SPARE.set(new SoftReference<>(values));
    }
    values = NONE;
  }

  public int size() { return size; }
}
