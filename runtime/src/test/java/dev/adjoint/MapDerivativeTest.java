package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.internal.rules.TensorRules;
import org.junit.jupiter.api.Test;

/**
 * {@link Tensor#mapDerivative} gives {@code f'(x)} whether or not it reuses the forward result
 * {@code f(x)}: checked against closed forms, and after in-place writes that must invalidate the
 * reuse.
 */
class MapDerivativeTest {
  private static final double[] XS = {-3.0, -0.7, -1e-3, 0.0, 0.25, 1.5, 4.0};

  private static double tanhPrime(double x) {
    double c = Math.cosh(x);
    return 1 / (c * c);
  }

  private static double sigmoidPrime(double x) {
    double e = Math.exp(-x);
    return e / ((1 + e) * (1 + e));
  }

  private static void assertValues(double[] expected, Tensor actual, String what) {
    double[] a = actual.toArray();
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], a[i], 1e-15 * Math.max(1, Math.abs(expected[i])), what + " at " + i);
    }
  }

  private static double[] apply(java.util.function.DoubleUnaryOperator f, double[] xs) {
    double[] out = new double[xs.length];
    for (int i = 0; i < xs.length; i++) {
      out[i] = f.applyAsDouble(xs[i]);
    }
    return out;
  }

  @Test
  void derivativeAfterTheForwardResultMatchesClosedForms() {
    Tensor x = Tensor.of(XS);
    x.tanh();
    assertValues(apply(MapDerivativeTest::tanhPrime, XS), x.mapDerivative(ElementwiseFunction.TANH), "tanh'");
    x.sigmoid();
    assertValues(apply(MapDerivativeTest::sigmoidPrime, XS), x.mapDerivative(ElementwiseFunction.SIGMOID),
        "sigmoid'");
    x.exp();
    assertValues(apply(Math::exp, XS), x.mapDerivative(ElementwiseFunction.EXP), "exp'");
    // without a forward result, and for another function than the last one mapped
    assertValues(apply(MapDerivativeTest::tanhPrime, XS), Tensor.of(XS).mapDerivative(ElementwiseFunction.TANH),
        "tanh' fresh");
    assertValues(apply(MapDerivativeTest::tanhPrime, XS), x.mapDerivative(ElementwiseFunction.TANH),
        "tanh' after exp");
  }

  @Test
  void inPlaceWritesToTheInputOrTheResultAreSeen() {
    Tensor x = Tensor.of(XS);
    Tensor y = x.tanh();
    x.set(new int[] {0}, 2.0);
    double[] shifted = XS.clone();
    shifted[0] = 2.0;
    assertValues(apply(MapDerivativeTest::tanhPrime, shifted), x.mapDerivative(ElementwiseFunction.TANH),
        "input modified");

    Tensor u = Tensor.of(XS);
    Tensor v = u.tanh();
    v.set(new int[] {1}, 0.5); // the cached value is no longer tanh(u)
    assertValues(apply(MapDerivativeTest::tanhPrime, XS), u.mapDerivative(ElementwiseFunction.TANH),
        "result modified");
    assertEquals(Math.tanh(XS[0]), y.getDouble(0), 0.0);
  }

  @Test
  void secondDerivativesStillFlowThroughTheRule() {
    // d²/dx² sum(tanh(x)) = -2 tanh(x) (1 - tanh²(x)), through createGraph on the rule
    Tensor x = Tensor.of(XS).requiresGrad(true);
    Tensor first = Autograd.grad(x.tanh().sum(), new Tensor[] {x}, null, true, true)[0];
    Tensor second = Autograd.grad(first.sum(), x)[0];
    assertValues(apply(v -> -2 * Math.tanh(v) * tanhPrime(v), XS), second, "tanh''");
    // and the rule itself, called without a tape on a tensor whose tanh was just taken
    Tensor plain = Tensor.of(XS);
    plain.tanh();
    Tensor g = Tensor.full(3.0, XS.length);
    assertValues(apply(v -> 3 * tanhPrime(v), XS), TensorRules.tanhBackward(plain, g), "rule");
  }
}
