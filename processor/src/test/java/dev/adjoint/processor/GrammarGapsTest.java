package dev.adjoint.processor;

import static dev.adjoint.processor.testing.CompiledSources.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.CompiledSources;
import dev.adjoint.processor.testing.HessianCheck;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Adversarial cases of forms GrammarCoverageTest once listed as known gaps (sources/Gaps.java.txt):
 * every method but tapedNulls stays static, its derivatives agree with finite differences and forward mode
 * (GradientCheck), on the static path and on the tape, and the two paths give the same gradient.
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
        point("replacedInLoop", 0.7, 1.3), point("replacedInLoop", -0.4, 0.6),
        point("backToNull", 0.7, 1.3, 2), point("backToNull", -0.4, 2.1, 0),
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
      double e = (Double) s[i];
      assertEquals(e, (Double) t[i], 1e-12 * Math.max(1, Math.abs(e)), method + " component " + i);
    }
  }

  @Test
  void hessiansOfReplacedArraysMatchDifferencesOfTheGradient() {
    for (Object[] point : new Object[][] {{0.7, 1.3, 3}, {-0.4, 2.1, 0}}) {
      HessianCheck filled = HessianCheck.of(statics.load("num.Gaps"), "nullThenFilled", 0, 1);
      assertClose(filled.finiteDifferences(1e-5, point), filled.hessian(point));
    }
    for (Object[] point : new Object[][] {{0.7, 1.3}, {-0.4, 0.6}}) {
      HessianCheck replaced = HessianCheck.of(statics.load("num.Gaps"), "replacedInLoop", 0, 1);
      assertClose(replaced.finiteDifferences(1e-5, point), replaced.hessian(point));
    }
  }

  private static void assertClose(double[][] expected, double[][] actual) {
    for (int i = 0; i < expected.length; i++) {
      for (int j = 0; j < expected[i].length; j++) {
        assertEquals(expected[i][j], actual[i][j], 1e-6 * Math.max(1, Math.abs(expected[i][j])), "H[" + i + "][" + j + "]");
      }
    }
  }

  /** The components of {@code methodGradient(args)} (value first): doubles, for these methods. */
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
