package dev.adjoint.samples.seeds;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.samples.NotebookText;
import dev.adjoint.samples.Printed;
import org.junit.jupiter.api.Test;

/**
 * The tensor lines are PyTorch's output, copied from notebook seed 004 and compared by {@link
 * NotebookText}. The two manual-gradient lines are Python floats that PyTorch computed in float32;
 * this sample computes in double, so those two lines are checked against the double-precision
 * values {@code 6.7 sigmoid(6.7)} and {@code sigmoid(6.7)}, and against the notebook's float32
 * digits to 1e-6.
 */
class ScalarChainAndManualBceTest {
  private static final String W_LINE = "Manual gradient of loss w.r.t. w: ";
  private static final String B_LINE = "Manual gradient of loss w.r.t. b: ";

  @Test
  void printsWhatTheNotebookPrints() {
    String[] lines = Printed.by(ScalarChainAndManualBce::run).split("\n", -1);
    String before =
        """
        tensor(3., requires_grad=True)
        tensor(9., grad_fn=<PowBackward0>)
        tensor(6.)
        tensor(4., requires_grad=True)
        tensor(16., grad_fn=<PowBackward0>)
        tensor(-0.2879, grad_fn=<SinBackward0>)
        tensor(-7.6613)
        tensor(6.7012)
        """;
    String after =
        """
        (tensor(1., requires_grad=True), tensor(0., requires_grad=True))
        tensor(6.7000, grad_fn=<AddBackward0>)
        tensor(0.9988, grad_fn=<SigmoidBackward0>)
        tensor(6.7012, grad_fn=<SubBackward0>)
        tensor(6.6918)
        tensor(0.9988)
        """;
    int manualLines = before.split("\n").length;
    NotebookText.assertPrinted(before, join(lines, 0, manualLines));
    NotebookText.assertPrinted(after, join(lines, manualLines + 2, lines.length));

    double sigmoid = 1 / (1 + Math.exp(-6.7));
    assertManualGradient(W_LINE, 6.7 * sigmoid, 6.691762447357178, lines[manualLines]);
    assertManualGradient(B_LINE, sigmoid, 0.998770534992218, lines[manualLines + 1]);
  }

  private static void assertManualGradient(
      String prefix, double exact, double notebookFloat32, String line) {
    assertEquals(prefix, line.substring(0, prefix.length()), line);
    double printed = Double.parseDouble(line.substring(prefix.length()));
    assertEquals(exact, printed, 1e-12, line);
    assertEquals(notebookFloat32, printed, 1e-6, line);
  }

  /** Lines {@code [from, to)} each followed by a newline (the last split element is empty). */
  private static String join(String[] lines, int from, int to) {
    StringBuilder text = new StringBuilder();
    for (int i = from; i < to && !(i == lines.length - 1 && lines[i].isEmpty()); i++) {
      text.append(lines[i]).append('\n');
    }
    return text.toString();
  }
}
