package dev.adjoint.internal;

import java.util.Arrays;

/**
 * The stack of {@code int}s of generated reverse-mode code: saved int values, branch decisions (1
 * for the then branch), loop trip counts and loop-exit tokens. The generated method keeps the
 * stack in two locals, an array and its size, and writes it as a hand-written tape would:
 * {@code ints = IntStack.push(ints, intsSize++, x)} to push, {@code x = ints[--intsSize]} to pop. Locals,
 * not an object's fields: the JIT keeps the size in a register, where a stack object's fields went
 * through memory at every push and pop (on a 500-level binomial tree, a third of the gradient's
 * time).
 *
 * <p>One array per call, so the generated methods are thread-safe; a large array is handed back at
 * the end of the call ({@link #release}) and lent to the thread's next call ({@link #borrow})
 * ({@code StackArrays}).
 */
public final class IntStack {
  private static final StackArrays<int[]> SPARE = new StackArrays<>();

  private IntStack() {}

  /** An array for a new stack: the thread's spare one if there is one (no other stack then has it), else a small one. */
  public static int[] borrow() {
    int[] spare = SPARE.take();
    return spare != null ? spare : new int[16];
  }

  /**
   * Stores {@code value} at {@code size}, the stack's size before the push, and returns the stack's
   * array: {@code values} itself, or a copy twice as large when it was full.
   */
  public static int[] push(int[] values, int size, int value) {
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
  public static int[] reserve(int[] values, int size, long count) {
    long needed = size + count;
    return needed <= values.length ? values : Arrays.copyOf(values, StackArrays.grown(values.length, needed));
  }

  /** Keeps a large array of a finished call for the thread's next one (a larger spare stays). */
  public static void release(int[] values) {
    SPARE.offer(values);
  }
}
