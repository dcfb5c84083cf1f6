package dev.adjoint.samples.logistic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogisticSampleTest {
  /**
   * Linear classifiers reach about 97 % on this data: Street, Wolberg and Mangasarian report 97.5 %
   * cross-validated for a separating plane, and an independent SciPy L-BFGS fit of the same loss
   * scored 97.4 % on average over 200 random 80/20 splits (5th percentile 94.7 %). The split here is
   * fixed; 95 % of its 114 test rows allows five mistakes. A model that did not learn predicts the
   * majority class, 63 %.
   */
  private static final double MIN_TEST_ACCURACY = 0.95;

  @Test
  void trainsToHighTestAccuracyAndDrawsTheLossCurve(@TempDir Path dir) throws IOException {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    double accuracy = LogisticSample.run(new PrintStream(printed, true, StandardCharsets.UTF_8), dir);
    assertTrue(accuracy >= MIN_TEST_ACCURACY, "test accuracy " + accuracy);

    Path png = dir.resolve(LogisticSample.PNG_NAME);
    BufferedImage image = ImageIO.read(png.toFile());
    assertNotNull(image, "not a decodable image: " + png);
    assertEquals(LossCurve.WIDTH, image.getWidth());
    assertEquals(LossCurve.HEIGHT, image.getHeight());
    assertTrue(printed.toString(StandardCharsets.UTF_8).contains(png.toAbsolutePath().toString()));
  }
}
