package dev.adjoint.internal;

/**
 * A {@code double} in code that runs on a {@link ScalarTape}: its value, and its derivative as
 * {@code scale} times that of the tape's entry {@code index} (index -1 for a constant, which needs
 * no entry). A one-argument operation ({@code exp(x)}, {@code 2 * x}) records nothing: it returns
 * a handle on its argument's entry with the scale multiplied by its local partial; only an
 * operation of two taped values records an entry, with the scales folded into its partials.
 * Immutable, so arrays of it can be shared like arrays of doubles.
 */
public final class TapedDouble {
  final ScalarTape tape;
  final int index;
  /** d(this) = scale · d(entry index). */
  final double scale;
  final double value;

  TapedDouble(ScalarTape tape, int index, double value) {
    this(tape, index, 1.0, value);
  }

  TapedDouble(ScalarTape tape, int index, double scale, double value) {
    this.tape = tape;
    this.index = index;
    this.scale = scale;
    this.value = value;
  }

  /** A constant: it has no entry on any tape. */
  static TapedDouble constant(double value) {
    return new TapedDouble(null, -1, 0.0, value);
  }

  /**
   * A local partial times the chain so far. A zero partial stays zero whatever the chain (an
   * infinite derivative behind a path that does not contribute must not turn into NaN), as the
   * reverse sweep skips entries whose adjoint is zero.
   */
  static double chain(double partial, double scale) {
    return partial == 0.0 ? 0.0 : partial * scale;
  }

  public double value() { return value; }

  /** The value, printed like a double (so string concatenation in taped code reads the same). */
  @Override
  public String toString() { return Double.toString(value); }
}
