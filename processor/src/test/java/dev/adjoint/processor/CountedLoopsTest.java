package dev.adjoint.processor;

import static dev.adjoint.processor.testing.CompiledSources.resource;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.CompiledSources;
import dev.adjoint.processor.testing.HessianCheck;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Loops whose trip count is known when they start reserve their stacks' room before the loop and
 * push without a check (sources/CountedLoops.java.txt); loops whose count is not known push as
 * before. Every gradient agrees with forward mode and central differences, so a reservation one
 * short would fail here with an index out of bounds, and one that is not made where it may not be
 * is asserted on the generated source.
 */
class CountedLoopsTest {
  private static CompiledSources compiled;

  @BeforeAll
  static void compile() {
    compiled = CompiledSources.compile(resource("num.CountedLoops", "CountedLoops.java.txt"));
  }

  static Stream<Arguments> points() {
    double[] eight = {0.3, -0.6, 0.9, 0.2, -0.4, 0.7, 0.1, -0.8};
    return Stream.of(
        Arguments.of("tree", new Object[] {1.0, 1.05, 0.52, 30}), Arguments.of("tree", new Object[] {0.9, 1.0, 0.47, 1}),
        Arguments.of("tree", new Object[] {1.1, 1.0, 0.5, 0}),
        Arguments.of("strided", new Object[] {eight, 7, 1}), Arguments.of("strided", new Object[] {eight, 6, 0}),
        Arguments.of("strided", new Object[] {eight, 0, 5}), Arguments.of("strided", new Object[] {eight, 2, 2}),
        Arguments.of("bounds", new Object[] {eight, 9}), Arguments.of("bounds", new Object[] {eight, 1}),
        Arguments.of("bounds", new Object[] {new double[] {0.4}, 3}),
        Arguments.of("branches", new Object[] {new double[] {0.7, 0.2}, 40}),
        Arguments.of("branches", new Object[] {new double[] {-0.3, 0.5}, 3}),
        Arguments.of("unknownCounts", new Object[] {new double[] {0.4, 0.7}, 25}),
        Arguments.of("unknownCounts", new Object[] {new double[] {-0.2, 0.3}, 4}),
        Arguments.of("empty", new Object[] {new double[] {0.4, 0.7}, 3}),
        Arguments.of("empty", new Object[] {new double[] {0.4, 0.7}, 12}),
        Arguments.of("longLoop", new Object[] {0.7, 50_000L}), Arguments.of("longLoop", new Object[] {1.3, 0L}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("points")
  void derivativesAgree(String method, Object[] args) {
    compiled.check("num.CountedLoops", method).at(args);
  }

  /** At order 2 the Hessian's reverse sweep (over the tangent program) reserves too. */
  @Test
  void hessianOfTheTreeMatchesDifferencesOfTheGradient() {
    HessianCheck check = HessianCheck.of(compiled.load("num.CountedLoops"), "tree", 0, 1, 2);
    for (Object[] args : new Object[][] {{1.0, 1.05, 0.52, 12}, {0.95, 1.0, 0.5, 5}}) {
      double[][] expected = check.finiteDifferences(1e-5, args);
      double[][] actual = check.hessian(args);
      for (int i = 0; i < expected.length; i++) {
        assertArrayEquals(expected[i], actual[i], 1e-5, "row " + i);
      }
    }
    assertTrue(code("treeHvp(").contains("DoubleStack.reserve("), code("treeHvp("));
  }

  @Test
  void knownCountsReserveAndPushWithoutACheck() {
    String tree = code("treeVjp(");
    assertTrue(tree.contains("doubles = DoubleStack.reserve(doubles, doublesSize, (long) n - i_2 + 1);"), tree);
    assertTrue(tree.contains("doubles[doublesSize++] = v[i_2];"), tree);
    assertEquals(1, count(tree, "DoubleStack.reserve("), tree); // the inner loop only: the outer one has a loop inside
    String strided = code("stridedVjp(");
    assertTrue(strided.contains("((long) i - to + 3) / 3"), strided);
    String bounds = code("boundsVjp(");
    assertTrue(bounds.contains("(long) (n - 1) - i"), bounds);
    assertTrue(bounds.contains("(long) (2 * x.length - 3) - i_2"), bounds);
    assertTrue(bounds.contains("(long) x.length - 1 - i_3"), bounds);
    String branches = code("branchesVjp(");
    // three doubles pushed on the one path or the other: room for all three per iteration
    assertTrue(branches.contains("DoubleStack.reserve(doubles, doublesSize, 4 * ((long) steps - t))")
        || branches.contains("DoubleStack.reserve(doubles, doublesSize, 3 * ((long) steps - t))"), branches);
    assertTrue(branches.contains("IntStack.reserve(ints, intsSize, 2 * ((long) steps - t))"), branches);
  }

  @Test
  void unknownCountsPushWithTheCheck() {
    String unknown = code("unknownCountsVjp(");
    assertEquals(0, count(unknown, ".reserve("), unknown);
    assertEquals(0, count(unknown, "doubles[doublesSize++]"), unknown);
  }

  private static String code(String method) {
    String generated = compiled.generatedSource("num.CountedLoopsDerivatives");
    return CompiledSources.method(generated, method).lines().filter(l -> !l.strip().startsWith("//"))
        .collect(java.util.stream.Collectors.joining("\n"));
  }

  private static int count(String text, String what) {
    Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
