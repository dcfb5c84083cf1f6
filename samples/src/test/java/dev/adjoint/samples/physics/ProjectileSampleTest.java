package dev.adjoint.samples.physics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.GradChecks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProjectileSampleTest {
  @Test
  void fitRecoversTheLaunchFromNoisyObservations() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Projectile.Launch fitted = ProjectileSample.run(new PrintStream(printed, true, StandardCharsets.UTF_8));
    // 25 observations with 5 cm noise pin the launch down to about these tolerances
    assertEquals(ProjectileSample.TRUTH.speed(), fitted.speed(), 0.1);
    assertEquals(ProjectileSample.TRUTH.angle(), fitted.angle(), 0.005);
    assertEquals(ProjectileSample.TRUTH.drag(), fitted.drag(), 0.05);
    // at the optimum the mean squared distance is the noise floor, 2 sigma² = 0.005 m²
    ProjectileSample.Observations seen = ProjectileSample.observe(ProjectileSample.TRUTH, new Random(ProjectileSample.SEED));
    double misfit = Projectile.misfit(fitted, seen.x(), seen.y(), ProjectileSample.EVERY);
    assertTrue(misfit > 0.003 && misfit < 0.008, "misfit " + misfit);
    assertTrue(printed.toString(StandardCharsets.UTF_8).contains("ProjectileDerivatives.java"));
  }

  /** Without drag the flight is a parabola: the gradient of the final position has a closed form. */
  @Test
  void stepWithoutDragIsTheKnownParabola() {
    Projectile.State s = new Projectile.State(1, 2, 3, 4);
    ProjectileDerivatives.StepTangent t = ProjectileDerivatives.stepJvp(s, 0, 0.1,
        new Projectile.State(0, 0, 1, 0), 0, 0);
    assertEquals(new Projectile.State(1.3, 2.4, 3, 4 - 0.981), t.value());
    assertEquals(0.1, t.tangent().x(), 1e-15); // d x' / d vx = dt
    assertEquals(1.0, t.tangent().vx(), 1e-15);
    ProjectileDerivatives.StepGradient g = ProjectileDerivatives.stepVjp(s, 0, 0.1, new Projectile.State(0, 1, 0, 0));
    assertEquals(new Projectile.State(0, 1, 0, 0.1), g.s()); // d y' / d (x, y, vx, vy)
  }

  @Test
  void misfitGradientMatchesCentralDifferences() {
    ProjectileSample.Observations seen = ProjectileSample.observe(ProjectileSample.TRUTH, new Random(1));
    Projectile.Launch at = new Projectile.Launch(20, 0.8, 1.2);
    Projectile.Launch g = ProjectileDerivatives.misfitGradient(at, seen.x(), seen.y(), ProjectileSample.EVERY).launch();
    double h = 1e-6;
    double[] numeric = new double[3];
    for (int k = 0; k < 3; k++) {
      double[] plus = {at.speed(), at.angle(), at.drag()};
      double[] minus = plus.clone();
      plus[k] += h;
      minus[k] -= h;
      numeric[k] = (Projectile.misfit(new Projectile.Launch(plus[0], plus[1], plus[2]), seen.x(), seen.y(), 10)
          - Projectile.misfit(new Projectile.Launch(minus[0], minus[1], minus[2]), seen.x(), seen.y(), 10)) / (2 * h);
    }
    assertEquals(numeric[0], g.speed(), 1e-5 * (1 + Math.abs(numeric[0])));
    assertEquals(numeric[1], g.angle(), 1e-5 * (1 + Math.abs(numeric[1])));
    assertEquals(numeric[2], g.drag(), 1e-5 * (1 + Math.abs(numeric[2])));
  }

  @Test
  void gradientChecksPass() {
    GradChecks.Report report = GradChecks.verify(Projectile.class);
    assertTrue(report.passed() && report.methods() == 2, report.toString());
  }
}
