package dev.adjoint.processor;

import static dev.adjoint.processor.testing.CompiledSources.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.CompiledSources;
import java.lang.reflect.Method;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reverse sweep of {@code Math.max}/{@code min} sends the seed to the winning operand, half to
 * each on a tie (sources/Selections.java.txt). Central differences at a tie of {@code max(a, b)}
 * average the two one-sided slopes — half each — so they check the tie rule too.
 */
class SelectionsTest {
  private static CompiledSources compiled;

  @BeforeAll
  static void compile() {
    compiled = CompiledSources.compile(resource("num.Selections", "Selections.java.txt"));
  }

  static Stream<Arguments> points() {
    return Stream.of(
        Arguments.of("ties", new Object[] {0.7, 0.7}), Arguments.of("ties", new Object[] {0.6, 0.3}),
        Arguments.of("ties", new Object[] {-0.4, 0.9}), Arguments.of("ties", new Object[] {0.8, 0.4}),
        Arguments.of("nested", new Object[] {0.5, 1.2, 0.6}), Arguments.of("nested", new Object[] {0.9, 0.2, -0.3}),
        Arguments.of("nested", new Object[] {0.5, 0.5, 0.25}),
        Arguments.of("constantSecond", new Object[] {1.0}), Arguments.of("constantSecond", new Object[] {0.3}),
        Arguments.of("constantSecond", new Object[] {-1.4}), Arguments.of("constantSecond", new Object[] {0.2}),
        Arguments.of("constantFirst", new Object[] {0.4}), Arguments.of("constantFirst", new Object[] {-0.9}),
        Arguments.of("constantFirst", new Object[] {Math.asin(0.25)}),
        Arguments.of("loserWithInfiniteSlope", new Object[] {0.01}), Arguments.of("loserWithInfiniteSlope", new Object[] {0.7}),
        Arguments.of("inLoop", new Object[] {new double[] {0.9, 0.4, 1.3, 0.2}, 0.8, 3}),
        Arguments.of("inLoop", new Object[] {new double[] {0.1, 0.2, 0.3}, 1.5, 2}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("points")
  void derivativesAgree(String method, Object[] args) {
    compiled.check("num.Selections", method).at(args);
  }

  /** At x = 0 the losing sqrt has an infinite slope; d/dx of max(sqrt x, 0.5) + min(sqrt x + 1, 0.75) is 0 there. */
  @Test
  void theLoserGetsNothingNotZeroTimesInfinity() throws Exception {
    Class<?> companion = compiled.load("num.SelectionsDerivatives");
    Method gradient = companion.getMethod("loserWithInfiniteSlopeGradient", double.class);
    Object g = gradient.invoke(null, 0.0);
    double dx = (Double) g.getClass().getMethod("x").invoke(g);
    double value = (Double) g.getClass().getMethod("value").invoke(g);
    assertEquals(1.25, value);
    assertEquals(0.0, dx, "d/dx at 0: " + dx);
  }

  @Test
  void noRuleCallsInTheReverseSweep() {
    String generated = compiled.generatedSource("num.SelectionsDerivatives");
    for (String method : new String[] {"ties", "nested", "constantSecond", "constantFirst", "inLoop"}) {
      String vjp = CompiledSources.method(generated, method + "Vjp(");
      assertFalse(vjp.contains("PartialFirst") || vjp.contains("PartialSecond"), vjp);
      assertTrue(vjp.contains("} else if ("), vjp);
    }
  }
}
