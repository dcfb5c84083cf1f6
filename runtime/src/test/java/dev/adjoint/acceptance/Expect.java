package dev.adjoint.acceptance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Tensor;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import org.junit.jupiter.api.function.Executable;

/**
 * Assertions shared by the acceptance tests; nothing here calls into the code under test except
 * plain accessors.
 */
final class Expect {
  private Expect() {}

  static void values(double[] expected, Tensor actual, double tolerance) {
    assertNotNull(actual);
    assertArrayEquals(expected, actual.toArray(), tolerance);
  }

  static void shape(Tensor actual, int... expected) {
    assertArrayEquals(expected, actual.shape(), () -> "shape " + Arrays.toString(actual.shape()));
  }

  static void tensor(Tensor actual, double[] values, int... shape) {
    shape(actual, shape);
    values(values, actual, 1e-12);
  }

  /**
   * Asserts an {@link IllegalArgumentException} whose message names {@code operation} and each of
   * {@code shapes}. A shape may be written {@code [2, 3]}, {@code (2, 3)}, {@code [2,3]}, {@code
   * 2x3} or {@code 2×3}.
   */
  static IllegalArgumentException illegalArgument(
      Executable call, String operation, int[]... shapes) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    String message = String.valueOf(e.getMessage());
    assertTrue(
        message.toLowerCase(Locale.ROOT).contains(operation.toLowerCase(Locale.ROOT)),
        () -> "message should name " + operation + ": " + message);
    for (int[] shape : shapes) {
      assertTrue(
          mentionsShape(message, shape),
          () -> "message should name shape " + Arrays.toString(shape) + ": " + message);
    }
    return e;
  }

  static boolean mentionsShape(String message, int[] shape) {
    String[] parts = Arrays.stream(shape).mapToObj(Integer::toString).toArray(String[]::new);
    String compact = message.replace(" ", "");
    return message.contains(Arrays.toString(shape))
        || compact.contains("[" + String.join(",", parts) + "]")
        || compact.contains("(" + String.join(",", parts) + (parts.length == 1 ? ",)" : ")"))
        || compact.contains("(" + String.join(",", parts) + ")")
        || (parts.length > 1
            && (compact.contains(String.join("x", parts))
                || compact.contains(String.join("×", parts))));
  }

  /** A tensor with the given values and shape; shape {@code []} is a scalar. */
  static Tensor make(double[] data, int... shape) {
    return shape.length == 0 ? Tensor.scalar(data[0]) : Tensor.of(data.clone(), shape);
  }

  /**
   * Fixed, distinct weights 1, 1.5, 0.25, -0.75, … shaped like {@code t}, to make a scalar of any
   * output.
   */
  static Tensor weightsLike(Tensor t) {
    double[] pattern = {1, 1.5, 0.25, -0.75, 2, -1.25, 0.5};
    double[] data = new double[t.numel()];
    for (int i = 0; i < data.length; i++) {
      data[i] = pattern[i % pattern.length] + 0.01 * i;
    }
    return make(data, t.shape());
  }

  /**
   * Central finite differences of {@code Σ weights ⊙ f(x)} with respect to {@code x}, evaluated on
   * fresh tensors that do not require grad.
   */
  static double[] numericGradient(Function<Tensor, Tensor> f, double[] x, int... shape) {
    double h = 1e-6;
    double[] gradient = new double[x.length];
    Tensor weights = weightsLike(f.apply(make(x, shape)));
    for (int i = 0; i < x.length; i++) {
      double[] plus = x.clone();
      double[] minus = x.clone();
      plus[i] += h;
      minus[i] -= h;
      gradient[i] =
          (weighted(f.apply(make(plus, shape)), weights)
                  - weighted(f.apply(make(minus, shape)), weights))
              / (2 * h);
    }
    return gradient;
  }

  private static double weighted(Tensor output, Tensor weights) {
    double[] values = output.toArray();
    double[] w = weights.toArray();
    double total = 0;
    for (int i = 0; i < values.length; i++) {
      total += values[i] * w[i];
    }
    return total;
  }

  /** The tape's gradient of {@code Σ weights ⊙ f(x)}: a seeded {@code backward} on a fresh leaf. */
  static double[] tapeGradient(Function<Tensor, Tensor> f, double[] x, int... shape) {
    Tensor leaf = make(x, shape).requiresGrad(true);
    Tensor output = f.apply(leaf);
    output.backward(weightsLike(output));
    assertNotNull(leaf.grad(), "backward should reach the input");
    return leaf.grad().toArray();
  }

  /** The tape's gradient agrees with central differences to {@code 1e-6} (relative to scale). */
  static void gradientMatchesFiniteDifferences(
      Function<Tensor, Tensor> f, double[] x, int... shape) {
    double[] numeric = numericGradient(f, x, shape);
    double[] tape = tapeGradient(f, x, shape);
    for (int i = 0; i < x.length; i++) {
      double tolerance = 1e-6 * Math.max(1, Math.abs(numeric[i]));
      int index = i;
      assertTrue(
          Math.abs(numeric[i] - tape[i]) <= tolerance,
          () ->
              "d/dx["
                  + index
                  + "]: tape "
                  + tape[index]
                  + ", finite differences "
                  + numeric[index]);
    }
  }
}
