package dev.adjoint.internal;

import dev.adjoint.Tensor;
import java.util.Arrays;

/**
 * Bookkeeping of generated code for {@code Tensor} derivatives. A {@code null} adjoint or
 * tangent stands for zeros of the right shape: generated code never allocates a zero tensor it
 * does not return.
 */
public final class TensorSupport {
  private TensorSupport() {}

  /** {@code acc + g}, where a null {@code acc} is zero; never modifies either argument. */
  public static Tensor plus(Tensor acc, Tensor g) {
    return acc == null ? g : acc.add(g);
  }

  /** The gradient handed to the caller: a fresh tensor shaped like {@code like} (zeros for null). */
  public static Tensor gradient(Tensor adjoint, Tensor like) {
    return adjoint == null ? Tensor.zerosLike(like) : adjoint.detach();
  }

  /** A tangent handed to the caller: zeros shaped like {@code value} for null. */
  public static Tensor tangent(Tensor tangent, Tensor value) {
    return tangent == null ? Tensor.zerosLike(value) : tangent;
  }

  /**
   * ⟨a, b⟩, the sum of the element-wise product; 0 for a null {@code b} (a zero tangent). Forward
   * mode through a {@code @DerivativeOf} VJP of a {@code double} function: J·v = ⟨vjp(1), v⟩.
   */
  public static double dot(Tensor a, Tensor b) {
    if (b == null) {
      return 0.0;
    }
    if (!Arrays.equals(a.shape(), b.shape())) {
      throw new IllegalArgumentException("dot: the VJP returned shape " + Arrays.toString(a.shape())
          + " but the argument has shape " + Arrays.toString(b.shape()));
    }
    double[] x = a.toArray();
    double[] y = b.toArray();
    double sum = 0.0;
    for (int i = 0; i < x.length; i++) {
      sum += x[i] * y[i];
    }
    return sum;
  }

  /** A copy of {@code t} (saved before an in-place {@code set} overwrites it). */
  public static Tensor copy(Tensor t) {
    return t == null ? null : t.detach();
  }

  /**
   * The adjoint the reverse sweep starts from: {@code seed}, which must have the result's shape;
   * a null seed (from {@code nameGradient}) means 1 and needs a one-element result.
   *
   * @throws IllegalArgumentException for a seed of another shape, or a null seed and a result
   *     with more than one element
   */
  public static Tensor seed(Tensor seed, Tensor value, String method) {
    if (value == null) {
      throw new IllegalArgumentException(method + ": the method returned null");
    }
    if (seed == null) {
      if (value.numel() != 1) {
        throw new IllegalArgumentException(method + ": the gradient needs a result with one element, "
            + "but the result has shape " + Arrays.toString(value.shape())
            + "; call the Vjp method with a seed of that shape");
      }
      return Tensor.onesLike(value);
    }
    if (!Arrays.equals(seed.shape(), value.shape())) {
      throw new IllegalArgumentException(method + ": seed of shape " + Arrays.toString(seed.shape())
          + " does not match the result's shape " + Arrays.toString(value.shape()));
    }
    return seed;
  }
}
