package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** {@link Autograd}: functional gradients, higher order, Jacobians and Hessians. */
@SuppressWarnings("try") // NoGrad scopes whose variable the body never reads are what these tests exercise
class AutogradTest {
  @Test
  void gradWithRespectToLeavesAndIntermediatesLeavesGradFieldsAlone() {
    Tensor x = Tensor.of(1, 2, 3).requiresGrad(true);
    Tensor h = x.mul(x);
    Tensor y = h.sin().sum();
    Tensor[] g = Autograd.grad(y, x, h);
    for (int i = 0; i < 3; i++) {
      double xi = i + 1;
      assertEquals(Math.cos(xi * xi) * 2 * xi, g[0].getDouble(i), 1e-12);
      assertEquals(Math.cos(xi * xi), g[1].getDouble(i), 1e-12);
    }
    assertNull(x.grad());
    assertFalse(g[0].requiresGrad());
  }

  @Test
  void gradFreesTheGraphUnlessRetained() {
    Tensor x = Tensor.scalar(2).requiresGrad(true);
    Tensor y = x.pow(3);
    Autograd.grad(y, new Tensor[] {x}, null, true, false);
    assertEquals(12.0, Autograd.grad(y, x)[0].item());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Autograd.grad(y, x));
    assertTrue(e.getMessage().contains("retainGraph"), e.getMessage());
    assertThrows(IllegalStateException.class, y::backward);
  }

  @Test
  void gradRejectsInputsThatDoNotRequireGradOrAreNotReached() {
    Tensor x = Tensor.scalar(2).requiresGrad(true);
    Tensor unused = Tensor.scalar(5).requiresGrad(true);
    Tensor y = x.mul(3);
    assertThrows(IllegalArgumentException.class, () -> Autograd.grad(y, Tensor.scalar(1)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Autograd.grad(y, unused));
    assertTrue(e.getMessage().contains("not reached"), e.getMessage());
    assertEquals(3.0, Autograd.grad(y, x)[0].item());
  }

  @Test
  void gradOutputIsTheCotangent() {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    Tensor y = x.mul(x);
    Tensor[] g = Autograd.grad(y, new Tensor[] {x}, Tensor.of(3, 5), false, false);
    assertArrayEquals(new double[] {6, 20}, g[0].toArray());
    Tensor y2 = x.mul(x);
    assertThrows(IllegalArgumentException.class, () -> Autograd.grad(y2, x));
  }

  @Test
  void createGraphGivesSecondDerivatives() {
    // f(x) = x^3 sin(x): f' = 3x^2 sin x + x^3 cos x, f'' = 6x sin x + 6x^2 cos x - x^3 sin x
    double v = 0.7;
    Tensor x = Tensor.scalar(v).requiresGrad(true);
    Tensor f = x.pow(3).mul(x.sin());
    Tensor first = Autograd.grad(f, new Tensor[] {x}, null, false, true)[0];
    assertTrue(first.requiresGrad());
    assertEquals(3 * v * v * Math.sin(v) + v * v * v * Math.cos(v), first.item(), 1e-12);
    Tensor second = Autograd.grad(first, x)[0];
    assertEquals(6 * v * Math.sin(v) + 6 * v * v * Math.cos(v) - v * v * v * Math.sin(v), second.item(), 1e-12);
  }

  @Test
  void secondDerivativesOfEveryElementwiseFunctionMatchFiniteDifferences() {
    Function<Tensor, Tensor>[] fs = functions();
    for (Function<Tensor, Tensor> fn : fs) {
      Tensor x0 = Tensor.of(0.3, 0.8, 1.7);
      Function<Tensor[], Tensor> gradient = x -> {
        Tensor leaf = x[0].requiresGrad() ? x[0] : x[0].detach().requiresGrad(true);
        boolean previous = GradMode.set(true);
        try {
          return Autograd.grad(fn.apply(leaf).sum(), new Tensor[] {leaf}, null, false, true)[0];
        } finally {
          GradMode.set(previous);
        }
      };
      FiniteDifferences.assertGradients(gradient, x0);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"}) // an array of a generic type
  private static Function<Tensor, Tensor>[] functions() {
    return new Function[] {
      (Function<Tensor, Tensor>) Tensor::exp, (Function<Tensor, Tensor>) Tensor::log,
      (Function<Tensor, Tensor>) Tensor::sin, (Function<Tensor, Tensor>) Tensor::cos,
      (Function<Tensor, Tensor>) Tensor::tanh, (Function<Tensor, Tensor>) Tensor::sigmoid,
      (Function<Tensor, Tensor>) Tensor::sqrt,
      (Function<Tensor, Tensor>) t -> t.pow(3.5),
      (Function<Tensor, Tensor>) t -> t.mul(t).div(t.add(1)),
      (Function<Tensor, Tensor>) t -> t.softmax(0).mul(t).sum(),
      (Function<Tensor, Tensor>) t -> t.logSoftmax(0).mul(t),
      (Function<Tensor, Tensor>) t -> t.reshape(3, 1).matmul(t.reshape(1, 3)).sin().sum(0),
    };
  }

  @Test
  void higherOrderDerivativesFollowTheRuleChains() {
    // d⁴/dx⁴ sin = sin; d³/dx³ exp = exp; log has rules up to the second derivative only.
    Tensor x = Tensor.scalar(0.6).requiresGrad(true);
    Tensor d = x.sin();
    for (int order = 0; order < 4; order++) {
      d = Autograd.grad(d, new Tensor[] {x}, null, false, true)[0];
    }
    assertEquals(Math.sin(0.6), d.item(), 1e-12);
    Tensor e = x.exp();
    for (int order = 0; order < 3; order++) {
      e = Autograd.grad(e, new Tensor[] {x}, null, false, true)[0];
    }
    assertEquals(Math.exp(0.6), e.item(), 1e-12);
    Tensor second = Autograd.grad(
        Autograd.grad(x.log(), new Tensor[] {x}, null, false, true)[0], new Tensor[] {x}, null, false, true)[0];
    assertEquals(-1 / 0.36, second.item(), 1e-12);
    IllegalStateException limit = assertThrows(IllegalStateException.class, () -> Autograd.grad(second, x));
    assertTrue(limit.getMessage().contains("logSecondDerivative"), limit.getMessage());
  }

  @Test
  void hessianOfAKnownFunction() {
    // f(x, y) = x^2 y + sin(y): H = [[2y, 2x], [2x, -sin y]]
    double x = 1.5;
    double y = -0.4;
    Tensor h = Autograd.hessian(t -> t.get(0).pow(2).mul(t.get(1)).add(t.get(1).sin()), Tensor.of(x, y));
    assertArrayEquals(new int[] {2, 2}, h.shape());
    assertArrayEquals(new double[] {2 * y, 2 * x, 2 * x, -Math.sin(y)}, h.toArray(), 1e-12);
  }

  @Test
  void hessianOfAQuadraticFormIsTheSymmetrizedMatrix() {
    Tensor a = Tensor.of(new double[][] {{1, 2}, {0, 3}});
    Tensor h = Autograd.hessian(v -> v.matmul(a).matmul(v), Tensor.of(0.5, -1));
    assertArrayEquals(new double[] {2, 2, 2, 6}, h.toArray(), 1e-12);
    Tensor linear = Autograd.hessian(v -> v.sum(), Tensor.of(1, 2, 3));
    assertArrayEquals(new int[] {3, 3}, linear.shape());
    assertArrayEquals(new double[9], linear.toArray());
  }

  @Test
  void jacobianHasOutputShapeThenInputShape() {
    Random random = new Random(3);
    Tensor w = Tensor.randn(random, 2, 3);
    Tensor j = Autograd.jacobian(v -> w.matmul(v), Tensor.randn(random, 3));
    assertArrayEquals(new int[] {2, 3}, j.shape());
    assertArrayEquals(w.toArray(), j.toArray(), 1e-12);
    Tensor constant = Autograd.jacobian(v -> Tensor.ones(2), Tensor.of(1, 2, 3));
    assertArrayEquals(new int[] {2, 3}, constant.shape());
    assertArrayEquals(new double[6], constant.toArray());
  }

  @Test
  void jacobianAndHessianWorkInsideNoGradAndLeaveTheInputAlone() {
    Tensor input = Tensor.of(1, 2);
    try (Autograd.NoGrad off = Autograd.noGrad()) {
      Tensor j = Autograd.jacobian(v -> v.mul(v), input);
      assertArrayEquals(new double[] {2, 0, 0, 4}, j.toArray());
      assertFalse(input.mul(2).requiresGrad());
    }
    assertFalse(input.requiresGrad());
    assertNull(input.grad());
    assertThrows(IllegalArgumentException.class, () -> Autograd.hessian(v -> v.mul(v), input));
  }
}
