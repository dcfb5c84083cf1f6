package dev.adjoint.junit;

import dev.adjoint.DerivativeOf;
import dev.adjoint.Differentiable;
import dev.adjoint.GradCheck;

/** A wrong custom derivative (2x² for x³): the gradient check must fail at each sample. */
final class BrokenModel {
  private BrokenModel() {}

  @DerivativeOf("dev.adjoint.junit.Library.cube")
  static double wrongCubePartial(double x) {
    return 2 * x * x;
  }

  @Differentiable
  @GradCheck({"x=2", "x=-1"})
  static double cubed(double x) {
    return Library.cube(x);
  }
}
