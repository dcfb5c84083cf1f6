package dev.adjoint.internal;

import java.util.Arrays;

/** A growable stack of {@code long}s without boxing, for saved long values. One per call. */
public final class LongStack {
  /** An empty stack. */
  public LongStack() {}

  private long[] values = new long[16];
  private int size;

  public void push(long value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = value;
  }

  /** @throws IllegalStateException when empty (a bug in generated code) */
  public long pop() {
    if (size == 0) {
      throw new IllegalStateException("LongStack.pop on an empty stack");
    }
    return values[--size];
  }

  public int size() { return size; }
}
