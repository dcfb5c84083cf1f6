package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Compares a sample's output with the text PyTorch printed in a notebook. PyTorch appends {@code ,
 * requires_grad=True} or {@code , grad_fn=<AddBackward0>} to tensors on the tape; {@code
 * Tensor.toString} deliberately prints without those suffixes (see its javadoc), so the notebook
 * text is accepted either verbatim or with exactly those suffixes removed. Every other character,
 * whitespace included, must match.
 */
public final class NotebookText {
  private static final String AUTOGRAD_SUFFIX =
      ", (?:requires_grad=True|grad_fn=<[A-Za-z0-9]+>)\\)";

  private NotebookText() {}

  public static void assertPrinted(String notebook, String printed) {
    if (!notebook.equals(printed)) {
      assertEquals(withoutAutogradSuffixes(notebook), printed);
    }
  }

  static String withoutAutogradSuffixes(String notebook) {
    return notebook.replaceAll(AUTOGRAD_SUFFIX, ")");
  }
}
