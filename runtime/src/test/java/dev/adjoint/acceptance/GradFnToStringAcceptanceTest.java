package dev.adjoint.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.Tensor;
import org.junit.jupiter.api.Test;

/**
 * API.md §2 toString "like PyTorch": results on the tape name their backward node (seed outputs).
 */
class GradFnToStringAcceptanceTest {
  @Test
  void resultsNameTheirBackwardNode() {
    Tensor x = Tensor.arange(5).requiresGrad(true);
    // seed 000, cell 4
    assertEquals(
        "tensor([ 1.,  4.,  9., 16., 25.], grad_fn=<AddBackward0>)",
        x.pow(2).add(x.mul(2)).add(1).toString());
    Tensor three = Tensor.scalar(3).requiresGrad(true);
    // seed 004, cells 4 and 18
    assertEquals("tensor(9., grad_fn=<PowBackward0>)", three.pow(2).toString());
    assertEquals(
        "tensor(-0.2879, grad_fn=<SinBackward0>)",
        Tensor.scalar(4).requiresGrad(true).pow(2).sin().toString());
    // seed 004, cells 36 and 37
    Tensor z = Tensor.scalar(1).requiresGrad(true).mul(Tensor.scalar(6.7)).add(Tensor.scalar(0));
    assertEquals("tensor(6.7000, grad_fn=<AddBackward0>)", z.toString());
    assertEquals("tensor(0.9988, grad_fn=<SigmoidBackward0>)", z.sigmoid().toString());
  }
}
