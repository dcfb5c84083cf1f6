package dev.adjoint.processor;

import static dev.adjoint.processor.testing.CompiledSources.resource;

import dev.adjoint.processor.testing.CompiledSources;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Loops, break/continue/return inside them, nested and labeled (sources/Loops.java.txt). */
class LoopDerivativesTest {
  private static CompiledSources compiled;

  @BeforeAll
  static void compile() {
    compiled = CompiledSources.compile(resource("num.Loops", "Loops.java.txt"), resource("num.Scalars", "Scalars.java.txt"),
        resource("num.Other", "Other.java.txt"));
  }

  static Stream<Arguments> points() {
    return Stream.of(
        point("power", 1.3, 5), point("power", -0.7, 0), point("power", 0.9, 1),
        point("dataDependentWhile", 1.3), point("dataDependentWhile", 0.2),
        point("breakContinue", 0.4, 20), point("breakContinue", 0.1, 4), point("breakContinue", 3.0, 8),
        point("returnInLoop", 0.5), point("returnInLoop", -2.0), point("returnInLoop", 2.95),
        point("overwrite100", 0.8),
        point("triangular", 0.3, 0.2, 6), point("triangular", 0.3, 0.2, 0),
        point("newtonSqrt", 2.0), point("newtonSqrt", 30.0),
        point("doWhile", 0.4),
        point("labeled", 0.4, 6), point("labeled", 0.3, 10),
        point("twoCounters", 0.7),
        point("whileTrue", 0.6),
        point("continueRunsUpdate", 0.3),
        point("localsInLoop", 0.3, 1.1), point("localsInLoop", 1.3, 0.9),
        point("million", 0.5),
        point("callInLoop", 0.6));
  }

  private static Arguments point(String method, Object... args) {
    return Arguments.of(method, args);
  }

  @ParameterizedTest(name = "{0} at {1}")
  @MethodSource("points")
  void derivativesAgree(String method, Object[] args) {
    compiled.check("num.Loops", method).at(args);
  }
}
