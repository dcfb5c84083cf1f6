package dev.adjoint.processor.diag;

import com.sun.source.tree.Tree;

/**
 * A problem that stops the processing of one method: thrown where it is found, reported by the
 * processor at {@link #tree()} (or on the method when the tree is null).
 */
public final class Problem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Message message;
  private final transient Tree tree;
  private final transient Object[] args;

  public Problem(Message message, Tree tree, Object... args) {
    super(message.format(args), null, false, false);
    this.message = message;
    this.tree = tree;
    this.args = args.clone();
  }

  public Message message() { return message; }

  public Tree tree() { return tree; }

  public Object[] args() { return args.clone(); }
}
