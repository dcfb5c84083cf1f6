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

  /** Every size around the tile edges: each pair becomes its mean, the diagonal stays. */
  @Test
  void symmetrizeTakesTheMeanOfEachPairAtEverySize() {
    java.util.Random random = new java.util.Random(7);
    for (int n = 0; n <= 40; n++) {
      double[][] h = new double[n][n];
      for (double[] row : h) {
        for (int j = 0; j < n; j++) {
          row[j] = random.nextGaussian();
        }
      }
      double[][] before = new double[n][];
      for (int i = 0; i < n; i++) {
        before[i] = h[i].clone();
      }
      org.junit.jupiter.api.Assertions.assertSame(h, ArrayOps.symmetrize(h));
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          assertEquals(i == j ? before[i][i] : (before[i][j] + before[j][i]) / 2, h[i][j], 0.0, n + ": " + i + "," + j);
        }
      }
    }
  }
}
