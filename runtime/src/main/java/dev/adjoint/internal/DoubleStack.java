package dev.adjoint.internal;

import java.lang.ref.SoftReference;
import java.util.Arrays;

/**
 * The stack of {@code double}s of generated reverse-mode code: the values its forward sweep
 * overwrites, popped in the reverse sweep. The generated method keeps the stack in two locals, an
 * array and its size, and writes it as a hand-written tape would: {@code doubles =
 * DoubleStack.push(doubles, doublesSize++, x)} to push, {@code x = doubles[--doublesSize]} to pop.
 * Locals, not an object's fields: the JIT keeps the size in a register, where a stack object's
 * fields went through memory at every push and pop (on a 500-level binomial tree, a third of the
 * gradient's time).
 *
 * <p>One array per call, so the generated methods are thread-safe; a large array is handed back at
 * the end of the call ({@link #release}) and lent to the thread's next call ({@link #borrow}), so
 * a gradient called in a loop does not allocate and grow its stack anew each time. The array is held
 * softly: the collector may take it back.
 */
public final class DoubleStack {
  /** From this capacity a released array is kept for the thread's next call. */
  private static final int KEEP = 1 << 12;
  private static final ThreadLocal<SoftReference<double[]>> SPARE = new ThreadLocal<>();

  private DoubleStack() {}

  /** An array for a new stack: the thread's spare one if there is one (no other stack then has it), else a small one. */
  public static double[] borrow() {
    SoftReference<double[]> ref = SPARE.get();
    double[] spare = ref == null ? null : ref.get();
    if (spare != null) {
      SPARE.set(null); // a nested call of this thread allocates its own
      return spare;
    }
    return new double[16];
  }

  /**
   * Stores {@code value} at {@code size}, the stack's size before the push, and returns the stack's
   * array: {@code values} itself, or a copy twice as large when it was full.
   */
  public static double[] push(double[] values, int size, double value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, Math.max(16, 2 * size));
    }
    values[size] = value;
    return values;
  }

  /**
   * Makes room for {@code count} more values after {@code size} and returns the stack's array:
   * {@code values} itself, or a larger copy. Generated code calls it before a counted loop whose
   * pushes it knows ({@code count} = trips × pushes per trip, an upper bound), then stores
   * {@code values[size++] = x} without a check per push; the array stays the same through the
   * loop, so the JIT checks its bounds once instead of at every push.
   *
   * @throws OutOfMemoryError if the stack would need more than {@code Integer.MAX_VALUE - 8} values
   */
  public static double[] reserve(double[] values, int size, long count) {
    long needed = size + count;
    if (needed <= values.length) {
      return values;
    }
    if (needed > Integer.MAX_VALUE - 8) {
      throw new OutOfMemoryError("a reverse sweep's stack of " + needed + " values: more than an array holds");
    }
    return Arrays.copyOf(values, (int) Math.max(needed, Math.min(Integer.MAX_VALUE - 8L, 2L * values.length)));
  }

  /** Keeps a large array of a finished call for the thread's next one (a larger spare stays). */
  public static void release(double[] values) {
    if (values.length < KEEP) {
      return;
    }
    SoftReference<double[]> ref = SPARE.get();
    double[] spare = ref == null ? null : ref.get();
    if (spare == null || spare.length < values.length) {
      SPARE.set(new SoftReference<>(values));
    }
  }
}
