package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.testing.CompiledSources.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.testing.CompiledSources;
import dev.adjoint.processor.testing.HessianCheck;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Adversarial cases of forms GrammarCoverageTest once listed as known gaps (sources/Gaps.java.txt):
 * every method but tapedNulls stays static, its derivatives agree with finite differences and
 * forward mode (GradientCheck) on the static path and on the tape, and the two paths give the same
 * gradient; Hessians of the order = 2 methods match differences of their gradients; writes through
 * a local holding a field's array are an ERROR on both paths.
 */
class GrammarGapsTest {
  private static CompiledSources statics;
  private static CompiledSources taped;

  @BeforeAll
  static void compile() {
    statics = CompiledSources.compile(resource("num.Gaps", "Gaps.java.txt"));
    taped = CompiledSources.compileWithOptions(List.of("-A" + AdjointProcessor.FALLBACK_OPTION + "=always"),
        resource("num.Gaps", "Gaps.java.txt"));
  }

  static Stream<Arguments> points() {
    return Stream.of(
        point("nullThenFilled", 0.7, 1.3, 3), point("nullThenFilled", -0.4, 2.1, 0),
        point("nullNeverAssigned", 0.7, 1.3),
        point("assignedInEitherBranch", 0.7, 1.3, 1), point("assignedInEitherBranch", -0.4, 2.1, 0),
        point("chosenArrays", 0.7, 1.3, 0), point("chosenArrays", 0.7, 1.3, 1), point("chosenArrays", -0.4, 0.6, 2),
        point("chosenArrays", 0.9, 1.1, -2),
        point("replacedInLoop", 0.7, 1.3), point("replacedInLoop", -0.4, 0.6),
        point("backToNull", 0.7, 1.3, 2), point("backToNull", -0.4, 2.1, 0),
        point("parameterReplaced", new double[] {0.7, 1.3}, 0.4), point("parameterReplaced", new double[] {-0.4, 0.6}, -1.1),
        point("localReplaced", new double[] {0.7, 1.3}, 0.4), point("localReplaced", new double[] {-0.4, 0.6}, -1.1),
        point("rowsOfConstants", 0.7, 1.3), point("rowsOfConstants", -0.4, 2.1),
        point("doWhileIncrement", 0.7, 1.3), point("doWhileHelper", 0.7, 1.3), point("doWhileHelper", 1.9, 2.1),
        point("doWhileContinue", 0.7, 1.3), point("doWhileContinue", 3.1, 2.5),
        point("doWhileLabeledContinue", 0.7, 1.3), point("doWhileLabeledContinue", 2.9, 1.8),
        point("labeledStatements", 0.7, 1.3, 0), point("labeledStatements", 0.7, 1.3, 1),
        point("labeledStatements", -0.4, 2.1, 2), point("labeledStatements", 0.9, 0.6, 5),
        point("synchronizedBlocks", 0.7, 1.3, 2), point("synchronizedBlocks", 0.7, 1.3, 7),
        point("synchronizedBlocks", 1.9, 2.3, 4),
        // both sides of every sign change: x, y, x * x - 0.5, y - 1
        point("fmaCopySignScalb", 0.7, 1.3), point("fmaCopySignScalb", -0.4, 2.1), point("fmaCopySignScalb", 0.5, -0.8),
        point("fmaCopySignScalb", -1.2, -0.3), point("fmaCopySignScalb", 0.9, 0.2),
        point("fmaCopySignScalbElsewhere", 0.7, 1.3), point("fmaCopySignScalbElsewhere", -0.4, 2.1),
        point("fmaCopySignScalbElsewhere", 0.5, -0.8), point("fmaCopySignScalbElsewhere", -1.2, -0.3),
        point("fmaCopySignScalbElsewhere", 0.9, 0.2),
        point("tapedNulls", 0.7, 1.3, 1), point("tapedNulls", -0.4, 2.1, 0), point("tapedNulls", 0.3, 0.9, 2));
  }

  private static Arguments point(String method, Object... args) {
    return Arguments.of(method, args);
  }

  @Test
  void everyMethodStaysStatic() {
    List<String> tape = statics.compilation().diagnostics().stream().map(d -> d.getMessage(null))
        .filter(m -> m.contains("runs on the dynamic tape")).toList();
    assertEquals(1, tape.size(), tape::toString);
    assertTrue(tape.get(0).startsWith("tapedNulls runs on the dynamic tape: "), tape::toString);
  }

  @ParameterizedTest(name = "{0} at {1}")
  @MethodSource("points")
  void staticAndTapeAgree(String method, Object[] args) throws Exception {
    statics.check("num.Gaps", method).at(args);
    taped.check("num.Gaps", method).at(args);
    Object[] s = gradient(statics, method, args);
    Object[] t = gradient(taped, method, args);
    assertEquals(s.length, t.length);
    for (int i = 0; i < s.length; i++) {
      double[] e = s[i] instanceof double[] a ? a : new double[] {(Double) s[i]};
      double[] a = t[i] instanceof double[] b ? b : new double[] {(Double) t[i]};
      assertEquals(e.length, a.length, method + " component " + i);
      for (int k = 0; k < e.length; k++) {
        assertEquals(e[k], a[k], 1e-12 * Math.max(1, Math.abs(e[k])), method + " component " + i + "[" + k + "]");
      }
    }
  }

  @Test
  void hessiansMatchDifferencesOfTheGradient() {
    for (Object[] point : new Object[][] {{0.7, 1.3, 3}, {-0.4, 2.1, 0}}) {
      HessianCheck filled = HessianCheck.of(statics.load("num.Gaps"), "nullThenFilled", 0, 1);
      assertClose(filled.finiteDifferences(1e-5, point), filled.hessian(point));
    }
    for (Object[] point : new Object[][] {{0.7, 1.3}, {-0.4, 0.6}}) {
      HessianCheck replaced = HessianCheck.of(statics.load("num.Gaps"), "replacedInLoop", 0, 1);
      assertClose(replaced.finiteDifferences(1e-5, point), replaced.hessian(point));
    }
    for (Object[] point : new Object[][] {{0.7, 1.3, 2}, {0.7, 1.3, 7}, {1.9, 2.3, 4}}) {
      HessianCheck locked = HessianCheck.of(statics.load("num.Gaps"), "synchronizedBlocks", 0, 1);
      assertClose(locked.finiteDifferences(1e-5, point), locked.hessian(point));
    }
    for (Object[] point : new Object[][] {{0.7, 1.3}, {-0.4, 2.1}, {0.5, -0.8}, {-1.2, -0.3}}) {
      HessianCheck rules = HessianCheck.of(statics.load("num.Gaps"), "fmaCopySignScalb", 0, 1);
      assertClose(rules.finiteDifferences(1e-5, point), rules.hessian(point));
    }
    for (String method : List.of("localReplaced", "parameterReplaced")) {
      for (Object[] point : new Object[][] {{new double[] {0.7, 1.3}, 0.4}, {new double[] {-0.4, 0.6}, -1.1}}) {
        HessianCheck replaced = HessianCheck.of(statics.load("num.Gaps"), method, 0, 1);
        assertClose(replaced.finiteDifferences(1e-5, point), replaced.hessian(point));
      }
    }
  }

  private static void assertClose(double[][] expected, double[][] actual) {
    for (int i = 0; i < expected.length; i++) {
      for (int j = 0; j < expected[i].length; j++) {
        assertEquals(expected[i][j], actual[i][j], 1e-6 * Math.max(1, Math.abs(expected[i][j])), "H[" + i + "][" + j + "]");
      }
    }
  }

  /** An element write through a local holding a field's array writes the field: an ERROR on both paths. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("fieldWrites")
  void writesThroughAFieldsArrayAreErrors(String line, String field, String body) {
    for (List<String> options : List.of(List.<String>of(), List.of("-A" + AdjointProcessor.FALLBACK_OPTION + "=always"))) {
      JavaFileObject file = CompiledSources.source("d.W", "package d;\n\nimport dev.adjoint.Differentiable;\n\n"
          + "final class W {\n  static final double[][] COEF = {{1.0, 0.5}, {0.25, 2.0}};\n"
          + "  @Differentiable static double f(double x, double y) {\n" + body + "\n    return x * y;\n  }\n}\n");
      Compilation compilation = CompiledSources.compiler().withOptions(options).compile(file);
      assertThat(compilation).hadErrorContaining("a @Differentiable method cannot write the field " + field)
          .inFile(file).onLineContaining(line);
      assertEquals(1, compilation.errors().size(), compilation.errors()::toString);
    }
  }

  static Stream<Arguments> fieldWrites() {
    return Stream.of(
        Arguments.of("last[0] = x;", "COEF[1] (through last)", "    double[] last = COEF[1];\n    last[0] = x;"),
        Arguments.of("System.arraycopy", "COEF[0]", "    System.arraycopy(new double[] {x, y}, 0, COEF[0], 0, 2);"),
        Arguments.of("System.arraycopy", "COEF[1] (through last)",
            "    double[] last = COEF[1];\n    System.arraycopy(new double[] {x, y}, 0, last, 0, 2);"),
        Arguments.of("Arrays.fill", "COEF[0] (through row)", "    double[] row = COEF[0];\n    java.util.Arrays.fill(row, x);"),
        // the write comes first in the source, the field's row is assigned after it (in a loop)
        Arguments.of("row[0] = x;", "COEF[i] (through row)", "    double[] row = new double[2];\n"
            + "    for (int i = 0; i < 2; i++) {\n      row[0] = x;\n      row = COEF[i];\n    }"));
  }

  /** The components of {@code methodGradient(args)} (value first): doubles and double[]s, for these methods. */
  private static Object[] gradient(CompiledSources compiled, String method, Object[] args) throws Exception {
    Class<?> companion = compiled.load("num.GapsDerivatives");
    for (Method m : companion.getMethods()) {
      if (m.getName().equals(method + "Gradient")) {
        Object record = m.invoke(null, args);
        RecordComponent[] components = record.getClass().getRecordComponents();
        Object[] out = new Object[components.length];
        for (int i = 0; i < out.length; i++) {
          out[i] = components[i].getAccessor().invoke(record);
        }
        return out;
      }
    }
    throw new AssertionError("no method " + method + "Gradient");
  }
}
