package dev.adjoint.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Autograd;
import dev.adjoint.Tensor;
import org.junit.jupiter.api.Test;

/** API.md §2 dev.adjoint.Autograd: grad, createGraph, jacobian, hessian. */
class AutogradAcceptanceTest {
  @Test
  void gradReturnsOneGradientPerInputAndLeavesGradFieldsAlone() {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    Tensor w = Tensor.scalar(3).requiresGrad(true);
    Tensor[] g = Autograd.grad(x.mul(w).sum(), x, w);
    assertEquals(2, g.length);
    Expect.tensor(g[0], new double[] {3, 3}, 2);
    Expect.tensor(g[1], new double[] {3});
    assertNull(x.grad());
    assertNull(w.grad());
  }

  @Test
  void gradDoesNotChangeAnExistingGradField() {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    x.sum().backward();
    Autograd.grad(x.mul(5).sum(), x);
    Expect.values(new double[] {1, 1}, x.grad(), 0);
  }

  @Test
  void gradWithRespectToAnIntermediateResult() {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    Tensor h = x.mul(2);
    Tensor y = h.pow(3).sum();
    // dy/dh = 3 h² = [12, 48]
    Expect.values(new double[] {12, 48}, Autograd.grad(y, h)[0], 1e-12);
  }

  @Test
  void gradOfAnInputThatDoesNotRequireGradIsRejected() {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    Tensor c = Tensor.of(3, 4);
    Tensor y = x.mul(c).sum();
    assertThrows(IllegalArgumentException.class, () -> Autograd.grad(y, c));
  }

  @Test
  void gradFreesTheGraphUnlessRetained() {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    Tensor y = x.exp().sum();
    Autograd.grad(y, x);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Autograd.grad(y, x));
    assertTrue(String.valueOf(e.getMessage()).contains("retainGraph"), e.getMessage());
    assertThrows(IllegalStateException.class, y::backward);

    Tensor z = x.exp().sum();
    Autograd.grad(z, new Tensor[] {x}, null, true, false);
    Expect.values(new double[] {Math.E, Math.exp(2)}, Autograd.grad(z, x)[0], 1e-12);
  }

  @Test
  void gradWithAnOutputSeed() {
    Tensor x = Tensor.of(1, 2, 3).requiresGrad(true);
    Tensor y = x.pow(2);
    Tensor[] g = Autograd.grad(y, new Tensor[] {x}, Tensor.of(1, -1, 0.5), false, false);
    Expect.values(new double[] {2, -4, 3}, g[0], 1e-12);
  }

  @Test
  void gradOfANonScalarOutputNeedsASeed() {
    Tensor x = Tensor.of(1, 2, 3).requiresGrad(true);
    assertThrows(IllegalArgumentException.class, () -> Autograd.grad(x.pow(2), x));
  }

  /**
   * PyTorch's {@code retain_graph} defaults to {@code create_graph}; this API takes both
   * explicitly, so a gradient that will be differentiated again retains the graph.
   */
  @Test
  void createGraphGivesADifferentiableGradient() {
    Tensor x = Tensor.scalar(2).requiresGrad(true);
    Tensor y = x.pow(3);
    Tensor dy = Autograd.grad(y, new Tensor[] {x}, null, true, true)[0];
    assertEquals(12, dy.item(), 1e-12);
    assertTrue(dy.requiresGrad());
    Tensor d2y = Autograd.grad(dy, x)[0];
    assertEquals(12, d2y.item(), 1e-12);
  }

  @Test
  void createGraphThroughTranscendentals() {
    // f = sin(x) x, f' = cos(x) x + sin(x), f'' = 2 cos(x) - x sin(x)
    double v = 0.8;
    Tensor x = Tensor.scalar(v).requiresGrad(true);
    Tensor first = Autograd.grad(x.sin().mul(x), new Tensor[] {x}, null, true, true)[0];
    assertEquals(Math.cos(v) * v + Math.sin(v), first.item(), 1e-12);
    first.backward();
    assertEquals(2 * Math.cos(v) - v * Math.sin(v), x.grad().item(), 1e-12);
  }

  @Test
  void withoutCreateGraphTheGradientIsAConstant() {
    Tensor x = Tensor.scalar(2).requiresGrad(true);
    Tensor dy = Autograd.grad(x.pow(3), x)[0];
    assertFalse(dy.requiresGrad());
  }

  @Test
  void jacobianShapeIsOutputShapeThenInputShape() {
    Tensor input = Tensor.of(new double[][] {{0.1, 0.2, 0.3}, {0.4, 0.5, 0.6}});
    Tensor j = Autograd.jacobian(t -> t.exp().sum(1), input);
    Expect.shape(j, 2, 2, 3);
    for (int o = 0; o < 2; o++) {
      for (int r = 0; r < 2; r++) {
        for (int c = 0; c < 3; c++) {
          double expected = o == r ? Math.exp(input.getDouble(r, c)) : 0;
          assertEquals(expected, j.getDouble(o, r, c), 1e-12);
        }
      }
    }
  }

  @Test
  void jacobianOfAnElementwiseFunctionIsDiagonal() {
    Tensor input = Tensor.of(0.3, -1.2, 2.0);
    Tensor j = Autograd.jacobian(Tensor::sin, input);
    Expect.shape(j, 3, 3);
    for (int i = 0; i < 3; i++) {
      for (int k = 0; k < 3; k++) {
        assertEquals(i == k ? Math.cos(input.getDouble(i)) : 0, j.getDouble(i, k), 1e-12);
      }
    }
  }

  @Test
  void jacobianOfAMatrixValuedFunction() {
    // outer(t, t): d(t_i t_j)/dt_k = δ_ik t_j + t_i δ_jk
    Tensor j = Autograd.jacobian(t -> t.reshape(2, 1).matmul(t.reshape(1, 2)), Tensor.of(1, 2));
    Expect.tensor(j, new double[] {2, 0, 2, 1, 2, 1, 0, 4}, 2, 2, 2);
  }

  @Test
  void jacobianOfAScalarFunctionHasTheInputShape() {
    Tensor j = Autograd.jacobian(t -> t.pow(2).sum(), Tensor.of(1, -2));
    Expect.tensor(j, new double[] {2, -4}, 2);
  }

  @Test
  void jacobianLeavesTheInputAlone() {
    Tensor input = Tensor.of(1, 2);
    Autograd.jacobian(Tensor::exp, input);
    assertFalse(input.requiresGrad());
    assertNull(input.grad());
  }

  @Test
  void hessianOfAQuadraticFormIsASymmetrisedMatrix() {
    Tensor a = Tensor.of(new double[][] {{1, 2, 0}, {-1, 3, 4}, {5, 0, 2}});
    Tensor h = Autograd.hessian(x -> x.matmul(a.matmul(x)), Tensor.of(0.5, -1, 2));
    // A + Aᵀ
    Expect.tensor(h, new double[] {2, 1, 5, 1, 6, 4, 5, 4, 4}, 3, 3);
  }

  @Test
  void hessianOfASeparableFunction() {
    // f = Σ x_i³ + x0 x1: H = diag(6 x) + [[0,1],[1,0]]
    Tensor h = Autograd.hessian(x -> x.pow(3).sum().add(x.get(0).mul(x.get(1))), Tensor.of(1, -2));
    Expect.tensor(h, new double[] {6, 1, 1, -12}, 2, 2);
  }

  @Test
  void hessianOfAMatrixInputHasTheInputShapeTwice() {
    // Σ x³: H = diag(6 x) over the four entries
    Tensor h = Autograd.hessian(x -> x.pow(3).sum(), Tensor.of(new double[][] {{1, 2}, {3, 4}}));
    Expect.shape(h, 2, 2, 2, 2);
    for (int i = 0; i < 4; i++) {
      for (int k = 0; k < 4; k++) {
        assertEquals(i == k ? 6 * (i + 1) : 0, h.getDouble(i / 2, i % 2, k / 2, k % 2), 1e-12);
      }
    }
  }

  /** PyTorch refuses an input the output does not depend on (unless allow_unused). */
  @Test
  void gradOfAnUnusedInputIsRejected() {
    Tensor x = Tensor.of(1).requiresGrad(true);
    Tensor unused = Tensor.of(2).requiresGrad(true);
    assertThrows(IllegalArgumentException.class, () -> Autograd.grad(x.mul(2).sum(), x, unused));
  }

  @Test
  void gradOfAnOutputThatDoesNotRequireGradIsRejected() {
    Tensor x = Tensor.of(1).requiresGrad(true);
    assertThrows(IllegalArgumentException.class, () -> Autograd.grad(Tensor.of(1).sum(), x));
  }

  @Test
  void gradOfAOneElementOutputNeedsNoSeed() {
    Tensor x = Tensor.of(3).requiresGrad(true);
    Expect.values(
        new double[] {6}, Autograd.grad(x.mul(x), new Tensor[] {x}, null, false, false)[0], 1e-12);
  }

  @Test
  void gradStopsAtTheRequestedInputsAndTouchesNoOtherLeaf() {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    Tensor w = Tensor.scalar(3).requiresGrad(true);
    Tensor h = x.mul(w);
    Tensor y = h.pow(2).sum();
    // dy/dh = 2 h = [6, 12]
    Expect.values(
        new double[] {6, 12}, Autograd.grad(y, new Tensor[] {h}, null, true, false)[0], 1e-12);
    assertNull(x.grad());
    assertNull(w.grad());
    // dy/dx = 2 h w = [18, 36]; w is not asked for
    Expect.values(
        new double[] {18, 36}, Autograd.grad(y, new Tensor[] {x}, null, true, false)[0], 1e-12);
    assertNull(w.grad());
    // the retained graph still serves an ordinary backward, which fills the leaves
    y.backward();
    Expect.values(new double[] {18, 36}, x.grad(), 1e-12);
    // dy/dw = Σ 2 h x = 2 (3·1 + 6·2) = 30
    assertEquals(30, w.grad().item(), 1e-12);
  }

  /** Like torch.autograd.functional with strict=False: independence gives zeros, not an error. */
  @Test
  void derivativesOfFunctionsThatIgnoreTheirInputAreZero() {
    Expect.tensor(Autograd.jacobian(x -> Tensor.of(1, 2), Tensor.of(3, 4)), new double[4], 2, 2);
    Expect.tensor(
        Autograd.jacobian(x -> x.get(0).mul(Tensor.of(1, 2)), Tensor.of(3, 4)),
        new double[] {1, 0, 2, 0},
        2,
        2);
    Expect.tensor(Autograd.hessian(Tensor::sum, Tensor.of(3, 4)), new double[4], 2, 2);
  }

  @Test
  void jacobianOfAScalarInputHasTheOutputShape() {
    Expect.tensor(
        Autograd.jacobian(x -> x.mul(Tensor.of(1, 2)), Tensor.scalar(3)), new double[] {1, 2}, 2);
  }

  @Test
  void hessianNeedsAOneElementOutput() {
    assertThrows(
        IllegalArgumentException.class, () -> Autograd.hessian(x -> x.mul(2), Tensor.of(3, 4)));
  }
}
