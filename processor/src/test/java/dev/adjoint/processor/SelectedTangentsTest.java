package dev.adjoint.processor;

import static dev.adjoint.processor.testing.CompiledSources.resource;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.CompiledSources;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A local read only by a selection gets its tangent, and its adjoint, in the branch of the
 * selection that picks it (sources/SelectedTangents.java.txt): the derivatives of every method
 * agree between forward and reverse mode and with central differences, on both sides of each
 * selection and at ties; and the work is moved exactly where nothing between or after the use
 * reads or changes what the local's initializer reads.
 */
class SelectedTangentsTest {
  private static CompiledSources compiled;

  @BeforeAll
  static void compile() {
    compiled = CompiledSources.compile(resource("num.SelectedTangents", "SelectedTangents.java.txt"));
  }

  static Stream<Arguments> points() {
    return Stream.of(
        // s0 = 100, k = 105 (in the money: exercise wins at low nodes), k = 80 (it never does)
        Arguments.of("tree", new Object[] {100.0, 105.0, 0.05, 0.2, 40}),
        Arguments.of("tree", new Object[] {100.0, 80.0, 0.03, 0.3, 25}),
        Arguments.of("tree", new Object[] {90.0, 120.0, 0.08, 0.25, 30}),
        Arguments.of("relu", new Object[] {new double[] {0.4, -0.3}, new double[] {1.2, 0.7}, 0.1}),
        Arguments.of("relu", new Object[] {new double[] {0.4, -0.3}, new double[] {-1.2, 0.7}, 0.1}),
        Arguments.of("branches", new Object[] {0.8, 0.3}), Arguments.of("branches", new Object[] {0.2, 1.1}),
        Arguments.of("literalFirst", new Object[] {0.3}), Arguments.of("literalFirst", new Object[] {1.4}),
        Arguments.of("tie", new Object[] {1.0}), Arguments.of("tie", new Object[] {0.4}), Arguments.of("tie", new Object[] {1.7}),
        Arguments.of("readAgain", new Object[] {0.9, 0.5}), Arguments.of("readAgain", new Object[] {0.5, 0.9}),
        Arguments.of("notOnlySelected", new Object[] {0.7, 1.3}), Arguments.of("notOnlySelected", new Object[] {0.7, 0.4}),
        Arguments.of("storeBetween", new Object[] {new double[] {0.5, 0.1}, 0.9}),
        Arguments.of("storeBetween", new Object[] {new double[] {0.5, 0.9}, 0.3}),
        Arguments.of("storeThroughAlias", new Object[] {new double[] {0.8, 0.1}, 0.9}),
        Arguments.of("storeThroughAlias", new Object[] {new double[] {0.2, 0.1}, 0.9}),
        Arguments.of("assignedBetween", new Object[] {0.6, 0.2}), Arguments.of("assignedBetween", new Object[] {4.0, 0.5}),
        Arguments.of("assignedLater", new Object[] {0.6, 0.9}), Arguments.of("assignedLater", new Object[] {2.0, 0.9}),
        Arguments.of("readInLoop", new Object[] {new double[] {0.1, 0.9, 0.3}, 0.6}),
        Arguments.of("helperInInitializer", new Object[] {0.9, 0.5}), Arguments.of("helperInInitializer", new Object[] {0.4, 0.5}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("points")
  void derivativesAgree(String method, Object[] args) {
    compiled.check("num.SelectedTangents", method).at(args);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("floatPoints")
  void floatDerivativesAgree(String method, Object[] args) {
    compiled.check("num.SelectedTangents", method).floatArithmetic(1e-3).at(args);
  }

  static Stream<Arguments> floatPoints() {
    return Stream.of(Arguments.of("floats", new Object[] {0.5f, 3f}), Arguments.of("floats", new Object[] {2f, 3f}));
  }

  static Stream<Arguments> placements() {
    return Stream.of(
        Arguments.of("tree", "hold", true), Arguments.of("tree", "exercise", true), Arguments.of("relu", "z", true),
        Arguments.of("branches", "h", true), Arguments.of("branches", "g", true), Arguments.of("literalFirst", "h", true),
        Arguments.of("tie", "h", true), Arguments.of("tie", "e", true), Arguments.of("floats", "h", true),
        Arguments.of("readAgain", "h", false), Arguments.of("notOnlySelected", "h", false),
        Arguments.of("storeBetween", "h", false), Arguments.of("storeThroughAlias", "h", false),
        Arguments.of("assignedBetween", "h", false), Arguments.of("assignedLater", "h", false),
        Arguments.of("readInLoop", "h", false), Arguments.of("helperInInitializer", "h", true));
  }

  @ParameterizedTest(name = "{0}: {1} moved {2}")
  @MethodSource("placements")
  void movedExactlyWhereItIsTheSame(String method, String local, boolean moved) {
    String generated = compiled.generatedSource("num.SelectedTangentsDerivatives");
    String jvp = CompiledSources.method(generated, method + "Jvp(");
    String vjp = CompiledSources.method(generated, method + "Vjp(");
    String comment = "// d" + local + ": computed where " + local + " is selected";
    String declared = " d" + local + " = ";
    String accumulated = " d" + local + " += ";
    if (moved) {
      assertTrue(jvp.contains(comment), jvp);
      assertFalse(jvp.contains(declared), jvp);
      // the reverse sends the seed into the initializer in the branch that picks it
      assertFalse(vjp.contains(accumulated), vjp);
    } else {
      assertFalse(jvp.contains(comment), jvp);
      assertTrue(jvp.contains(declared), jvp);
      assertTrue(vjp.contains(accumulated), vjp);
    }
  }
}
