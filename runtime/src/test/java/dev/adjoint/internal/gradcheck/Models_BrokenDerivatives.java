package dev.adjoint.internal.gradcheck;

import dev.adjoint.internal.CheckedMethod;
import dev.adjoint.internal.Param;
import dev.adjoint.internal.ParamKind;
import java.util.List;

/** Companion of {@link Models.Broken}, as generated except for the bug in {@link #squareVjp}. */
public final class Models_BrokenDerivatives {
  private Models_BrokenDerivatives() {}

  public record SquareGradient(double value, double x) {}

  public record SquareTangent(double value, double tangent) {}

  public static SquareGradient squareVjp(double x, double seed) {
    return new SquareGradient(x * x, seed * (x + 2)); // the bug: d(x*x)/dx is 2x
  }

  public static SquareTangent squareJvp(double x, double dx) {
    return new SquareTangent(x * x, 2 * x * dx);
  }

  public static List<CheckedMethod> checkedMethods() {
    return List.of(new CheckedMethod(
        "square",
        List.of(Param.of("x", ParamKind.DOUBLE)),
        ParamKind.DOUBLE,
        List.of("x"),
        List.of("x=3"),
        args -> Models.Broken.square((double) args[0]),
        (args, seed) -> {
          SquareGradient g = squareVjp((double) args[0], (double) seed);
          return new Object[] {g.value(), g.x()};
        },
        (args, tangents) -> {
          SquareTangent t = squareJvp((double) args[0], (double) tangents[0]);
          return new Object[] {t.value(), t.tangent()};
        }));
  }
}
