package dev.adjoint.processor;

import static dev.adjoint.processor.testing.CompiledSources.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.CompiledSources;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Records and instance methods on the dynamic tape (API.md section 4), sources/RecordsTape.java:
 * the forms of {@link RecordsTest} without Tensor components, compiled once as they are and once
 * with {@code -Aadjoint.fallback=always}. Each taped method is checked numerically (reverse vs
 * forward vs central finite differences) and its VJP and JVP against the static path's.
 */
class RecordsOnTapeTest {
  private static final String OWNER = "rect.RecordsTape";
  private static CompiledSources statics;
  private static CompiledSources taped;

  @BeforeAll
  static void compile() {
    statics = CompiledSources.compile(resource(OWNER, "RecordsTape.java.txt"));
    taped = CompiledSources.compileWithOptions(List.of("-A" + AdjointProcessor.FALLBACK_OPTION + "=always"),
        resource(OWNER, "RecordsTape.java.txt"));
  }

  private static Object make(CompiledSources in, String record, Object... components) {
    try {
      Constructor<?> c = in.load(OWNER + "$" + record).getDeclaredConstructors()[0];
      c.setAccessible(true);
      return c.newInstance(components);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static Object params(CompiledSources in, double[] w, double b, String name) {
    return make(in, "Params", w.clone(), b, name);
  }

  private static Object state(CompiledSources in, double x, double v) {
    return make(in, "State", x, v);
  }

  private static Object layers(CompiledSources in) {
    Object a = Array.newInstance(in.load(OWNER + "$Layer"), 3);
    Array.set(a, 0, make(in, "Layer", new double[] {0.2, -0.5}, 0.1));
    Array.set(a, 1, make(in, "Layer", new double[] {0.7, 0.3}, -0.4));
    Array.set(a, 2, make(in, "Layer", new double[] {-0.6, 0.9}, 0.25));
    return a;
  }

  private static Object nested(CompiledSources in) {
    Object affine = make(in, "Affine", new double[][] {{0.5, -0.3}, {0.2, 0.8}, {-0.4, 0.1}},
        new double[] {0.1, -0.2, 0.3});
    return make(in, "Nested", affine, 1.7);
  }

  /** The arguments of a method at one point, built in the loader of {@code in}. */
  private interface Point {
    Object[] in(CompiledSources c);
  }

  /** The taped companion's derivatives are right, and equal the static companion's. */
  private static void check(String owner, String method, Point point) throws Exception {
    String generated = taped.generatedSource(owner.replace('$', '_') + "Derivatives");
    String copy = "taped" + Character.toUpperCase(method.charAt(0)) + method.substring(1) + "(";
    assertTrue(generated.contains(copy), "runs on the tape: " + generated);
    taped.check(owner, method).at(point.in(taped));
    Method sv = statics.companionMethod(owner, method + "Vjp");
    Method tv = taped.companionMethod(owner, method + "Vjp");
    Object[] sArgs = point.in(statics);
    Object[] tArgs = point.in(taped);
    Object sSeed = seed(statics, sv.getParameterTypes()[sArgs.length]);
    Object tSeed = seed(taped, tv.getParameterTypes()[tArgs.length]);
    assertClose(flat(sv.invoke(null, append(sArgs, sSeed))), flat(tv.invoke(null, append(tArgs, tSeed))),
        method + "Vjp");
    // tangents shaped like the parameters: the components of each compilation's gradient
    Method sj = statics.companionMethod(owner, method + "Jvp");
    Method tj = taped.companionMethod(owner, method + "Jvp");
    assertClose(flat(sj.invoke(null, tangents(sj, sArgs, sv.invoke(null, append(sArgs, sSeed))))),
        flat(tj.invoke(null, tangents(tj, tArgs, tv.invoke(null, append(tArgs, tSeed))))), method + "Jvp");
  }

  /** A seed of the result type: 0.75 for a double, a record of 0.75s (and 0.5s for array elements). */
  private static Object seed(CompiledSources in, Class<?> type) throws Exception {
    if (type == double.class) {
      return 0.75;
    }
    if (type.isRecord()) {
      RecordComponent[] cs = type.getRecordComponents();
      Object[] parts = new Object[cs.length];
      Class<?>[] types = new Class<?>[cs.length];
      for (int k = 0; k < cs.length; k++) {
        types[k] = cs[k].getType();
        parts[k] = types[k] == double.class ? 0.75 + k : types[k] == double[].class ? new double[] {0.5, -0.25}
            : types[k] == String.class ? "seed" : seed(in, types[k]);
      }
      Constructor<?> c = type.getDeclaredConstructor(types);
      c.setAccessible(true);
      return c.newInstance(parts);
    }
    if (type.isArray() && type.getComponentType().isRecord()) {
      Object seeds = Array.newInstance(type.getComponentType(), 3); // the length of the points' arrays
      for (int i = 0; i < 3; i++) {
        Array.set(seeds, i, seed(in, type.getComponentType()));
      }
      return seeds;
    }
    throw new AssertionError("no seed for " + type);
  }

  /** The JVP's arguments: the point, then a tangent per differentiated parameter (a gradient component). */
  private static Object[] tangents(Method jvp, Object[] args, Object gradient) throws Exception {
    Object[] out = java.util.Arrays.copyOf(args, jvp.getParameterCount());
    RecordComponent[] cs = gradient.getClass().getRecordComponents();
    for (int k = args.length; k < out.length; k++) {
      Method accessor = cs[k - args.length + 1].getAccessor();
      accessor.setAccessible(true);
      out[k] = accessor.invoke(gradient);
    }
    return out;
  }

  private static Object[] append(Object[] a, Object last) {
    Object[] out = java.util.Arrays.copyOf(a, a.length + 1);
    out[a.length] = last;
    return out;
  }

  /** Every double of a value (records, arrays and arrays of records walked in order); strings as their hash. */
  private static double[] flat(Object value) throws Exception {
    List<Double> out = new ArrayList<>();
    flat(value, out);
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static void flat(Object v, List<Double> out) throws Exception {
    if (v instanceof Double d) {
      out.add(d);
    } else if (v instanceof Integer i) {
      out.add((double) i);
    } else if (v instanceof dev.adjoint.Tensor t) {
      for (double d : t.toArray()) {
        out.add(d);
      }
    } else if (v instanceof String s) {
      out.add((double) s.hashCode()); // passive components carried over
    } else if (v != null && v.getClass().isArray()) {
      for (int i = 0; i < Array.getLength(v); i++) {
        flat(Array.get(v, i), out);
      }
    } else if (v != null && v.getClass().isRecord()) {
      for (RecordComponent c : v.getClass().getRecordComponents()) {
        Method accessor = c.getAccessor();
        accessor.setAccessible(true);
        flat(accessor.invoke(v), out);
      }
    } else {
      throw new AssertionError("unexpected " + v);
    }
  }

  private static void assertClose(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": " + java.util.Arrays.toString(actual));
    assertTrue(expected.length > 1, what);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-12 * (1 + Math.abs(expected[i])),
          what + " [" + i + "]: " + java.util.Arrays.toString(expected) + " vs " + java.util.Arrays.toString(actual));
    }
  }

  @Test
  void recordParameterWithPassiveComponent() throws Exception {
    check(OWNER, "loss", c -> new Object[] {params(c, new double[] {0.3, -0.7}, 0.2, "first"),
        new double[] {1.5, 0.5}, 1.0});
    check(OWNER, "loss", c -> new Object[] {params(c, new double[] {-1.1, 0.4}, -0.5, "second"),
        new double[] {0.25, -2.0}, 0.0});
  }

  @Test
  void arrayOfRecordsAsTheResult() throws Exception {
    check(OWNER, "stepAll", c -> {
      Object states = Array.newInstance(c.load(OWNER + "$State"), 3);
      Array.set(states, 0, state(c, 0.7, -0.3));
      Array.set(states, 1, state(c, -1.2, 0.5));
      Array.set(states, 2, state(c, 0.4, 0.9));
      return new Object[] {states, 2.0, 0.1};
    });
    dev.adjoint.GradChecks.Report report = dev.adjoint.GradChecks.verify(taped.load(OWNER));
    assertTrue(report.passed() && report.toString().contains("passed RecordsTape.stepAll: 1 sample point"), report.toString());
  }

  @Test
  void nestedRecords() throws Exception {
    check(OWNER, "nested", c -> new Object[] {nested(c), new double[] {0.9, -1.2}});
  }

  @Test
  void recordResultFromAHelperReturningARecord() throws Exception {
    check(OWNER, "advance", c -> new Object[] {state(c, 0.7, -0.3), 2.0, 0.1});
    check(OWNER, "advance", c -> new Object[] {state(c, -1.2, 0.5), 0.5, 0.3});
  }

  @Test
  void recordReassignedInATimeLoop() throws Exception {
    check(OWNER, "trajectory", c -> new Object[] {state(c, 1.0, 0.0), 4.0, 0.05, 40});
  }

  @Test
  void arrayOfRecords() throws Exception {
    check(OWNER, "layers", c -> new Object[] {layers(c), new double[] {0.8, -1.1}});
  }

  @Test
  void recordResultWithArrayAndPassiveComponents() throws Exception {
    check(OWNER, "rescale", c -> new Object[] {params(c, new double[] {0.3, -0.7}, 0.2, "p"), 1.3});
  }

  @Test
  void recordLocalsAndHelpersInATryFinally() throws Exception {
    check(OWNER, "guarded", c -> new Object[] {state(c, 0.6, -0.2), 2.5});
  }

  @Test
  void instanceMethodOfARecordCallingItsOwnMethods() throws Exception {
    check(OWNER + "$Oscillator", "finalEnergy", c -> new Object[] {make(c, "Oscillator", 3.0, 0.2),
        state(c, 0.5, -0.1), 0.05, 30});
  }

  @Test
  void instanceMethodOfARecordWithATryAndARecordResult() throws Exception {
    check(OWNER + "$Spring", "pull", c -> new Object[] {make(c, "Spring", 1.5, new double[] {0.4, -0.8}),
        state(c, 0.3, 0.9), 0.2});
  }

  @Test
  void instanceMethodOfARecordDifferentiatedWithRespectToThisOnly() throws Exception {
    check(OWNER + "$Spring", "stiffness", c -> new Object[] {make(c, "Spring", 1.5, new double[] {0.4, -0.8}),
        state(c, 0.3, 0.9)});
    Object g = taped.companionMethod(OWNER + "$Spring", "stiffnessGradient").invoke(null,
        make(taped, "Spring", 1.5, new double[] {0.4, -0.8}), state(taped, 0.3, 0.9));
    assertEquals(2, g.getClass().getRecordComponents().length); // value and self
    // value, then self = (dk, dw0, dw1): k x², w0 w1 v
    double[] flat = flat(g);
    assertEquals(0.3 * 0.3, flat[1], 1e-15);
    assertEquals(-0.8 * 0.9, flat[2], 1e-15);
    assertEquals(0.4 * 0.9, flat[3], 1e-15);
  }

  @Test
  void instanceMethodOfAClassReadsFieldsAsPassive() throws Exception {
    Point point = c -> {
      try {
        Constructor<?> ctor = c.load(OWNER + "$Scaled").getDeclaredConstructor(double.class);
        ctor.setAccessible(true);
        return new Object[] {ctor.newInstance(2.5), 0.4};
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    };
    check(OWNER + "$Scaled", "apply", point);
    Object[] args = point.in(taped);
    Object gradient = taped.companionMethod(OWNER + "$Scaled", "applyGradient").invoke(null, args);
    assertEquals(2.5 * Math.cos(0.4), (double) gradient.getClass().getMethod("x").invoke(gradient), 1e-15);
  }

  @Test
  void recordWithTensorComponentsRunsAsWrittenOnTheTensorTape() throws Exception {
    String records = "rec.Records";
    CompiledSources staticRecords = CompiledSources.compile(resource(records, "Records.java.txt"));
    CompiledSources tapedRecords = CompiledSources.compileWithOptions(
        List.of("-A" + AdjointProcessor.FALLBACK_OPTION + "=always"), resource(records, "Records.java.txt"));
    String mlp = records + "$Mlp";
    assertTrue(tapedRecords.generatedSource("rec.Records_MlpDerivatives").contains("TapeCalls.vjp"),
        tapedRecords.compilation().diagnostics().toString());
    Point point = c -> {
      Object hidden = makeIn(c, records + "$Dense", dev.adjoint.Tensor.of(new double[][] {{0.2, -0.4}, {0.5, 0.1},
          {-0.3, 0.7}}), dev.adjoint.Tensor.of(0.1, -0.2, 0.05));
      Object output = makeIn(c, records + "$Dense", dev.adjoint.Tensor.of(new double[][] {{0.6, -0.1, 0.3}}),
          dev.adjoint.Tensor.of(0.2));
      return new Object[] {makeIn(c, mlp, hidden, output), dev.adjoint.Tensor.of(new double[][] {{1.0, -0.5}, {0.3, 0.8}}),
          dev.adjoint.Tensor.of(new double[][] {{0.5}, {-0.2}})};
    };
    tapedRecords.check(mlp, "loss").at(point.in(tapedRecords));
    Object[] sArgs = point.in(staticRecords);
    Object[] tArgs = point.in(tapedRecords);
    Object s = staticRecords.companionMethod(mlp, "lossGradient").invoke(null, sArgs);
    Object t = tapedRecords.companionMethod(mlp, "lossGradient").invoke(null, tArgs);
    assertClose(flat(s), flat(t), "lossGradient");
    assertEquals(s.getClass().getRecordComponents()[1].getType().getName(), mlp);
    Method sj = staticRecords.companionMethod(mlp, "lossJvp");
    Method tj = tapedRecords.companionMethod(mlp, "lossJvp");
    assertClose(flat(sj.invoke(null, tangents(sj, sArgs, s))), flat(tj.invoke(null, tangents(tj, tArgs, t))),
        "lossJvp");
    dev.adjoint.GradChecks.Report report = dev.adjoint.GradChecks.verify(tapedRecords.load(mlp));
    assertTrue(report.passed() && report.comparisons() > 0, report.toString());
  }

  private static Object makeIn(CompiledSources in, String record, Object... components) {
    try {
      Constructor<?> c = in.load(record).getDeclaredConstructors()[0];
      c.setAccessible(true);
      return c.newInstance(components);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aRecursiveHelperWithRecordsIsAnErrorOnTheTape() {
    com.google.testing.compile.Compilation bad = CompiledSources.compiler().compile(CompiledSources.source("s.S", """
        package s;

        import dev.adjoint.Differentiable;

        final class S {
          record P(double a, double b) {}

          static double sum(P p, int n) {
            return n == 0 ? p.a() : p.b() * sum(p, n - 1);
          }

          @Differentiable
          static double f(P p) {
            double s = 0;
            try {
              s = sum(p, 3);
            } finally {
              s += 0;
            }
            return s;
          }
        }
        """));
    com.google.testing.compile.CompilationSubject.assertThat(bad).hadErrorContaining(
        "the call sum(p, n - 1), a recursive call of a method with records or a receiver, cannot run")
        .inFile(bad.sourceFiles().get(0)).onLineContaining("p.b() * sum(p, n - 1)");
    com.google.testing.compile.CompilationSubject.assertThat(bad).hadErrorContaining("cannot run on the dynamic tape");
  }

  @Test
  void aRecordWithTensorAndDifferentiatedDoubleComponentsIsAnErrorOnTheTape() {
    com.google.testing.compile.Compilation bad = CompiledSources.compiler().compile(CompiledSources.source("s.S", """
        package s;

        import dev.adjoint.Differentiable;
        import dev.adjoint.Tensor;

        final class S {
          record P(Tensor w, double b) {}

          @Differentiable
          static Tensor f(P p) {
            Tensor s = p.w();
            try {
              s = s.mul(p.b());
            } finally {
              s = s.mul(1.0);
            }
            return s;
          }
        }
        """));
    com.google.testing.compile.CompilationSubject.assertThat(bad).hadErrorContaining(
        "differentiating the double p.b of a method with Tensor components on the tape")
        .inFile(bad.sourceFiles().get(0)).onLineContaining("static Tensor f(P p)");
  }

  @Test
  void gradChecksSeeTheTapedRecordMethods() {
    for (String model : new String[] {OWNER, OWNER + "$Oscillator"}) {
      dev.adjoint.GradChecks.Report report = dev.adjoint.GradChecks.verify(taped.load(model));
      assertTrue(report.passed(), report.toString());
      assertTrue(report.comparisons() > 0, report.toString());
    }
  }
}
