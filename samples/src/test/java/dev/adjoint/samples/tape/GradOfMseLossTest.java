package dev.adjoint.samples.tape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Tensor;
import dev.adjoint.samples.Printed;
import org.junit.jupiter.api.Test;

/**
 * x = [[1, 2], [3, 4], [5, 6]], target = [1, 2, 3], w = [0.5, -0.25]: x w = [0, 0.5, 1], residual r
 * = [-1, -1.5, -2], loss = (1 + 2.25 + 4) / 3 and dloss/dw = (2/3) xᵀ r = (2/3) [-15.5, -20].
 */
class GradOfMseLossTest {
  @Test
  void lossByHand() {
    assertEquals(7.25 / 3, GradOfMseLoss.loss(Tensor.of(0.5, -0.25)).item(), 1e-12);
  }

  @Test
  void refusesAWeightThatDoesNotRequireGrad() {
    assertThrows(
        IllegalArgumentException.class, () -> GradOfMseLoss.lossGradient(Tensor.of(0.5, -0.25)));
  }

  @Test
  void gradientByHandAndGradFieldUntouched() {
    Tensor w = Tensor.of(0.5, -0.25).requiresGrad(true);
    assertArrayEquals(
        new double[] {-31.0 / 3, -40.0 / 3}, GradOfMseLoss.lossGradient(w).toArray(), 1e-12);
    assertNull(w.grad());
  }

  @Test
  void printsTheExceptionThenTheGradient() {
    String printed = Printed.by(GradOfMseLoss::run);
    assertTrue(printed.contains("  java.lang.IllegalArgumentException: "), printed);
    assertTrue(printed.contains("dloss/dw = tensor([-10.3333, -13.3333]"), printed);
    assertTrue(printed.contains("w.grad() = null"), printed);
  }
}
