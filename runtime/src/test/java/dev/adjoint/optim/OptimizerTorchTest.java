package dev.adjoint.optim;

import static dev.adjoint.optim.TorchReference.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.adjoint.Tensor;
import java.util.Arrays;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Sgd and Adam against torch.optim.SGD and torch.optim.Adam in float64 (values in
 * {@link TorchReference}), bit for bit, for every kind of parameter value.
 */
class OptimizerTorchTest {
  enum Kind { LINEAR, QUADRATIC }

  record Params(double[] w, double b, String name, int id, Kind kind) {}

  record Inner(double[] v, double c) {}

  record Outer(Inner inner, double[][] m, Tensor t, String tag) {}

  record Layer(double[][] w, double[] b, String act) {}

  record Floats(float[] w, float s, float[][] m, double d) {}

  /** The optimizers of torch_reference.py, in its order. */
  private static final String[] OPTIMIZERS = {"SGD", "SGD_MOMENTUM", "ADAM", "ADAM_CUSTOM"};

  /** A new optimizer as a function, so one loop runs them all. */
  private static BiFunction<Object, Object, Object> optimizer(String name) {
    switch (name) {
      case "SGD": return new Sgd(0.1)::step;
      case "SGD_MOMENTUM": return new Sgd(0.05, 0.9)::step;
      case "ADAM": return new Adam(0.01)::step;
      default: return new Adam(0.02, 0.8, 0.95, 1e-6)::step;
    }
  }

  /**
   * Runs every optimizer for the fixed gradients of a case and compares the params after each step
   * with torch's; also checks that the arguments of every step are left as they were.
   */
  private static <T> void runCase(String caseName, double[][] init, double[][][] grads,
      double[][][][] expected, Function<double[][], T> build, Function<T, double[][]> flat) {
    for (int o = 0; o < OPTIMIZERS.length; o++) {
      BiFunction<Object, Object, Object> opt = optimizer(OPTIMIZERS[o]);
      double[][][] want = expected[o];
      T params = build.apply(init);
      for (int step = 0; step < FIXED_STEPS; step++) {
        T gradient = build.apply(grads[step]);
        double[][] paramsBefore = copy(flat.apply(params));
        double[][] gradientBefore = copy(flat.apply(gradient));
        @SuppressWarnings("unchecked")
        T next = (T) opt.apply(params, gradient);
        String where = caseName + " " + OPTIMIZERS[o] + " step " + (step + 1);
        assertNotSame(params, next, where);
        assertSame(params.getClass(), next.getClass(), where);
        assertTensorsEqual(paramsBefore, flat.apply(params), where + ": params were modified");
        assertTensorsEqual(gradientBefore, flat.apply(gradient), where + ": gradient was modified");
        assertTensorsEqual(want[step], flat.apply(next), where);
        params = next;
      }
    }
  }

  /** Expected trajectories in the order of {@link #OPTIMIZERS}. */
  private static double[][][][] all(double[][][] sgd, double[][][] momentum, double[][][] adam,
      double[][][] adamCustom) {
    return new double[][][][] {sgd, momentum, adam, adamCustom};
  }

  @Test
  void vector() {
    runCase("VECTOR", VECTOR_INIT, VECTOR_GRADS,
        all(VECTOR_SGD, VECTOR_SGD_MOMENTUM, VECTOR_ADAM, VECTOR_ADAM_CUSTOM),
        t -> t[0].clone(), w -> new double[][] {w});
  }

  @Test
  void matrix() {
    runCase("MATRIX", MATRIX_INIT, MATRIX_GRADS,
        all(MATRIX_SGD, MATRIX_SGD_MOMENTUM, MATRIX_ADAM, MATRIX_ADAM_CUSTOM),
        t -> matrix(t[0], MATRIX_SHAPES[0]), m -> new double[][] {rowMajor(m)});
  }

  @Test
  void tensor() {
    runCase("TENSOR", TENSOR_INIT, TENSOR_GRADS,
        all(TENSOR_SGD, TENSOR_SGD_MOMENTUM, TENSOR_ADAM, TENSOR_ADAM_CUSTOM),
        t -> Tensor.of(t[0], TENSOR_SHAPES[0]), x -> {
          assertArrayEquals(TENSOR_SHAPES[0], x.shape());
          return new double[][] {x.toArray()};
        });
  }

  @Test
  void tensorKeepsRequiresGradAndIsAFreshLeaf() {
    Tensor w = Tensor.of(TENSOR_INIT[0], TENSOR_SHAPES[0]).requiresGrad(true);
    Tensor computed = w.mul(1.0); // same values, not a leaf
    Tensor g = Tensor.of(TENSOR_GRADS[0][0], TENSOR_SHAPES[0]);
    for (Tensor params : new Tensor[] {w, computed}) {
      Tensor next = new Sgd(0.1).step(params, g);
      assertTrue(next.requiresGrad());
      assertTrue(next.isLeaf());
      assertEquals(null, next.grad());
      assertTensorsEqual(TENSOR_SGD[0], new double[][] {next.toArray()}, "tensor");
    }
    Tensor plain = new Adam(0.01).step(Tensor.of(TENSOR_INIT[0], TENSOR_SHAPES[0]), g);
    assertTrue(!plain.requiresGrad() && plain.isLeaf());
    assertTensorsEqual(TENSOR_ADAM[0], new double[][] {plain.toArray()}, "tensor");
  }

  @Test
  void recordWithPassiveComponents() {
    String name = new String("model"); // a distinct instance, to see that it is carried over
    runCase("RECORD", RECORD_INIT, RECORD_GRADS,
        all(RECORD_SGD, RECORD_SGD_MOMENTUM, RECORD_ADAM, RECORD_ADAM_CUSTOM),
        t -> new Params(t[0].clone(), t[1][0], name, 7, Kind.QUADRATIC), p -> {
          assertSame(name, p.name());
          assertEquals(7, p.id());
          assertSame(Kind.QUADRATIC, p.kind());
          return new double[][] {p.w(), {p.b()}};
        });
  }

  @Test
  void nestedRecordWithMatrixAndTensor() {
    runCase("NESTED", NESTED_INIT, NESTED_GRADS,
        all(NESTED_SGD, NESTED_SGD_MOMENTUM, NESTED_ADAM, NESTED_ADAM_CUSTOM),
        t -> new Outer(new Inner(t[0].clone(), t[1][0]), matrix(t[2], NESTED_SHAPES[2]),
            Tensor.of(t[3], NESTED_SHAPES[3]).requiresGrad(true), "tag"),
        o -> {
          assertEquals("tag", o.tag());
          assertTrue(o.t().requiresGrad());
          return new double[][] {o.inner().v(), {o.inner().c()}, rowMajor(o.m()), o.t().toArray()};
        });
  }

  @Test
  void arrayOfRecords() {
    runCase("LAYERS", LAYERS_INIT, LAYERS_GRADS,
        all(LAYERS_SGD, LAYERS_SGD_MOMENTUM, LAYERS_ADAM, LAYERS_ADAM_CUSTOM),
        t -> new Layer[] {new Layer(matrix(t[0], LAYERS_SHAPES[0]), t[1].clone(), "tanh"),
            new Layer(matrix(t[2], LAYERS_SHAPES[2]), t[3].clone(), "identity")},
        ls -> {
          assertEquals(2, ls.length);
          assertEquals("tanh", ls[0].act());
          assertEquals("identity", ls[1].act());
          return new double[][] {rowMajor(ls[0].w()), ls[0].b(), rowMajor(ls[1].w()), ls[1].b()};
        });
  }

  /** Float components: the update in double, the new value rounded to float (as in the script). */
  @Test
  void floatComponents() {
    runCase("FLOATS", FLOATS_INIT, FLOATS_GRADS,
        all(FLOATS_SGD, FLOATS_SGD_MOMENTUM, FLOATS_ADAM, FLOATS_ADAM_CUSTOM),
        t -> new Floats(floats(t[0]), (float) t[1][0], new float[][] {
            floats(Arrays.copyOfRange(t[2], 0, 2)), floats(Arrays.copyOfRange(t[2], 2, 4))}, t[3][0]),
        f -> new double[][] {doubles(f.w()), {f.s()}, concat(doubles(f.m()[0]), doubles(f.m()[1])),
            {f.d()}});
  }

  /** A boxed Double or Float is a parameter value too; element 0 of a case must follow torch. */
  @Test
  void boxedScalars() {
    for (int o = 0; o < OPTIMIZERS.length; o++) {
      BiFunction<Object, Object, Object> onDouble = optimizer(OPTIMIZERS[o]);
      BiFunction<Object, Object, Object> onFloat = optimizer(OPTIMIZERS[o]);
      double[][][][] vector = all(VECTOR_SGD, VECTOR_SGD_MOMENTUM, VECTOR_ADAM, VECTOR_ADAM_CUSTOM);
      double[][][][] floats = all(FLOATS_SGD, FLOATS_SGD_MOMENTUM, FLOATS_ADAM, FLOATS_ADAM_CUSTOM);
      Object d = VECTOR_INIT[0][0];
      Object f = (float) FLOATS_INIT[1][0];
      for (int step = 0; step < FIXED_STEPS; step++) {
        d = onDouble.apply(d, VECTOR_GRADS[step][0][0]);
        f = onFloat.apply(f, (float) FLOATS_GRADS[step][1][0]);
        assertEquals(Double.valueOf(vector[o][step][0][0]), d, OPTIMIZERS[o]);
        assertEquals(Float.valueOf((float) floats[o][step][1][0]), f, OPTIMIZERS[o]);
      }
    }
  }

  // ---- Rosenbrock: the gradient depends on the params ------------------------------------------

  /** Same operations, in the same order, as rosenbrock_gradient in torch_reference.py. */
  private static double[] rosenbrockGradient(double[] x) {
    double[] g = new double[x.length];
    for (int i = 0; i < x.length - 1; i++) {
      double d = x[i + 1] - x[i] * x[i];
      g[i] += -400.0 * x[i] * d - 2.0 * (1.0 - x[i]);
      g[i + 1] += 200.0 * d;
    }
    return g;
  }

  private static void rosenbrock(String name, BiFunction<Object, Object, Object> opt,
      double[][] expected) {
    double[] x = ROSENBROCK_START.clone();
    int recorded = 0;
    for (int step = 1; step <= ROSENBROCK_RECORDED[ROSENBROCK_RECORDED.length - 1]; step++) {
      x = (double[]) opt.apply(x, rosenbrockGradient(x));
      if (step == ROSENBROCK_RECORDED[recorded]) {
        assertTensorsEqual(new double[][] {expected[recorded]}, new double[][] {x},
            name + " step " + step);
        recorded++;
      }
    }
    assertEquals(ROSENBROCK_RECORDED.length, recorded);
  }

  @Test
  void rosenbrockSgdMomentum() {
    rosenbrock("SGD_MOMENTUM", new Sgd(1e-3, 0.9)::step, ROSENBROCK_SGD_MOMENTUM);
  }

  @Test
  void rosenbrockAdam() {
    rosenbrock("ADAM", new Adam(0.01)::step, ROSENBROCK_ADAM);
  }

  @Test
  void rosenbrockAdamCustom() {
    rosenbrock("ADAM_CUSTOM", new Adam(0.02, 0.8, 0.95, 1e-6)::step, ROSENBROCK_ADAM_CUSTOM);
  }

  /**
   * The comparisons can tell a fused multiply-add from a rounded product: torch's first SGD step
   * differs from {@code p - lr * g} with two roundings in some elements (and equals the fused form
   * everywhere, which {@link #vector} checks through Sgd).
   */
  @Test
  void referenceTellsFusedFromUnfusedUpdates() {
    int differ = 0;
    for (int i = 0; i < VECTOR_INIT[0].length; i++) {
      double p = VECTOR_INIT[0][i];
      double g = VECTOR_GRADS[0][0][i];
      assertEquals(Math.fma(g, -0.1, p), VECTOR_SGD[0][0][i]);
      differ += p + -0.1 * g != VECTOR_SGD[0][0][i] ? 1 : 0;
    }
    assertTrue(differ > 0, "no element tells the two apart");
  }

  // ---- helpers ------------------------------------------------------------------------------------

  /** Bitwise equality of each flat tensor, with the difference in ulps in the message. */
  static void assertTensorsEqual(double[][] expected, double[][] actual, String where) {
    assertEquals(expected.length, actual.length, where + ": number of tensors");
    for (int t = 0; t < expected.length; t++) {
      assertEquals(expected[t].length, actual[t].length, where + ": length of tensor " + t);
      for (int i = 0; i < expected[t].length; i++) {
        long e = Double.doubleToRawLongBits(expected[t][i]);
        long a = Double.doubleToRawLongBits(actual[t][i]);
        if (e != a) {
          fail(where + ": tensor " + t + " element " + i + ": expected " + expected[t][i] + " but was "
              + actual[t][i] + " (" + (a - e) + " ulp)");
        }
      }
    }
  }

  static double[][] copy(double[][] a) {
    double[][] c = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i].clone();
    }
    return c;
  }

  static double[][] matrix(double[] flat, int[] shape) {
    double[][] m = new double[shape[0]][];
    for (int i = 0; i < m.length; i++) {
      m[i] = Arrays.copyOfRange(flat, i * shape[1], (i + 1) * shape[1]);
    }
    return m;
  }

  static double[] rowMajor(double[][] m) {
    return Arrays.stream(m).flatMapToDouble(Arrays::stream).toArray();
  }

  static float[] floats(double[] a) {
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      f[i] = (float) a[i];
      assertEquals(a[i], f[i], "not a float value");
    }
    return f;
  }

  static double[] doubles(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i];
    }
    return d;
  }

  static double[] concat(double[] a, double[] b) {
    double[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
