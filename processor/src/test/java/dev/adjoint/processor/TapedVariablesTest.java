package dev.adjoint.processor;

import static dev.adjoint.processor.testing.CompiledSources.components;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.CompiledSources;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The taped copy's two ways around a handle object per value: a local {@code double} assigned after
 * its declaration is a {@code TapedVariable} (its reads {@code a.get()}, its writes {@code a.set(…)}),
 * and a differentiated array read only by element is a {@code LeafArray} (leaves over the caller's
 * array, {@code w.at(j)}). Checked numerically (reverse vs forward vs central differences) and
 * against the static path's gradient: loop-carried values, a snapshot of a variable that is written
 * later, writes in both branches and in a for loop's header, adjoints that cancel, one value used
 * twice in one operation (no entry), ragged rows, and one companion run from several threads at once.
 */
class TapedVariablesTest {
  private static final String OWNER = "tv.Variables";
  private static final String SOURCE = """
      package tv;

      import dev.adjoint.Differentiable;

      final class Variables {
        private Variables() {}

        // w differentiated, read by element only (ragged rows), a carried through the inner loop
        @Differentiable(wrt = "w")
        static double ragged(double[][] w, double[] x) {
          double s = 0;
          for (int i = 0; i < w.length; i++) {
            double a = x[i];
            for (int j = 0; j < w[i].length; j++) {
              a = a * w[i][j] + Math.sin(w[i][j] * x[j]);
            }
            s += a * a;
          }
          return s;
        }

        @Differentiable
        static double variables(double u, double v) {
          double a = u;
          double b = a; // a snapshot: the writes of a below do not reach b
          double c = 0;
          for (double t = 0.25; t < 1; t += 0.25) {
            if (a > t) {
              a = a * v - t;
            } else {
              a = a + u * t;
            }
            c += a - a; // adds exactly 0
            c = c + t * v;
          }
          double d;
          d = b * a;
          return d + c + b * b;
        }

        // two leaf arrays and a scalar; p[i] * p[i] and q[i] - q[i] use one value twice
        @Differentiable
        static double twoArrays(double[] p, double[] q, double k) {
          double s = k;
          for (int i = 0; i < p.length; i++) {
            s = s + p[i] * q[i] * k + p[i] * p[i] + (q[i] - q[i]) * s;
            if (p[i] > q[i]) {
              s = Math.max(s, p[i]) * 0.5;
            }
          }
          return s;
        }
      }
      """;

  private static CompiledSources statics;
  private static CompiledSources taped;

  @BeforeAll
  static void compile() {
    statics = CompiledSources.compile(CompiledSources.source(OWNER, SOURCE));
    taped = CompiledSources.compileWithOptions(List.of("-A" + AdjointProcessor.FALLBACK_OPTION + "=always"),
        CompiledSources.source(OWNER, SOURCE));
  }

  private static double[][] w() { return new double[][] {{0.3, -0.7, 1.1}, {0.5}, {}, {-0.2, 0.4}}; }

  private static double[] x() { return new double[] {0.6, -1.3, 0.45, 0.8}; }

  @Test
  void theTapedCopyUsesVariablesAndLeafArrays() {
    String generated = taped.generatedSource(OWNER + "Derivatives");
    assertTrue(generated.contains("tapedRagged$plain(LeafArray[] w, double[] x)"), generated);
    assertTrue(generated.contains("a.set(add(mul(a.get(), w[i].at(j)), sin(mul(w[i].at(j), x[j]))))"), generated);
    assertTrue(generated.contains("TapedDouble b = a.get();"), "a snapshot, not the variable: " + generated);
    assertTrue(generated.contains("tapedTwoArrays$plain(LeafArray p, LeafArray q, TapedDouble k)"), generated);
  }

  @Test
  void gradientsMatchDifferencesAndTheStaticPath() throws Exception {
    check("ragged", w(), x());
    check("variables", 0.9, 1.3);
    check("variables", 0.1, -0.6); // the other branch first
    check("twoArrays", new double[] {0.3, -0.7, 1.1, 2.0}, new double[] {0.5, 0.2, -1.0, 2.5}, 0.8);
  }

  /** One companion method from four threads at once: each call its own tape, the same gradient bit for bit. */
  @Test
  void concurrentCallsGiveTheSameGradient() throws Exception {
    Method gradient = taped.companionMethod(OWNER, "raggedGradient");
    Object[] expected = components(gradient.invoke(null, w(), x()));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Object[]>> results = new ArrayList<>();
      for (int k = 0; k < 200; k++) {
        results.add(pool.submit(() -> components(gradient.invoke(null, w(), x()))));
      }
      for (Future<Object[]> f : results) {
        Object[] actual = f.get();
        assertEquals((Double) expected[0], (Double) actual[0], 0.0);
        assertTrue(java.util.Arrays.deepEquals((double[][]) expected[1], (double[][]) actual[1]));
      }
    } finally {
      pool.shutdown();
    }
  }

  /** Reverse vs forward vs central differences on the tape, and the tape's gradient equals the static one. */
  private static void check(String method, Object... args) throws Exception {
    taped.check(OWNER, method).at(args);
    Object[] expected = components(statics.companionMethod(OWNER, method + "Gradient").invoke(null, args));
    Object[] actual = components(taped.companionMethod(OWNER, method + "Gradient").invoke(null, args));
    assertEquals(expected.length, actual.length);
    for (int c = 0; c < expected.length; c++) {
      assertClose(expected[c], actual[c], method + " component " + c);
    }
  }

  private static void assertClose(Object expected, Object actual, String what) {
    if (expected instanceof Double e) {
      assertEquals(e, (Double) actual, 1e-12 * Math.max(1, Math.abs(e)), what);
    } else if (expected instanceof double[] e) {
      double[] a = (double[]) actual;
      assertEquals(e.length, a.length, what);
      for (int i = 0; i < e.length; i++) {
        assertEquals(e[i], a[i], 1e-12 * Math.max(1, Math.abs(e[i])), what + "[" + i + "]");
      }
    } else {
      double[][] e = (double[][]) expected;
      double[][] a = (double[][]) actual;
      assertEquals(e.length, a.length, what);
      for (int i = 0; i < e.length; i++) {
        assertClose(e[i], a[i], what + "[" + i + "]");
      }
    }
  }
}
