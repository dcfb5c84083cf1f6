package dev.adjoint.processor;

import static dev.adjoint.processor.testing.CompiledSources.components;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.CompiledSources;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Arrays a taped method does not differentiate and only reads element by element stay plain
 * arrays on the tape (a second taped copy, {@code tapedName$plain}, that the entry points call):
 * their elements are plain doubles in every operation. Each method is checked numerically
 * (reverse vs forward vs central finite differences, no argument mutated) and against the static
 * path's gradient; the arrays that are written, passed on or bound to a local stay taped.
 */
class PassiveArraysOnTapeTest {
  private static final String OWNER = "pa.PassiveArrays";
  private static final String SOURCE = """
      package pa;

      import dev.adjoint.Differentiable;

      final class PassiveArrays {
        private PassiveArrays() {}

        // x and y only read by element (and length): plain on the tape
        @Differentiable(wrt = "w")
        static double readOnly(double[] w, double[][] x, double[] y) {
          double total = 0;
          for (int i = 0; i < x.length; i++) {
            double z = 0;
            for (int j = 0; j < x[i].length; j++) {
              z += w[j] * x[i][j] - x[i][j] / (1 + w[j] * w[j]);
            }
            double t = y[i];
            total += Math.max(z, y[i]) + Math.pow(1.5, w[i % w.length] * y[i]) + Math.atan2(y[i], z)
                + (y[i] > 0 ? z : t) * t + Math.sin(x[i][0]) * z;
          }
          return total / y.length;
        }

        // calls the method above: its taped copy of taped arrays
        @Differentiable(wrt = "w")
        static double callsReadOnly(double[] w, double[][] x, double[] y) {
          return 2 * readOnly(w, x, y) + w[0] * y[0];
        }

        // x is written: taped
        @Differentiable(wrt = "w")
        static double writes(double[] w, double[] x) {
          x[0] = 2 * x[0] + 1;
          double s = 0;
          for (int i = 0; i < w.length; i++) {
            s += w[i] * x[i];
          }
          return s * s;
        }

        // x goes to a helper as a whole: taped
        @Differentiable(wrt = "w")
        static double passesOn(double[] w, double[] x) {
          return dot(w, x) * x[1];
        }

        static double dot(double[] a, double[] b) {
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
          }
          return Math.tanh(s);
        }

        // a row bound to a local
        @Differentiable(wrt = "w")
        static double rowLocal(double[] w, double[][] x) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            double[] row = x[i];
            for (int j = 0; j < row.length; j++) {
              s += Math.exp(w[j] * row[j]);
            }
          }
          return s;
        }
      }
      """;

  /** A written array that then carries derivatives (outside wrt, so on the static path it has an adjoint of its own). */
  private static final String ACTIVE_WRITE = """
      package pa;

      import dev.adjoint.Differentiable;

      final class ActiveWrite {
        private ActiveWrite() {}

        @Differentiable(wrt = "w")
        static double writes(double[] w, double[] x) {
          x[0] = x[0] * w[0];
          double s = 0;
          for (int i = 0; i < w.length; i++) {
            s += w[i] * x[i];
          }
          return s * s;
        }
      }
      """;

  private static CompiledSources statics;
  private static CompiledSources taped;

  @BeforeAll
  static void compile() {
    statics = CompiledSources.compile(CompiledSources.source(OWNER, SOURCE),
        CompiledSources.source("pa.ActiveWrite", ACTIVE_WRITE));
    taped = CompiledSources.compileWithOptions(List.of("-A" + AdjointProcessor.FALLBACK_OPTION + "=always"),
        CompiledSources.source(OWNER, SOURCE), CompiledSources.source("pa.ActiveWrite", ACTIVE_WRITE));
  }

  private static double[] w() { return new double[] {0.3, -0.7, 1.1}; }

  private static double[][] x() { return new double[][] {{0.5, -1.2, 2.0}, {-0.4, 0.9, 0.25}, {1.5, 0.1, -0.8}}; }

  private static double[] y() { return new double[] {0.6, -1.3, 0.45}; }

  @Test
  void onlyTheArraysReadByElementStayPlain() {
    String generated = taped.generatedSource("pa.PassiveArraysDerivatives");
    // w is differentiated and read by element too: leaves over the caller's array
    assertTrue(generated.contains("tapedReadOnly$plain(LeafArray w, double[][] x, double[] y)"), generated);
    assertTrue(generated.contains("= tapedReadOnly$plain($w, x, y);"), "the entries pass x and y: " + generated);
    assertTrue(generated.contains("tapedReadOnly(w, x, y)"), "the caller uses the taped copy: " + generated);
    assertTrue(generated.contains("tapedWrites$plain(LeafArray w, TapedDouble[] x)"), "x is written: " + generated);
    assertFalse(generated.contains("tapedPassesOn$plain"), generated);
  }

  @Test
  void readOnlyArrays() throws Exception {
    check("readOnly", w(), x(), y());
    check("callsReadOnly", w(), x(), y());
  }

  @Test
  void writtenPassedOnAndBoundArrays() throws Exception {
    check("writes", w(), new double[] {0.4, -0.9, 1.7});
    check("passesOn", w(), new double[] {0.4, -0.9, 1.7});
    check("rowLocal", w(), x());
    taped.check("pa.ActiveWrite", "writes").at(w(), new double[] {0.4, -0.9, 1.7});
    statics.check("pa.ActiveWrite", "writes").at(w(), new double[] {0.4, -0.9, 1.7});
    assertTrue(taped.generatedSource("pa.ActiveWriteDerivatives").contains("tapedWrites$plain(LeafArray w, TapedDouble[] x)"));
  }

  /** Reverse vs forward vs central differences on the tape, and the tape's gradient equals the static one. */
  private static void check(String method, Object... args) throws Exception {
    taped.check(OWNER, method).at(args);
    Object[] expected = components(statics.companionMethod(OWNER, method + "Gradient").invoke(null, copies(args)));
    Object[] actual = components(taped.companionMethod(OWNER, method + "Gradient").invoke(null, copies(args)));
    assertEquals((Double) expected[0], (Double) actual[0], 1e-12, method + " value");
    double[] e = (double[]) expected[1];
    double[] a = (double[]) actual[1];
    for (int i = 0; i < e.length; i++) {
      assertEquals(e[i], a[i], 1e-12 * Math.max(1, Math.abs(e[i])), method + " d/dw[" + i + "]");
    }
  }

  private static Object[] copies(Object[] args) {
    Object[] result = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      result[i] = args[i] instanceof double[] a ? a.clone()
          : args[i] instanceof double[][] m ? java.util.Arrays.stream(m).map(double[]::clone).toArray(double[][]::new)
          : args[i];
    }
    return result;
  }
}
