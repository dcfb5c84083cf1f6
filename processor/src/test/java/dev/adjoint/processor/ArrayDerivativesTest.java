package dev.adjoint.processor;

import static dev.adjoint.processor.testing.CompiledSources.resource;

import dev.adjoint.processor.testing.CompiledSources;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Arrays as parameters, locals and results (sources/Arrays.java.txt). */
class ArrayDerivativesTest {
  private static CompiledSources compiled;

  @BeforeAll
  static void compile() {
    compiled = CompiledSources.compile(resource("num.Arrays", "Arrays.java.txt"));
  }

  static Stream<Arguments> points() {
    double[] x = {0.3, -1.2, 0.8};
    return Stream.of(
        point("sumOfSquares", (Object) x), point("sumOfSquares", (Object) new double[0]),
        point("forEach", (Object) x),
        point("logisticLoss", new double[] {0.1, 0.2}, 0.5, new double[] {1, 2}, 1.0),
        point("logisticLoss", new double[] {-0.4, 0.2}, -0.5, new double[] {1, -2}, 0.0),
        point("matVec", new double[][] {{1, 2, 3}, {4, 5, 6}}, new double[] {0.5, -1, 2}),
        point("writesParameter", (Object) x),
        point("localArray", 0.3, 0.7),
        point("prefixScan", (Object) x),
        point("outerProductSum", new double[] {0.5, -1, 2}, new double[] {0.3, 0.7}),
        point("newArrayResult", 0.3, 0.7),
        point("gather", x, new int[] {2, 0, 2, 1}),
        point("elementOverwrite", (Object) new double[] {0.4, 0.9}),
        point("scale2d", new double[][] {{1, 2}, {3, 4}, {5, 6}}, 0.7),
        point("million", new double[] {0.5, -0.25, 0.125}, 0.01),
        point("rowAliasActive", new double[][] {{0.2, -0.5, 0.9}, {1.1, 0.3, -0.4}}, new double[] {0.5, -1, 2}),
        point("rowAliasPassive", new double[] {0.2, -0.5}, new double[][] {{1, 2}, {-0.5, 0.25}, {3, -1}}),
        point("rowAliasWritesThrough", (Object) new double[][] {{0.2, -0.5}, {1.1, 0.3}, {-0.7, 0.6}}),
        point("rowAliasIndexChanges", (Object) new double[][] {{0.2, -0.5}, {1.1, 0.3}, {-0.7, 0.6}}),
        point("activeOutsideWrt", new double[] {0.3, -0.7, 1.1}, new double[] {1.5, 0.4, -0.2}, 0.9),
        point("activeOutsideWrtSecondOrder", new double[] {0.3, -0.7}, new double[] {1.5, 0.4}, 0.9));
  }

  @org.junit.jupiter.api.Test
  void rowAliasesAreStaticUnlessTheRowCouldChange() {
    String generated = compiled.generatedSource("num.ArraysDerivatives");
    for (String method : new String[] {"RowAliasActive", "RowAliasPassive", "RowAliasWritesThrough"}) {
      org.junit.jupiter.api.Assertions.assertFalse(generated.contains("taped" + method + "("), method);
    }
    org.junit.jupiter.api.Assertions.assertTrue(generated.contains("tapedRowAliasIndexChanges("), generated);
  }

  private static Arguments point(String method, Object... args) {
    return Arguments.of(method, args);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("points")
  void derivativesAgree(String method, Object[] args) {
    compiled.check("num.Arrays", method).at(args);
  }

  /** Order 2 with a parameter outside wrt that the body makes active: the Hessian against central differences of the gradient. */
  @org.junit.jupiter.api.Test
  void secondOrderWithAnActiveParameterOutsideWrt() {
    dev.adjoint.processor.testing.HessianCheck check =
        dev.adjoint.processor.testing.HessianCheck.of(compiled.load("num.Arrays"), "activeOutsideWrtSecondOrder", 0);
    Object[] args = {new double[] {0.3, -0.7}, new double[] {1.5, 0.4}, 0.9};
    double[][] expected = check.finiteDifferences(1e-5, args);
    double[][] actual = check.hessian(args);
    for (int i = 0; i < expected.length; i++) {
      org.junit.jupiter.api.Assertions.assertArrayEquals(expected[i], actual[i], 1e-6, "row " + i);
    }
  }
}
