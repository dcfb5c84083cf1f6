package dev.adjoint.junit;

/** A function the processor cannot see into: models differentiate it through {@code @DerivativeOf}. */
public final class Library {
  private Library() {}

  public static double cube(double x) {
    return x * x * x;
  }
}
