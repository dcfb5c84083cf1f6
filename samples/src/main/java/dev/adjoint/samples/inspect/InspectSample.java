package dev.adjoint.samples.inspect;

import dev.adjoint.Differentiable;
import java.io.PrintStream;

/**
 * A method small enough to read its generated companion {@link InspectSampleDerivatives} line by
 * line (docs/generated-code.md): a {@code Math} call, a branch and a reassignment.
 */
public final class InspectSample {
  private InspectSample() {}

  /** Where the processor writes the companion of this class, relative to the repository root. */
  static final String COMPANION_SOURCE = "samples/target/generated-sources/annotations/"
      + "dev/adjoint/samples/inspect/InspectSampleDerivatives.java";

  /** The sample point: sin(x*y) = sin(1.5) > 0, so the branch is taken. */
  static final double X = 1.5;
  static final double Y = 1.0;

  @Differentiable
  static double f(double x, double y) {
    double s = Math.sin(x * y);
    if (s > 0) s = s * s;
    return s + Math.log(x);
  }

  public static void main(String[] args) {
    run(System.out);
  }

  public static void run(PrintStream out) {
    out.printf("f(x, y) = s + log(x), s = sin(x*y), squared when positive;  x=%s y=%s%n", X, Y);
    out.println("generated companion: " + COMPANION_SOURCE);
    out.printf("  value            %.15f%n", f(X, Y));
    InspectSampleDerivatives.FGradient g = InspectSampleDerivatives.fGradient(X, Y);
    out.printf("  fGradient        df/dx = %.15f  df/dy = %.15f%n", g.x(), g.y());
    InspectSampleDerivatives.FTangent t = InspectSampleDerivatives.fJvp(X, Y, 1, 0);
    out.printf("  fJvp (dx=1,dy=0) value = %.15f  tangent = %.15f%n", t.value(), t.tangent());
  }
}
