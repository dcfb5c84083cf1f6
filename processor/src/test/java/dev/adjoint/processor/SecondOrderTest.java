package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.testing.CompiledSources.source;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.adjoint.Autograd;
import dev.adjoint.Tensor;
import dev.adjoint.processor.testing.CompiledSources;
import dev.adjoint.processor.testing.HessianCheck;
import java.util.Random;
import java.util.function.Function;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code @Differentiable(order = 2)}: {@code nameHvp} and {@code nameHessian} against Hessians
 * written by hand, against central differences of the generated gradient and against the tape's
 * {@code Autograd.hessian}; symmetry, {@code hvp().value() = ⟨∇f, v⟩}, the gradient it carries,
 * and the diagnostics of order 2.
 */
class SecondOrderTest {
  static final JavaFileObject MODELS = source("so.Models", """
      package so;

      import dev.adjoint.Differentiable;

      final class Models {
        @Differentiable(order = 2)
        static double rosenbrock(double[] x) {
          double sum = 0;
          for (int i = 0; i < x.length - 1; i++) {
            double t1 = x[i + 1] - x[i] * x[i];
            double t2 = 1 - x[i];
            sum += 100 * t1 * t1 + t2 * t2;
          }
          return sum;
        }

        @Differentiable(order = 2)
        static double logSumExp(double[] x) {
          double max = x[0];
          for (int i = 1; i < x.length; i++) {
            max = Math.max(max, x[i]);
          }
          double sum = 0;
          for (double v : x) {
            sum += Math.exp(v - max);
          }
          return max + Math.log(sum);
        }

        /** Mean logistic loss with an L2 penalty on w. */
        @Differentiable(wrt = {"w", "b"}, order = 2)
        static double logistic(double[] w, double b, double[][] x, double[] y, double lambda) {
          double loss = 0;
          for (int k = 0; k < x.length; k++) {
            double z = b;
            for (int j = 0; j < w.length; j++) {
              z += w[j] * x[k][j];
            }
            loss += Math.log1p(Math.exp(z)) - y[k] * z;
          }
          double penalty = 0;
          for (double v : w) {
            penalty += v * v;
          }
          return loss / x.length + 0.5 * lambda * penalty;
        }

        /** Branches, loops with continue and break, an early return, arrays written in place, calls. */
        @Differentiable(order = 2)
        static double mixed(double x, double y, double[] a) {
          double[] t = new double[a.length];
          for (int i = 0; i < a.length; i++) {
            if (a[i] > 2) {
              continue;
            }
            t[i] = Math.sin(a[i] * x) + Math.pow(y, 2.5) * a[i];
            if (t[i] < 0) {
              t[i] = t[i] * t[i] / (1 + y * y);
            }
          }
          a[0] = a[0] * y;
          double s = 0;
          int n = 0;
          while (true) {
            s += Math.atan2(t[n], x) * Math.hypot(y, a[n]) + square(t[n] - x);
            n++;
            if (n >= a.length) {
              break;
            }
          }
          if (s < -100) {
            return s;
          }
          double r = s > 0 ? s * helper(x, y) : helper(s, x);
          return r + Math.tanh(x * y) + Math.exp(y) / Math.sqrt(x * x + 1) + cubes(a) + Math.cbrt(2 + x) * Math.atan(y);
        }

        private static double square(double u) {
          return u * u;
        }

        @Differentiable(order = 2)
        static double helper(double u, double v) {
          return Math.cos(u) * v * v + Math.log(u * u + v * v + 1);
        }

        @Differentiable(order = 2)
        static double cubes(double[] a) {
          double s = 0;
          for (double v : a) {
            s += v * v * v;
          }
          return s;
        }
      }
      """);

  private static CompiledSources compiled;
  private static Class<?> models;

  @BeforeAll
  static void compile() {
    compiled = CompiledSources.compile(MODELS);
    models = compiled.load("so.Models");
  }

  // ---- closed forms ------------------------------------------------------------------------

  @Test
  void rosenbrockHessianIsTheClosedForm() {
    double[] x = {-1.2, 1.0, 0.3, 0.8, -0.5};
    int n = x.length;
    double[][] expected = new double[n][n];
    for (int i = 0; i < n - 1; i++) {
      expected[i][i] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2;
      expected[i][i + 1] += -400 * x[i];
      expected[i + 1][i] += -400 * x[i];
      expected[i + 1][i + 1] += 200;
    }
    assertClose(expected, check("rosenbrock", 0).hessian((Object) x), 1e-12);
  }

  @Test
  void logSumExpHessianIsDiagPMinusPPTransposed() {
    double[] x = {0.3, -1.1, 2.0, 0.7};
    double max = 2.0;
    double sum = 0;
    for (double v : x) {
      sum += Math.exp(v - max);
    }
    double[] p = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      p[i] = Math.exp(x[i] - max) / sum;
    }
    double[][] expected = new double[x.length][x.length];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < x.length; j++) {
        expected[i][j] = (i == j ? p[i] : 0) - p[i] * p[j];
      }
    }
    assertClose(expected, check("logSumExp", 0).hessian((Object) x), 1e-14);
  }

  @Test
  void logisticHessianIsXtSXOverMPlusLambda() {
    double[] w = {0.4, -0.3, 0.2};
    double b = 0.1;
    double[][] data = {{1.0, 0.5, -0.2}, {-0.7, 1.2, 0.3}, {0.2, -0.4, 0.9}, {1.5, 0.1, -1.0}};
    double[] y = {1, 0, 1, 0};
    double lambda = 0.05;
    int d = w.length;
    double[][] expected = new double[d + 1][d + 1];
    for (double[] row : data) {
      double z = b;
      for (int j = 0; j < d; j++) {
        z += w[j] * row[j];
      }
      double s = 1 / (1 + Math.exp(-z));
      double[] features = {row[0], row[1], row[2], 1.0};
      for (int i = 0; i <= d; i++) {
        for (int j = 0; j <= d; j++) {
          expected[i][j] += s * (1 - s) * features[i] * features[j] / data.length;
        }
      }
    }
    for (int j = 0; j < d; j++) {
      expected[j][j] += lambda;
    }
    assertClose(expected, check("logistic", 0, 1).hessian(w, b, data, y, lambda), 1e-14);
  }

  // ---- central differences of the generated gradient -----------------------------------------

  @Test
  void everyHessianMatchesCentralDifferencesOfTheGradient() {
    Random random = new Random(7);
    for (int trial = 0; trial < 3; trial++) {
      double[] x = vector(random, 5);
      HessianCheck rosenbrock = check("rosenbrock", 0);
      assertClose(rosenbrock.finiteDifferences(1e-5, (Object) x), rosenbrock.hessian((Object) x), 1e-5);
      HessianCheck lse = check("logSumExp", 0);
      assertClose(lse.finiteDifferences(1e-5, (Object) x), lse.hessian((Object) x), 1e-7);
      Object[] logistic = {vector(random, 3), random.nextGaussian(),
          new double[][] {vector(random, 3), vector(random, 3), vector(random, 3)}, new double[] {1, 0, 1}, 0.1};
      HessianCheck l = check("logistic", 0, 1);
      assertClose(l.finiteDifferences(1e-5, logistic), l.hessian(logistic), 1e-7);
    }
  }

  @Test
  void everyConstructMatchesCentralDifferencesOfTheGradient() {
    HessianCheck mixed = check("mixed", 0, 1, 2);
    // both branches of the early return and of t[i] < 0, with and without continue
    Object[][] points = {{0.7, 1.3, new double[] {0.4, -0.8, 1.1}}, {1.1, 0.6, new double[] {2.5, -1.6, 0.9}},
        {-0.9, 0.8, new double[] {0.3, 2.2, -0.7}}};
    for (Object[] point : points) {
      double[][] h = mixed.hessian(point);
      assertClose(mixed.finiteDifferences(1e-5, point), h, 2e-6);
    }
  }

  // ---- the tape ----------------------------------------------------------------------------

  @Test
  void hessiansMatchTheTapesAutogradHessian() {
    double[] x = {-0.4, 0.9, 1.3, 0.2};
    Function<Tensor, Tensor> rosenbrock = t -> {
      Tensor sum = Tensor.scalar(0);
      for (int i = 0; i < x.length - 1; i++) {
        Tensor t1 = t.get(i + 1).sub(t.get(i).mul(t.get(i)));
        Tensor t2 = t.get(i).neg().add(1);
        sum = sum.add(t1.mul(t1).mul(100)).add(t2.mul(t2));
      }
      return sum;
    };
    assertClose(matrix(Autograd.hessian(rosenbrock, Tensor.of(x))), check("rosenbrock", 0).hessian((Object) x), 1e-10);
    assertClose(matrix(Autograd.hessian(t -> t.exp().sum().log(), Tensor.of(x))),
        check("logSumExp", 0).hessian((Object) x), 1e-12);

    double[][] data = {{1.0, 0.5}, {-0.7, 1.2}, {0.2, -0.4}};
    double[] y = {1, 0, 1};
    double lambda = 0.3;
    Tensor features = Tensor.of(new double[][] {{1.0, 0.5, 1}, {-0.7, 1.2, 1}, {0.2, -0.4, 1}});
    Tensor labels = Tensor.of(y);
    Tensor mask = Tensor.of(1, 1, 0);
    Function<Tensor, Tensor> logistic = theta -> {
      Tensor z = features.matmul(theta);
      Tensor loss = z.exp().add(1).log().sub(labels.mul(z)).mean();
      return loss.add(theta.mul(mask).mul(theta).sum().mul(0.5 * lambda));
    };
    double[] theta = {0.3, -0.6, 0.2};
    assertClose(matrix(Autograd.hessian(logistic, Tensor.of(theta))),
        check("logistic", 0, 1).hessian(new double[] {0.3, -0.6}, 0.2, data, y, lambda), 1e-12);
  }

  // ---- products, symmetry, the gradient it carries -----------------------------------------

  @Test
  void hvpIsSymmetricAndCarriesTheGradientAndTheDirectionalDerivative() {
    Random random = new Random(11);
    Object[][] cases = {
        {"rosenbrock", new int[] {0}, new Object[] {vector(random, 6)}},
        {"logSumExp", new int[] {0}, new Object[] {vector(random, 4)}},
        {"logistic", new int[] {0, 1}, new Object[] {vector(random, 2), 0.3,
            new double[][] {vector(random, 2), vector(random, 2)}, new double[] {0, 1}, 0.2}},
        {"mixed", new int[] {0, 1, 2}, new Object[] {0.7, 1.3, new double[] {0.4, -0.8, 1.1}}},
        {"helper", new int[] {0, 1}, new Object[] {0.4, -1.2}}};
    for (Object[] c : cases) {
      String name = (String) c[0];
      Object[] args = (Object[]) c[2];
      HessianCheck check = check(name, (int[]) c[1]);
      int n = check.size(args);
      double[] u = vector(random, n);
      double[] v = vector(random, n);
      Object hu = check.hvp(args, check.directions(args, u));
      Object hv = check.hvp(args, check.directions(args, v));
      double[] huFlat = HessianCheck.flatten(HessianCheck.component(hu, "hvp"));
      double[] hvFlat = HessianCheck.flatten(HessianCheck.component(hv, "hvp"));
      // ⟨u, H v⟩ = ⟨v, H u⟩
      double uHv = 0;
      double vHu = 0;
      for (int i = 0; i < n; i++) {
        uHv += u[i] * hvFlat[i + 1];
        vHu += v[i] * huFlat[i + 1];
      }
      assertEquals(uHv, vHu, 1e-12 * Math.max(1, Math.abs(uHv)), name + ": <u, Hv> vs <v, Hu>");
      // the gradient it carries is nameGradient's; hvp().value() is <grad f, v>
      double[] gradient = check.gradient(args);
      double[] carried = HessianCheck.flatten(HessianCheck.component(hv, "gradient"));
      assertClose(gradient, carried, 1e-13, name + ": gradient()");
      double directional = 0;
      for (int i = 0; i < n; i++) {
        directional += gradient[i + 1] * v[i];
      }
      assertEquals(directional, hvFlat[0], 1e-12 * Math.max(1, Math.abs(directional)), name + ": hvp().value()");
      // the Hessian is exactly symmetric and its rows are the products with unit directions
      double[][] h = check.hessian(args);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          assertEquals(h[i][j], h[j][i], 0.0, name + ": H[" + i + "][" + j + "]");
        }
      }
      for (int i = 0; i < n; i++) {
        double expected = 0;
        for (int j = 0; j < n; j++) {
          expected += h[i][j] * v[j];
        }
        assertEquals(expected, hvFlat[i + 1], 1e-11 * Math.max(1, Math.abs(expected)), name + ": (Hv)[" + i + "]");
      }
    }
  }

  @Test
  void argumentsAndDirectionsAreNotMutatedAndHessiansAreFresh() {
    HessianCheck mixed = check("mixed", 0, 1, 2);
    double[] a = {0.4, -0.8, 1.1};
    double[] direction = {1, 2, 3};
    Object[] args = {0.7, 1.3, a};
    Object[] all = {0.7, 1.3, a, 0.5, -0.5, direction};
    // call the generated method on these very arrays (HessianCheck copies)
    invoke("mixedHvp", all);
    assertArrayEquals(new double[] {0.4, -0.8, 1.1}, a, 0.0);
    assertArrayEquals(new double[] {1, 2, 3}, direction, 0.0);
    double[][] first = mixed.hessian(args);
    double[][] second = mixed.hessian(args);
    assertTrue(first != second && first[0] != second[0], "a new Hessian on every call");
    assertClose(first, second, 0.0);
  }

  @Test
  void aDirectionOfTheWrongLengthIsAnIllegalArgumentException() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> check("rosenbrock", 0).hvp(new Object[] {new double[] {1, 2, 3}}, (Object) new double[] {1, 2}));
    assertTrue(e.getMessage().contains("rosenbrockHvp, direction x_dot: the direction has length 2 but its parameter"
        + " has length 3"), e.getMessage());
  }

  @Test
  void theGeneratedProductIsForwardOverReverseCodeWithLineComments() {
    String code = compiled.generatedSource("so.ModelsDerivatives");
    String hvp = code.substring(code.indexOf("public static RosenbrockHvp rosenbrockHvp(double[] x, double[] x_dot)"));
    hvp = hvp.substring(0, hvp.indexOf("\n  }\n"));
    assertTrue(hvp.contains("// forward sweep") && hvp.contains("// reverse sweep"), hvp);
    assertTrue(hvp.contains("// line 12: sum += 100 * t1 * t1 + t2 * t2;"), hvp);
    // quoted once per sweep: the tangent and the primal statement under one comment
    assertEquals(2, hvp.split("// line 10: double t1 = x\\[i \\+ 1\\] - x\\[i\\] \\* x\\[i\\];", -1).length - 1, hvp);
    assertTrue(code.contains("public static double[][] rosenbrockHessian(double[] x)"), code);
    assertTrue(!code.contains("mixedHessian(") || code.contains("public static double[][] mixedHessian(double x,"
        + " double y, double[] a)"), code);
  }

  /**
   * Calls of {@code @Differentiable(order = 2)} methods of another class (same-class ones are
   * inlined): in a loop, in a {@code ?:} branch, with active and inactive arguments, the callee in
   * the same compilation and compiled earlier (its signature read from the class file).
   */
  @Test
  void callsOfOrderTwoMethodsOfAnotherClass() {
    JavaFileObject energy = source("lib.Energy", """
        package lib;

        import dev.adjoint.Differentiable;

        public final class Energy {
          @Differentiable(wrt = {"q", "k"}, order = 2)
          public static double of(double q, double k, double scale) {
            return scale * k * Math.cos(q) * q + Math.exp(q * k);
          }
        }
        """);
    JavaFileObject sim = source("app.Sim", """
        package app;

        import dev.adjoint.Differentiable;

        final class Sim {
          @Differentiable(order = 2)
          static double total(double[] q, double k) {
            double e = 0;
            for (int i = 0; i < q.length; i++) {
              e += q[i] > 0 ? lib.Energy.of(q[i] * k, k * k, 0.5) : lib.Energy.of(1.5, q[i], 2.0);
            }
            return e * lib.Energy.of(k, 0.25, 1.0);
          }
        }
        """);
    Object[] point = {new double[] {0.3, -0.9, 1.4}, 0.8};
    HessianCheck same = HessianCheck.of(CompiledSources.compile(energy, sim).load("app.Sim"), "total", 0, 1);
    assertClose(same.finiteDifferences(1e-5, point), same.hessian(point), 1e-6);
    CompiledSources library = CompiledSources.compile(energy);
    HessianCheck earlier = HessianCheck.of(CompiledSources.compileAgainst(library, sim).load("app.Sim"), "total", 0, 1);
    assertClose(same.hessian(point), earlier.hessian(point), 0.0);
  }

  /**
   * {@code Arrays.sort} (a gather through the sorted order) at second order: Σ (k + 1) s_k² of the
   * sorted copy s has the diagonal Hessian 2 (rank(i) + 1), rank(i) the place x_i is sorted to.
   */
  @Test
  void arraysSortMovesSecondDerivativesWithTheValues() {
    JavaFileObject file = source("srt.Sorted", """
        package srt;

        import dev.adjoint.Differentiable;
        import java.util.Arrays;

        final class Sorted {
          @Differentiable(order = 2)
          static double weighted(double[] x) {
            double[] s = new double[x.length];
            for (int i = 0; i < x.length; i++) {
              s[i] = x[i];
            }
            Arrays.sort(s);
            double sum = 0;
            for (int k = 0; k < s.length; k++) {
              sum += (k + 1) * s[k] * s[k];
            }
            return sum;
          }
        }
        """);
    HessianCheck check = HessianCheck.of(CompiledSources.compile(file).load("srt.Sorted"), "weighted", 0);
    double[] x = {0.7, -1.2, 2.5, 0.1};
    int[] rank = {2, 0, 3, 1};
    double[][] expected = new double[4][4];
    for (int i = 0; i < 4; i++) {
      expected[i][i] = 2 * (rank[i] + 1);
    }
    assertClose(expected, check.hessian((Object) x), 1e-12);
  }

  // ---- diagnostics ---------------------------------------------------------------------------

  @Test
  void anOrderOtherThanOneOrTwoIsAnErrorOnTheAnnotation() {
    JavaFileObject file = source("d.Bad", """
        package d;

        import dev.adjoint.Differentiable;

        final class Bad {
          @Differentiable(
              order = 3)
          static double f(double x) {
            return x * x;
          }
        }
        """);
    Compilation compilation = CompiledSources.compiler().compile(file);
    assertThat(compilation).hadErrorContaining("@Differentiable(order = 3) on f: the order must be 1 (gradient, VJP,"
        + " JVP) or 2 (also the Hessian-vector product fHvp and the Hessian fHessian)")
        .inFile(file).onLineContaining("order = 3)");
  }

  @Test
  void whatOrderTwoDoesNotSupportIsAnErrorAtItsLine() {
    JavaFileObject file = source("d.Bad", """
        package d;

        import dev.adjoint.Differentiable;
        import dev.adjoint.Tensor;

        final class Bad {
          @Differentiable(order = 2)
          static double second(double x) {
            return 2 * Other.first(x);
          }

          @Differentiable(order = 2)
          static Tensor tensor(Tensor x) {
            return x.mul(x).sum();
          }

          @Differentiable(order = 2)
          static double taped(double x) {
            try {
              return x * x;
            } finally {
              System.out.print("");
            }
          }
        }

        final class Other {
          @Differentiable
          static double first(double x) {
            return x * x;
          }
        }
        """);
    Compilation compilation = CompiledSources.compiler().compile(file);
    assertThat(compilation).hadErrorContaining("Other.first has no second derivatives, and this"
        + " @Differentiable(order = 2) method passes it the active value x; annotate it @Differentiable(order = 2)")
        .inFile(file).onLineContaining("return 2 * Other.first(x);");
    assertThat(compilation).hadErrorContaining("@Differentiable(order = 2) method tensor returns"
        + " dev.adjoint.Tensor, but second derivatives are generated for double results only in this version")
        .inFile(file).onLineContaining("static Tensor tensor");
    assertThat(compilation).hadErrorContaining("a try is not supported in an @Differentiable(order = 2) method in"
        + " this version: it needs the dynamic tape").inFile(file).onLineContaining("try {");
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static HessianCheck check(String name, int... wrt) {
    return HessianCheck.of(models, name, wrt);
  }

  private static Object invoke(String method, Object[] args) {
    try {
      Class<?> companion = compiled.load("so.ModelsDerivatives");
      for (java.lang.reflect.Method m : companion.getMethods()) {
        if (m.getName().equals(method)) {
          return m.invoke(null, args);
        }
      }
      throw new AssertionError("no " + method);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static double[] vector(Random random, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextDouble() * 2 - 1;
    }
    return v;
  }

  private static double[][] matrix(Tensor t) {
    int n = t.shape()[0];
    double[] flat = t.toArray();
    double[][] m = new double[n][n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(flat, i * n, m[i], 0, n);
    }
    return m;
  }

  private static void assertClose(double[][] expected, double[][] actual, double tolerance) {
    assertEquals(expected.length, actual.length, "rows");
    for (int i = 0; i < expected.length; i++) {
      assertClose(expected[i], actual[i], tolerance, "row " + i);
    }
  }

  /** Relative to max(1, |expected|). */
  private static void assertClose(double[] expected, double[] actual, double tolerance, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int j = 0; j < expected.length; j++) {
      assertEquals(expected[j], actual[j], tolerance * Math.max(1, Math.abs(expected[j])), what + ", entry " + j);
    }
  }
}
