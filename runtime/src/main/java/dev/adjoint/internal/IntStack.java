package dev.adjoint.internal;

import java.util.Arrays;

/**
 * A growable stack of {@code int}s without boxing: saved int values, branch decisions, loop trip
 * counts and loop-exit tokens of generated reverse-mode code. One per call.
 */
public final class IntStack {
  /** An empty stack. */
  public IntStack() {}

  private int[] values = new int[16];
  private int size;

  public void push(int value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = value;
  }

  /** @throws IllegalStateException when empty (a bug in generated code) */
  public int pop() {
    if (size == 0) {
      throw new IllegalStateException("IntStack.pop on an empty stack");
    }
    return values[--size];
  }

  public void pushBoolean(boolean value) { push(value ? 1 : 0); }

  public boolean popBoolean() { return pop() != 0; }

  public int size() { return size; }
}
