package dev.adjoint.processor;

import static dev.adjoint.processor.testing.CompiledSources.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.processor.testing.CompiledSources;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reverse sweep assigns a local's adjoint at its first contribution where the adjoint is
 * certainly zero (sources/FirstContributions.java.txt): every method's gradient agrees with forward
 * mode and central differences, and the assignment is made exactly where it is safe.
 */
class FirstContributionsTest {
  private static CompiledSources compiled;

  @BeforeAll
  static void compile() {
    compiled = CompiledSources.compile(resource("num.FirstContributions", "FirstContributions.java.txt"));
  }

  static Stream<Arguments> points() {
    return Stream.of(
        Arguments.of("rosenbrock", new Object[] {new double[] {0.3, -0.7, 1.2, 0.4, -0.1, 0.9}}),
        Arguments.of("twoReaders", new Object[] {0.7, 1.3}),
        Arguments.of("negated", new Object[] {new double[] {0.4, -1.1, 0.8}}),
        Arguments.of("branchLast", new Object[] {0.8, 1.3}), Arguments.of("branchLast", new Object[] {0.2, 1.3}),
        Arguments.of("throughSelection", new Object[] {new double[] {0.9, 0.2, -0.6}, new double[3], 0.5}),
        Arguments.of("throughSelection", new Object[] {new double[] {0.1, 1.2, -0.6}, new double[3], 0.05}),
        Arguments.of("innerLoop", new Object[] {new double[] {0.3, -0.4}, new double[] {0.5, 1.5, -0.2}}),
        Arguments.of("earlyContinue", new Object[] {new double[] {0.3, -0.4, 0.9, -0.2}}),
        Arguments.of("twoReturns", new Object[] {1.4}), Arguments.of("twoReturns", new Object[] {0.6}),
        Arguments.of("parameter", new Object[] {0.7, new double[] {0.3, -0.4, 1.1}}),
        Arguments.of("writtenLast", new Object[] {0.9}),
        Arguments.of("helperLast", new Object[] {0.45}),
        Arguments.of("inPlace", new Object[] {new double[] {0.3, -0.8, 1.1}, 0.9}),
        Arguments.of("leakyInPlace", new Object[] {new double[] {0.9, -0.4, 0.5}}),
        Arguments.of("leakyInPlace", new Object[] {new double[] {-0.3, 0.7, 0.1}}),
        Arguments.of("otherIndex", new Object[] {new double[] {0.3, -0.8, 1.1, 0.6}}),
        Arguments.of("selfUpdate", new Object[] {0.7, 4}), Arguments.of("selfUpdate", new Object[] {-1.2, 3}),
        Arguments.of("neighbour", new Object[] {new double[] {0.3, -0.8, 1.1, 0.6}, 0.45}),
        Arguments.of("branchThenMore", new Object[] {new double[] {0.9, -0.4, 0.5}}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("points")
  void derivativesAgree(String method, Object[] args) {
    compiled.check("num.FirstContributions", method).at(args);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("floatPoints")
  void floatDerivativesAgree(String method, Object[] args) {
    compiled.check("num.FirstContributions", method).floatArithmetic(1e-3).at(args);
  }

  static Stream<Arguments> floatPoints() {
    return Stream.of(Arguments.of("floats", new Object[] {new float[] {0.5f, -1.5f, 2f}, 0.75f}),
        Arguments.of("floatInPlace", new Object[] {new float[] {0.5f, -1.5f}}));
  }

  static Stream<Arguments> assignments() {
    return Stream.of(
        // method, adjoint, how many contributions assign, how many add
        Arguments.of("rosenbrock", "dt1", 1, 0), Arguments.of("rosenbrock", "dt2", 1, 0),
        Arguments.of("rosenbrock", "df", 1, 0),
        Arguments.of("twoReaders", "dt", 1, 2), Arguments.of("twoReaders", "du", 1, 0),
        Arguments.of("negated", "dt", 1, 1),
        Arguments.of("branchLast", "dt", 0, 2),
        Arguments.of("throughSelection", "da", 0, 3),
        Arguments.of("innerLoop", "dt", 1, 1),
        Arguments.of("earlyContinue", "dt", 1, 1),
        Arguments.of("parameter", "da", 1, 1),
        Arguments.of("writtenLast", "dt", 1, 1),
        Arguments.of("floats", "dt", 1, 0),
        Arguments.of("helperLast", "dt", 1, 1),
        // the reset element or variable: its first contribution assigns, the rest add
        Arguments.of("inPlace", "dv\\[i_2\\]", 1, 1), Arguments.of("leakyInPlace", "dv\\[i_2\\]", 2, 0),
        Arguments.of("otherIndex", "dv\\[i_2\\]", 0, 1), Arguments.of("otherIndex", "dv\\[j\\]", 0, 2),
        Arguments.of("selfUpdate", "ds", 2, 1), Arguments.of("neighbour", "dv\\[i_2\\]", 1, 0),
        Arguments.of("branchThenMore", "dv\\[i_2\\]", 2, 1), Arguments.of("floatInPlace", "dv\\[i_2\\]", 1, 1));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("assignments")
  void assignsOnlyWhereTheAdjointIsZero(String method, String adjoint, int assigned, int added) {
    String vjp = CompiledSources.method(compiled.generatedSource("num.FirstContributionsDerivatives"), method + "Vjp(");
    assertEquals(assigned, CompiledSources.linesStartingWith(vjp, adjoint + " = (?!0\\.0|0\\.0f;)"), vjp);
    assertEquals(added, CompiledSources.linesStartingWith(vjp, adjoint + " [-+]= "), vjp);
  }
}
