package dev.adjoint.samples.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.Tensor;
import org.junit.jupiter.api.Test;

/** d softmax(z)_i / d z_j = p_i (δ_ij - p_j), p_i = e^{z_i} / Σ e^{z_k}, computed here directly. */
class SoftmaxJacobianRowsTest {
  private static final double[] Z = {1, 2, 3};

  private static double[] softmaxByHand() {
    double total = Math.exp(1) + Math.exp(2) + Math.exp(3);
    return new double[] {Math.exp(1) / total, Math.exp(2) / total, Math.exp(3) / total};
  }

  @Test
  void rowsMatchTheClosedForm() {
    double[] p = softmaxByHand();
    Tensor[] rows = SoftmaxJacobianRows.jacobianRows(Tensor.of(Z));
    assertEquals(3, rows.length);
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        double expected = p[i] * ((i == j ? 1 : 0) - p[j]);
        assertEquals(expected, rows[i].getDouble(j), 1e-12, "row " + i + " column " + j);
      }
    }
  }

  @Test
  void closedFormMatchesHandValues() {
    double[] p = softmaxByHand();
    Tensor closed = SoftmaxJacobianRows.closedForm(Tensor.of(Z));
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        assertEquals(p[i] * ((i == j ? 1 : 0) - p[j]), closed.getDouble(i, j), 1e-12);
      }
    }
  }
}
