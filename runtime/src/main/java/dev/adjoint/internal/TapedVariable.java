package dev.adjoint.internal;

/**
 * A local {@code double} variable of taped code that is assigned after its declaration
 * ({@code a = add(a, …)} in a loop): the parts of its {@link TapedDouble} in mutable fields. A
 * handle that a loop carries from one iteration to the next is a merge of allocations, which C2's
 * escape analysis cannot remove, so every iteration would allocate one; this variable is one
 * allocation that does not escape, whose fields C2 keeps in registers, and the handles read from
 * it ({@link #get}) and written to it ({@link #set}) are consumed at once and need no memory either.
 */
public final class TapedVariable {
  private ScalarTape tape;
  private int index;
  private double scale;
  private double value;

  TapedVariable(TapedDouble x) {
    set(x);
  }

  /** The variable's value: a handle equal to the last one {@link #set}. */
  public TapedDouble get() {
    return new TapedDouble(tape, index, scale, value);
  }

  /** {@code variable = x}. */
  public void set(TapedDouble x) {
    tape = x.tape;
    index = x.index;
    scale = x.scale;
    value = x.value;
  }
}
