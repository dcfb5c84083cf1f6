package dev.adjoint.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ArrayOpsTest {
  @Test
  void copiesAreDeep() {
    double[][] a = {{1, 2}, {3}};
    double[][] c = ArrayOps.copy(a);
    c[0][0] = 9;
    assertEquals(1, a[0][0]);
    assertNotSame(a[1], c[1]);
  }

  @Test
  void zerosLikeKeepsRaggedShape() {
    double[][] z = ArrayOps.zerosLike(new double[][] {{1, 2}, {3}});
    assertArrayEquals(new double[] {0, 0}, z[0]);
    assertArrayEquals(new double[] {0}, z[1]);
  }

  @Test
  void addToAccumulates() {
    double[] t = {1, 2};
    ArrayOps.addTo(t, new double[] {0.5, -1}, "fVjp");
    assertArrayEquals(new double[] {1.5, 1}, t);
  }

  @Test
  void addToRejectsWrongShapeNamingTheOperation() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ArrayOps.addTo(new double[][] {{1, 2}}, new double[][] {{1}}, "fVjp"));
    assertEquals("fVjp (row 0): seed has length 1 but the result has length 2", e.getMessage());
  }

  @org.junit.jupiter.api.Test
  void sameShapeReturnsTheResultOrNamesTheCallAndBothShapes() {
    double[] r = {1, 2};
    org.junit.jupiter.api.Assertions.assertSame(r, ArrayOps.sameShape(new double[2], r, "step"));
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> ArrayOps.sameShape(new double[2], new double[3], "step"));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("step returned an array of length 3 in place"
        + " of one of length 2"), e.getMessage());
    e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> ArrayOps.sameShape(new double[][] {{1, 2}}, new double[][] {{1}}, "relax"));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("relax (row 0) returned an array of length 1"),
        e.getMessage());
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> ArrayOps.sameShape(new float[1], null, "half"));
  }
}
