package dev.adjoint.processor;

import static dev.adjoint.processor.testing.CompiledSources.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.adjoint.processor.testing.CompiledSources;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Loops, break/continue/return inside them, nested and labeled (sources/Loops.java.txt), and
 * switch statements (sources/Switches.java.txt).
 */
class LoopDerivativesTest {
  private static CompiledSources compiled;

  @BeforeAll
  static void compile() {
    compiled = CompiledSources.compile(resource("num.Loops", "Loops.java.txt"), resource("num.Scalars", "Scalars.java.txt"),
        resource("num.Other", "Other.java.txt"), resource("num.Switches", "Switches.java.txt"));
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
        point("callInLoop", 0.6),
        point("userNamesCollide", 0.6, 0.4, 1.5, 2), point("userNamesCollide", 6.0, 9.0, 1.5, 2),
        point("nothingToDifferentiate", 5, true),
        point("rowAccumulator", 0.3, 0.7), point("rowAccumulator", -1.1, 0.4),
        point("rowAccumulatorSquared", 0.3, 0.7), point("rowAccumulatorSquared", -1.1, 0.4),
        point("conditionalReset", 0.3, 0.7), point("conditionalReset", -0.8, 1.2),
        point("continueSkipsReset", 0.6), point("continueSkipsReset", -0.3),
        point("resultsReadBack", 0.3, 0.7), point("resultsReadBack", -0.5, 0.2),
        point("recomputedTemporaries", 0.4, 0.9), point("recomputedTemporaries", -1.2, 0.3),
        point("recomputedTemporariesSquared", 0.4, 0.9), point("recomputedTemporariesSquared", -1.2, 0.3),
        point("notRecomputed", 0.7), point("notRecomputed", -0.4),
        point("recomputeMultipliedCounter", 0.3, 0.2), point("recomputeReadsLaterWritten", 0.4, 0.7),
        point("recomputeRowReadAfterStore", 0.3, -0.6), point("accumulatorBetweenInnerLoops", 0.5, 0.3),
        point("accumulatorReturnBeforeReset", 0.9, 0.8), point("accumulatorReturnBeforeReset", 0.2, 0.1),
        point("accumulatorLabeledBreak", 0.4, 0.6), point("accumulatorResetInZeroTripLoop", 0.3, 0),
        point("accumulatorResetInZeroTripLoop", 0.3, 2), point("resultsReassigned", 0.3, 0.5),
        point("resultsReassigned", -0.4, 0.9),
        point("recomputeArrayWrittenLater", 0.6, -0.3), point("recomputeArrayWrittenLater", -0.2, 0.8),
        point("fusedBranch", 0.3, 0.7), point("fusedBranch", -0.6, 0.2),
        point("fusedTwoAccumulators", 0.3, 0.7, 4), point("fusedTwoAccumulators", -0.6, 0.2, 1),
        point("fusedInnerLoops", 0.3, 0.7), point("fusedInnerLoops", -0.6, 0.2),
        point("notFusedAccumulatorRead", 0.3, 0.7), point("notFusedActiveCoefficient", 0.3, 0.7),
        point("notFusedOuterCounter", 0.4), point("fusedWhileAndDo", 0.3, 0.7),
        point("replayBoundChanges", 0.3, 3), point("replayBoundChanges", -0.5, 0),
        point("replayReadsOverwritten", 0.3, 0.7), point("replayReadsOverwritten", -0.4, 1.1),
        point("recomputeAfterRestore", 0.9, 0.4), point("recomputeAfterRestore", 0.2, 1.3),
        point("noRecomputeWrittenBetween", 0.3, 0.7), point("noRecomputeWrittenBetween", -0.8, 0.5),
        point("recomputeAtLastReader", 0.3, 0.7), point("recomputeAtLastReader", -0.8, 0.5),
        point("recomputeAfterEarlierWrite", 0.3, 0.7), point("recomputeAfterEarlierWrite", 1.4, -0.5));
  }

  private static Arguments point(String method, Object... args) {
    return Arguments.of(method, args);
  }

  @ParameterizedTest(name = "{0} at {1}")
  @MethodSource("points")
  void derivativesAgree(String method, Object[] args) {
    compiled.check("num.Loops", method).at(args);
  }

  /**
   * To-be-recorded: an accumulator declared in the outer loop's body saves once per outer
   * iteration (at its declaration), not per inner iteration; a reset inside an if does not
   * spare the inner updates their saves.
   */
  @Test
  void innerLoopUpdatesOfARowAccumulatorSaveNothing() {
    String generated = compiled.generatedSource("num.LoopsDerivatives");
    String rowAccumulator = vjp(generated, "rowAccumulatorSquared");
    assertEquals(1, count(rowAccumulator, "doubles = DoubleStack.push(doubles, doublesSize++, z)"), rowAccumulator);
    assertFalse(rowAccumulator.contains("z = doubles[--doublesSize];\n          dx"), rowAccumulator);
    // returned as is, acc's adjoint is known before the loop: one fused pass saves nothing at all
    String fused = vjp(generated, "rowAccumulator");
    assertFalse(fused.contains("doubles"), fused);
    assertEquals(1, count(fused, "// one pass"), fused);
    String conditionalReset = vjp(generated, "conditionalReset");
    assertEquals(2, count(conditionalReset, "doubles = DoubleStack.push(doubles, doublesSize++, z)"), conditionalReset);
    String continueSkipsReset = vjp(generated, "continueSkipsReset");
    // the update z += x saves, also where the continue runs it: 3 pushes with the reset
    assertEquals(3, count(continueSkipsReset, "doubles = DoubleStack.push(doubles, doublesSize++, z)"), continueSkipsReset);
  }

  /** {@code h[k] = Math.tanh(a)}: the reverse sweep takes 1 - h[k]² from the result, no second tanh. */
  @Test
  void tanhAndExpDerivativesComeFromTheirResults() {
    String resultsReadBack = vjp(compiled.generatedSource("num.LoopsDerivatives"), "resultsReadBack");
    // once per active operand of each tanh (two), of the exp (three)
    assertEquals(4, count(resultsReadBack, "ScalarRules.tanhDerivativeOfResult("), resultsReadBack);
    assertEquals(3, count(resultsReadBack, "ScalarRules.expDerivativeOfResult("), resultsReadBack);
    assertEquals(1, count(resultsReadBack, "ScalarRules.tanhDerivative("), resultsReadBack); // t = tanh(t)
    assertFalse(resultsReadBack.contains("expDerivative(h"), resultsReadBack);
  }

  /** Loop temporaries computed from values the body never writes are recomputed, not pushed. */
  @Test
  void loopTemporariesOfUnchangedValuesAreRecomputed() {
    String generated = compiled.generatedSource("num.LoopsDerivatives");
    String recomputed = vjp(generated, "recomputedTemporariesSquared");
    assertFalse(recomputed.contains("doubles"), recomputed);
    assertEquals(1, count(recomputed, "// recomputed, not saved"), recomputed);
    String saved = vjp(generated, "notRecomputed");
    assertEquals(1, count(saved, "doubles = DoubleStack.push(doubles, doublesSize++, u)"), saved);
    assertFalse(saved.contains("recomputed"), saved);
  }

  /**
   * Which loops run as one fused pass and which have their header replayed in the reverse sweep
   * (the numbers are checked by {@link #derivativesAgree}).
   */
  @Test
  void fusedAndReplayedLoopsAreChosenWhereTheyAreExact() {
    String generated = compiled.generatedSource("num.LoopsDerivatives");
    for (String fused : new String[] {"fusedBranch", "fusedTwoAccumulators", "fusedInnerLoops", "fusedWhileAndDo"}) {
      String code = vjp(generated, fused);
      assertEquals(1, count(code, "// one pass"), code);
      assertFalse(code.contains("doubles"), code);
    }
    // the branch decision is reset before every iteration's if (besides its declaration)
    String branch = vjp(generated, "fusedBranch");
    assertEquals(2, count(branch, " = false;"), branch);
    for (String unfused : new String[] {"notFusedAccumulatorRead", "notFusedActiveCoefficient", "notFusedOuterCounter",
        "rowAccumulatorSquared"}) {
      assertFalse(vjp(generated, unfused).contains("// one pass"), vjp(generated, unfused));
    }
    // both inner loops of fusedInnerLoops, both loops of replayBoundChanges replay their headers
    assertEquals(2, count(vjp(generated, "fusedInnerLoops"), "// replayed forward"));
    String bound = vjp(generated, "replayBoundChanges");
    assertEquals(2, count(bound, "// replayed forward"), bound);
    assertFalse(bound.contains("ints"), bound); // n = 2 n + 1 saved in a local, no trip counts
  }

  /** Which temporaries are recomputed after their last reader's restore instead of pushed. */
  @Test
  void temporariesAreRecomputedAfterTheRestoreOfTheirLastReader() {
    String generated = compiled.generatedSource("num.LoopsDerivatives");
    String tree = vjp(generated, "recomputeAfterRestore");
    assertEquals(1, count(tree, "// recomputed after the restore"), tree);
    assertFalse(tree.contains("doubles = DoubleStack.push(doubles, doublesSize++, hold)"), tree);
    assertEquals(1, count(tree, "doubles = DoubleStack.push(doubles, doublesSize++, v[i"), tree); // what the last reader overwrites
    String between = vjp(generated, "noRecomputeWrittenBetween");
    assertFalse(between.contains("recomputed after the restore"), between);
    String last = vjp(generated, "recomputeAtLastReader");
    assertEquals(1, count(last, "// recomputed after the restore"), last);
    assertFalse(last.contains("doubles = DoubleStack.push(doubles, doublesSize++, t)"), last);
    String earlier = vjp(generated, "recomputeAfterEarlierWrite");
    assertEquals(1, count(earlier, "// recomputed after the restore"), earlier);
    assertFalse(earlier.contains("doubles = DoubleStack.push(doubles, doublesSize++, e)"), earlier);
  }

  private static String vjp(String generated, String method) {
    int start = generated.indexOf("public static " + Character.toUpperCase(method.charAt(0)) + method.substring(1)
        + "Gradient " + method + "Vjp(");
    return CompiledSources.pushesAsCalls(generated.substring(start, generated.indexOf("\n  }\n", start)));
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      n++;
    }
    return n;
  }

  static Stream<Arguments> switches() {
    return Stream.of(
        point("fallthroughInWhile", 0.3, 9), point("fallthroughInWhile", -0.6, 2),
        point("arrows", 0.4, 1), point("arrows", 0.4, 2), point("arrows", 0.4, 3), point("arrows", 0.4, 7),
        point("returnsFromEveryCase", 0.4, 0), point("returnsFromEveryCase", 0.4, 1),
        point("returnsFromEveryCase", 0.4, 5),
        point("defaultInTheMiddle", 0.4, 1), point("defaultInTheMiddle", 0.4, 2), point("defaultInTheMiddle", 0.4, 9));
  }

  @ParameterizedTest(name = "{0} at {1}")
  @MethodSource("switches")
  void switchDerivativesAgree(String method, Object[] args) {
    compiled.check("num.Switches", method).at(args);
  }
}
