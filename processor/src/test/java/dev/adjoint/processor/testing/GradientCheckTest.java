package dev.adjoint.processor.testing;

import static dev.adjoint.processor.testing.CompiledSources.source;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The harness itself: hand-written companions (no {@code @Differentiable}, so the processor
 * leaves them alone) with planted mistakes must fail the check; a correct one must pass.
 */
class GradientCheckTest {
  private static CompiledSources compiled;

  @BeforeAll
  static void compile() {
    compiled = CompiledSources.compile(source("h.F", """
        package h;
        final class F {
          static double right(double x, double y) { return x * x * y; }
          static double reverseWrong(double x, double y) { return x * x * y; }
          static double bothWrong(double x, double y) { return x * x * y; }
          static double valueWrong(double x, double y) { return x * x * y; }
          static double mutates(double[] a) { return a[0]; }
        }
        """), source("h.FDerivatives", """
        package h;
        public final class FDerivatives {
          public record RightGradient(double value, double x, double y) {}
          public record RightTangent(double value, double tangent) {}
          public static RightGradient rightVjp(double x, double y, double s) {
            return new RightGradient(x * x * y, s * 2 * x * y, s * x * x);
          }
          public static RightTangent rightJvp(double x, double y, double dx, double dy) {
            return new RightTangent(x * x * y, 2 * x * y * dx + x * x * dy);
          }

          public record ReverseWrongGradient(double value, double x, double y) {}
          public record ReverseWrongTangent(double value, double tangent) {}
          public static ReverseWrongGradient reverseWrongVjp(double x, double y, double s) {
            return new ReverseWrongGradient(x * x * y, s * x * y, s * x * x);
          }
          public static ReverseWrongTangent reverseWrongJvp(double x, double y, double dx, double dy) {
            return new ReverseWrongTangent(x * x * y, 2 * x * y * dx + x * x * dy);
          }

          public record BothWrongGradient(double value, double x, double y) {}
          public record BothWrongTangent(double value, double tangent) {}
          public static BothWrongGradient bothWrongVjp(double x, double y, double s) {
            return new BothWrongGradient(x * x * y, s * x * y, s * x * x);
          }
          public static BothWrongTangent bothWrongJvp(double x, double y, double dx, double dy) {
            return new BothWrongTangent(x * x * y, x * y * dx + x * x * dy);
          }

          public record ValueWrongGradient(double value, double x, double y) {}
          public record ValueWrongTangent(double value, double tangent) {}
          public static ValueWrongGradient valueWrongVjp(double x, double y, double s) {
            return new ValueWrongGradient(x * y, s * 2 * x * y, s * x * x);
          }
          public static ValueWrongTangent valueWrongJvp(double x, double y, double dx, double dy) {
            return new ValueWrongTangent(x * x * y, 2 * x * y * dx + x * x * dy);
          }

          public record MutatesGradient(double value, double[] a) {}
          public record MutatesTangent(double value, double tangent) {}
          public static MutatesGradient mutatesVjp(double[] a, double s) {
            double v = a[0];
            a[0] = 0;
            double[] g = new double[a.length];
            g[0] = s;
            return new MutatesGradient(v, g);
          }
          public static MutatesTangent mutatesJvp(double[] a, double[] da) {
            return new MutatesTangent(a[0], da[0]);
          }
        }
        """));
  }

  @Test
  void correctDerivativesPass() {
    compiled.check("h.F", "right").at(1.5, -0.5);
  }

  @Test
  void reverseDisagreeingWithForwardFailsTheDotProductTest() {
    AssertionError e = assertThrows(AssertionError.class, () -> compiled.check("h.F", "reverseWrong").at(1.5, -0.5));
    assertTrue(e.getMessage().contains("dot-product"), e.getMessage());
  }

  @Test
  void consistentButWrongDerivativesFailFiniteDifferences() {
    AssertionError e = assertThrows(AssertionError.class, () -> compiled.check("h.F", "bothWrong").at(1.5, -0.5));
    assertTrue(e.getMessage().contains("finite differences"), e.getMessage());
  }

  @Test
  void wrongValueFails() {
    AssertionError e = assertThrows(AssertionError.class, () -> compiled.check("h.F", "valueWrong").at(1.5, -0.5));
    assertTrue(e.getMessage().contains("Vjp value"), e.getMessage());
  }

  @Test
  void mutatedArgumentFails() {
    AssertionError e = assertThrows(AssertionError.class,
        () -> compiled.check("h.F", "mutates").at((Object) new double[] {1, 2}));
    assertTrue(e.getMessage().contains("mutated argument 0"), e.getMessage());
  }
}
