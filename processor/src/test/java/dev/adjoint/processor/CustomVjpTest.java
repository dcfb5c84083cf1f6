package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.testing.CompiledSources.source;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.adjoint.GradChecks;
import dev.adjoint.Tensor;
import dev.adjoint.processor.testing.CompiledSources;
import java.lang.reflect.Method;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code @DerivativeOf(mode = VJP / JVP)}: derivatives of array and {@code Tensor} functions,
 * used in both generated modes and on the scalar tape, checked by {@code GradChecks}.
 */
class CustomVjpTest {
  /** "Third-party" array functions: plain static methods, no known derivative. */
  static final JavaFileObject VEC = source("lib.Vec", """
      package lib;

      public final class Vec {
        private Vec() {}

        /** |x|. */
        public static double norm(double[] x) {
          double s = 0;
          for (double v : x) s += v * v;
          return Math.sqrt(s);
        }

        /** x * s, a new array. */
        public static double[] scale(double[] x, double s) {
          double[] y = new double[x.length];
          for (int i = 0; i < x.length; i++) y[i] = x[i] * s;
          return y;
        }
      }
      """);

  /**
   * norm: seed x / |x| (by hand); scale: x̄ = seed s, s̄ = ⟨seed, x⟩, and the JVPs t s and x ds.
   * {@code normVjp} is the body of the norm VJP (so a test can get it wrong).
   */
  static JavaFileObject vecDerivatives(String normVjp) {
    return source("m.VecDerivativesOf", """
        package m;

        import dev.adjoint.DerivativeOf;
        import dev.adjoint.DerivativeOf.Mode;
        import lib.Vec;

        final class VecDerivativesOf {
          @DerivativeOf(value = "lib.Vec.norm", mode = Mode.VJP)
          static double[] norm(double[] x, double seed) {
            double n = Vec.norm(x);
            double[] g = new double[x.length];
            for (int i = 0; i < x.length; i++) g[i] = %s;
            return g;
          }

          @DerivativeOf(value = "lib.Vec.scale", mode = Mode.VJP)
          static double[] scaleX(double[] x, double s, double[] seed) {
            return Vec.scale(seed, s);
          }

          @DerivativeOf(value = "lib.Vec.scale", argument = 1, mode = Mode.VJP)
          static double scaleS(double[] x, double s, double[] seed) {
            double d = 0;
            for (int i = 0; i < x.length; i++) d += seed[i] * x[i];
            return d;
          }

          @DerivativeOf(value = "lib.Vec.scale", mode = Mode.JVP)
          static double[] scaleXTangent(double[] x, double s, double[] tangent) {
            return Vec.scale(tangent, s);
          }

          @DerivativeOf(value = "lib.Vec.scale", argument = 1, mode = Mode.JVP)
          static double[] scaleSTangent(double[] x, double s, double tangent) {
            return Vec.scale(x, tangent);
          }
        }
        """.formatted(normVjp));
  }

  static final String RIGHT_NORM = "seed * x[i] / n";

  static final JavaFileObject MODEL = source("m.Model", """
      package m;

      import dev.adjoint.Differentiable;
      import dev.adjoint.GradCheck;
      import lib.Vec;

      final class Model {
        @Differentiable
        @GradCheck({"x=[1, 2, -0.5], s=0.7", "x=[0.3, -1.2], s=-2"})
        static double f(double[] x, double s) {
          double n = Vec.norm(x);
          double[] y = Vec.scale(x, s);
          double t = 0;
          for (int i = 0; i < y.length; i++) t += y[i] * y[i] * x[i];
          return n * s + t;
        }

        /** The same on the scalar tape (the try), norm only: the tape takes double results. */
        @Differentiable
        @GradCheck({"x=[1, 2, -0.5], s=0.7"})
        static double g(double[] x, double s) {
          try {
            return Vec.norm(x) * s + x[0];
          } finally {
          }
        }
      }
      """);

  /** f by hand: |x| s + s² Σ x_i³; ∂/∂x_i = s x_i / |x| + 3 s² x_i², ∂/∂s = |x| + 2 s Σ x_i³. */
  private static double[] expectedF(double[] x, double s) {
    double n = 0;
    double cubes = 0;
    for (double v : x) {
      n += v * v;
      cubes += v * v * v;
    }
    n = Math.sqrt(n);
    double[] g = new double[x.length + 1];
    for (int i = 0; i < x.length; i++) {
      g[i] = s * x[i] / n + 3 * s * s * x[i] * x[i];
    }
    g[x.length] = n + 2 * s * cubes;
    return g;
  }

  @Test
  void vjpOfArrayFunctionsInBothModesAndOnTheTape() throws Exception {
    CompiledSources compiled = CompiledSources.compile(VEC, vecDerivatives(RIGHT_NORM), MODEL);
    String generated = compiled.generatedSource("m.ModelDerivatives");
    assertTrue(generated.contains("VecDerivativesOf.norm(x, "), generated);
    assertTrue(generated.contains("VecDerivativesOf.scaleSTangent(x, s, "), generated);

    compiled.check("m.Model", "f").at(new double[] {1, 2, -0.5}, 0.7).at(new double[] {0.3, -1.2}, -2.0);
    compiled.check("m.Model", "g").at(new double[] {1, 2, -0.5}, 0.7).at(new double[] {0.3, -1.2}, -2.0);

    double[] x = {1, 2, -0.5};
    Object gradient = call(compiled, "fGradient", x, 0.7);
    double[] expected = expectedF(x, 0.7);
    assertArrayEquals(java.util.Arrays.copyOf(expected, 3), (double[]) component(gradient, "x"), 1e-12);
    assertEquals(expected[3], (double) component(gradient, "s"), 1e-12);

    // the tape (g runs on it) against the hand derivative of g = |x| s + x_0
    Object tape = call(compiled, "gGradient", x, 0.7);
    double n = Math.sqrt(1 + 4 + 0.25);
    assertArrayEquals(new double[] {0.7 / n + 1, 0.7 * 2 / n, 0.7 * -0.5 / n}, (double[]) component(tape, "x"), 1e-12);
    assertEquals(n, (double) component(tape, "s"), 1e-12);

    assertTrue(GradChecks.verify(compiled.load("m.Model")).passed(), () -> GradChecks.verify(compiled.load("m.Model"))
        .toString());
  }

  /** Every method forced onto the scalar tape: f's array result cannot go there, g's norm can. */
  @Test
  void forcedFallbackKeepsTheStaticCodeForArrayResults() throws Exception {
    CompiledSources forced = CompiledSources.compileWithOptions(List.of("-Aadjoint.fallback=always"), VEC,
        vecDerivatives(RIGHT_NORM), MODEL);
    forced.check("m.Model", "f").at(new double[] {1, 2, -0.5}, 0.7);
    forced.check("m.Model", "g").at(new double[] {0.3, -1.2}, -2.0);
  }

  @Test
  void wrongVjpIsCaughtByGradChecks() {
    CompiledSources compiled = CompiledSources.compile(VEC, vecDerivatives("seed * x[i] / (n * n)"), MODEL);
    GradChecks.Report report = GradChecks.verify(compiled.load("m.Model"));
    assertFalse(report.passed());
    assertTrue(report.toString().contains("Model.f, sample 1 \"x=[1, 2, -0.5], s=0.7\": reverse mode vs central"
        + " finite difference, x"), report::toString);
    assertTrue(report.toString().contains("Model.g, sample 1"), report::toString);
  }

  static final JavaFileObject EDGES = source("m.Edge", """
      package m;

      import dev.adjoint.Differentiable;
      import lib.Vec;

      final class Edge {
        /** z[0] is overwritten after the call: the reverse sweep restores it before the VJP reads z. */
        @Differentiable
        static double a(double x, double s) {
          double[] z = new double[2];
          z[0] = x * x;
          z[1] = x * s;
          double n = Vec.norm(z);
          z[0] = 3 * x;
          return n + z[0] * n;
        }

        /** Indexing the array result directly: the scalar tape. */
        @Differentiable
        static double b(double[] x, double s) {
          return Vec.scale(x, s)[0] + Vec.norm(Vec.scale(x, s));
        }

        /** In a loop and a branch. */
        @Differentiable
        static double c(double[] x, double s) {
          double t = 0;
          for (int i = 0; i < 3; i++) {
            t += i % 2 == 0 ? Vec.norm(x) * s : s * s;
          }
          return t;
        }
      }
      """);

  @Test
  void recordsBranchesLoopsAndTheTape() throws Exception {
    CompiledSources compiled = CompiledSources.compile(VEC, vecDerivatives(RIGHT_NORM), EDGES);
    compiled.check("m.Edge", "a").at(0.8, 1.3).at(-1.1, 0.4);
    compiled.check("m.Edge", "b").at(new double[] {1, 2, -0.5}, 0.7);
    compiled.check("m.Edge", "c").at(new double[] {1, 2, -0.5}, 0.7);
    // a by hand: n = |(x², x s)|, f = n (1 + 3x); ∂n/∂x = (2x³ + x s²) / n, ∂n/∂s = x² s / n
    double x = 0.8;
    double s = 1.3;
    double n = Math.hypot(x * x, x * s);
    Object g = call(compiled.load("m.EdgeDerivatives"), "aGradient", x, s);
    assertEquals((2 * x * x * x + x * s * s) / n * (1 + 3 * x) + 3 * n, (double) component(g, "x"), 1e-12);
    assertEquals(x * x * s / n * (1 + 3 * x), (double) component(g, "s"), 1e-12);
  }

  /** Partials of a function of three arguments (plus an int) on the scalar tape: one chain of entries. */
  @Test
  void threeArgumentPartialsOnTheTape() throws Exception {
    JavaFileObject lib = source("lib.Three", """
        package lib;

        public final class Three {
          private Three() {}

          public static double f(double a, double b, int k, double c) { return a * b * c + k * c * c; }
        }
        """);
    JavaFileObject partials = source("m.ThreePartials", """
        package m;

        import dev.adjoint.DerivativeOf;

        final class ThreePartials {
          @DerivativeOf("lib.Three.f")
          static double a(double a, double b, int k, double c) { return b * c; }

          @DerivativeOf(value = "lib.Three.f", argument = 1)
          static double b(double a, double b, int k, double c) { return a * c; }

          @DerivativeOf(value = "lib.Three.f", argument = 3)
          static double c(double a, double b, int k, double c) { return a * b + 2 * k * c; }
        }
        """);
    JavaFileObject model = source("m.ThreeModel", """
        package m;

        import dev.adjoint.Differentiable;
        import lib.Three;

        final class ThreeModel {
          @Differentiable
          static double taped(double x, double y) {
            try {
              return Three.f(x, y, 2, x * y);
            } finally {
            }
          }

          @Differentiable
          static double direct(double x, double y) {
            return Three.f(x, y, 2, x * y);
          }
        }
        """);
    CompiledSources compiled = CompiledSources.compile(lib, partials, model);
    compiled.check("m.ThreeModel", "taped").at(0.8, 1.3).at(-1.1, 0.4);
    compiled.check("m.ThreeModel", "direct").at(0.8, 1.3).at(-1.1, 0.4);
    // by hand: f = x² y² + 2 x² y², ∂/∂x = 6 x y²
    Object g = call(compiled.load("m.ThreeModelDerivatives"), "tapedGradient", 0.8, 1.3);
    assertEquals(6 * 0.8 * 1.3 * 1.3, (double) component(g, "x"), 1e-12);
  }

  /** Generated code calling VJPs and JVPs (static and taped) compiles without lint warnings. */
  @Test
  void generatedCodeIsLintClean() {
    Compilation compilation = CompiledSources.compiler().withOptions("-parameters", "-Xlint:all", "-Xlint:-processing")
        .compile(VEC, vecDerivatives(RIGHT_NORM), MODEL, EDGES, TLIB, TLIB_DERIVATIVES, TENSOR_MODEL);
    assertEquals(Compilation.Status.SUCCESS, compilation.status(), () -> compilation.diagnostics().toString());
    List<String> inGenerated = compilation.warnings().stream()
        .filter(d -> d.getSource() != null && d.getSource().getName().endsWith("Derivatives.java"))
        .map(d -> d.getSource().getName() + ":" + d.getLineNumber() + ": " + d.getMessage(null))
        .toList();
    assertEquals(List.of(), inGenerated);
  }

  /** A wrong JVP (forward mode only) disagrees with the VJP: the dot-product test catches it. */
  @Test
  void wrongJvpIsCaughtByTheDotProductTest() {
    JavaFileObject derivatives = source("m.VecDerivativesOf",
        sourceText(vecDerivatives(RIGHT_NORM)).replace("return Vec.scale(x, tangent);", "return Vec.scale(x, 2 * tangent);"));
    CompiledSources compiled = CompiledSources.compile(VEC, derivatives, MODEL);
    GradChecks.Report report = GradChecks.verify(compiled.load("m.Model"));
    assertFalse(report.passed());
    assertTrue(report.toString().contains("Model.f, sample 1 \"x=[1, 2, -0.5], s=0.7\": dot-product test"),
        report::toString);
    assertTrue(report.toString().contains("forward mode vs central finite difference"), report::toString);
    assertFalse(report.toString().contains("reverse mode vs central finite difference"), report::toString);
  }

  private static String sourceText(JavaFileObject file) {
    try {
      return file.getCharContent(true).toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  // ---- Tensor functions -----------------------------------------------------------------------

  static final JavaFileObject TLIB = source("lib.TLib", """
      package lib;

      import dev.adjoint.Tensor;

      public final class TLib {
        private TLib() {}

        /** a b², element-wise, computed off the tape (so only its @DerivativeOf gives a derivative). */
        public static Tensor mulSquare(Tensor a, Tensor b) {
          double[] x = a.toArray();
          double[] y = b.toArray();
          double[] z = new double[x.length];
          for (int i = 0; i < z.length; i++) z[i] = x[i] * y[i] * y[i];
          return Tensor.of(z, a.shape());
        }

        /** Σ x⁴. */
        public static double energy(Tensor x) {
          double e = 0;
          for (double v : x.toArray()) e += v * v * v * v;
          return e;
        }
      }
      """);

  static final JavaFileObject TLIB_DERIVATIVES = source("m.TLibDerivativesOf", """
      package m;

      import dev.adjoint.DerivativeOf;
      import dev.adjoint.DerivativeOf.Mode;
      import dev.adjoint.Tensor;

      final class TLibDerivativesOf {
        @DerivativeOf(value = "lib.TLib.mulSquare", mode = Mode.VJP)
        static Tensor mulSquareA(Tensor a, Tensor b, Tensor seed) { return seed.mul(b).mul(b); }

        @DerivativeOf(value = "lib.TLib.mulSquare", argument = 1, mode = Mode.VJP)
        static Tensor mulSquareB(Tensor a, Tensor b, Tensor seed) { return seed.mul(a).mul(b).mul(2); }

        @DerivativeOf(value = "lib.TLib.mulSquare", mode = Mode.JVP)
        static Tensor mulSquareATangent(Tensor a, Tensor b, Tensor tangent) { return tangent.mul(b).mul(b); }

        @DerivativeOf(value = "lib.TLib.mulSquare", argument = 1, mode = Mode.JVP)
        static Tensor mulSquareBTangent(Tensor a, Tensor b, Tensor tangent) { return tangent.mul(a).mul(b).mul(2); }

        @DerivativeOf(value = "lib.TLib.energy", mode = Mode.VJP)
        static Tensor energy(Tensor x, double seed) { return x.pow(3).mul(4 * seed); }
      }
      """);

  static final JavaFileObject TENSOR_MODEL = source("m.TModel", """
      package m;

      import dev.adjoint.Differentiable;
      import dev.adjoint.GradCheck;
      import dev.adjoint.Tensor;
      import lib.TLib;

      final class TModel {
        @Differentiable
        @GradCheck("a=[[0.5, -1], [2, 0.3]], b=[[1, 2], [-0.4, 0.8]]")
        static Tensor h(Tensor a, Tensor b) {
          Tensor c = TLib.mulSquare(a.tanh(), b);
          return c.sum().add(TLib.energy(a.mul(0.5)));
        }
      }
      """);

  @Test
  void vjpAndJvpOfTensorFunctions() throws Exception {
    CompiledSources compiled = CompiledSources.compile(TLIB, TLIB_DERIVATIVES, TENSOR_MODEL);
    Tensor a = Tensor.of(new double[][] {{0.5, -1}, {2, 0.3}});
    Tensor b = Tensor.of(new double[][] {{1, 2}, {-0.4, 0.8}});
    compiled.check("m.TModel", "h").at(a, b);
    Object g = call(compiled.load("m.TModelDerivatives"), "hGradient", a, b);
    // by hand: ∂/∂a = (1 - tanh²a) b² + 4 (a/2)³ / 2, ∂/∂b = 2 tanh(a) b
    double[] av = a.toArray();
    double[] bv = b.toArray();
    double[] da = new double[4];
    double[] db = new double[4];
    for (int i = 0; i < 4; i++) {
      double t = Math.tanh(av[i]);
      da[i] = (1 - t * t) * bv[i] * bv[i] + 2 * Math.pow(av[i] / 2, 3);
      db[i] = 2 * t * bv[i];
    }
    assertArrayEquals(da, ((Tensor) component(g, "a")).toArray(), 1e-12);
    assertArrayEquals(db, ((Tensor) component(g, "b")).toArray(), 1e-12);
    assertTrue(GradChecks.verify(compiled.load("m.TModel")).passed());
  }

  static final JavaFileObject MORE_LIB = source("lib.More", """
      package lib;

      import dev.adjoint.Tensor;

      public final class More {
        private More() {}

        /** a s, off the tape. */
        public static Tensor scaleBy(Tensor a, double s) {
          double[] x = a.toArray();
          for (int i = 0; i < x.length; i++) x[i] *= s;
          return Tensor.of(x, a.shape());
        }

        /** Σ w_ij x_j² over a double[][] w. */
        public static double quad(double[][] w, double[] x) {
          double q = 0;
          for (int i = 0; i < w.length; i++) for (int j = 0; j < x.length; j++) q += w[i][j] * x[j] * x[j];
          return q;
        }

        /** a³ b. */
        public static double cubeTimes(double a, double b) { return a * a * a * b; }
      }
      """);

  /** VJP of a Tensor × double function, a double[][] argument, and a partial mixed with a VJP. */
  static final JavaFileObject MORE_DERIVATIVES = source("m.MoreDerivativesOf", """
      package m;

      import dev.adjoint.DerivativeOf;
      import dev.adjoint.DerivativeOf.Mode;
      import dev.adjoint.Tensor;

      final class MoreDerivativesOf {
        @DerivativeOf(value = "lib.More.scaleBy", mode = Mode.VJP)
        static Tensor scaleByA(Tensor a, double s, Tensor seed) { return seed.mul(s); }

        @DerivativeOf(value = "lib.More.scaleBy", argument = 1, mode = Mode.VJP)
        static double scaleByS(Tensor a, double s, Tensor seed) { return seed.mul(a).sum().item(); }

        @DerivativeOf(value = "lib.More.scaleBy", mode = Mode.JVP)
        static Tensor scaleByATangent(Tensor a, double s, Tensor tangent) { return tangent.mul(s); }

        @DerivativeOf(value = "lib.More.scaleBy", argument = 1, mode = Mode.JVP)
        static Tensor scaleBySTangent(Tensor a, double s, double tangent) { return a.mul(tangent); }

        @DerivativeOf(value = "lib.More.quad", mode = Mode.VJP)
        static double[][] quadW(double[][] w, double[] x, double seed) {
          double[][] g = new double[w.length][x.length];
          for (int i = 0; i < w.length; i++) for (int j = 0; j < x.length; j++) g[i][j] = seed * x[j] * x[j];
          return g;
        }

        @DerivativeOf(value = "lib.More.quad", argument = 1, mode = Mode.VJP)
        static double[] quadX(double[][] w, double[] x, double seed) {
          double[] g = new double[x.length];
          for (int i = 0; i < w.length; i++) for (int j = 0; j < x.length; j++) g[j] += seed * 2 * w[i][j] * x[j];
          return g;
        }

        @DerivativeOf("lib.More.cubeTimes")
        static double cubeTimesA(double a, double b) { return 3 * a * a * b; }

        @DerivativeOf(value = "lib.More.cubeTimes", argument = 1, mode = Mode.VJP)
        static double cubeTimesB(double a, double b, double seed) { return seed * a * a * a; }
      }
      """);

  static final JavaFileObject MORE_MODEL = source("m.MoreModel", """
      package m;

      import dev.adjoint.Differentiable;
      import dev.adjoint.GradCheck;
      import dev.adjoint.Tensor;
      import lib.More;

      final class MoreModel {
        /** A tensor function in a loop: each iteration's h is saved for the reverse sweep. */
        @Differentiable
        @GradCheck("a=[0.3, -0.8, 1.2], s=0.7")
        static Tensor loop(Tensor a, double s) {
          Tensor h = a;
          for (int i = 0; i < 3; i++) {
            h = More.scaleBy(h.tanh(), s * (i + 1));
          }
          return h.sum();
        }

        @Differentiable
        @GradCheck("w=[[1, -2, 0.5], [0.3, 0.7, -1]], x=[0.4, -1.1, 2], a=0.9")
        static double quad(double[][] w, double[] x, double a) {
          return More.quad(w, x) * More.cubeTimes(a, x[0]);
        }
      }
      """);

  @Test
  void tensorLoopsDoubleArgumentsMatricesAndMixedForms() throws Exception {
    CompiledSources compiled = CompiledSources.compile(MORE_LIB, MORE_DERIVATIVES, MORE_MODEL);
    compiled.check("m.MoreModel", "loop").at(Tensor.of(0.3, -0.8, 1.2), 0.7).at(Tensor.of(2.0, -0.1), -0.4);
    double[][] w = {{1, -2, 0.5}, {0.3, 0.7, -1}};
    compiled.check("m.MoreModel", "quad").at(w, new double[] {0.4, -1.1, 2}, 0.9);
    // loop by hand for one element: h1 = tanh(a) s, h2 = tanh(h1) 2s, h3 = tanh(h2) 3s
    double a = 0.3;
    double s = 0.7;
    double h1 = Math.tanh(a) * s;
    double h2 = Math.tanh(h1) * 2 * s;
    double sech = 1 - Math.tanh(h2) * Math.tanh(h2);
    double da = 3 * s * sech * 2 * s * (1 - Math.tanh(h1) * Math.tanh(h1)) * s * (1 - Math.tanh(a) * Math.tanh(a));
    Object g = call(compiled.load("m.MoreModelDerivatives"), "loopGradient", Tensor.of(a), s);
    assertEquals(da, ((Tensor) component(g, "a")).item(), 1e-12);
    GradChecks.Report report = GradChecks.verify(compiled.load("m.MoreModel"));
    assertTrue(report.passed(), report::toString);
  }

  // ---- errors -----------------------------------------------------------------------------------

  @Test
  void vjpWithTheWrongSignatureIsAnError() {
    JavaFileObject bad = source("m.Bad", """
        package m;

        import dev.adjoint.DerivativeOf;

        final class Bad {
          @DerivativeOf(value = "lib.Vec.scale", argument = 1, mode = DerivativeOf.Mode.VJP)
          static double[] scaleS(double[] x, double s, double[] seed) {
            return seed;
          }
        }
        """);
    Compilation compilation = CompiledSources.compiler().compile(VEC, bad);
    assertThat(compilation).hadErrorContaining("@DerivativeOf method scaleS must be declared static double"
        + " scaleS(double[], double, double[] seed): the vector-Jacobian product of lib.Vec.scale with respect to"
        + " argument 1").inFile(bad).onLineContaining("static double[] scaleS(");
  }

  @Test
  void partialOfAnArrayFunctionIsAnErrorNamingTheVjp() {
    JavaFileObject bad = source("m.Bad", """
        package m;

        import dev.adjoint.DerivativeOf;

        final class Bad {
          @DerivativeOf("lib.Vec.norm")
          static double norm(double[] x) {
            return 0;
          }
        }
        """);
    Compilation compilation = CompiledSources.compiler().compile(VEC, bad);
    assertThat(compilation).hadErrorContaining("a partial (mode PARTIAL, the default) needs a double function of a"
        + " double argument, but lib.Vec.norm returns double and its argument 0 is double[]; write its"
        + " vector-Jacobian product instead: @DerivativeOf(value = \"lib.Vec.norm\", argument = 0, mode ="
        + " DerivativeOf.Mode.VJP) static double[] norm(double[], double seed)")
        .inFile(bad).onLineContaining("@DerivativeOf(\"lib.Vec.norm\")");
  }

  @Test
  void argumentWithoutDerivativeIsAnError() {
    JavaFileObject lib = source("lib.Pow", """
        package lib;

        public final class Pow {
          private Pow() {}

          public static double power(double x, int k) { return Math.pow(x, k); }
        }
        """);
    JavaFileObject bad = source("m.Bad", """
        package m;

        import dev.adjoint.DerivativeOf;

        final class Bad {
          @DerivativeOf(value = "lib.Pow.power", argument = 1)
          static double k(double x, int k) {
            return 0;
          }
        }
        """);
    Compilation compilation = CompiledSources.compiler().compile(lib, bad);
    assertThat(compilation).hadErrorContaining("@DerivativeOf argument 1 of lib.Pow.power is int, which carries no"
        + " derivative").inFile(bad).onLineContaining("argument = 1");
  }

  /** A Tensor function with VJPs only: forward mode has nothing to use (its result is not a double). */
  @Test
  void tensorFunctionWithoutJvpIsAnErrorAtTheCall() {
    JavaFileObject vjpOnly = source("m.VjpOnly", """
        package m;

        import dev.adjoint.DerivativeOf;
        import dev.adjoint.DerivativeOf.Mode;
        import dev.adjoint.Tensor;

        final class VjpOnly {
          @DerivativeOf(value = "lib.TLib.mulSquare", mode = Mode.VJP)
          static Tensor a(Tensor a, Tensor b, Tensor seed) { return seed.mul(b).mul(b); }

          @DerivativeOf(value = "lib.TLib.mulSquare", argument = 1, mode = Mode.VJP)
          static Tensor b(Tensor a, Tensor b, Tensor seed) { return seed.mul(a).mul(b).mul(2); }
        }
        """);
    Compilation compilation = CompiledSources.compiler().compile(TLIB, vjpOnly, TENSOR_MODEL);
    assertThat(compilation).hadErrorContaining("lib.TLib.mulSquare has a VJP for argument 0 but no JVP, and forward"
        + " mode can derive one from the VJP only for a double result (it returns Tensor); add @DerivativeOf(value"
        + " = \"lib.TLib.mulSquare\", argument = 0, mode = DerivativeOf.Mode.JVP) static Tensor mulSquareJvp(Tensor,"
        + " Tensor, Tensor tangent)").inFile(TENSOR_MODEL).onLineContaining("TLib.mulSquare(a.tanh(), b)");
  }

  /** On the scalar tape an array result is recorded element by element from VJPs at unit seeds. */
  @Test
  void arrayResultOnTheTape() throws Exception {
    JavaFileObject model = source("m.Taped", """
        package m;

        import dev.adjoint.Differentiable;
        import lib.Vec;

        final class Taped {
          @Differentiable
          static double f(double[] x, double s) {
            try {
              double[] y = Vec.scale(x, s * s);
              return y[0] * y[1] + Vec.norm(y);
            } finally {
            }
          }
        }
        """);
    CompiledSources compiled = CompiledSources.compile(VEC, vecDerivatives(RIGHT_NORM), model);
    assertTrue(compiled.generatedSource("m.TapedDerivatives").contains("customArray("),
        compiled.generatedSource("m.TapedDerivatives"));
    compiled.check("m.Taped", "f").at(new double[] {1, 2, -0.5}, 0.7).at(new double[] {0.3, -1.2}, -2.0);
    // by hand, u = s²: f = u² x0 x1 + |u| |x|; ∂/∂x0 = u² x1 + |u| x0 / |x|, ∂/∂s = 2s (2u x0 x1 + |x|) (s > 0)
    double[] x = {1, 2, -0.5};
    double s = 0.7;
    double u = s * s;
    double n = Math.sqrt(1 + 4 + 0.25);
    Object g = call(compiled.load("m.TapedDerivatives"), "fGradient", x, s);
    assertEquals(u * u * x[1] + u * x[0] / n, ((double[]) component(g, "x"))[0], 1e-12);
    assertEquals(2 * s * (2 * u * x[0] * x[1] + n), (double) component(g, "s"), 1e-12);
  }

  /** The tensor tape runs the method as written: it cannot use a @DerivativeOf VJP. */
  @Test
  void tensorFunctionOnTheTensorTapeIsAnError() {
    JavaFileObject model = source("m.TTaped", """
        package m;

        import dev.adjoint.Differentiable;
        import dev.adjoint.Tensor;
        import lib.TLib;

        final class TTaped {
          @Differentiable
          static Tensor h(Tensor a, Tensor b) {
            try {
              return TLib.mulSquare(a, b).sum();
            } finally {
            }
          }
        }
        """);
    Compilation compilation = CompiledSources.compiler().compile(TLIB, TLIB_DERIVATIVES, model);
    assertThat(compilation).hadErrorContaining("the call of the @DerivativeOf function TLib.mulSquare (the tensor tape"
        + " runs the method as written and would differentiate the function's body, not its @DerivativeOf methods)"
        + " cannot run on the dynamic tape either; call it in a @Differentiable method of its own")
        .inFile(model).onLineContaining("TLib.mulSquare(a, b)");
  }

  static Object call(CompiledSources compiled, String method, Object... args) throws Exception {
    return call(compiled.load("m.ModelDerivatives"), method, args);
  }

  static Object call(Class<?> companion, String method, Object... args) throws Exception {
    for (Method m : companion.getDeclaredMethods()) {
      if (m.getName().equals(method)) {
        m.setAccessible(true);
        return m.invoke(null, args);
      }
    }
    throw new AssertionError("no " + method);
  }

  static Object component(Object record, String name) throws ReflectiveOperationException {
    Method accessor = record.getClass().getDeclaredMethod(name);
    accessor.setAccessible(true);
    return accessor.invoke(record);
  }
}
