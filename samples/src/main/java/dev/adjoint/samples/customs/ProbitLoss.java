package dev.adjoint.samples.customs;

import dev.adjoint.DerivativeOf;
import dev.adjoint.Differentiable;
import dev.adjoint.GradCheck;
import org.hipparchus.special.Erf;

/**
 * A probit model's squared-error loss, calling Hipparchus' {@code Erf.erf} — a third-party
 * function whose body the processor never sees. {@link #erfPartial} tells it the derivative.
 */
public final class ProbitLoss {
  private ProbitLoss() {}

  /** d erf(x)/dx = 2/sqrt(pi) exp(-x^2). */
  @DerivativeOf("org.hipparchus.special.Erf.erf")
  static double erfPartial(double x) {
    return 2 / Math.sqrt(Math.PI) * Math.exp(-x * x);
  }

  /** (Phi(w x + b) - y)^2 with Phi(z) = (1 + erf(z / sqrt 2)) / 2. */
  @Differentiable
  @GradCheck({"w=0.7, b=-0.2, x=1.3, y=1.0", "w=-1.1, b=0.4, x=0.5, y=0.0"})
  public static double loss(double w, double b, double x, double y) {
    double phi = 0.5 * (1 + Erf.erf((w * x + b) / Math.sqrt(2)));
    double r = phi - y;
    return r * r;
  }
}
