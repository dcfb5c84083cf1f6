package dev.adjoint.processor;

import static dev.adjoint.processor.testing.CompiledSources.resource;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Tensor;
import dev.adjoint.processor.testing.CompiledSources;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed computations (sources/Tensors.java.txt) differentiated at compile time give the
 * notebooks' numbers (printed to 4 digits) and the closed forms derived by hand.
 */
class TensorSeedsTest {
  private static CompiledSources compiled;
  private static Class<?> companion;

  @BeforeAll
  static void compile() {
    compiled = CompiledSources.compile(resource("tens.Tensors", "Tensors.java.txt"));
    companion = compiled.load("tens.TensorsDerivatives");
  }

  static Object[] call(String method, Object... args) {
    for (Method m : companion.getDeclaredMethods()) {
      if (m.getName().equals(method)) {
        try {
          Object record = m.invoke(null, args);
          RecordComponent[] rc = record.getClass().getRecordComponents();
          Object[] values = new Object[rc.length];
          for (int i = 0; i < rc.length; i++) {
            rc[i].getAccessor().setAccessible(true);
            values[i] = rc[i].getAccessor().invoke(record);
          }
          return values;
        } catch (InvocationTargetException e) {
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          throw new AssertionError(e.getCause());
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }
    throw new AssertionError("no " + method);
  }

  private static double sigmoid(double z) { return 1 / (1 + Math.exp(-z)); }

  private static double[] data(Object t) { return ((Tensor) t).toArray(); }

  @Test
  void polynomialGradientIsTwoXPlusTwo() {
    // Notebook 000: x = arange(5), x.grad = tensor([ 2.,  4.,  6.,  8., 10.])
    Object[] g = call("polynomialGradient", Tensor.arange(5));
    assertEquals(1 + 4 + 9 + 16 + 25, ((Tensor) g[0]).item(), 0);
    assertArrayEquals(new double[] {2, 4, 6, 8, 10}, data(g[1]), 1e-12);
    assertEquals("tensor([ 2.,  4.,  6.,  8., 10.])", g[1].toString());
  }

  @Test
  void sineOfSquare() {
    // Notebook 004: x = 4, z = sin(16) = -0.2879, x.grad = 2x cos(x²) = -7.6613
    Object[] g = call("sineOfSquareGradient", Tensor.scalar(4));
    assertEquals("tensor(-0.2879)", g[0].toString());
    assertEquals("tensor(-7.6613)", g[1].toString());
    assertEquals(8 * Math.cos(16), ((Tensor) g[1]).item(), 1e-12);
    Object[] t = call("sineOfSquareJvp", Tensor.scalar(4), Tensor.scalar(1));
    assertEquals(8 * Math.cos(16), ((Tensor) t[1]).item(), 1e-12);
  }

  @Test
  void bceByHandWithClamp() {
    // Notebook 004: x = 6.7, target 0, w = 1, b = 0: loss 6.7012, w.grad 6.6918, b.grad 0.9988
    // (by hand: dloss/dw = x sigmoid(x), dloss/db = sigmoid(x)).
    Object[] g = call("bceByHandGradient", Tensor.scalar(6.7), Tensor.scalar(1), Tensor.scalar(0), Tensor.scalar(0));
    assertEquals("tensor(6.7012)", g[0].toString());
    assertEquals("tensor(6.6918)", g[1].toString());
    assertEquals("tensor(0.9988)", g[2].toString());
    assertEquals(6.7 * sigmoid(6.7), ((Tensor) g[1]).item(), 1e-9);
    assertEquals(sigmoid(6.7), ((Tensor) g[2]).item(), 1e-9);
    assertEquals(6.691762447357178, ((Tensor) g[1]).item(), 1e-6);
    assertEquals(0.998770534992218, ((Tensor) g[2]).item(), 1e-6);
  }

  @Test
  void logisticUnitMatchesNotebook() {
    // Notebook 000 cells 514-518, with the sample's inputs (seeds.GradAccumulationAndBce):
    // loss 0.7104, w.grad = xᵀ p, b.grad = p = 0.5085.
    double[] xRow = {0.88226926, 0.91500396, 0.38286376, 0.95930564, 0.39044821};
    double[] wColumn = {0.1, -0.1, 0.2, -0.1, 0.05};
    double p0 = 0.50854;
    double bias = Math.log(p0 / (1 - p0));
    for (int i = 0; i < xRow.length; i++) {
      bias -= xRow[i] * wColumn[i];
    }
    Object[] g = call("logisticUnitGradient", Tensor.of(xRow, 1, 5), Tensor.of(wColumn, 5, 1), Tensor.of(bias),
        Tensor.zeros(1, 1));
    assertEquals("tensor(0.7104)", g[0].toString());
    assertEquals("tensor([[0.4487],\n        [0.4653],\n        [0.1947],\n        [0.4878],\n        [0.1986]])",
        g[1].toString());
    assertEquals("tensor([0.5085])", g[2].toString());
    for (int i = 0; i < 5; i++) {
      assertEquals(xRow[i] * p0, data(g[1])[i], 1e-9);
    }
  }

  @Test
  void logitsLossMatchesNotebook() {
    // Notebook 001: x = ones(5), y = zeros(3): w.grad rows and b.grad = sigmoid(z_j) / 3 = [0.2105, 0.2634, 0.2441]
    double[] wRow = {0.1, 0.2, 0.3};
    double[] wData = new double[15];
    double[] bData = new double[3];
    double[] gradient = {0.21051, 0.26341, 0.24411};
    for (int j = 0; j < 3; j++) {
      for (int i = 0; i < 5; i++) {
        wData[i * 3 + j] = wRow[j];
      }
      double s = 3 * gradient[j];
      bData[j] = Math.log(s / (1 - s)) - 5 * wRow[j];
    }
    Object[] g = call("logitsLossGradient", Tensor.ones(5), Tensor.of(wData, 5, 3), Tensor.of(bData), Tensor.zeros(3));
    assertEquals("tensor([0.2105, 0.2634, 0.2441])", g[2].toString());
    assertTrue(g[1].toString().startsWith("tensor([[0.2105, 0.2634, 0.2441],"), g[1].toString());
    for (int j = 0; j < 3; j++) {
      assertEquals(gradient[j], data(g[2])[j], 1e-12);
      assertEquals(gradient[j], data(g[1])[3 + j], 1e-12);
    }
  }

  /** dloss/dw_k = 2/n (s_k - 1) s_k (1 - s_k) x for mse(sigmoid(x w_kᵀ), 1) with n outputs. */
  private static double[] perceptronByHand(double[][] w) {
    double[] x = {1, 2, 3};
    double[] g = new double[w.length * 3];
    for (int k = 0; k < w.length; k++) {
      double s = sigmoid(x[0] * w[k][0] + x[1] * w[k][1] + x[2] * w[k][2]);
      for (int j = 0; j < 3; j++) {
        g[k * 3 + j] = 2.0 / w.length * (s - 1) * s * (1 - s) * x[j];
      }
    }
    return g;
  }

  @Test
  void perceptronOneAndTwoOutputs() {
    Tensor x = Tensor.of(new double[][] {{1, 2, 3}});
    double[][] one = {{0.1, -0.2, 0.3}};
    double[][] two = {{0.1, -0.2, 0.3}, {-0.5, 0.4, 0.0}};
    assertArrayEquals(perceptronByHand(one), data(call("twoOutputsGradient", x, Tensor.of(one))[1]), 1e-12);
    assertArrayEquals(perceptronByHand(two), data(call("twoOutputsGradient", x, Tensor.of(two))[1]), 1e-12);
    // The same through perceptron(x, w, b = 0, y = 1):
    Object[] g = call("perceptronGradient", x, Tensor.of(two), Tensor.zeros(2), Tensor.ones(1, 2));
    assertArrayEquals(perceptronByHand(two), data(g[1]), 1e-12);
  }

  @Test
  void softmaxRowsFromOneHotSeeds() {
    double[] z = {1, 2, 3};
    double total = Math.exp(1) + Math.exp(2) + Math.exp(3);
    double[] p = {Math.exp(1) / total, Math.exp(2) / total, Math.exp(3) / total};
    for (int i = 0; i < 3; i++) {
      double[] k = new double[3];
      k[i] = 1;
      Object[] g = call("softmaxVjp", Tensor.of(z), Tensor.of(k));
      for (int j = 0; j < 3; j++) {
        assertEquals(p[i] * ((i == j ? 1 : 0) - p[j]), data(g[1])[j], 1e-12, "row " + i + " column " + j);
      }
    }
  }

  @Test
  void vectorJacobianProducts() {
    double x1 = 1.5;
    double x2 = -0.5;
    double[][] jacobian = {{2, 2 * x2}, {2 * x1, 6 * x2 * x2}};
    for (double[] k : new double[][] {{1, 0}, {0, 1}, {1, 1}}) {
      Object[] g = call("vectorFunctionVjp", Tensor.of(x1, x2), Tensor.of(k));
      assertArrayEquals(new double[] {2 * x1 + x2 * x2, x1 * x1 + 2 * x2 * x2 * x2}, data(g[0]), 1e-12);
      assertArrayEquals(new double[] {jacobian[0][0] * k[0] + jacobian[1][0] * k[1],
          jacobian[0][1] * k[0] + jacobian[1][1] * k[1]}, data(g[1]), 1e-12);
    }
  }

  @Test
  void mlpAgreesWithItsModes() {
    java.util.Random r = new java.util.Random(5);
    compiled.check("tens.Tensors", "mlp").at(Tensor.randn(r, 4, 3), Tensor.randn(r, 3, 5), Tensor.randn(r, 5),
        Tensor.randn(r, 5, 2), Tensor.randn(r, 2), Tensor.randn(r, 4, 2));
  }

  @Test
  void eightThreadsGetTheSingleThreadedGradients() throws Exception {
    java.util.Random r = new java.util.Random(8);
    Object[] args = {Tensor.randn(r, 16, 3), Tensor.randn(r, 3, 8), Tensor.randn(r, 8), Tensor.randn(r, 8, 2),
        Tensor.randn(r, 2), Tensor.randn(r, 16, 2)};
    Object[] expected = call("mlpGradient", args);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      java.util.List<java.util.concurrent.Future<Object[]>> results = new java.util.ArrayList<>();
      for (int t = 0; t < 64; t++) {
        results.add(pool.submit(() -> call("mlpGradient", args)));
      }
      for (java.util.concurrent.Future<Object[]> f : results) {
        Object[] g = f.get();
        for (int k = 0; k < g.length; k++) {
          assertArrayEquals(data(expected[k]), data(g[k]), 0);
        }
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void badShapesThrowAndLeaveGradModeOn() {
    Tensor x = Tensor.of(new double[][] {{1, 2, 3}});
    Tensor w = Tensor.of(new double[][] {{0.1, -0.2}}).requiresGrad(true); // 3 inputs expected
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> call("perceptronVjp", x, w, Tensor.zeros(1), Tensor.ones(1, 1), Tensor.scalar(1)));
    assertTrue(e.getMessage().contains("matmul"), e.getMessage());
    assertTrue(w.mul(2).requiresGrad(), "grad mode is restored after an exception");
    assertNull(w.grad());
  }

  @Test
  void gradChecksNeedSamplesForTensorParameters() {
    dev.adjoint.GradChecks.Report report = dev.adjoint.GradChecks.verify(compiled.load("tens.Tensors"));
    assertFalse(report.passed());
    assertTrue(report.toString().contains("\n    Tensors.polynomial: no @GradCheck samples, and parameter 'x' (Tensor)"
        + " cannot be drawn at random"), report.toString());
  }

  @Test
  void gradientNeedsAOneElementResult() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> call("softmaxGradient", Tensor.of(1, 2, 3)));
    assertTrue(e.getMessage().contains("one element") && e.getMessage().contains("[3]"), e.getMessage());
    IllegalArgumentException seed = assertThrows(IllegalArgumentException.class,
        () -> call("softmaxVjp", Tensor.of(1, 2, 3), Tensor.of(1, 2)));
    assertTrue(seed.getMessage().contains("softmaxVjp"), seed.getMessage());
  }

  @Test
  void generatedCodeBuildsNoGraphAndLeavesInputsAlone() {
    Tensor x = Tensor.of(new double[][] {{1, 2, 3}});
    Tensor w = Tensor.of(new double[][] {{0.1, -0.2, 0.3}}).requiresGrad(true);
    Tensor b = Tensor.zeros(1).requiresGrad(true);
    Object[] g = call("perceptronVjp", x, w, b, Tensor.ones(1, 1), Tensor.scalar(1));
    for (Object o : g) {
      assertFalse(((Tensor) o).requiresGrad(), "a result requires grad: a graph was built");
      assertTrue(((Tensor) o).isLeaf());
    }
    Object[] t = call("perceptronJvp", x, w, b, Tensor.ones(1, 1), Tensor.onesLike(w), Tensor.onesLike(b));
    for (Object o : t) {
      assertFalse(((Tensor) o).requiresGrad());
    }
    assertTrue(w.requiresGrad() && b.requiresGrad());
    assertNull(w.grad());
    assertNull(b.grad());
    // and grad mode is back on afterwards
    assertTrue(w.mul(2).requiresGrad());
  }
}
