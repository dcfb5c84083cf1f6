package dev.adjoint.samples.customs;

import java.io.PrintStream;

/**
 * A third-party function with a user-given derivative: {@link ProbitLoss} calls Hipparchus'
 * {@code Erf.erf}, differentiated through {@code ProbitLoss.erfPartial}. Prints the generated
 * gradient next to central differences.
 */
public final class CustomDerivativeSample {
  private CustomDerivativeSample() {}

  static final String COMPANION_SOURCE = "samples/target/generated-sources/annotations/"
      + "dev/adjoint/samples/customs/ProbitLossDerivatives.java";

  /** Central difference of the loss in w (which = 0) or b (which = 1). */
  static double centralDifference(double w, double b, double x, double y, int which) {
    double h = 1e-6;
    double plus = which == 0 ? ProbitLoss.loss(w + h, b, x, y) : ProbitLoss.loss(w, b + h, x, y);
    double minus = which == 0 ? ProbitLoss.loss(w - h, b, x, y) : ProbitLoss.loss(w, b - h, x, y);
    return (plus - minus) / (2 * h);
  }

  public static void run(PrintStream out) {
    double w = 0.7, b = -0.2, x = 1.3, y = 1.0;
    ProbitLossDerivatives.LossGradient g = ProbitLossDerivatives.lossGradient(w, b, x, y);
    out.printf("loss(w=%.1f, b=%.1f; x=%.1f, y=%.1f) = %.12f%n", w, b, x, y, g.value());
    out.printf("dloss/dw generated %.12f   central difference %.12f%n", g.w(),
        centralDifference(w, b, x, y, 0));
    out.printf("dloss/db generated %.12f   central difference %.12f%n", g.b(),
        centralDifference(w, b, x, y, 1));
    out.println("generated companion: " + COMPANION_SOURCE);
  }
}
