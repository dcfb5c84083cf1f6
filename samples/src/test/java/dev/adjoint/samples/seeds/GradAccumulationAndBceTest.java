package dev.adjoint.samples.seeds;

import dev.adjoint.samples.NotebookText;
import dev.adjoint.samples.Printed;
import org.junit.jupiter.api.Test;

/**
 * The expected text is PyTorch's output, copied from notebook seed 000 (cells 3-520, in order) and
 * compared by {@link NotebookText}.
 */
class GradAccumulationAndBceTest {
  @Test
  void printsWhatTheNotebookPrints() {
    String notebook =
        """
        tensor([0., 1., 2., 3., 4.], requires_grad=True)
        tensor([ 1.,  4.,  9., 16., 25.], grad_fn=<AddBackward0>)
        tensor([ 2.,  4.,  6.,  8., 10.])
        tensor([ 2.,  4.,  6.,  8., 10.], grad_fn=<AddBackward0>)
        inp =
        tensor([[1., 0., 0., 0., 0.],
                [0., 1., 0., 0., 0.],
                [0., 0., 1., 0., 0.],
                [0., 0., 0., 1., 0.]], requires_grad=True)
        First call
        tensor([[4., 2., 2., 2., 2.],
                [2., 4., 2., 2., 2.],
                [2., 2., 4., 2., 2.],
                [2., 2., 2., 4., 2.]])

        Second call
        tensor([[8., 4., 4., 4., 4.],
                [4., 8., 4., 4., 4.],
                [4., 4., 8., 4., 4.],
                [4., 4., 4., 8., 4.]])

        Third call
        tensor([[12.,  6.,  6.,  6.,  6.],
                [ 6., 12.,  6.,  6.,  6.],
                [ 6.,  6., 12.,  6.,  6.],
                [ 6.,  6.,  6., 12.,  6.]])

        Call after zeroing gradients
        tensor([[4., 2., 2., 2., 2.],
                [2., 4., 2., 2., 2.],
                [2., 2., 4., 2., 2.],
                [2., 2., 2., 4., 2.]])
        tensor([[4., 2., 2., 2., 2.],
                [2., 4., 2., 2., 2.],
                [2., 2., 4., 2., 2.],
                [2., 2., 2., 4., 2.]], grad_fn=<MulBackward0>)
        tensor(0.7104, grad_fn=<BinaryCrossEntropyBackward0>)
        tensor(0.7104, grad_fn=<NegBackward0>)
        tensor([[0.4487],
                [0.4653],
                [0.1947],
                [0.4878],
                [0.1986]])
        tensor([0.5085])
        tensor([[0.4487],
                [0.4653],
                [0.1947],
                [0.4878],
                [0.1986]], grad_fn=<MmBackward0>)
        tensor([0.5085], grad_fn=<SumBackward1>)
        """;
    NotebookText.assertPrinted(notebook, Printed.by(GradAccumulationAndBce::run));
  }
}
