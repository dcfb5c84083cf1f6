package dev.adjoint.samples.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.samples.Printed;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class InspectSampleTest {
  /** Hand derivation: f = g(sin(xy)) + log x with g(s) = s^2 if s > 0 else s. */
  private static double[] closedFormGradient(double x, double y) {
    double s = Math.sin(x * y);
    double c = Math.cos(x * y);
    double dgds = s > 0 ? 2 * s : 1;
    return new double[] {dgds * c * y + 1 / x, dgds * c * x};
  }

  private static double[] centralDifferences(double x, double y) {
    double h = 1e-6;
    return new double[] {
      (InspectSample.f(x + h, y) - InspectSample.f(x - h, y)) / (2 * h),
      (InspectSample.f(x, y + h) - InspectSample.f(x, y - h)) / (2 * h)
    };
  }

  /** The sample point (branch taken, sin(1.5) > 0) and one where sin(xy) < 0 (branch skipped). */
  @Test
  void gradientMatchesClosedFormAndFiniteDifferencesOnBothSidesOfTheBranch() {
    double[][] points = {{InspectSample.X, InspectSample.Y}, {2.0, 2.0}, {0.7, -1.3}};
    for (double[] p : points) {
      double x = p[0];
      double y = p[1];
      InspectSampleDerivatives.FGradient g = InspectSampleDerivatives.fGradient(x, y);
      double[] exact = closedFormGradient(x, y);
      double[] fd = centralDifferences(x, y);
      assertEquals(InspectSample.f(x, y), g.value(), 0.0);
      assertEquals(exact[0], g.x(), 1e-14, "df/dx closed form at " + x + "," + y);
      assertEquals(exact[1], g.y(), 1e-14, "df/dy closed form at " + x + "," + y);
      assertEquals(fd[0], g.x(), 1e-7, "df/dx finite differences at " + x + "," + y);
      assertEquals(fd[1], g.y(), 1e-7, "df/dy finite differences at " + x + "," + y);
      // Forward mode: each unit tangent gives one gradient component.
      assertEquals(exact[0], InspectSampleDerivatives.fJvp(x, y, 1, 0).tangent(), 1e-14);
      assertEquals(exact[1], InspectSampleDerivatives.fJvp(x, y, 0, 1).tangent(), 1e-14);
      // Vjp with seed 3 scales the gradient by 3.
      assertEquals(3 * exact[0], InspectSampleDerivatives.fVjp(x, y, 3).x(), 1e-13);
    }
  }

  @Test
  void printsValueGradientJvpAndAnExistingCompanionPath() {
    String text = Printed.by(InspectSample::run);
    for (String part : new String[] {"value", "fGradient", "fJvp", InspectSample.COMPANION_SOURCE}) {
      assertTrue(text.contains(part), () -> "missing \"" + part + "\" in:\n" + text);
    }
    // Surefire runs in samples/: the printed path (relative to the repository root) must exist.
    Path companion = Path.of(InspectSample.COMPANION_SOURCE.substring("samples/".length()));
    assertTrue(Files.isRegularFile(companion), companion.toAbsolutePath().toString());
  }
}
