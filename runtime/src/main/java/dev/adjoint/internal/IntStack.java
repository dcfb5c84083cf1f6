package dev.adjoint.internal;

import java.lang.ref.SoftReference;
import java.util.Arrays;

/**
 * A growable stack of {@code int}s without boxing: saved int values, branch decisions, loop trip
 * counts and loop-exit tokens of generated reverse-mode code. One per call; a large emptied
 * array goes to the thread's next stack, as in {@link DoubleStack}.
 */
public final class IntStack {
  private static final int KEEP = 1 << 12;
  private static final int[] NONE = new int[0];
  private static final ThreadLocal<SoftReference<int[]>> SPARE = new ThreadLocal<>();

  private int[] values = NONE;
  private int size;

  /** An empty stack. */
  public IntStack() {}

  public void push(int value) {
    if (size == values.length) {
      grow();
    }
    values[size++] = value;
  }

  private void grow() {
    if (size == 0) {
      SoftReference<int[]> ref = SPARE.get();
      int[] spare = ref == null ? null : ref.get();
      if (spare != null) {
        SPARE.set(null);
        values = spare;
        return;
      }
      values = new int[16];
      return;
    }
    values = Arrays.copyOf(values, size * 2);
  }

  /** @throws IllegalStateException when empty (a bug in generated code) */
  public int pop() {
    if (size == 0) {
      throw new IllegalStateException("IntStack.pop on an empty stack");
    }
    int value = values[--size];
    if (size == 0 && values.length >= KEEP) {
      release();
    }
    return value;
  }

  private void release() {
    SoftReference<int[]> ref = SPARE.get();
    int[] spare = ref == null ? null : ref.get();
    if (spare == null || spare.length < values.length) {
      SPARE.set(new SoftReference<>(values));
    }
    values = NONE;
  }

  public void pushBoolean(boolean value) { push(value ? 1 : 0); }

  public boolean popBoolean() { return pop() != 0; }

  public int size() { return size; }
}
