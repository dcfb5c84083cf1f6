package dev.adjoint.internal;

import java.lang.ref.SoftReference;
import java.lang.reflect.Array;

/**
 * What {@link DoubleStack}, {@link IntStack} and {@link LongStack} share: how a stack's array
 * grows, and the thread's spare array of one element type — a large array a finished call handed
 * back ({@link #offer}), lent to the thread's next call ({@link #take}) so that a gradient called
 * in a loop does not allocate and grow its stack anew each time. The spare is held softly: the
 * collector may take it back.
 */
final class StackArrays<T> {
  /** From this capacity a released array is kept for the thread's next call. */
  private static final int KEEP = 1 << 12;
  private static final int LARGEST = Integer.MAX_VALUE - 8;

  private final ThreadLocal<SoftReference<T>> spare = new ThreadLocal<>();

  /** The thread's spare array, now no other stack's (a nested call of this thread allocates its own), or null. */
  T take() {
    SoftReference<T> ref = spare.get();
    T array = ref == null ? null : ref.get();
    if (array != null) {
      spare.set(null);
    }
    return array;
  }

  /** Keeps {@code array} of a finished call for the thread's next one, if it is large (a larger spare stays). */
  void offer(T array) {
    int length = Array.getLength(array);
    if (length < KEEP) {
      return;
    }
    SoftReference<T> ref = spare.get();
    T current = ref == null ? null : ref.get();
    if (current == null || Array.getLength(current) < length) {
      spare.set(new SoftReference<>(array));
    }
  }

  /**
   * The length an array of {@code length} grows to so that it holds {@code needed} values: at
   * least twice as long (so pushing n values copies O(n) in all), at least 16.
   *
   * @throws OutOfMemoryError if {@code needed} is more than an array holds
   */
  static int grown(int length, long needed) {
    if (needed > LARGEST) {
      throw new OutOfMemoryError("a reverse sweep's stack of " + needed + " values: more than an array holds");
    }
    return (int) Math.max(Math.max(needed, 16), Math.min(LARGEST, 2L * length));
  }
}
