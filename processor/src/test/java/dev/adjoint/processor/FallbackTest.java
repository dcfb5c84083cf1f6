package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.testing.CompiledSources.components;
import static dev.adjoint.processor.testing.CompiledSources.resource;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.CompiledSources;
import java.lang.reflect.InvocationTargetException;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dynamic-tape fallback (sources/Fallbacks.java): each construct outside the static subset gets
 * a NOTE on its line and derivatives that agree with finite differences, forward with reverse
 * (dot-product test), and with hand-derived closed forms.
 */
class FallbackTest {
  private static final JavaFileObject SOURCE = resource("fb.Fallbacks", "Fallbacks.java.txt");
  private static CompiledSources compiled;

  @BeforeAll
  static void compile() {
    compiled = CompiledSources.compile(SOURCE);
  }

  static Stream<Arguments> notes() {
    return Stream.of(
        Arguments.of("tryCatch runs on the dynamic tape: a try at line 13", 13L),
        // a helper's recursive call, reported in the helper
        Arguments.of("recursion runs on the dynamic tape: the recursive call power(b, n - 1)", 36L),
        Arguments.of("aliasing runs on the dynamic tape: making an array local an alias of another array at line 81",
            81L),
        Arguments.of("matrixResult runs on the dynamic tape: a jagged array creation new double[m.length][] at line 94",
            94L),
        Arguments.of("throwsAfterWrite runs on the dynamic tape: a try at line 109", 109L),
        Arguments.of("rowSwaps runs on the dynamic tape: making an array local an alias of another array at line 198",
            198L),
        Arguments.of("rowAssigned runs on the dynamic tape: assigning a row of an array (m[0] = …) at line 220", 220L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notes")
  void noteNamesTheConstructOnItsLine(String note, long line) {
    assertThat(compiled.compilation()).hadWarningContaining(note).inFile(SOURCE).onLine(line);
  }

  /** Helpers, lambdas over ints and helpers returning arrays no longer need the tape. */
  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"helper: reverse and forward mode w.r.t. x, y",
      "lambdaOverInts: reverse and forward mode w.r.t. x; inactive: n",
      "vectorResult: reverse and forward mode w.r.t. w, s", "arrayInLoop: reverse and forward mode w.r.t. w"})
  void formerFallbacksAreStatic(String note) {
    assertThat(compiled.compilation()).hadNoteContaining(note).inFile(SOURCE);
  }

  @Test
  void derivativesAgreeWithFiniteDifferencesAndForwardMode() {
    compiled.check("fb.Fallbacks", "tryCatch").at(0.7, 1.3).at(-0.4, 2.0).at(50.0, 1.5);
    compiled.check("fb.Fallbacks", "helper").at(0.7, 0.3).at(-1.2, -0.5);
    compiled.check("fb.Fallbacks", "recursion").at(1.3, 4).at(-0.7, 0).at(0.9, 1);
    compiled.check("fb.Fallbacks", "lambdaOverInts").at(1.3, 4);
    compiled.check("fb.Fallbacks", "arrayInLoop").at(new double[] {0.3, -1.2, 0.8}, 3);
    compiled.check("fb.Fallbacks", "aliasing").at(new double[] {0.3, -1.2, 0.8});
    compiled.check("fb.Fallbacks", "vectorResult").at(new double[] {0.3, -1.2, 0.8}, 0.7);
    compiled.check("fb.Fallbacks", "matrixResult").at(new double[][] {{0.3, -1.2}, {0.8, 2.0}, {}}, 0.7);
    compiled.check("fb.Fallbacks", "caller").at(0.4, 1.1);
    compiled.check("fb.Fallbacks", "throwsAfterWrite").at(new double[] {0.3, 1.2});
    compiled.check("fb.Fallbacks", "unusedInput").at(0.3, 1.2);
    compiled.check("fb.Fallbacks", "switchInTry").at(0.3, -1).at(0.3, 2).at(0.3, 5);
    compiled.check("fb.Fallbacks", "shadowedTypes").at(0.3).at(-1.7);
    compiled.check("fb.Fallbacks", "floats").at(0.3);
    compiled.check("fb.Fallbacks", "rowSwaps").at(new double[][] {{1, 2, 0.5}, {3, -1, 2}, {0.2, 4, 1}},
        new double[] {1, 2, 3});
    compiled.check("fb.Fallbacks", "rowAssigned").at((Object) new double[][] {{0.5, -1.5}, {2.0, 0.25}});
  }

  /** Closed forms, derived by hand. */
  @Test
  void gradientsMatchClosedForms() throws Exception {
    // r + (y + 1) x with r = x sin y (below 100)
    double x = 0.7;
    double y = 1.3;
    assertArrayEquals(new double[] {x * Math.sin(y) + (y + 1) * x, Math.sin(y) + y + 1, x * Math.cos(y) + x},
        gradient("tryCatch", x, y), 1e-12);
    // the catch branch: r = 0, so f = (y + 1) x
    assertArrayEquals(new double[] {(1.5 + 1) * 200, 1.5 + 1, 200}, gradient("tryCatch", 200.0, 1.5), 1e-12);
    // x^2 y + exp(2y)
    assertArrayEquals(new double[] {x * x * y + Math.exp(2 * y), 2 * x * y, x * x + 2 * Math.exp(2 * y)},
        gradient("helper", x, y), 1e-12);
    // x^4 + x
    assertArrayEquals(new double[] {Math.pow(x, 4) + x, 4 * Math.pow(x, 3) + 1}, gradient("recursion", x, 4), 1e-12);
    // w0 w1 * 3 w1: b is computed before a[0] (= w[0]) is overwritten
    Object[] g = components(call("aliasingGradient", (Object) new double[] {0.5, -2.0, 3.0}));
    assertEquals(0.5 * -2.0 * 3 * -2.0, (double) g[0], 1e-12);
    assertArrayEquals(new double[] {3 * 4.0, 6 * 0.5 * -2.0, 0}, (double[]) g[1], 1e-12);
    // sum_k (k + 1)^2 sum_i w_i^2 for k < 3: the factor is 14
    g = components(call("arrayInLoopGradient", new double[] {0.5, -2.0}, 3));
    assertEquals(14 * (0.25 + 4.0), (double) g[0], 1e-12);
    assertArrayEquals(new double[] {28 * 0.5, 28 * -2.0}, (double[]) g[1], 1e-12);
    // 2 (0.5 + 4x + x^2 + 1): the int t and the double t are different variables
    assertArrayEquals(new double[] {2 * (0.5 + 4 * x + x * x + 1), 2 * (4 + 2 * x)}, gradient("shadowedTypes", x), 1e-12);
    // an input the result does not depend on gets 0
    assertArrayEquals(new double[] {0.09, 0.6, 0.0}, gradient("unusedInput", 0.3, 1.2), 1e-12);
  }

  @Test
  void failingTapeLeavesTheInputsUnchanged() {
    double[] w = {0.3, -1.2};
    InvocationTargetException e = assertThrows(InvocationTargetException.class,
        () -> call("throwsAfterWriteVjp", w, 1.0));
    assertTrue(e.getCause() instanceof IllegalArgumentException, e.getCause().toString());
    assertTrue(e.getCause().getMessage().contains("w[1] is negative: -1.2"), e.getCause().getMessage());
    assertArrayEquals(new double[] {0.3, -1.2}, w);
    double[] dw = {1.0, 0.0};
    assertThrows(InvocationTargetException.class, () -> call("throwsAfterWriteJvp", w, dw));
    assertArrayEquals(new double[] {0.3, -1.2}, w);
    assertArrayEquals(new double[] {1.0, 0.0}, dw);
  }

  /** The static code of caller() calls the companions of the fallback methods it uses. */
  @Test
  void staticCallerUsesTheFallbackCompanions() {
    String generated = compiled.generatedSource("fb.FallbacksDerivatives");
    assertTrue(generated.contains("FallbacksDerivatives.tryCatchVjp(x, y, seed * 2.0)"), generated);
    assertThat(compiled.compilation()).hadNoteContaining("caller: reverse and forward mode w.r.t. x, y");
  }

  /** -Aadjoint.fallback=never: the construct is an error again; an unknown mode warns. */
  @Test
  void neverModeMakesFallbackConstructsErrors() {
    com.google.testing.compile.Compilation never = CompiledSources.compiler()
        .withOptions("-parameters", "-Aadjoint.fallback=never").compile(SOURCE);
    assertThat(never).hadErrorContaining("a try is not supported in a @Differentiable method yet").inFile(SOURCE)
        .onLine(13);
    assertThat(never).hadErrorContaining("the recursive call power(b, n - 1) is not supported").inFile(SOURCE).onLine(36);
    com.google.testing.compile.Compilation typo = CompiledSources.compiler()
        .withOptions("-parameters", "-Aadjoint.fallback=alway").compile(SOURCE);
    assertThat(typo).succeeded();
    assertThat(typo).hadWarningContaining("-Aadjoint.fallback=alway is not a fallback mode; use auto (the default),"
        + " always or never");
  }

  /** @DerivativeOf partials are used on the tape too: softplus(x^2, b) inside a try. */
  @Test
  void customDerivativesOnTheTape() {
    CompiledSources custom = CompiledSources.compile(
        CompiledSources.source("lib.Special", """
            package lib;

            public final class Special {
              private Special() {}

              public static double softplus(double a, double beta) {
                return Math.log1p(Math.exp(beta * a)) / beta;
              }
            }
            """),
        CompiledSources.source("m.SoftplusPartials", """
            package m;

            import dev.adjoint.DerivativeOf;

            final class SoftplusPartials {
              @DerivativeOf("lib.Special.softplus")
              static double softplusA(double a, double beta) {
                return 1 / (1 + Math.exp(-beta * a));
              }

              @DerivativeOf(value = "lib.Special.softplus", argument = 1)
              static double softplusBeta(double a, double beta) {
                double s = 1 / (1 + Math.exp(-beta * a));
                return (a * s - Math.log1p(Math.exp(beta * a)) / beta) / beta;
              }
            }
            """),
        CompiledSources.source("m.Model", """
            package m;

            import dev.adjoint.Differentiable;
            import lib.Special;

            final class Model {
              @Differentiable
              static double f(double x, double b) {
                try {
                  return Special.softplus(x * x, b) + x;
                } finally {
                }
              }
            }
            """));
    assertTrue(custom.generatedSource("m.ModelDerivatives").contains("SoftplusPartials.softplusA("),
        custom.generatedSource("m.ModelDerivatives"));
    custom.check("m.Model", "f").at(0.3, 2.0).at(-1.5, 0.5);
  }

  private static double[] gradient(String method, Object... args) throws Exception {
    Object[] c = components(call(method + "Gradient", args));
    double[] result = new double[c.length];
    for (int i = 0; i < c.length; i++) {
      result[i] = (double) c[i];
    }
    return result;
  }

  private static Object call(String name, Object... args) throws Exception {
    return compiled.companionMethod("fb.Fallbacks", name).invoke(null, args);
  }
}
