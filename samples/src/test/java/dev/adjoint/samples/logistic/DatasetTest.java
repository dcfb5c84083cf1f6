package dev.adjoint.samples.logistic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DatasetTest {
  @Test
  void breastCancerHasTheDocumentedShapeAndClasses() {
    Dataset data = Dataset.breastCancer();
    assertEquals(569, data.size());
    assertEquals(30, data.x()[0].length);
    // data/README.md (from the UCI description): 212 malignant (0), 357 benign (1).
    assertEquals(357, Arrays.stream(data.y()).sum());
    // First row of the file: mean radius 17.99, ..., worst fractal dimension 0.1189, malignant.
    assertEquals(17.99, data.x()[0][0]);
    assertEquals(0.1189, data.x()[0][29]);
    assertEquals(0, data.y()[0]);
  }

  @Test
  void splitIsReproducibleAndPartitionsTheRows() {
    Dataset data = Dataset.breastCancer();
    Dataset.Split a = data.split(0.2, 42);
    Dataset.Split b = data.split(0.2, 42);
    assertEquals(114, a.test().size());
    assertEquals(455, a.train().size());
    assertArrayEquals(a.test().y(), b.test().y());
    assertArrayEquals(a.test().x()[0], b.test().x()[0]);
    // Every row lands in exactly one part: the label counts add up.
    assertEquals(357, Arrays.stream(a.train().y()).sum() + Arrays.stream(a.test().y()).sum());
  }

  @Test
  void standardizedTrainingFeaturesHaveMeanZeroAndUnitVariance() {
    Dataset train = Dataset.breastCancer().split(0.2, 42).train();
    Dataset z = Standardizer.fit(train.x()).apply(train);
    for (int j = 0; j < 30; j++) {
      double mean = 0;
      double square = 0;
      for (double[] row : z.x()) {
        mean += row[j] / z.size();
        square += row[j] * row[j] / z.size();
      }
      assertEquals(0, mean, 1e-12);
      assertEquals(1, square, 1e-12);
    }
  }

  @Test
  void missingResourceIsReportedByName() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Dataset.fromClasspath("/data/none.csv"));
    assertTrue(e.getMessage().contains("/data/none.csv"), e.getMessage());
  }
}
