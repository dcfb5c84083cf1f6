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
        Arguments.of("nestedBranches", new Object[] {new double[] {0.7, 0.4}, 200}),
        Arguments.of("nestedBranches", new Object[] {new double[] {0.2, 0.9}, 150}),
        Arguments.of("nestedBranches", new Object[] {new double[] {-0.5, 0.1}, 120}),
        Arguments.of("unknownCounts", new Object[] {new double[] {0.4, 0.7}, 25}),
        Arguments.of("unknownCounts", new Object[] {new double[] {-0.2, 0.3}, 4}),
        Arguments.of("empty", new Object[] {new double[] {0.4, 0.7}, 3}),
        Arguments.of("empty", new Object[] {new double[] {0.4, 0.7}, 12}),
        Arguments.of("longLoop", new Object[] {0.7, 50_000L}), Arguments.of("longLoop", new Object[] {1.3, 0L}));
  }

  /**
   * On a thread of its own: its stacks start small (no array lent by an earlier call) and are then
   * reserved at exactly the size the loops ask for, so a count one short overflows here.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("points")
  void derivativesAgree(String method, Object[] args) throws InterruptedException {
    Throwable[] failure = new Throwable[1];
    Thread own = new Thread(() -> {
      try {
        compiled.check("num.CountedLoops", method).at(args);
      } catch (Throwable t) {
        failure[0] = t;
      }
    });
    own.start();
    own.join();
    if (failure[0] != null) {
      throw new AssertionError(method, failure[0]);
    }
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
    // a, b then a (the then branch) or b then a (the else branch): room for the longer path, three;
    // one branch decision per iteration
    assertTrue(branches.contains("DoubleStack.reserve(doubles, doublesSize, 3 * ((long) steps - t))"), branches);
    assertTrue(branches.contains("IntStack.reserve(ints, intsSize, (long) steps - t)"), branches);
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
