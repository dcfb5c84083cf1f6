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
 * A fused loop whose iterations touch disjoint elements of a parameter's adjoint stores each
 * element's first contribution (sources/DisjointElements.java.txt): every method's gradient agrees
 * with forward mode and central differences, and the stores are made exactly where they are safe.
 */
class DisjointElementsTest {
  private static CompiledSources compiled;

  @BeforeAll
  static void compile() {
    compiled = CompiledSources.compile(resource("num.DisjointElements", "DisjointElements.java.txt"));
  }

  static Stream<Arguments> points() {
    double[] x = {0.3, -0.7, 1.2, 0.4, -0.1, 0.9};
    double[] odd = {0.3, -0.7, 1.2, 0.4, -0.1, 0.9, 0.6};
    return Stream.of(
        Arguments.of("rosenbrock", new Object[] {x}), Arguments.of("rosenbrock", new Object[] {odd}),
        Arguments.of("neighbours", new Object[] {x}), Arguments.of("backwards", new Object[] {x}),
        Arguments.of("backwards", new Object[] {odd}), Arguments.of("gap", new Object[] {odd}),
        Arguments.of("returnReads", new Object[] {x}), Arguments.of("alias", new Object[] {x}),
        Arguments.of("twoArrays", new Object[] {x, new double[] {0.5, 0.1, -0.3, 0.8, 0.2, -0.4}}),
        Arguments.of("counterWritten", new Object[] {x}), Arguments.of("branchFirst", new Object[] {x}),
        Arguments.of("branchLast", new Object[] {x}),
        Arguments.of("innerLoop", new Object[] {new double[] {0.3, -0.7, 1.2}, new double[] {0.5, -0.2}}),
        Arguments.of("selection", new Object[] {x}), Arguments.of("selection", new Object[] {odd}),
        Arguments.of("indexLocal", new Object[] {x}), Arguments.of("helperReads", new Object[] {x}),
        Arguments.of("readBefore", new Object[] {x}), Arguments.of("wholeBefore", new Object[] {x}),
        Arguments.of("wholeBeforeCheckpointed", new Object[] {x}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("points")
  void derivativesAgree(String method, Object[] args) {
    compiled.check("num.DisjointElements", method).at(args);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("floatPoints")
  void floatDerivativesAgree(String method, Object[] args) {
    compiled.check("num.DisjointElements", method).floatArithmetic(1e-3).at(args);
  }

  static Stream<Arguments> floatPoints() {
    return Stream.of(Arguments.of("floats", new Object[] {new float[] {0.5f, -1.5f, 2f, 0.25f}}));
  }

  static Stream<Arguments> assignments() {
    return Stream.of(
        // method, adjoint element, how many contributions store, how many add
        Arguments.of("rosenbrock", "dx\\[i\\]", 1, 1), Arguments.of("rosenbrock", "dx\\[i \\+ 1\\]", 1, 0),
        Arguments.of("neighbours", "dx\\[i\\]", 0, 1), Arguments.of("neighbours", "dx\\[i \\+ 1\\]", 0, 1),
        Arguments.of("backwards", "dx\\[i\\]", 1, 0), Arguments.of("backwards", "dx\\[i - 1\\]", 1, 1),
        Arguments.of("gap", "dx\\[i\\]", 0, 1), Arguments.of("gap", "dx\\[i \\+ 2\\]", 0, 1),
        Arguments.of("returnReads", "dx\\[i\\]", 0, 1),
        Arguments.of("twoArrays", "dx\\[i\\]", 1, 0), Arguments.of("twoArrays", "dy\\[i\\]", 1, 0),
        Arguments.of("counterWritten", "dx\\[i\\]", 0, 1), Arguments.of("counterWritten", "dx\\[i \\+ 1\\]", 0, 1),
        Arguments.of("branchFirst", "dx\\[i\\]", 1, 2), Arguments.of("branchLast", "dx\\[i\\]", 0, 3),
        Arguments.of("innerLoop", "dx\\[i\\]", 1, 2), Arguments.of("innerLoop", "dw\\[j\\]", 0, 1),
        Arguments.of("selection", "dx\\[i\\]", 1, 2), Arguments.of("selection", "dx\\[i \\+ 1\\]", 1, 2),
        Arguments.of("indexLocal", "dx\\[i\\]", 0, 1), Arguments.of("indexLocal", "dx\\[j\\]", 0, 2),
        Arguments.of("helperReads", "dx\\[i\\]", 0, 1),
        Arguments.of("readBefore", "dx\\[i\\]", 1, 0), Arguments.of("readBefore", "dx\\[0\\]", 0, 1),
        Arguments.of("wholeBefore", "dx\\[i\\]", 1, 0), Arguments.of("wholeBefore", "dx\\[k\\]", 0, 1),
        Arguments.of("wholeBeforeCheckpointed", "dx\\[i\\]", 0, 1), Arguments.of("sumOfSquares", "dv\\[k\\]", 1, 0),
        Arguments.of("floats", "dx\\[i\\]", 1, 1), Arguments.of("floats", "dx\\[i \\+ 1\\]", 1, 0));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("assignments")
  void storesOnlyWhereTheElementIsZero(String method, String element, int stored, int added) {
    String vjp = CompiledSources.method(compiled.generatedSource("num.DisjointElementsDerivatives"), method + "Vjp(");
    assertEquals(stored, CompiledSources.linesStartingWith(vjp, element + " = "), vjp);
    assertEquals(added, CompiledSources.linesStartingWith(vjp, element + " [-+]= "), vjp);
  }
}
