package dev.adjoint.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StacksTest {
  @Test
  void doubleStackIsLastInFirstOutAcrossGrowth() {
    DoubleStack s = new DoubleStack();
    for (int i = 0; i < 1000; i++) {
      s.push(i * 0.5);
    }
    assertEquals(1000, s.size());
    for (int i = 999; i >= 0; i--) {
      assertEquals(i * 0.5, s.pop());
    }
    assertEquals(0, s.size());
  }

  @Test
  void intStackKeepsIntsAndBooleans() {
    IntStack s = new IntStack();
    s.push(-7);
    s.pushBoolean(true);
    s.pushBoolean(false);
    for (int i = 0; i < 100; i++) {
      s.push(i);
    }
    for (int i = 99; i >= 0; i--) {
      assertEquals(i, s.pop());
    }
    assertFalse(s.popBoolean());
    assertTrue(s.popBoolean());
    assertEquals(-7, s.pop());
  }

  @Test
  void longStackIsLastInFirstOut() {
    LongStack s = new LongStack();
    for (long i = 0; i < 40; i++) {
      s.push(i << 33);
    }
    for (long i = 39; i >= 0; i--) {
      assertEquals(i << 33, s.pop());
    }
  }

  @Test
  void popOnEmptyNamesTheStack() {
    assertEquals("DoubleStack.pop on an empty stack",
        assertThrows(IllegalStateException.class, () -> new DoubleStack().pop()).getMessage());
    assertEquals("IntStack.pop on an empty stack",
        assertThrows(IllegalStateException.class, () -> new IntStack().pop()).getMessage());
    assertEquals("LongStack.pop on an empty stack",
        assertThrows(IllegalStateException.class, () -> new LongStack().pop()).getMessage());
  }

  /**
   * A large stack emptied hands its array to the thread's next stack: that one (and a stack
   * nested in it, and one used again after emptying) must still be last in, first out, with no
   * value of an earlier stack showing through.
   */
  @Test
  void emptiedLargeStacksAreReusedSafely() {
    for (int round = 0; round < 3; round++) {
      DoubleStack outer = new DoubleStack();
      IntStack ints = new IntStack();
      for (int i = 0; i < 10_000; i++) {
        outer.push(round * 1e6 + i);
        ints.push(round * 1_000_000 + i);
      }
      DoubleStack nested = new DoubleStack(); // while outer is full: its own array
      for (int i = 0; i < 5000; i++) {
        nested.push(-i);
      }
      for (int i = 4999; i >= 0; i--) {
        assertEquals(-i, nested.pop());
      }
      for (int i = 9999; i >= 0; i--) {
        assertEquals(round * 1e6 + i, outer.pop());
        assertEquals(round * 1_000_000 + i, ints.pop());
      }
      assertThrows(IllegalStateException.class, outer::pop);
      outer.push(42.0); // used again after emptying
      assertEquals(1, outer.size());
      assertEquals(42.0, outer.pop());
    }
  }
}
