package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.nn.Functional;
import org.junit.jupiter.api.Test;

/** The printed values of the PyTorch seed notebooks that follow from the notebooks' given inputs. */
@SuppressWarnings("try") // NoGrad scopes whose variable the body never reads are what these tests exercise
class SeedNotebookTest {
  private static final String ONES_GRAD = "tensor([[4., 2., 2., 2., 2.],\n"
      + "        [2., 4., 2., 2., 2.],\n"
      + "        [2., 2., 4., 2., 2.],\n"
      + "        [2., 2., 2., 4., 2.]])";

  @Test
  void seed000PolynomialGradient() {
    Tensor x = Tensor.arange(5).requiresGrad(true);
    Tensor y = x.pow(2).add(x.mul(2)).add(1);
    assertEquals("tensor([ 1.,  4.,  9., 16., 25.])", y.toString());
    y.sum().backward();
    assertEquals("tensor([ 2.,  4.,  6.,  8., 10.])", x.grad().toString());
  }

  @Test
  void seed000GradientsAccumulateUntilZeroed() {
    Tensor inp = Tensor.eye(4, 5).requiresGrad(true);
    assertEquals("tensor([[1., 0., 0., 0., 0.],\n"
        + "        [0., 1., 0., 0., 0.],\n"
        + "        [0., 0., 1., 0., 0.],\n"
        + "        [0., 0., 0., 1., 0.]])", inp.toString());
    Tensor out = inp.add(1).pow(2);
    out.backward(Tensor.onesLike(out), true);
    assertEquals(ONES_GRAD, inp.grad().toString());
    out.backward(Tensor.onesLike(out), true);
    assertEquals("tensor([[8., 4., 4., 4., 4.],\n"
        + "        [4., 8., 4., 4., 4.],\n"
        + "        [4., 4., 8., 4., 4.],\n"
        + "        [4., 4., 4., 8., 4.]])", inp.grad().toString());
    out.backward(Tensor.onesLike(out), true);
    assertEquals("tensor([[12.,  6.,  6.,  6.,  6.],\n"
        + "        [ 6., 12.,  6.,  6.,  6.],\n"
        + "        [ 6.,  6., 12.,  6.,  6.],\n"
        + "        [ 6.,  6.,  6., 12.,  6.]])", inp.grad().toString());
    inp.zeroGrad();
    out.backward(Tensor.onesLike(out), true);
    assertEquals(ONES_GRAD, inp.grad().toString());
    assertEquals(ONES_GRAD, inp.add(1).mul(2).toString());
  }

  @Test
  void seed000BinaryCrossEntropyCase() {
    // torch.manual_seed(42); torch.rand((1, 5)) -- the gradient of w is x^T (p - y) and of b is p - y.
    Tensor x = Tensor.of(new double[][] {{0.8823, 0.9150, 0.3829, 0.9593, 0.3904}});
    Tensor y = Tensor.zeros(1, 1);
    double p = 0.50854; // printed b.grad = p - y = 0.5085 and loss = -log(1 - p) = 0.7104
    Tensor w = Tensor.zeros(5, 1).requiresGrad(true);
    Tensor b = Tensor.of(Math.log(p / (1 - p))).requiresGrad(true);
    Tensor z = x.matmul(w).add(b);
    Tensor loss = Functional.binaryCrossEntropy(z.sigmoid(), y);
    assertEquals("tensor(0.7104)", loss.toString());
    loss.backward();
    assertArrayEquals(new double[] {0.4487, 0.4653, 0.1947, 0.4878, 0.1986}, w.grad().toArray(), 2e-4);
    assertArrayEquals(new int[] {5, 1}, w.grad().shape());
    assertEquals("tensor([0.5085])", b.grad().toString());
  }

  @Test
  void seed001LogitsLossGradientRowsAreSigmoidOverThree() {
    Tensor x = Tensor.ones(5);
    Tensor y = Tensor.zeros(3);
    Tensor w = Tensor.of(new double[][] {
        {0.1, -0.2, 0.3}, {0.0, 0.5, -0.1}, {0.2, 0.2, 0.2}, {-0.3, 0.1, 0.0}, {0.4, 0.0, -0.2}})
        .requiresGrad(true);
    Tensor b = Tensor.of(0.5, -0.1, 0.3).requiresGrad(true);
    Tensor z = x.matmul(w).add(b);
    assertTrue(z.requiresGrad());
    Functional.binaryCrossEntropyWithLogits(z, y).backward();
    double[] zs = {0.9, 0.5, 0.5};
    for (int j = 0; j < 3; j++) {
      double expected = 1 / (1 + Math.exp(-zs[j])) / 3;
      assertEquals(expected, b.grad().getDouble(j), 1e-12);
      for (int i = 0; i < 5; i++) {
        assertEquals(expected, w.grad().getDouble(i, j), 1e-12);
      }
    }
    try (Autograd.NoGrad off = Autograd.noGrad()) {
      assertFalse(x.matmul(w).add(b).requiresGrad());
    }
    assertFalse(z.detach().requiresGrad());
  }

  @Test
  void seed001JacobianOfExpReducer() {
    double[] printed = {1.9369, 1.7160, 1.1201, 1.5937, 1.4162, 1.2642};
    double[] inputs = new double[6];
    for (int i = 0; i < 6; i++) {
      inputs[i] = Math.log(printed[i]);
    }
    Tensor jac = Autograd.jacobian(x -> x.exp().sum(1), Tensor.of(inputs, 2, 3));
    assertEquals("tensor([[[1.9369, 1.7160, 1.1201],\n"
        + "         [0.0000, 0.0000, 0.0000]],\n"
        + "\n"
        + "        [[0.0000, 0.0000, 0.0000],\n"
        + "         [1.5937, 1.4162, 1.2642]]])", jac.toString());
  }

  @Test
  void seed004SquareAndSine() {
    Tensor x = Tensor.scalar(3.0).requiresGrad(true);
    Tensor y = x.pow(2);
    assertEquals("tensor(3.)", x.toString());
    assertEquals("tensor(9.)", y.toString());
    y.backward();
    assertEquals("tensor(6.)", x.grad().toString());

    Tensor x4 = Tensor.scalar(4.0).requiresGrad(true);
    Tensor y4 = x4.pow(2);
    Tensor z = y4.sin();
    assertEquals("tensor(16.)", y4.toString());
    assertEquals("tensor(-0.2879)", z.toString());
    z.backward();
    assertEquals("tensor(-7.6613)", x4.grad().toString());
  }

  @Test
  void seed004ClampedBinaryCrossEntropyByHand() {
    Tensor x = Tensor.scalar(6.7);
    Tensor y = Tensor.scalar(0.0);
    Tensor w = Tensor.scalar(1.0).requiresGrad(true);
    Tensor b = Tensor.scalar(0.0).requiresGrad(true);
    Tensor z = w.mul(x).add(b);
    assertEquals("tensor(6.7000)", z.toString());
    Tensor yPred = z.sigmoid();
    assertEquals("tensor(0.9988)", yPred.toString());
    double epsilon = 1e-8;
    Tensor p = yPred.clamp(epsilon, 1 - epsilon);
    Tensor loss = y.neg().mul(p.log()).sub(y.neg().add(1).mul(p.neg().add(1).log()));
    assertEquals("tensor(6.7012)", loss.toString());
    loss.backward();
    assertEquals("tensor(6.6918)", w.grad().toString());
    assertEquals("tensor(0.9988)", b.grad().toString());
  }
}
