package dev.adjoint.processor;

import static dev.adjoint.processor.testing.CompiledSources.components;
import static dev.adjoint.processor.testing.CompiledSources.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.CompiledSources;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code -Aadjoint.fallback=always}: the test sources' methods all run on the dynamic tape; each is
 * checked numerically (reverse vs forward vs finite differences) and against the static code.
 */
class ForcedFallbackTest {
  private static CompiledSources statics;
  private static CompiledSources taped;

  private static JavaFileObject[] sources() {
    return new JavaFileObject[] {resource("num.Loops", "Loops.java.txt"), resource("num.Scalars", "Scalars.java.txt"),
        resource("num.Other", "Other.java.txt"), resource("num.Switches", "Switches.java.txt"),
        resource("num.Arrays", "Arrays.java.txt")};
  }

  @BeforeAll
  static void compile() {
    statics = CompiledSources.compile(sources());
    taped = CompiledSources.compileWithOptions(List.of("-A" + AdjointProcessor.FALLBACK_OPTION + "=always"), sources());
  }

  static Stream<Arguments> points() {
    return Stream.of(
        Stream.of("num.Scalars").flatMap(c -> ScalarDerivativesTest.points().map(a -> with(c, a))),
        LoopDerivativesTest.points().filter(a -> !a.get()[0].equals("million")).map(a -> with("num.Loops", a)),
        LoopDerivativesTest.switches().map(a -> with("num.Switches", a)),
        ArrayDerivativesTest.points().map(a -> with("num.Arrays", a))).flatMap(s -> s);
  }

  private static Arguments with(String owner, Arguments a) {
    return Arguments.of(owner, a.get()[0], a.get()[1]);
  }

  @ParameterizedTest(name = "{0}.{1} at {2}")
  @MethodSource("points")
  void tapeDerivativesAreRightAndEqualTheStaticOnes(String owner, String method, Object[] args) throws Exception {
    taped.check(owner, method).at(args);
    Object value = invoke(statics.load(owner), method, copies(args));
    Object seed = filled(value, 0.75);
    Object[] staticGradient = components(invokeCompanion(statics, owner, method + "Vjp", append(copies(args), seed)));
    Object[] tapeGradient = components(invokeCompanion(taped, owner, method + "Vjp", append(copies(args), seed)));
    assertClose(staticGradient, tapeGradient, method + " Vjp");
    Method jvp = statics.companionMethod(owner, method + "Jvp");
    Object[] jvpArgs = copies(args);
    List<String> params = new ArrayList<>();
    for (java.lang.reflect.Parameter p : jvp.getParameters()) {
      params.add(p.getName());
    }
    RecordComponent[] wrt = statics.companionMethod(owner, method + "Vjp").getReturnType().getRecordComponents();
    for (int k = 1; k < wrt.length; k++) {
      jvpArgs = append(jvpArgs, filled(args[params.indexOf(wrt[k].getName())], 0.5));
    }
    assertClose(components(jvp.invoke(null, jvpArgs)),
        components(taped.companionMethod(owner, method + "Jvp").invoke(null, copies(jvpArgs))), method + " Jvp");
  }

  @Test
  void everyMethodGetsTheForcedNote() {
    String notes = taped.compilation().diagnostics().toString();
    assertTrue(notes.contains("power runs on the dynamic tape (forced by -Aadjoint.fallback=always)"), notes);
    assertTrue(taped.generatedSource("num.LoopsDerivatives").contains("tapedPower("));
    // a @Differentiable method of another class is one tape entry, from its companion's gradient
    assertTrue(notes.contains("callInLoop runs on the dynamic tape (forced"), notes);
    assertTrue(taped.generatedSource("num.LoopsDerivatives")
        .contains("call(ScalarsDerivatives.squareGradient(value(s.get())), ScalarsDerivatives.SquareGradient::value,"
            + " d(s.get()), ScalarsDerivatives.SquareGradient::x)"), taped.generatedSource("num.LoopsDerivatives"));
  }

  private static Object invoke(Class<?> owner, String name, Object[] args) throws Exception {
    for (Method m : owner.getDeclaredMethods()) {
      if (m.getName().equals(name)) {
        m.setAccessible(true);
        return m.invoke(null, args);
      }
    }
    throw new AssertionError("no method " + name);
  }

  private static Object invokeCompanion(CompiledSources compiled, String owner, String name, Object[] args)
      throws Exception {
    return compiled.companionMethod(owner, name).invoke(null, args);
  }

  private static void assertClose(Object[] expected, Object[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      assertClose(expected[i], actual[i], what + " component " + i);
    }
  }

  private static void assertClose(Object expected, Object actual, String what) {
    if (expected instanceof Double e) {
      double a = (Double) actual;
      assertEquals(e, a, 1e-12 * Math.max(1, Math.abs(e)), what);
    } else if (expected != null && expected.getClass().isArray()) {
      assertEquals(Array.getLength(expected), Array.getLength(actual), what);
      for (int i = 0; i < Array.getLength(expected); i++) {
        assertClose(Array.get(expected, i), Array.get(actual, i), what + "[" + i + "]");
      }
    } else {
      assertEquals(expected, actual, what);
    }
  }

  private static Object filled(Object like, double v) {
    if (like instanceof Double) {
      return v;
    }
    if (like instanceof double[] a) {
      double[] r = new double[a.length];
      Arrays.fill(r, v);
      return r;
    }
    double[][] m = (double[][]) like;
    double[][] r = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      r[i] = (double[]) filled(m[i], v);
    }
    return r;
  }

  private static Object[] copies(Object[] args) {
    Object[] r = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      r[i] = args[i] instanceof double[] a ? a.clone()
          : args[i] instanceof double[][] m ? Arrays.stream(m).map(double[]::clone).toArray(double[][]::new)
          : args[i] instanceof int[] n ? n.clone() : args[i];
    }
    return r;
  }

  private static Object[] append(Object[] args, Object last) {
    Object[] r = Arrays.copyOf(args, args.length + 1);
    r[args.length] = last;
    return r;
  }
}
