package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.testing.CompiledSources.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.testing.CompiledSources;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
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
 * {@code @Checkpoint} (API.md section 6): callers keep only the arguments and recompute the call
 * through the callee's VJP. The same source compiled without its {@code @Checkpoint} lines (the
 * callees are then inlined into their callers) must give bit-identical gradients; both are checked
 * against forward mode, central differences and the dynamic tape.
 */
class CheckpointTest {
  private static final String OWNER = "num.Checkpoints";
  private static CompiledSources checkpointed;
  private static CompiledSources plain;
  private static CompiledSources taped;

  private static String text() {
    try (InputStream in = CheckpointTest.class.getResourceAsStream("/sources/Checkpoints.java.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @BeforeAll
  static void compile() {
    String text = text();
    // blank lines instead of the annotations: line numbers (and so the generated comments) stay
    String without = text.replace("  @Checkpoint\n", "\n");
    assertTrue(without.length() < text.length() && !without.contains("@Checkpoint\n"));
    checkpointed = CompiledSources.compile(source(OWNER, text));
    plain = CompiledSources.compile(source(OWNER, without));
    taped = CompiledSources.compileWithOptions(List.of("-A" + AdjointProcessor.FALLBACK_OPTION + "=always"),
        source(OWNER, text));
  }

  static Stream<Arguments> points() {
    return Stream.of(
        Arguments.of("trajectory", new Object[] {0.7, 1.3, 0.01, 200}),
        Arguments.of("trajectory", new Object[] {-1.1, 0.4, 0.05, 37}),
        Arguments.of("trajectory", new Object[] {0.3, 2.0, 0.1, 0}),
        Arguments.of("branches", new Object[] {0.6, 0.4}),
        Arguments.of("branches", new Object[] {1.7, 1.2}),
        Arguments.of("branches", new Object[] {-0.8, 2.5}),
        Arguments.of("branches", new Object[] {2.3, 3.1}),
        Arguments.of("nested", new Object[] {0.4, 0.9, 5}),
        Arguments.of("nested", new Object[] {1.9, 2.2, 40}),
        Arguments.of("loops", new Object[] {0.3, 0.8, 7}),
        Arguments.of("loops", new Object[] {-1.2, 1.5, 4}),
        Arguments.of("elements", new Object[] {new double[] {0.2, -0.7, 1.1}, 0.5}),
        Arguments.of("elements", new Object[] {new double[] {1.5, 0.1, -0.4, 2.0}, -0.3}),
        Arguments.of("arrayTrajectoryCopied", new Object[] {new double[] {0.7, -0.2, 1.1}, 1.3, 0.02, 60}),
        Arguments.of("arrayTrajectoryCopied", new Object[] {new double[] {0.4}, 0.8, 0.1, 1}),
        Arguments.of("branchy", new Object[] {0.7, 1.3, 25}),
        Arguments.of("branchy", new Object[] {0.4, -0.5, 3}),
        Arguments.of("branchy", new Object[] {0.2, 0.9, 0}),
        // stacks past the size kept for reuse, borrowed by nested VJPs while the caller's are live
        Arguments.of("drifts", new Object[] {0.7, 1.3, 5000}),
        Arguments.of("drifts", new Object[] {-0.4, 0.8, 4500}));
  }

  /**
   * With {@code snapshots} on every {@code @Checkpoint}, every method of the source is still
   * bit-identical to the uncheckpointed program: the loops of the binomial form are checkpointed
   * binomially, every other call call by call.
   */
  @ParameterizedTest(name = "{0} at {1}")
  @MethodSource("points")
  void withSnapshotsEveryMethodIsBitIdenticalToTheUncheckpointedProgram(String method, Object[] args)
      throws Exception {
    for (int snapshots : new int[] {1, 3}) {
      Object[] b = vjp(binomial(snapshots), method, args, -0.375);
      Object[] p = vjp(plain, method, args, -0.375);
      for (int k = 0; k < p.length; k++) {
        double[] x = p[k] instanceof double[] v ? v : new double[] {(double) p[k]};
        double[] y = b[k] instanceof double[] v ? v : new double[] {(double) b[k]};
        for (int i = 0; i < x.length; i++) {
          assertTrue(x[i] == y[i], method + " component " + k + "[" + i + "]: " + x[i] + " vs " + y[i]);
        }
      }
    }
    if (method.equals("branchy")) {
      String code = binomial(3).generatedSource("num.CheckpointsDerivatives");
      String vjp = code.substring(code.indexOf("BranchyGradient branchyVjp("));
      vjp = CompiledSources.pushesAsCalls(vjp.substring(0, vjp.indexOf("\n  }\n")));
      // the loop in the branch binomially, the loop inside the other loop call by call
      assertEquals(1, count(vjp, "new BinomialSchedule("), vjp);
      assertTrue(vjp.contains("doubles = DoubleStack.push(doubles, doublesSize++, y);"), vjp);
    }
  }

  static Stream<Arguments> arrayStates() {
    return Stream.of(
        Arguments.of((Object) new Object[] {new double[] {0.7, -0.2, 1.1}, 1.3, 0.02, 60}),
        Arguments.of((Object) new Object[] {new double[] {0.4}, 0.8, 0.1, 1}),
        Arguments.of((Object) new Object[] {new double[] {0.3, 0.9}, -0.6, 0.05, 0}),
        Arguments.of((Object) new Object[] {new double[] {-1.0, 0.5, 0.25, 2.0}, 2.1, 0.01, 300}));
  }

  /**
   * {@code y = arrayStep(y, …)} with a checkpointed step: bit-identical to the program the processor
   * inlines without {@code @Checkpoint} (the step's elements copied into y), and checked against
   * forward mode and central differences.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("arrayStates")
  void anArrayStateReplacedByTheCallsResultIsBitIdenticalToTheInlinedCopy(Object[] args) throws Exception {
    for (double seed : new double[] {1.0, -0.375}) {
      Object[] replaced = vjp(checkpointed, "arrayTrajectory", args, seed);
      for (CompiledSources other : List.of(plain, checkpointed)) {
        Object[] copied = vjp(other, "arrayTrajectoryCopied", args, seed);
        assertTrue((double) replaced[0] == (double) copied[0]);
        double[] a = (double[]) replaced[1];
        double[] b = (double[]) copied[1];
        assertEquals(b.length, a.length);
        for (int i = 0; i < a.length; i++) {
          assertTrue(a[i] == b[i], "dy0[" + i + "]: " + a[i] + " vs " + b[i]);
        }
        assertTrue((double) replaced[2] == (double) copied[2], replaced[2] + " vs " + copied[2]);
      }
    }
    checkpointed.check(OWNER, "arrayTrajectory").at(args);
    taped.check(OWNER, "arrayTrajectory").at(args);
    String code = checkpointed.generatedSource("num.CheckpointsDerivatives");
    String method = code.substring(code.indexOf("ArrayTrajectoryGradient arrayTrajectoryVjp("));
    method = method.substring(0, method.indexOf("\n  }\n"));
    // the old state is kept by reference (no copy), the reverse sweep calls the step's VJP
    assertTrue(method.contains("objects.push(y);"), method);
    assertFalse(method.contains("doubles = DoubleStack.push(doubles, doublesSize++, "), method);
    assertTrue(method.contains("CheckpointsDerivatives.arrayStepVjp(y, s * h, h, k, dy_next)"), method);
  }

  @ParameterizedTest(name = "{0} at {1}")
  @MethodSource("points")
  void gradientsAreBitIdenticalToTheUncheckpointedProgram(String method, Object[] args) throws Exception {
    for (double seed : new double[] {1.0, -0.375, 1e-3}) {
      Object[] withCheckpoints = vjp(checkpointed, method, args, seed);
      Object[] without = vjp(plain, method, args, seed);
      assertEquals(without.length, withCheckpoints.length);
      for (int k = 0; k < without.length; k++) {
        // assertArrayEquals/assertEquals on doubles compare the bits (doubleToLongBits)
        if (without[k] instanceof double[] a) {
          org.junit.jupiter.api.Assertions.assertArrayEquals(a, (double[]) withCheckpoints[k], 0.0,
              method + " component " + k);
          for (int i = 0; i < a.length; i++) {
            assertTrue(a[i] == ((double[]) withCheckpoints[k])[i], method + " component " + k + "[" + i + "]");
          }
        } else {
          assertTrue((double) without[k] == (double) withCheckpoints[k],
              method + " component " + k + ": " + without[k] + " vs " + withCheckpoints[k]);
          assertEquals((double) without[k], (double) withCheckpoints[k], method + " component " + k);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0} at {1}")
  @MethodSource("points")
  void gradientsAgreeWithForwardModeFiniteDifferencesAndTheTape(String method, Object[] args) throws Exception {
    checkpointed.check(OWNER, method).at(args);
    taped.check(OWNER, method).at(args);
    Object[] statics = vjp(checkpointed, method, args, 0.75);
    Object[] tape = vjp(taped, method, args, 0.75);
    for (int k = 0; k < statics.length; k++) {
      double[] a = statics[k] instanceof double[] v ? v : new double[] {(double) statics[k]};
      double[] b = tape[k] instanceof double[] v ? v : new double[] {(double) tape[k]};
      for (int i = 0; i < a.length; i++) {
        assertTrue(Math.abs(a[i] - b[i]) <= 1e-12 * (1 + Math.abs(a[i])),
            method + " component " + k + ": " + Arrays.toString(a) + " vs tape " + Arrays.toString(b));
      }
    }
  }

  @Test
  void callersKeepTheArgumentsAndCallTheVjp() {
    String code = checkpointed.generatedSource("num.CheckpointsDerivatives");
    String trajectory = code.substring(code.indexOf("TrajectoryGradient trajectoryVjp("));
    trajectory = CompiledSources.pushesAsCalls(trajectory.substring(0, trajectory.indexOf("\n  }\n")));
    // forward sweep: the primal step, one value pushed per step; reverse sweep: the step's VJP
    assertTrue(trajectory.contains("y = Checkpoints.rk4(y, s * h, h, k);"), trajectory);
    assertTrue(trajectory.contains("CheckpointsDerivatives.rk4Vjp(y, s * h, h, k, dy_next)"), trajectory);
    assertEquals(1, count(trajectory, "doubles = DoubleStack.push(doubles, doublesSize++, "), trajectory);
    // without @Checkpoint the step is inlined: its stages are saved per step
    String inlined = plain.generatedSource("num.CheckpointsDerivatives");
    inlined = inlined.substring(inlined.indexOf("TrajectoryGradient trajectoryVjp("));
    inlined = CompiledSources.pushesAsCalls(inlined.substring(0, inlined.indexOf("\n  }\n")));
    assertFalse(inlined.contains("rk4Vjp"), inlined);
    assertTrue(count(inlined, "doubles = DoubleStack.push(doubles, doublesSize++, ") > 1, inlined);
  }

  @Test
  void checkpointWithoutDifferentiableIsAnErrorOnTheAnnotation() {
    JavaFileObject file = source("p.Bad", """
        package p;

        import dev.adjoint.Checkpoint;
        import dev.adjoint.Differentiable;

        final class Bad {
          @Checkpoint
          static double helper(double x) {
            return x * x;
          }

          @Differentiable
          static double f(double x) {
            return helper(x) + 1;
          }
        }
        """);
    Compilation compilation = CompiledSources.compiler().compile(file);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("@Checkpoint on helper has no effect: only calls of @Differentiable"
        + " methods are checkpointed").inFile(file).onLine(7);
  }

  @Test
  void checkpointedCalleeOfAnotherClass() {
    JavaFileObject library = source("lib.Steps", """
        package lib;

        import dev.adjoint.Checkpoint;
        import dev.adjoint.Differentiable;

        public final class Steps {
          @Checkpoint
          @Differentiable(wrt = {"y", "c"})
          public static double euler(double y, double h, double c) {
            return y + h * (c * Math.cos(y) - y * y);
          }
        }
        """);
    JavaFileObject app = source("app.Flow", """
        package app;

        import dev.adjoint.Differentiable;
        import lib.Steps;

        final class Flow {
          @Differentiable(wrt = {"y", "c"})
          static double flow(double y, double c, int n) {
            for (int i = 0; i < n; i++) {
              y = Steps.euler(y, 0.01, c);
            }
            return y;
          }
        }
        """);
    CompiledSources.compile(library, app).check("app.Flow", "flow").at(0.5, 1.5, 30).at(-0.2, 0.7, 3);
    CompiledSources.compileAgainst(CompiledSources.compile(library), app).check("app.Flow", "flow").at(0.5, 1.5, 30);
  }

  /**
   * An array argument the caller writes in place after the call. Not bit-identical to the inlined
   * program: the callee's VJP sweeps its accumulating loop in one forward pass ({@code LoopFusion}),
   * so its {@code a} adjoint sums in another order than the inlined loop's reverse sweep; checked
   * against the uncheckpointed program to 1e-13, forward mode, central differences and the tape.
   */
  @ParameterizedTest
  @MethodSource("arrayArguments")
  void arrayArgumentsWrittenAfterTheCall(Object[] args) throws Exception {
    checkpointed.check(OWNER, "arrays").at(args);
    taped.check(OWNER, "arrays").at(args);
    Object[] a = vjp(checkpointed, "arrays", args, 0.75);
    Object[] b = vjp(plain, "arrays", args, 0.75);
    double[] da = (double[]) a[1];
    double[] db = (double[]) b[1];
    for (int i = 0; i < da.length; i++) {
      assertEquals(db[i], da[i], 1e-13 * (1 + Math.abs(db[i])));
    }
    assertEquals((double) b[2], (double) a[2], 1e-13 * (1 + Math.abs((double) b[2])));
    String code = checkpointed.generatedSource("num.CheckpointsDerivatives");
    String method = code.substring(code.indexOf("ArraysGradient arraysVjp("));
    method = method.substring(0, method.indexOf("\n  }\n"));
    assertTrue(method.contains("CheckpointsDerivatives.energyVjp(v, s + a, "), method);
    assertFalse(method.contains("energyVjp(ArrayOps.copy"), method);
  }

  static Stream<Arguments> arrayArguments() {
    return Stream.of(Arguments.of((Object) new Object[] {new double[] {0.2, -0.7, 1.1}, 0.5}),
        Arguments.of((Object) new Object[] {new double[] {1.5, 0.1, -0.4, 2.0}, -0.3}));
  }

  /** The source with every {@code @Checkpoint} given {@code snapshots}, one compilation per count. */
  private static final java.util.Map<Integer, CompiledSources> BINOMIAL = new java.util.HashMap<>();

  private static CompiledSources binomial(int snapshots) {
    return BINOMIAL.computeIfAbsent(snapshots, k -> CompiledSources.compile(source(OWNER,
        text().replace("  @Checkpoint\n", "  @Checkpoint(snapshots = " + k + ")\n"))));
  }

  static Stream<Arguments> binomialLoops() {
    List<Arguments> all = new java.util.ArrayList<>();
    for (int snapshots : new int[] {1, 2, 3, 1000}) {
      for (int n : new int[] {0, 1, 2, 3, 7, 200, 1000}) {
        all.add(Arguments.of(snapshots, "trajectory", new Object[] {0.7, 1.3, n <= 100 ? 0.05 : 10.0 / n, n}));
      }
      for (int n : new int[] {0, 1, 2, 5, 300}) {
        all.add(Arguments.of(snapshots, "arrayTrajectory",
            new Object[] {new double[] {0.7, -0.2, 1.1, 0.4}, 1.3, n <= 20 ? 0.1 : 2.0 / n, n}));
      }
    }
    return all.stream();
  }

  /**
   * Binomial checkpointing ({@code @Checkpoint(snapshots = k)}) of {@code for (…) y = step(y, …)}:
   * bit-identical to the program without {@code @Checkpoint} (the step inlined; for the array state
   * its elements copied into y) for 0, 1, 2, a few and many steps, with one snapshot, a few, and more
   * snapshots than steps; checked against forward mode and central differences too.
   */
  @ParameterizedTest(name = "snapshots = {0}: {1} at {2}")
  @MethodSource("binomialLoops")
  void binomialLoopsAreBitIdenticalToTheUncheckpointedProgram(int snapshots, String method, Object[] args)
      throws Exception {
    CompiledSources compiled = binomial(snapshots);
    String reference = method.equals("trajectory") ? "trajectory" : "arrayTrajectoryCopied";
    for (double seed : new double[] {1.0, -0.375}) {
      Object[] b = vjp(compiled, method, args, seed);
      Object[] p = vjp(plain, reference, args, seed);
      for (int k = 0; k < p.length; k++) {
        double[] x = p[k] instanceof double[] v ? v : new double[] {(double) p[k]};
        double[] y = b[k] instanceof double[] v ? v : new double[] {(double) b[k]};
        assertEquals(x.length, y.length);
        for (int i = 0; i < x.length; i++) {
          assertTrue(x[i] == y[i], method + " component " + k + "[" + i + "]: " + x[i] + " vs " + y[i]);
        }
      }
    }
    if ((int) args[3] <= 300) {
      compiled.check(OWNER, method).at(args);
    }
    String code = compiled.generatedSource("num.CheckpointsDerivatives");
    String vjp = code.substring(code.indexOf(Character.toUpperCase(method.charAt(0)) + method.substring(1)
        + "Gradient " + method + "Vjp("));
    vjp = vjp.substring(0, vjp.indexOf("\n  }\n"));
    assertTrue(vjp.contains("new BinomialSchedule(steps, " + snapshots + ")"), vjp);
    assertFalse(vjp.contains("objects.push(") || vjp.contains("doubles = DoubleStack.push(doubles, doublesSize++, "), vjp);
  }

  @Test
  void aMatrixStateBinomiallyAndAFloatStateCallByCall() throws Exception {
    JavaFileObject file = source("p.Shapes", """
        package p;

        import dev.adjoint.Checkpoint;
        import dev.adjoint.Differentiable;

        final class Shapes {
          @Checkpoint(snapshots = 2)
          @Differentiable(wrt = {"m", "c"})
          static double[][] relax(double[][] m, double c) {
            double[][] out = new double[m.length][m[0].length];
            for (int i = 0; i < m.length; i++) {
              for (int j = 0; j < m[i].length; j++) {
                out[i][j] = m[i][j] + c * Math.sin(m[(i + 1) % m.length][j]);
              }
            }
            return out;
          }

          @Differentiable(wrt = {"m0", "c"})
          static double run(double[][] m0, double c, int n) {
            double[][] m = new double[m0.length][m0[0].length];
            for (int i = 0; i < m0.length; i++) {
              for (int j = 0; j < m0[i].length; j++) {
                m[i][j] = m0[i][j];
              }
            }
            for (int s = 0; s < n; s++) {
              m = relax(m, c);
            }
            return m[0][0] * m[1][1] - m[0][1];
          }

          /** An element of a checkpointed call's new array, and an array parameter given the call's result. */
          @Differentiable(wrt = {"y0", "c"})
          static double param(double[][] y0, double c, int n) {
            double e = relax(y0, c)[1][0] * 2;
            for (int s = 0; s < n; s++) {
              y0 = relax(y0, c * s);
            }
            return y0[0][1] * e + y0[1][1];
          }

          /** Reads its parameter through Arrays.copyOf, System.arraycopy and a helper: still read-only. */
          @Checkpoint
          @Differentiable
          static double[] shift(double[] v, double a) {
            double[] out = java.util.Arrays.copyOf(v, v.length);
            System.arraycopy(v, 1, out, 0, v.length - 1);
            for (int i = 0; i < out.length; i++) {
              out[i] = out[i] * a + wave(v, i);
            }
            return out;
          }

          private static double wave(double[] v, int i) {
            return Math.sin(v[i]);
          }

          @Differentiable
          static double shifted(double[] w, double a) {
            double[] v = w.clone();
            v = shift(v, a);
            v = shift(v, a);
            return v[0] * v[1] + v[2];
          }

          @Checkpoint
          @Differentiable
          static float[] half(float[] v) {
            float[] out = new float[v.length];
            for (int i = 0; i < v.length; i++) {
              out[i] = 0.5f * v[i] * v[i];
            }
            return out;
          }

          @Differentiable
          static float g(float[] w) {
            float[] v = w.clone();
            v = half(v);
            v = half(v);
            return v[0] + v[1];
          }
        }
        """);
    Compilation compilation = CompiledSources.compiler().compile(file);
    assertThat(compilation).succeededWithoutWarnings();
    CompiledSources compiled = CompiledSources.of(compilation);
    compiled.check("p.Shapes", "run").at(new double[][] {{0.3, -0.4}, {1.1, 0.2}}, 0.7, 9)
        .at(new double[][] {{0.5, 0.1}, {-0.3, 0.9}}, -0.2, 1);
    compiled.check("p.Shapes", "param").at(new double[][] {{0.3, -0.4}, {1.1, 0.2}}, 0.7, 5)
        .at(new double[][] {{0.5, 0.1}, {-0.3, 0.9}}, -0.2, 0);
    compiled.check("p.Shapes", "shifted").at(new double[] {0.3, -0.4, 1.1}, 0.7);
    String code = compiled.generatedSource("p.ShapesDerivatives");
    assertTrue(code.contains("new BinomialSchedule(steps, 2)"), code);
    assertTrue(code.contains("ShapesDerivatives.shiftVjp(v, a, dv_next)"), code);
    Class<?> companion = compiled.load("p.ShapesDerivatives");
    Method vjp = Arrays.stream(companion.getMethods()).filter(m -> m.getName().equals("gVjp")).findFirst().orElseThrow();
    Object record = vjp.invoke(null, new float[] {0.5f, -2f}, 1f);
    float[] dw = (float[]) record.getClass().getMethod("w").invoke(record);
    // g = Σ_{i<2} (w_i²/2)² / 2 = w_i⁴/8: dg/dw_i = w_i³/2
    assertEquals(0.0625f, dw[0]);
    assertEquals(-4f, dw[1]);
  }

  @Test
  void negativeSnapshotsAreAnErrorOnTheAnnotation() {
    JavaFileObject file = source("p.Neg", """
        package p;

        import dev.adjoint.Checkpoint;
        import dev.adjoint.Differentiable;

        final class Neg {
          @Checkpoint(snapshots = -3)
          @Differentiable
          static double step(double x) {
            return x * x;
          }
        }
        """);
    Compilation compilation = CompiledSources.compiler().compile(file);
    assertThat(compilation).hadErrorContaining("@Checkpoint(snapshots = -3) on step: snapshots is 0").inFile(file)
        .onLine(7);
  }

  @Test
  void anArrayCalleeOfAnotherClassIsStaticWhenItsSourceIsCompiledWithTheCaller() {
    JavaFileObject library = source("lib.Fields", """
        package lib;

        import dev.adjoint.Checkpoint;
        import dev.adjoint.Differentiable;

        public final class Fields {
          @Checkpoint(snapshots = 3)
          @Differentiable(wrt = {"u", "c"})
          public static double[] diffuse(double[] u, double c) {
            double[] out = new double[u.length];
            for (int i = 0; i < u.length; i++) {
              double left = i > 0 ? u[i - 1] : 0;
              out[i] = u[i] + c * (left - u[i]) + 0.01 * Math.tanh(u[i]);
            }
            return out;
          }
        }
        """);
    JavaFileObject app = source("app.Heat", """
        package app;

        import dev.adjoint.Differentiable;
        import lib.Fields;

        final class Heat {
          @Differentiable(wrt = {"u0", "c"})
          static double heat(double[] u0, double c, int n) {
            double[] u = u0.clone();
            for (int s = 0; s < n; s++) {
              u = Fields.diffuse(u, c);
            }
            return u[u.length - 1];
          }
        }
        """);
    Compilation together = CompiledSources.compiler().compile(library, app);
    assertThat(together).succeededWithoutWarnings();
    CompiledSources compiled = CompiledSources.of(together);
    compiled.check("app.Heat", "heat").at(new double[] {1.0, 0.5, -0.2, 0.1}, 0.3, 12)
        .at(new double[] {0.2, 0.4}, 0.6, 2);
    assertTrue(compiled.generatedSource("app.HeatDerivatives").contains("new BinomialSchedule(steps, 3)"));
    // compiled separately, the callee's source is not there to show that it only reads u, and the tape
    // cannot pass arrays to another class's companion either: an ERROR at the call that says why
    List<File> classpath = new java.util.ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      classpath.add(new File(entry));
    }
    classpath.add(CompiledSources.compile(library).writeClasses().toFile());
    Compilation apart = CompiledSources.compiler().withClasspath(classpath).compile(app);
    assertThat(apart).hadErrorContaining("passing arrays to the @Checkpoint method diffuse (its source is not in this"
        + " compilation)").inFile(app).onLineContaining("u = Fields.diffuse(u, c);");
  }

  @Test
  void anArrayStateOfANewLengthIsAClearError() throws Exception {
    JavaFileObject file = source("p.Grow", """
        package p;

        import dev.adjoint.Checkpoint;
        import dev.adjoint.Differentiable;

        final class Grow {
          @Checkpoint
          @Differentiable
          static double[] grow(double[] v) {
            double[] out = new double[v.length + 1];
            for (int i = 0; i < v.length; i++) {
              out[i] = 2 * v[i];
            }
            return out;
          }

          @Differentiable
          static double f(double[] w) {
            double[] v = w.clone();
            v = grow(v);
            return v[0];
          }
        }
        """);
    Class<?> companion = CompiledSources.compile(file).load("p.GrowDerivatives");
    Method vjp = Arrays.stream(companion.getMethods()).filter(m -> m.getName().equals("fVjp")).findFirst().orElseThrow();
    java.lang.reflect.InvocationTargetException e = org.junit.jupiter.api.Assertions.assertThrows(
        java.lang.reflect.InvocationTargetException.class, () -> vjp.invoke(null, new double[] {1, 2}, 1.0));
    assertTrue(e.getCause() instanceof IllegalArgumentException, String.valueOf(e.getCause()));
    assertTrue(e.getCause().getMessage().contains("grow returned an array of length 3 in place of one of length 2"),
        e.getCause().getMessage());
  }

  @Test
  void aCheckpointedMethodThatWritesItsArrayParameterRunsItsCallerOnTheTapeWithAWarningThatSaysWhy() {
    JavaFileObject file = source("p.Arrays", """
        package p;

        import dev.adjoint.Checkpoint;
        import dev.adjoint.Differentiable;

        final class Arrays {
          @Checkpoint
          @Differentiable
          static double norm(double[] v) {
            double s = 0;
            for (int i = 0; i < v.length; i++) {
              v[i] *= 0.5;
              s += v[i] * v[i];
            }
            return Math.sqrt(s);
          }

          @Differentiable
          static double f(double[] w, double b) {
            return b * norm(w);
          }
        }
        """);
    Compilation compilation = CompiledSources.compiler().compile(file);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningContaining("passing arrays to the @Checkpoint method norm (it may write the"
        + " elements of its array parameter v)").inFile(file)
        .onLineContaining("return b * norm(w);");
    CompiledSources.of(compilation).check("p.Arrays", "f").at(new double[] {0.3, -1.2, 2.0}, 0.7);
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  private static Object[] vjp(CompiledSources compiled, String method, Object[] args, double seed) throws Exception {
    Class<?> companion = compiled.load(OWNER + "Derivatives");
    Method vjp = Arrays.stream(companion.getMethods()).filter(m -> m.getName().equals(method + "Vjp")).findFirst()
        .orElseThrow();
    Object[] all = Arrays.copyOf(copies(args), args.length + 1);
    all[args.length] = seed;
    Object record = vjp.invoke(null, all);
    RecordComponent[] rc = record.getClass().getRecordComponents();
    Object[] values = new Object[rc.length];
    for (int i = 0; i < rc.length; i++) {
      values[i] = rc[i].getAccessor().invoke(record);
    }
    return values;
  }

  private static Object[] copies(Object[] args) {
    Object[] copy = args.clone();
    for (int i = 0; i < copy.length; i++) {
      if (copy[i] instanceof double[] a) {
        copy[i] = a.clone();
      }
    }
    return copy;
  }
}
