package dev.adjoint.processor;

import static dev.adjoint.processor.testing.CompiledSources.resource;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.CompiledSources;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Small fixed-length arrays become scalars (sources/SmallArrays.java.txt); the uses that must
 * keep the array (aliases, escapes, variable indices, self-reads) do, and every gradient agrees
 * with forward mode and central differences either way.
 */
class SmallArraysTest {
  private static CompiledSources compiled;

  @BeforeAll
  static void compile() {
    compiled = CompiledSources.compile(resource("num.SmallArrays", "SmallArrays.java.txt"));
  }

  static Stream<Arguments> points() {
    return Stream.of(
        Arguments.of("stages", new Object[] {0.7, 1.1, 0.4, 12}), Arguments.of("stages", new Object[] {-0.3, 0.2, 0.9, 0}),
        Arguments.of("loopCarried", new Object[] {0.6, 5}), Arguments.of("loopCarried", new Object[] {1.4, 9}),
        Arguments.of("loopCarried", new Object[] {0.3, 0}),
        Arguments.of("branches", new Object[] {0.8, 0.3}), Arguments.of("branches", new Object[] {-0.5, 0.9}),
        Arguments.of("branches", new Object[] {0.2, 0.7}),
        Arguments.of("swap", new Object[] {0.8, -0.4}), Arguments.of("passed", new Object[] {0.6, 1.3}),
        Arguments.of("escapes", new Object[] {0.4, 1}), Arguments.of("escapes", new Object[] {-0.9, 2}),
        Arguments.of("aliased", new Object[] {0.7}),
        Arguments.of("long17", new Object[] {1.3}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("points")
  void derivativesAgree(String method, Object[] args) {
    compiled.check("num.SmallArrays", method).at(args);
  }

  @Test
  void floatsAgree() {
    compiled.check("num.SmallArrays", "floats").floatArithmetic(2e-3).at(0.6f, -0.8f).at(1.2f, 0.5f);
  }

  @Test
  void onlyArraysUsedThroughConstantIndicesBecomeScalars() {
    String generated = compiled.generatedSource("num.SmallArraysDerivatives");
    for (String method : new String[] {"stages", "loopCarried", "branches", "floats"}) {
      String vjp = code(CompiledSources.method(generated, method + "Vjp("));
      assertFalse(vjp.contains("new double[") || vjp.contains("new float[") || vjp.contains("ObjectStack")
          || vjp.contains("zerosLike"), method + " keeps an array:\n" + vjp);
      String jvp = code(CompiledSources.method(generated, method + "Jvp("));
      assertFalse(jvp.contains("new double[") || jvp.contains("new float["), method + " keeps an array:\n" + jvp);
    }
    for (String method : new String[] {"swap", "passed", "escapes", "long17"}) {
      String vjp = code(CompiledSources.method(generated, method + "Vjp("));
      assertTrue(vjp.contains("new double["), method + " lost its array:\n" + vjp);
    }
  }

  /** The lines of generated code that are not comments (which quote the source). */
  private static String code(String method) {
    return method.lines().filter(l -> !l.strip().startsWith("//")).collect(java.util.stream.Collectors.joining("\n"));
  }
}
