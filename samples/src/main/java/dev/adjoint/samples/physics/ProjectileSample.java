package dev.adjoint.samples.physics;

import dev.adjoint.optim.Adam;
import java.io.PrintStream;
import java.util.Random;

/**
 * Fits the launch speed, angle and drag of a projectile to noisy observations of its flight: the
 * state is a record stepped by the {@code @Differentiable} method {@link Projectile#step}, the
 * misfit runs the whole time loop, and Adam follows the generated gradient, a {@code Launch} record
 * like the parameters it updates.
 */
public final class ProjectileSample {
  /** The launch that made the observations. */
  static final Projectile.Launch TRUTH = new Projectile.Launch(22, 0.9, 2.0);
  /** Where the fit starts. */
  static final Projectile.Launch START = new Projectile.Launch(15, 0.6, 0.5);
  static final int OBSERVATIONS = 25;
  /** An observation every 0.1 s. */
  static final int EVERY = 10;
  /** Standard deviation of the measurement noise, metres. */
  static final double NOISE = 0.05;
  static final long SEED = 11;

  private ProjectileSample() {}

  /** The observed positions: the true flight, sampled every {@link #EVERY} steps, with noise. */
  record Observations(double[] x, double[] y) {}

  static Observations observe(Projectile.Launch launch, Random random) {
    double[] x = new double[OBSERVATIONS];
    double[] y = new double[OBSERVATIONS];
    for (int k = 0; k < OBSERVATIONS; k++) {
      Projectile.State s = Projectile.fly(launch, (k + 1) * EVERY);
      x[k] = s.x() + NOISE * random.nextGaussian();
      y[k] = s.y() + NOISE * random.nextGaussian();
    }
    return new Observations(x, y);
  }

  /** Adam, then Adam at a tenth of the learning rate, so the fit settles. */
  static Projectile.Launch fit(Observations seen, PrintStream out) {
    Projectile.Launch launch = START;
    int iteration = 0;
    for (double rate : new double[] {0.05, 0.005}) {
      Adam adam = new Adam(rate);
      for (int i = 0; i < 1500; i++, iteration++) {
        ProjectileDerivatives.MisfitGradient g = ProjectileDerivatives.misfitGradient(launch, seen.x(), seen.y(), EVERY);
        if (iteration % 1500 == 0) {
          out.printf("  iteration %4d  misfit %.6f m²  %s%n", iteration, g.value(), launch);
        }
        launch = adam.step(launch, g.launch());
      }
    }
    out.printf("  iteration %4d  misfit %.6f m²  %s%n", iteration,
        Projectile.misfit(launch, seen.x(), seen.y(), EVERY), launch);
    return launch;
  }

  public static void main(String[] args) {
    run(System.out);
  }

  /** Runs the sample; returns the fitted launch. */
  public static Projectile.Launch run(PrintStream out) {
    Observations seen = observe(TRUTH, new Random(SEED));
    out.printf("%d noisy observations (sigma %.2f m) of a projectile launched with %s%n", OBSERVATIONS, NOISE, TRUTH);
    out.println("gradient from the generated companion: samples/target/generated-sources/annotations/"
        + "dev/adjoint/samples/physics/ProjectileDerivatives.java");
    Projectile.Launch fitted = fit(seen, out);
    out.printf("fitted speed %.3f m/s (true %.1f), angle %.4f rad (true %.1f), drag %.4f /100 m (true %.1f)%n",
        fitted.speed(), TRUTH.speed(), fitted.angle(), TRUTH.angle(), fitted.drag(), TRUTH.drag());
    return fitted;
  }
}
