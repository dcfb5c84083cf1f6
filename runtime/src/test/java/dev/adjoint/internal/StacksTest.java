package dev.adjoint.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The stacks as generated code uses them: {@code a = push(a, size++, x)}, {@code x = a[--size]}. */
class StacksTest {
  @Test
  void doubleStackIsLastInFirstOutAcrossGrowth() {
    double[] s = DoubleStack.borrow();
    int size = 0;
    for (int i = 0; i < 1000; i++) {
      s = DoubleStack.push(s, size++, i * 0.5);
    }
    assertEquals(1000, size);
    for (int i = 999; i >= 0; i--) {
      assertEquals(i * 0.5, s[--size]);
    }
    DoubleStack.release(s);
  }

  @Test
  void intAndLongStacksKeepTheirValues() {
    int[] ints = IntStack.borrow();
    long[] longs = LongStack.borrow();
    int ni = 0;
    int nl = 0;
    for (int i = 0; i < 100; i++) {
      ints = IntStack.push(ints, ni++, i - 7);
      longs = LongStack.push(longs, nl++, (long) i << 33);
    }
    for (int i = 99; i >= 0; i--) {
      assertEquals(i - 7, ints[--ni]);
      assertEquals((long) i << 33, longs[--nl]);
    }
    IntStack.release(ints);
    LongStack.release(longs);
  }

  @Test
  void pushingIntoAFullArrayGrowsACopy() {
    double[] full = new double[0];
    double[] grown = DoubleStack.push(full, 0, 3.0);
    assertNotSame(full, grown);
    assertEquals(3.0, grown[0]);
    assertSame(grown, DoubleStack.push(grown, 1, 4.0));
  }

  /**
   * A large released array is lent to the thread's next stack, once: a stack borrowed while
   * another holds it (a nested call) gets its own, and values pushed anew are the ones popped.
   */
  @Test
  void releasedLargeArraysAreLentOnceAndReusedSafely() {
    for (int round = 0; round < 3; round++) {
      double[] outer = DoubleStack.borrow();
      int n = 0;
      for (int i = 0; i < 10_000; i++) {
        outer = DoubleStack.push(outer, n++, round * 1e6 + i);
      }
      double[] nested = DoubleStack.borrow(); // while outer holds the spare: its own array
      assertNotSame(outer, nested);
      int m = 0;
      for (int i = 0; i < 5000; i++) {
        nested = DoubleStack.push(nested, m++, -i);
      }
      for (int i = 4999; i >= 0; i--) {
        assertEquals(-i, nested[--m]);
      }
      DoubleStack.release(nested);
      for (int i = 9999; i >= 0; i--) {
        assertEquals(round * 1e6 + i, outer[--n]);
      }
      DoubleStack.release(outer); // the larger one stays the spare
      double[] next = DoubleStack.borrow();
      assertSame(outer, next);
      assertTrue(DoubleStack.borrow().length < 10_000, "lent once");
      DoubleStack.release(next);
    }
  }

  /**
   * A reservation keeps the array when it has the room, else copies it into one that holds
   * exactly the values asked for (or twice the old length, if that is more); a count of zero or
   * less asks for nothing; values already pushed stay; more than an array holds is an
   * OutOfMemoryError naming the stack, before anything is written.
   */
  @Test
  void reserveMakesRoomForExactlyWhatItIsAskedFor() {
    double[] small = new double[16];
    small[3] = 7.5;
    assertSame(small, DoubleStack.reserve(small, 4, 12));
    assertSame(small, DoubleStack.reserve(small, 4, 0));
    assertSame(small, DoubleStack.reserve(small, 4, -30));
    double[] exact = DoubleStack.reserve(small, 4, 1000);
    assertEquals(1004, exact.length);
    assertEquals(7.5, exact[3]);
    assertEquals(32, DoubleStack.reserve(small, 16, 1).length); // twice the old length
    assertEquals(5000, IntStack.reserve(new int[100], 0, 5000).length);
    assertEquals(300, LongStack.reserve(new long[100], 99, 201).length);
    OutOfMemoryError tooMany = org.junit.jupiter.api.Assertions.assertThrows(OutOfMemoryError.class,
        () -> DoubleStack.reserve(small, 4, Integer.MAX_VALUE));
    assertTrue(tooMany.getMessage().contains("stack"), tooMany.getMessage());
  }
}
