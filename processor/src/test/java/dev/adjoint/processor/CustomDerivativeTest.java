package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.testing.CompiledSources.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.adjoint.GradChecks;
import dev.adjoint.processor.testing.CompiledSources;
import java.lang.reflect.Method;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code @DerivativeOf}: a user's partials of a function the processor cannot differentiate, used
 * in both modes and checked by {@code GradChecks} like every other derivative.
 */
class CustomDerivativeTest {
  /** A "third-party" function: a plain static method, so it has no known derivative. */
  private static final JavaFileObject SPECIAL = source("lib.Special", """
      package lib;

      public final class Special {
        private Special() {}

        /** log(1 + exp(beta a)) / beta. */
        public static double softplus(double a, double beta) {
          return Math.log1p(Math.exp(beta * a)) / beta;
        }
      }
      """);

  private static final JavaFileObject MODEL = source("m.Model", """
      package m;

      import dev.adjoint.Differentiable;
      import dev.adjoint.GradCheck;
      import lib.Special;

      final class Model {
        @Differentiable
        @GradCheck({"x=0.3, b=2", "x=-1.5, b=0.5"})
        static double f(double x, double b) {
          return Special.softplus(x * x, b) + x;
        }
      }
      """);

  /** d/da = sigmoid(beta a); d/dbeta = a sigmoid(beta a) / beta - softplus / beta, by hand; {@code wrongA} drops beta's sign. */
  private static JavaFileObject partials(String partialA) {
    return source("m.SoftplusPartials", """
        package m;

        import dev.adjoint.DerivativeOf;

        final class SoftplusPartials {
          @DerivativeOf("lib.Special.softplus")
          static double softplusA(double a, double beta) {
            return %s;
          }

          @DerivativeOf(value = "lib.Special.softplus", argument = 1)
          static double softplusBeta(double a, double beta) {
            double s = 1 / (1 + Math.exp(-beta * a));
            return (a * s - Math.log1p(Math.exp(beta * a)) / beta) / beta;
          }
        }
        """.formatted(partialA));
  }

  private static final String RIGHT = "1 / (1 + Math.exp(-beta * a))";

  @Test
  void correctPartialsGiveTheGradientInBothModes() throws Exception {
    CompiledSources compiled = CompiledSources.compile(SPECIAL, MODEL, partials(RIGHT));
    String generated = compiled.generatedSource("m.ModelDerivatives");
    assertTrue(generated.contains("SoftplusPartials.softplusA(x * x, b)"), generated);
    assertTrue(generated.contains("SoftplusPartials.softplusBeta(x * x, b)"), generated);

    compiled.check("m.Model", "f").at(0.3, 2.0).at(-1.5, 0.5);

    Method gradient = compiled.load("m.ModelDerivatives").getDeclaredMethod("fGradient", double.class, double.class);
    gradient.setAccessible(true);
    Object g = gradient.invoke(null, 0.3, 2.0);
    double a = 0.09;
    double sigmoid = 1 / (1 + Math.exp(-0.18));
    assertEquals(2 * 0.3 * sigmoid + 1, component(g, "x"), 1e-12);
    assertEquals((a * sigmoid - Math.log1p(Math.exp(0.18)) / 2) / 2, component(g, "b"), 1e-12);

    assertTrue(GradChecks.verify(compiled.load("m.Model")).passed());
  }

  private static double component(Object record, String name) throws ReflectiveOperationException {
    Method accessor = record.getClass().getDeclaredMethod(name);
    accessor.setAccessible(true);
    return (double) accessor.invoke(record);
  }

  @Test
  void wrongPartialIsCaughtByGradChecks() {
    CompiledSources compiled = CompiledSources.compile(SPECIAL, MODEL, partials("1 / (1 + Math.exp(beta * a))"));
    GradChecks.Report report = GradChecks.verify(compiled.load("m.Model"));
    assertFalse(report.passed());
    assertTrue(report.toString().contains("Model.f, sample 1 \"x=0.3, b=2\": reverse mode vs central finite"
        + " difference, x"), report::toString);
  }

  @Test
  void partialWithTheWrongSignatureIsAnError() {
    JavaFileObject bad = source("m.BadPartials", """
        package m;

        import dev.adjoint.DerivativeOf;

        final class BadPartials {
          @DerivativeOf("lib.Special.softplus")
          static double softplusA(double a) {
            return a;
          }
        }
        """);
    Compilation compilation = CompiledSources.compiler().compile(SPECIAL, bad);
    assertThat(compilation).hadErrorContaining("@DerivativeOf method softplusA must be declared static double"
        + " softplusA(double, double): the partial derivative of lib.Special.softplus with respect to argument 0")
        .inFile(bad).onLineContaining("static double softplusA(double a)");
  }

  @Test
  void unknownFunctionIsAnError() {
    JavaFileObject bad = source("m.BadPartials", """
        package m;

        import dev.adjoint.DerivativeOf;

        final class BadPartials {
          @DerivativeOf("lib.Special.softmax")
          static double d(double a) {
            return a;
          }
        }
        """);
    Compilation compilation = CompiledSources.compiler().compile(SPECIAL, bad);
    assertThat(compilation).hadErrorContaining("@DerivativeOf(\"lib.Special.softmax\") names no static method")
        .inFile(bad).onLineContaining("@DerivativeOf(\"lib.Special.softmax\")");
  }

  /** Partials for argument 0 only: the call, whose second argument is active, is an error. */
  @Test
  void missingPartialIsAnErrorAtTheCall() {
    JavaFileObject half = source("m.HalfPartials", """
        package m;

        import dev.adjoint.DerivativeOf;

        final class HalfPartials {
          @DerivativeOf("lib.Special.softplus")
          static double softplusA(double a, double beta) {
            return 1 / (1 + Math.exp(-beta * a));
          }
        }
        """);
    Compilation compilation = CompiledSources.compiler().compile(SPECIAL, MODEL, half);
    assertThat(compilation).hadErrorContaining("lib.Special.softplus has @DerivativeOf methods, but none for"
        + " argument 1").inFile(MODEL).onLineContaining("return Special.softplus(x * x, b) + x;");
  }

  /**
   * Partials for argument 0 only, like a special function differentiable in x but not in its
   * shape: calls passing a value without derivative there (a parameter outside {@code wrt}, a
   * constant) are differentiated, statically and on the tape; a value with a derivative there is
   * an error at that argument.
   */
  @Test
  void argumentWithoutPartialIsFineWhereItCarriesNoDerivative() {
    JavaFileObject half = source("m.HalfPartials", """
        package m;

        import dev.adjoint.DerivativeOf;

        public final class HalfPartials {
          @DerivativeOf("lib.Special.softplus")
          public static double softplusA(double a, double beta) {
            return 1 / (1 + Math.exp(-beta * a));
          }
        }
        """);
    JavaFileObject model = source("m.Shape", """
        package m;

        import dev.adjoint.Differentiable;
        import lib.Special;

        final class Shape {
          @Differentiable(wrt = "x")
          static double passiveShape(double x, double beta) {
            return Special.softplus(x * x, beta) + Special.softplus(x, 2.0);
          }

          @SuppressWarnings("adjoint")
          @Differentiable(wrt = "x")
          static double tapedPassive(double x, double beta) {
            double s;
            try {
              s = Special.softplus(Math.sin(x), beta) * beta;
            } catch (RuntimeException e) {
              s = 0;
            }
            return s;
          }
        }
        """);
    Compilation compilation = CompiledSources.compiler().compile(SPECIAL, half, model);
    assertThat(compilation).hadErrorCount(0);
    CompiledSources compiled = CompiledSources.of(compilation);
    compiled.check("m.Shape", "passiveShape").at(0.4, 1.7).at(-1.2, 0.6);
    compiled.check("m.Shape", "tapedPassive").at(0.4, 1.7).at(-1.2, 0.6);
    // the taped copy checks, as it runs, that the value there carries no derivative
    assertTrue(compiled.generatedSource("m.ShapeDerivatives").contains("noDerivative("),
        compiled.generatedSource("m.ShapeDerivatives"));
    // a value with a derivative there is an error at the argument, also in a method the tape runs
    JavaFileObject active = source("m.ActiveShape", """
        package m;

        import dev.adjoint.Differentiable;
        import lib.Special;

        final class ActiveShape {
          @Differentiable
          static double taped(double x, double beta) {
            double s;
            try {
              s = Special.softplus(Math.sin(x), 1.5) * beta;
            } catch (RuntimeException e) {
              s = 0;
            }
            return s + Special.softplus(x,
                1.0 + beta);
          }
        }
        """);
    assertThat(CompiledSources.compiler().compile(SPECIAL, half, active)).hadErrorContaining(
        "lib.Special.softplus has @DerivativeOf methods, but none for argument 1, and the value passed there depends on"
            + " a differentiated parameter").inFile(active).onLineContaining("1.0 + beta);");
  }

  @Test
  void argumentOutOfRangeIsAnError() {
    JavaFileObject bad = source("m.BadPartials", """
        package m;

        import dev.adjoint.DerivativeOf;

        final class BadPartials {
          @DerivativeOf(value = "lib.Special.softplus", argument = 2)
          static double d(double a, double beta) {
            return a;
          }
        }
        """);
    Compilation compilation = CompiledSources.compiler().compile(SPECIAL, bad);
    assertThat(compilation).hadErrorContaining("@DerivativeOf argument 2 is out of range: lib.Special.softplus has 2"
        + " parameters").inFile(bad).onLineContaining("argument = 2");
  }

  /** The partials live in another package, in a class the companion in package m cannot see. */
  @Test
  void partialInvisibleToTheCompanionIsAnErrorAtTheCall() {
    JavaFileObject hidden = source("other.HiddenPartials", """
        package other;

        import dev.adjoint.DerivativeOf;

        final class HiddenPartials {
          @DerivativeOf("lib.Special.softplus")
          public static double a(double a, double beta) {
            return 1 / (1 + Math.exp(-beta * a));
          }

          @DerivativeOf(value = "lib.Special.softplus", argument = 1)
          public static double beta(double a, double beta) {
            return 0;
          }
        }
        """);
    Compilation compilation = CompiledSources.compiler().compile(SPECIAL, MODEL, hidden);
    assertThat(compilation).hadErrorContaining("the @DerivativeOf method other.HiddenPartials.a is not public, so the"
        + " companion in package m cannot call it").inFile(MODEL).onLineContaining("return Special.softplus(");
  }

  @Test
  void twoPartialsForTheSameArgumentAreAnError() {
    JavaFileObject twice = source("m.TwicePartials", """
        package m;

        import dev.adjoint.DerivativeOf;

        final class TwicePartials {
          @DerivativeOf("lib.Special.softplus")
          static double first(double a, double beta) {
            return 1 / (1 + Math.exp(-beta * a));
          }

          @DerivativeOf("lib.Special.softplus")
          static double second(double a, double beta) {
            return 1 / (1 + Math.exp(-beta * a));
          }
        }
        """);
    Compilation compilation = CompiledSources.compiler().compile(SPECIAL, twice);
    assertThat(compilation).hadErrorContaining("lib.Special.softplus already has a @DerivativeOf method for argument 0:"
        + " m.TwicePartials.first").inFile(twice).onLineContaining("static double second(");
  }
}
