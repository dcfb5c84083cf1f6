package dev.adjoint.benchmarks.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The benchmark's two gradients: bit-identical, and equal to central differences. */
class Rk4ModelTest {
  @Test
  void checkpointedGradientIsBitIdenticalToTheInlinedOne() {
    Rk4Benchmark bench = new Rk4Benchmark();
    bench.steps = 1_000_000;
    Rk4ModelDerivatives.PlainTrajectoryGradient plain = bench.reverse();
    Rk4ModelDerivatives.TrajectoryGradient checkpointed = bench.checkpointed();
    assertEquals(plain.value(), checkpointed.value());
    // assertEquals(double, double) compares the bits
    assertEquals(plain.y0(), checkpointed.y0());
    assertEquals(plain.k(), checkpointed.k());
    assertEquals(bench.primal(), checkpointed.value());
  }

  @Test
  void binomialGradientIsBitIdenticalToTheInlinedOne() {
    for (int steps : new int[] {0, 1, 2, 19, 20, 21, 1000, 1_000_000}) {
      Rk4Benchmark bench = new Rk4Benchmark();
      bench.steps = steps;
      Rk4ModelDerivatives.PlainTrajectoryGradient plain = bench.reverse();
      Rk4ModelDerivatives.BinomialTrajectoryGradient binomial = bench.binomial();
      assertEquals(plain.value(), binomial.value(), "steps " + steps);
      assertEquals(plain.y0(), binomial.y0(), "steps " + steps);
      assertEquals(plain.k(), binomial.k(), "steps " + steps);
    }
  }

  @Test
  void gradientAgreesWithCentralDifferences() {
    int n = 2000;
    double h = 10.0 / n;
    Rk4ModelDerivatives.TrajectoryGradient g = Rk4ModelDerivatives.trajectoryGradient(0.7, 1.3, h, n);
    double e = 1e-6;
    double dy0 = (Rk4Model.trajectory(0.7 + e, 1.3, h, n) - Rk4Model.trajectory(0.7 - e, 1.3, h, n)) / (2 * e);
    double dk = (Rk4Model.trajectory(0.7, 1.3 + e, h, n) - Rk4Model.trajectory(0.7, 1.3 - e, h, n)) / (2 * e);
    assertTrue(Math.abs(g.y0() - dy0) <= 1e-7 * (1 + Math.abs(dy0)), g.y0() + " vs " + dy0);
    assertTrue(Math.abs(g.k() - dk) <= 1e-7 * (1 + Math.abs(dk)), g.k() + " vs " + dk);
    Rk4ModelDerivatives.TrajectoryTangent t = Rk4ModelDerivatives.trajectoryJvp(0.7, 1.3, h, n, 0.25, -0.5);
    assertTrue(Math.abs(t.tangent() - (0.25 * g.y0() - 0.5 * g.k())) <= 1e-12 * (1 + Math.abs(t.tangent())));
  }
}
