package dev.adjoint.samples.physics;

import dev.adjoint.Differentiable;
import dev.adjoint.GradCheck;

/**
 * A projectile with quadratic air drag, its state a record stepped by a {@code @Differentiable}
 * method that returns the next state: the companion differentiates through the whole time loop.
 */
final class Projectile {
  static final double GRAVITY = 9.81;
  /** Time step of the explicit Euler integration, in seconds. */
  static final double DT = 0.01;

  private Projectile() {}

  /** Position (m) and velocity (m/s). */
  record State(double x, double y, double vx, double vy) {}

  /**
   * The unknowns fitted to the observations: launch speed (m/s), launch angle (radians) and the drag
   * coefficient per unit mass, in 1/100 per metre (so the three are of similar size for the optimizer).
   */
  record Launch(double speed, double angle, double drag) {}

  /** One Euler step: gravity and a drag force against the velocity, proportional to its square. */
  @Differentiable
  static State step(State s, double drag, double dt) {
    double speed = Math.sqrt(s.vx() * s.vx() + s.vy() * s.vy());
    double ax = -drag * speed * s.vx();
    double ay = -GRAVITY - drag * speed * s.vy();
    return new State(s.x() + dt * s.vx(), s.y() + dt * s.vy(), s.vx() + dt * ax, s.vy() + dt * ay);
  }

  /** The state after {@code steps} steps from the launch. */
  static State fly(Launch launch, int steps) {
    State s = start(launch);
    for (int i = 0; i < steps; i++) {
      s = step(s, launch.drag() / 100, DT);
    }
    return s;
  }

  static State start(Launch launch) {
    return new State(0, 0, launch.speed() * Math.cos(launch.angle()), launch.speed() * Math.sin(launch.angle()));
  }

  /**
   * Mean squared distance between the simulated positions and the observed ones, taken every
   * {@code every} steps: the loss whose gradient with respect to the launch the fit follows.
   */
  @Differentiable(wrt = "launch")
  @GradCheck("launch.speed=18, launch.angle=0.7, launch.drag=1.5, observedX=[1.5, 3.1, 4.4],"
      + " observedY=[1.2, 2.0, 2.6], every=10")
  static double misfit(Launch launch, double[] observedX, double[] observedY, int every) {
    State s = start(launch);
    double sum = 0;
    for (int k = 0; k < observedX.length; k++) {
      for (int i = 0; i < every; i++) {
        s = step(s, launch.drag() / 100, DT);
      }
      double dx = s.x() - observedX[k];
      double dy = s.y() - observedY[k];
      sum += dx * dx + dy * dy;
    }
    return sum / observedX.length;
  }
}
