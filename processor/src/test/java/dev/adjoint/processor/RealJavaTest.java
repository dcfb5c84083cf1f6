package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.testing.CompiledSources.resource;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.CompiledSources;
import java.math.RoundingMode;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Model code as people write it (sources/RealJava.java): passive parameters of any type, helpers of
 * the same class (private, varargs, writing arrays, returning arrays, early returns), private
 * constants, tables and objects read through the companion's handles, {@code ++} inside
 * expressions, switches on enums and strings, FastMath, arrays made in loops. Every method is
 * differentiated statically (no tape) and checked numerically: reverse vs forward (dot product) vs
 * central finite differences.
 */
class RealJavaTest {
  private static CompiledSources compiled;

  @BeforeAll
  static void compile() {
    compiled = CompiledSources.compile(resource("real.RealJava", "RealJava.java.txt"));
  }

  @Test
  void everyMethodIsStatic() {
    String generated = compiled.generatedSource("real.RealJavaDerivatives");
    assertFalse(generated.contains("TapedDouble"), "a method went to the tape:\n" + generated);
    assertThat(compiled.compilation()).hadNoteContaining("rk4: reverse and forward mode w.r.t. p");
  }

  @Test
  void passiveParametersOfAnyType() throws Exception {
    Class<?> act = compiled.load("real.RealJava$Activation");
    for (Object a : act.getEnumConstants()) {
      compiled.check("real.RealJava", "neuron")
          .at(new double[] {0.3, -0.2}, 0.1, new double[] {1.5, 0.5}, a, "x", List.of(0.5, -1.0))
          .at(new double[] {-0.7, 0.4}, -0.3, new double[] {0.25, 2.0}, a, "y", List.of());
    }
  }

  @Test
  void helpersPrivateMembersAndFastMath() {
    compiled.check("real.RealJava", "helpers").at(0.7, new double[] {0.3, -1.1, 2.0, 0.5})
        .at(-0.4, new double[] {1.2, 0.1});
    String generated = compiled.generatedSource("real.RealJavaDerivatives");
    assertTrue(generated.contains("PrivateAccess.staticField("), generated);
  }

  @Test
  void sideEffectsInsideExpressions() {
    compiled.check("real.RealJava", "sideEffects").at(0.7, new double[] {0.5, 1.5}).at(-1.3, new double[] {2.0, -0.5});
  }

  @Test
  void recordsStringsCharsAndEnumsAsConfiguration() throws Exception {
    Class<?> config = compiled.load("real.RealJava$Config");
    for (String name : List.of("decay", "grow", "other")) {
      java.lang.reflect.Constructor<?> make = config.getDeclaredConstructors()[0];
      make.setAccessible(true);
      Object c = make.newInstance(5, 0.1, name);
      compiled.check("real.RealJava", "configured").at(0.8, c, 'q', RoundingMode.HALF_UP)
          .at(0.8, c, 'p', RoundingMode.DOWN);
    }
  }

  @Test
  void rungeKuttaWithArrayHelpersInTheTimeLoop() {
    compiled.check("real.RealJava", "rk4")
        .at(new double[] {1.1, 0.4, 0.1, 0.4}, new double[] {10, 5}, 0.01, 100, new double[] {8, 6});
  }

  @Test
  void namesThatClashWithGeneratedOnes() {
    compiled.check("real.RealJava", "names").at(0.7, new double[] {0.5, -1.5}, 1.3);
  }

  @Test
  void forEachOverRowsWritesThrough() {
    compiled.check("real.RealJava", "rows").at(new double[][] {{0.5, 1.0}, {2.0, -1.0, 3.0}}, 1.5);
  }

  @Test
  void arrayFromPassiveCodeAndPrivateFieldOnTheTape() throws Exception {
    compiled.check("real.RealJava", "lookup").at(0.7, java.util.Map.of("a", new double[] {0.3, -1.2, 2.0}))
        .at(-0.4, java.util.Map.of());
    java.lang.reflect.Constructor<?> c = compiled.load("real.RealJava$Scaled").getDeclaredConstructor(Number.class);
    c.setAccessible(true);
    compiled.check("real.RealJava$Scaled", "apply").at(c.newInstance(2.5f), 0.3).at(c.newInstance(-3), -1.1);
    assertTrue(compiled.generatedSource("real.RealJava_ScaledDerivatives").contains("TapedDouble"));
  }
}
