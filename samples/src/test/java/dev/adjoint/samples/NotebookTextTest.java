package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NotebookTextTest {
  @Test
  void dropsOnlyTheAutogradSuffixes() {
    assertEquals(
        "(tensor(1.), tensor([[0.],\n        [1.]]))",
        NotebookText.withoutAutogradSuffixes(
            "(tensor(1., requires_grad=True), tensor([[0.],\n"
                + "        [1.]], grad_fn=<MmBackward0>))"));
  }

  @Test
  void anyOtherDifferenceFails() {
    assertThrows(
        AssertionError.class,
        () -> NotebookText.assertPrinted("tensor([ 2.,  4.])", "tensor([2., 4.])"));
    assertThrows(
        AssertionError.class,
        () ->
            NotebookText.assertPrinted("tensor(0.7104, grad_fn=<NegBackward0>)", "tensor(0.7105)"));
  }
}
