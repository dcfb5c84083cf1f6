package dev.adjoint.processor;

import static dev.adjoint.processor.testing.CompiledSources.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.processor.testing.CompiledSources;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Generated derivatives of the scalar subset (sources/Scalars.java): each method checked at
 * points away from its kinks, reverse vs forward vs finite differences.
 */
class ScalarDerivativesTest {
  private static CompiledSources compiled;

  @BeforeAll
  static void compile() {
    compiled = CompiledSources.compile(resource("num.Scalars", "Scalars.java.txt"), resource("num.Other", "Other.java.txt"));
  }

  static Stream<Arguments> points() {
    return Stream.of(
        point("add", 1.5, -2.0),
        point("mul", 1.5, -2.0),
        point("quotients", 1.5, -2.0),
        point("remainder", 5.3, 1.7), point("remainder", -5.3, 1.7),
        point("signs", 0.7, 1.3),
        point("polynomial", 0.7, -1.3),
        point("intMix", 0.7, 3), point("intMix", -2.5, -4),
        point("longMix", 0.7, 7L),
        point("compound", 0.7, 1.9),
        point("incrementDecrement", 0.7),
        point("reassign", 0.7), point("reassign", -1.7),
        point("casts", 0.7, 3),
        point("trig", 0.7, 0.4),
        point("inverseTrig", 0.3, 0.5),
        point("atan2Hypot", 0.7, -0.4), point("atan2Hypot", -0.7, 0.4),
        point("hyperbolic", 0.7, -0.4),
        point("exponentials", 0.7, 1.4),
        point("roots", 2.7, 1.4),
        point("powers", 1.7, 1.4),
        point("absMaxMin", 1.7, 1.4), point("absMaxMin", -1.7, 0.4),
        point("piecewiseConstant", 1.7, -1.4),
        point("angles", 1.7, -1.4),
        point("strictMath", 1.7, -1.4),
        point("constants", 1.7, -1.4),
        point("ifElseChain", 1.7, -1.4), point("ifElseChain", -1.7, 1.4), point("ifElseChain", 0.5, 1.4),
        point("earlyReturn", -1.0), point("earlyReturn", 2.5), point("earlyReturn", 1.5),
        point("manyReturns", -2.0), point("manyReturns", -0.5), point("manyReturns", 0.2),
        point("manyReturns", 0.7), point("manyReturns", 3.0),
        point("nestedBlocks", 0.7, 1.2),
        point("ternary", 1.7, 1.2), point("ternary", 0.7, 1.2),
        point("logic", 1.7, 1.2, true), point("logic", 1.7, 1.2, false), point("logic", 0.5, 1.2, true),
        point("intCounter", 1.5, 5), point("intCounter", 1.5, 1), point("intCounter", 1.5, 4),
        point("flags", 1.5), point("flags", -1.5),
        point("callsSameClass", 1.5, -0.5),
        point("square", 1.5),
        point("nestedCalls", 0.8),
        point("callInTernary", 0.8, 3), point("callInTernary", 0.8, -1), point("callInTernary", 0.8, 1),
        point("wrtX", 0.8, 1.3),
        point("maxMinInactive", 0.8, 0.3), point("maxMinInactive", 0.2, 0.3), point("maxMinInactive", -1.3, 0.3),
        point("callsWrtSubset", 0.8, 1.3),
        point("inactiveCalls", 0.8, 5),
        point("predicateCall", 0.8), point("predicateCall", 1.8),
        point("inactiveDouble", 0.8, 1.9),
        point("varLocals", 0.8),
        point("parameterReassigned", 0.8, -1.1),
        point("selfReference", 0.8),
        point("unusedActive", 0.8, 0.3),
        point("deepExpression", 0.8),
        point("overwrittenOperand", 0.8, 1.7),
        point("overwrittenInt", 0.8, 3),
        point("declaredLater", 0.8, 1.7), point("declaredLater", -0.8, 1.7),
        point("constantResult", 0.8),
        point("callsNested", 0.8));
  }

  private static Arguments point(String method, Object... args) {
    return Arguments.of(method, args);
  }

  @ParameterizedTest(name = "{0} at {1}")
  @MethodSource("points")
  void derivativesAgree(String method, Object[] args) {
    compiled.check("num.Scalars", method).at(args);
  }

  @Test
  void nestedClassCompanionIsNamedAfterOuterAndInner() {
    compiled.check("num.Scalars$Inner", "cube").at(1.3);
    assertEquals("num.Scalars_InnerDerivatives", compiled.load("num.Scalars_InnerDerivatives").getName());
  }

  @Test
  void staticImportsOfMath() {
    compiled.check("num.Other", "twiceSin").at(0.4).at(2.0);
  }

  /** Expected values by hand: f = x*y + y, df/dx = y, y is not differentiated. */
  @Test
  void wrtSubsetGradientByHand() throws Exception {
    Class<?> companion = compiled.load("num.ScalarsDerivatives");
    Object g = companion.getMethod("wrtXGradient", double.class, double.class).invoke(null, 2.0, 3.0);
    assertEquals("WrtXGradient[value=9.0, x=3.0]", g.toString());
  }
}
