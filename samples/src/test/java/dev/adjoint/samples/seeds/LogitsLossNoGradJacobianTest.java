package dev.adjoint.samples.seeds;

import dev.adjoint.samples.NotebookText;
import dev.adjoint.samples.Printed;
import org.junit.jupiter.api.Test;

/**
 * The expected text is PyTorch's output, copied from notebook seed 001 (cells 3-20, in order) and
 * compared by {@link NotebookText}.
 */
class LogitsLossNoGradJacobianTest {
  @Test
  void printsWhatTheNotebookPrints() {
    String notebook =
        """
        tensor([[0.2105, 0.2634, 0.2441],
                [0.2105, 0.2634, 0.2441],
                [0.2105, 0.2634, 0.2441],
                [0.2105, 0.2634, 0.2441],
                [0.2105, 0.2634, 0.2441]])
        tensor([0.2105, 0.2634, 0.2441])
        True
        False
        False
        First call: tensor([[4., 2., 2., 2., 2.],
                [2., 4., 2., 2., 2.],
                [2., 2., 4., 2., 2.],
                [2., 2., 2., 4., 2.],
                [2., 2., 2., 2., 4.]])
        Second call: tensor([[8., 4., 4., 4., 4.],
                [4., 8., 4., 4., 4.],
                [4., 4., 8., 4., 4.],
                [4., 4., 4., 8., 4.],
                [4., 4., 4., 4., 8.]])
        Zero call: tensor([[4., 2., 2., 2., 2.],
                [2., 4., 2., 2., 2.],
                [2., 2., 4., 2., 2.],
                [2., 2., 2., 4., 2.],
                [2., 2., 2., 2., 4.]])
        tensor([[[1.9369, 1.7160, 1.1201],
                 [0.0000, 0.0000, 0.0000]],

                [[0.0000, 0.0000, 0.0000],
                 [1.5937, 1.4162, 1.2642]]])
        """;
    NotebookText.assertPrinted(notebook, Printed.by(LogitsLossNoGradJacobian::run));
  }
}
