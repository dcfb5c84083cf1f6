package dev.adjoint.samples.tape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.adjoint.Tensor;
import org.junit.jupiter.api.Test;

/** J = [[2, 2 x2], [2 x1, 6 x2²]] for y = [2 x1 + x2², x1² + 2 x2³]; Jᵀ k by hand. */
class VectorJacobianProductsTest {
  @Test
  void valuesByHand() {
    assertArrayEquals(
        new double[] {2 * 1.5 + 0.25, 1.5 * 1.5 + 2 * -0.125},
        VectorJacobianProducts.function(Tensor.of(1.5, -0.5)).toArray(),
        1e-12);
  }

  @Test
  void productsByHand() {
    double x1 = 1.5;
    double x2 = -0.5;
    double[][] jacobian = {{2, 2 * x2}, {2 * x1, 6 * x2 * x2}};
    Tensor[] products = VectorJacobianProducts.products(x1, x2);
    for (int c = 0; c < VectorJacobianProducts.COTANGENTS.length; c++) {
      double[] k = VectorJacobianProducts.COTANGENTS[c];
      double[] expected = {
        jacobian[0][0] * k[0] + jacobian[1][0] * k[1], jacobian[0][1] * k[0] + jacobian[1][1] * k[1]
      };
      assertArrayEquals(expected, products[c].toArray(), 1e-12, "k = " + k[0] + ", " + k[1]);
    }
  }
}
