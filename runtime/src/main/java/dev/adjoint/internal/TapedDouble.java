package dev.adjoint.internal;

/**
 * A {@code double} in code that runs on a {@link ScalarTape}: its value and its entry on the tape
 * (index -1 for a constant, which needs no entry). Immutable, so arrays of it can be shared like
 * arrays of doubles.
 */
public final class TapedDouble {
  final ScalarTape tape;
  final int index;
  final double value;

  TapedDouble(ScalarTape tape, int index, double value) {
    this.tape = tape;
    this.index = index;
    this.value = value;
  }

  /** A constant: it has no entry on any tape. */
  static TapedDouble constant(double value) {
    return new TapedDouble(null, -1, value);
  }

  public double value() { return value; }

  /** The value, printed like a double (so string concatenation in taped code reads the same). */
  @Override
  public String toString() { return Double.toString(value); }
}
