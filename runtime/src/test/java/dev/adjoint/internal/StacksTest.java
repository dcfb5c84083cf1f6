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
}
