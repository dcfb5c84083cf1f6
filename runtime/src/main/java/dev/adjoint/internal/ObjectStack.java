package dev.adjoint.internal;

import dev.adjoint.Tensor;
import java.util.Arrays;

/**
 * A growable stack of references: the {@code Tensor} values generated reverse-mode code saves
 * inside loops before they are overwritten (tensors are kept by reference, since every tensor
 * operation returns a new tensor; an in-place {@code set} saves a copy). One per call.
 */
public final class ObjectStack<T> {
  /** An empty stack. */
  public ObjectStack() {}

  private Object[] values = new Object[16];
  private int size;

  public void push(T value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = value;
  }

  /** @throws IllegalStateException when empty (a bug in generated code) */
  @SuppressWarnings("unchecked")
  public T pop() {
    if (size == 0) {
      throw new IllegalStateException("ObjectStack.pop on an empty stack");
    }
    T value = (T) values[--size];
    values[size] = null;
    return value;
  }

  public int size() { return size; }
}
