package dev.adjoint.optim;

import static dev.adjoint.optim.OptimizerTorchTest.assertTensorsEqual;
import static dev.adjoint.optim.TorchReference.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input to the optimizers: a clear IllegalArgumentException, and no state changed. */
class OptimizerValidationTest {
  record Params(double[] w, double b, String name) {}

  record Other(double[] w, double b, String name) {}

  record Layer(double[][] w, double[] b) {}

  record Labels(String name, int id) {}

  record Positive(double x) {
    Positive {
      if (x < 0) {
        throw new IllegalArgumentException("x must be >= 0 but was " + x);
      }
    }
  }

  record Chain(double v, Chain next) {}

  private static IllegalArgumentException assertRejected(Executable call, String... fragments) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment),
          "'" + e.getMessage() + "' should mention '" + fragment + "'");
    }
    return e;
  }

  @Test
  void hyperparameters() {
    assertRejected(() -> new Sgd(Double.NaN), "Sgd", "lr", "NaN");
    assertRejected(() -> new Sgd(-0.1), "Sgd", "lr", "-0.1");
    assertRejected(() -> new Sgd(Double.POSITIVE_INFINITY), "Sgd", "lr", "Infinity");
    assertRejected(() -> new Sgd(0.1, -0.5), "Sgd", "momentum", "-0.5");
    assertRejected(() -> new Sgd(0.1, Double.NaN), "Sgd", "momentum", "NaN");
    assertRejected(() -> new Adam(Double.NaN), "Adam", "lr", "NaN");
    assertRejected(() -> new Adam(-1e-3), "Adam", "lr", "-0.001");
    assertRejected(() -> new Adam(1e-3, 1.0, 0.999, 1e-8), "Adam", "beta1", "[0, 1)", "1.0");
    assertRejected(() -> new Adam(1e-3, 0.9, -0.1, 1e-8), "Adam", "beta2", "-0.1");
    assertRejected(() -> new Adam(1e-3, 0.9, Double.NaN, 1e-8), "Adam", "beta2", "NaN");
    assertRejected(() -> new Adam(1e-3, 0.9, 0.999, -1e-8), "Adam", "eps", "-1.0E-8");
    // the boundaries torch accepts
    new Sgd(0.0, 0.0);
    new Adam(0.0, 0.0, 0.0, 0.0);
  }

  @Test
  void nulls() {
    Sgd sgd = new Sgd(0.1);
    double[] w = {1, 2};
    assertRejected(() -> sgd.step(null, w), "Sgd.step", "params is null");
    assertRejected(() -> sgd.step(w, null), "Sgd.step", "gradient is null", "double[2]");
    Params p = new Params(new double[] {1}, 2, "p");
    assertRejected(() -> sgd.step(new Params(null, 2, "p"), p), "params.w is null");
    assertRejected(() -> sgd.step(p, new Params(null, 2, "p")), "gradient.w is null");
    assertRejected(() -> sgd.step(new double[][] {{1}, null}, new double[][] {{1}, {2}}),
        "params[1] is null");
    Layer l = new Layer(new double[][] {{1}}, new double[] {1});
    assertRejected(() -> sgd.step(new Layer[] {l, l}, new Layer[] {l, null}), "gradient[1] is null");
    // a passive null is carried over
    Params q = sgd.step(new Params(new double[] {1}, 2, null), p);
    assertEquals(null, q.name());
  }

  @Test
  void notAParameterValue() {
    Adam adam = new Adam(0.1);
    assertRejected(() -> adam.step("w", "g"), "Adam.step", "params", "java.lang.String",
        "not a parameter value");
    assertRejected(() -> adam.step(new int[] {1}, new int[] {1}), "int[]", "not a parameter value");
    assertRejected(() -> adam.step(new double[1][1][1], new double[1][1][1]), "double[][][]");
    assertRejected(() -> adam.step(List.of(1.0), List.of(1.0)), "not a parameter value");
    assertRejected(() -> adam.step(new Labels("a", 1), new Labels("a", 1)), "Labels",
        "no differentiable component");
    assertRejected(() -> adam.step(new double[] {1}, (Object) "g"), "gradient", "String");
  }

  @Test
  void gradientOfAnotherStructure() {
    Adam adam = new Adam(0.01);
    assertRejected(() -> adam.step(new double[3], new double[4]), "Adam.step",
        "params double[3]", "gradient double[4]");
    assertRejected(() -> adam.step(new double[2][3], new double[3][2]), "double[2][3]",
        "double[3][2]");
    assertRejected(() -> adam.step(new double[][] {{1, 2}, {3}}, new double[2][2]),
        "double[2][] with row lengths [2, 1]", "double[2][2]");
    assertRejected(() -> adam.step(Tensor.zeros(2, 3), Tensor.zeros(3, 2)), "Tensor of shape [2, 3]",
        "Tensor of shape [3, 2]");
    assertRejected(() -> adam.step((Object) new double[2], (Object) new float[2]), "double[2]",
        "float[2]");
    assertRejected(() -> adam.step((Object) new double[2], (Object) Tensor.zeros(2)), "double[2]",
        "Tensor of shape [2]");
    Params p = new Params(new double[] {1, 2}, 3, "p");
    assertRejected(() -> adam.step(p, new Params(new double[] {1}, 3, "p")),
        "Params(w: double[2], b: double, name: String)", "Params(w: double[1], b: double, name: String)",
        "first difference at w: double[2] in params vs double[1] in gradient");
    assertRejected(() -> adam.step((Object) p, (Object) new Other(new double[] {1, 2}, 3, "p")),
        "Params(w: double[2]", "Other(w: double[2]", "at the top level");
    Layer[] layers = {new Layer(new double[2][3], new double[2]), new Layer(new double[1][2], new double[1])};
    Layer[] wrong = {layers[0], new Layer(new double[1][2], new double[2])};
    assertRejected(() -> adam.step(layers, wrong), "Layer[2] {Layer(w: double[2][3], b: double[2]),",
        "first difference at [1].b: double[1] in params vs double[2] in gradient");
    assertRejected(() -> adam.step(layers, new Layer[] {layers[0]}), "Layer[2] {", "Layer[1] of Layer");
    // none of this fixed the optimizer's structure: a first step on another value works, as torch's
    double[] next = adam.step(VECTOR_INIT[0], VECTOR_GRADS[0][0]);
    assertTensorsEqual(VECTOR_ADAM[0], new double[][] {next}, "after rejected steps");
  }

  @Test
  void paramsOfAnotherStructureAfterTheFirstStep() {
    Adam adam = new Adam(0.01);
    double[] first = adam.step(VECTOR_INIT[0], VECTOR_GRADS[0][0]);
    assertRejected(() -> adam.step(new double[8], new double[8]), "Adam.step",
        "keeps state for params of structure double[7]", "was given params of structure double[8]",
        "a new optimizer");
    assertRejected(() -> adam.step((Object) Tensor.zeros(7), (Object) Tensor.zeros(7)), "double[7]",
        "Tensor of shape [7]");
    assertRejected(() -> adam.step(first, new double[8]), "params double[7]", "gradient double[8]");
    double[] w = first;
    // the moments and the step count are untouched: the trajectory goes on as torch's
    for (int step = 1; step < FIXED_STEPS; step++) {
      w = adam.step(w, VECTOR_GRADS[step][0]);
      assertTensorsEqual(VECTOR_ADAM[step], new double[][] {w}, "step " + (step + 1));
    }

    Sgd sgd = new Sgd(0.1, 0.9);
    Layer[] layers = {new Layer(new double[2][3], new double[2]), new Layer(new double[1][2], new double[1])};
    sgd.step(layers, layers);
    Layer[] other = {layers[0], new Layer(new double[1][3], new double[1])};
    assertRejected(() -> sgd.step(other, other), "Sgd.step",
        "Layer[2] {Layer(w: double[2][3], b: double[2]), Layer(w: double[1][2], b: double[1])}",
        "Layer[2] {Layer(w: double[2][3], b: double[2]), Layer(w: double[1][3], b: double[1])}",
        "first difference at [1].w: double[1][2] in the state vs double[1][3] in the params");
  }

  @Test
  void canonicalConstructorRejectingTheUpdate() {
    Sgd sgd = new Sgd(0.1, 0.9);
    Positive p = sgd.step(new Positive(1.0), new Positive(2.0)); // 1 - 0.1 * 2
    assertEquals(0.8, p.x(), 1e-15);
    IllegalArgumentException e = assertRejected(() -> sgd.step(p, new Positive(20.0)), "Sgd.step",
        "canonical constructor of Positive", "x must be >= 0");
    assertTrue(e.getCause() instanceof IllegalArgumentException);
    // the momentum buffer did not take in the rejected gradient: 0.8 - 0.1 * (0.9 * 2 + 1)
    Positive q = sgd.step(p, new Positive(1.0));
    assertEquals(0.52, q.x(), 1e-15);
  }

  /** A record type that contains itself is classified without looping; its chain ends in null. */
  @Test
  void selfReferentialRecordType() {
    Chain chain = new Chain(1, new Chain(2, null));
    assertRejected(() -> new Sgd(0.1).step(chain, chain), "params.next.next is null");
  }

  @Test
  void argumentsAreNotModified() {
    Tensor w = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2).requiresGrad(true);
    w.mul(w).sum().backward();
    Tensor grad = w.grad();
    Tensor next = new Adam(0.1).step(w, grad);
    assertArrayEquals(new double[] {1, 2, 3, 4}, w.toArray());
    assertArrayEquals(new double[] {2, 4, 6, 8}, grad.toArray());
    assertSame(grad, w.grad());
    assertTrue(w.requiresGrad() && next.requiresGrad());
    assertEquals(null, next.grad());

    Layer[] layers = {new Layer(new double[][] {{1, 2}}, new double[] {3})};
    Layer first = layers[0];
    double[][] firstW = first.w();
    Layer[] out = new Sgd(0.5).step(layers, layers);
    assertSame(first, layers[0]);
    assertSame(firstW, layers[0].w());
    assertArrayEquals(new double[] {1, 2}, layers[0].w()[0]);
    assertArrayEquals(new double[] {3}, layers[0].b());
    assertArrayEquals(new double[] {0.5, 1}, out[0].w()[0]);
    assertArrayEquals(new double[] {1.5}, out[0].b());
    assertEquals(Layer[].class, out.getClass());
  }

  @Test
  void correctlyRoundedPowers() {
    for (double[] c : POW) {
      assertEquals(c[2], Hyper.pow(c[0], (long) c[1]), 0.0, c[0] + "^" + (long) c[1]);
    }
  }
}
