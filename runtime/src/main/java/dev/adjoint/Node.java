package dev.adjoint;

import java.util.Arrays;

/**
 * One recorded operation of the tape (PyTorch's {@code grad_fn}), or the gradient accumulator of a
 * leaf. Edges point at the producers of the inputs ({@code null} for inputs that need no
 * gradient), so an in-place {@code set} that gives a tensor a new node keeps older edges intact.
 */
final class Node {
  /** A backward rule: the gradients of the node's inputs (null where not needed). */
  @FunctionalInterface
  interface Backward {
    Tensor[] apply(Node node, Tensor grad);
  }

  /**
   * The operation's name, or the {@link ElementwiseFunction} whose backward this node is: its name
   * ({@code "tanhBackward"}) is put together only when a message needs it, not on every operation.
   */
  private final Object label;
  final Node[] next;
  /** The leaf whose {@code .grad} this accumulator feeds; null for operation nodes. */
  final Tensor leaf;
  private Tensor[] saved;
  private final int[] savedVersions;
  private Backward backward;
  private boolean released;

  Node(Object label, Node[] next, Tensor[] saved, Backward backward) {
    this.label = label;
    this.next = next;
    this.leaf = null;
    this.saved = saved;
    this.savedVersions = new int[saved.length];
    for (int i = 0; i < saved.length; i++) {
      savedVersions[i] = saved[i] == null ? 0 : saved[i].version;
    }
    this.backward = backward;
  }

  private Node(Tensor leaf) {
    this.label = "AccumulateGrad";
    this.next = new Node[0];
    this.leaf = leaf;
    this.savedVersions = new int[0];
  }

  static Node accumulator(Tensor leaf) { return new Node(leaf); }

  /** PyTorch's {@code grad_fn} name, e.g. {@code "MulBackward"}. */
  String name() {
    return label instanceof ElementwiseFunction f ? f.name() + "Backward" : (String) label;
  }

  boolean isAccumulator() { return leaf != null; }

  /** True when the rule should compute the gradient of input {@code i}. */
  boolean needs(int i) { return next[i] != null; }

  /** Saved tensor {@code i}; null where the op saved nothing because no rule needs it. */
  Tensor saved(int i) { return saved[i]; }

  /** Throws if this node can no longer run: freed by an earlier backward, or inputs modified. */
  void checkRunnable() {
    if (released) {
      throw new IllegalStateException(
          "Trying to backward through the graph a second time (" + name() + " was already freed). "
              + "Saved intermediate values of the graph are freed when you call backward() or "
              + "Autograd.grad(); pass retainGraph=true if you need to backward through it again.");
    }
    for (int i = 0; i < saved.length; i++) {
      if (saved[i] != null && saved[i].version != savedVersions[i]) {
        throw new IllegalStateException(
            "one of the tensors needed for gradient computation has been modified by an in-place "
                + "operation (set): the tensor of shape " + Arrays.toString(saved[i].shapeRef())
                + " saved by " + name() + " is at version " + saved[i].version + "; expected version "
                + savedVersions[i] + " instead.");
      }
    }
  }

  Tensor[] apply(Tensor grad) { return backward.apply(this, grad); }

  void release() {
    saved = null;
    backward = null;
    released = true;
  }
}
