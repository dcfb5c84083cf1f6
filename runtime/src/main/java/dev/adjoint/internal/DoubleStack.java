package dev.adjoint.internal;

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
 * the end of the call ({@link #release}) and lent to the thread's next call ({@link #borrow})
 * ({@code StackArrays}).
 */
public final class DoubleStack {
  private static final StackArrays<double[]> SPARE = new StackArrays<>();

  private DoubleStack() {}

  /** An array for a new stack: the thread's spare one if there is one (no other stack then has it), else a small one. */
  public static double[] borrow() {
    double[] spare = SPARE.take();
    return spare != null ? spare : new double[16];
  }

  /**
   * Stores {@code value} at {@code size}, the stack's size before the push, and returns the stack's
   * array: {@code values} itself, or a copy twice as large when it was full.
   */
  public static double[] push(double[] values, int size, double value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, StackArrays.grown(values.length, size + 1L));
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
   * @throws OutOfMemoryError if the stack would need more than an array holds
   */
  public static double[] reserve(double[] values, int size, long count) {
    long needed = size + count;
    return needed <= values.length ? values : Arrays.copyOf(values, StackArrays.grown(values.length, needed));
  }

  /** Keeps a large array of a finished call for the thread's next one (a larger spare stays). */
  public static void release(double[] values) {
    SPARE.offer(values);
  }
}
