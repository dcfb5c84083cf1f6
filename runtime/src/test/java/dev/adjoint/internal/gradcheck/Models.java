package dev.adjoint.internal.gradcheck;

import dev.adjoint.Differentiable;
import dev.adjoint.GradCheck;

/** Nested models, whose companions are named {@code Models_<Name>Derivatives}. */
final class Models {
  private Models() {}

  /** Its companion {@link Models_BrokenDerivatives} has a deliberately wrong reverse mode. */
  static final class Broken {
    private Broken() {}

    @Differentiable
    @GradCheck("x=3")
    static double square(double x) {
      return x * x;
    }
  }
}
