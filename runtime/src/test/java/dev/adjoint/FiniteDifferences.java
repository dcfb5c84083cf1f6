package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;

/** Checks tape gradients against central finite differences of {@code <v, f(x)>}. */
@SuppressWarnings("try") // NoGrad scopes whose variable the body never reads are what these tests exercise
final class FiniteDifferences {
  private static final double H = 1e-6;

  private FiniteDifferences() {}

  /** Asserts the VJP of f at {@code inputs} for a random cotangent equals finite differences. */
  static void assertGradients(Function<Tensor[], Tensor> f, Tensor... inputs) {
    Tensor[] xs = new Tensor[inputs.length];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = inputs[i].detach().requiresGrad(true);
    }
    Tensor out = f.apply(xs);
    Tensor v = Tensor.randn(new Random(7), out.shape());
    Tensor[] analytic = Autograd.grad(out, xs, v, false, false);
    for (int k = 0; k < xs.length; k++) {
      assertArrayEquals(inputs[k].shape(), analytic[k].shape(), "gradient shape of input " + k);
      double[] numeric = numericGradient(f, inputs, k, v);
      double[] got = analytic[k].toArray();
      for (int j = 0; j < numeric.length; j++) {
        assertEquals(numeric[j], got[j], 1e-5 * Math.max(1, Math.abs(numeric[j])),
            "input " + k + " element " + j + ": numeric " + Arrays.toString(numeric) + " vs tape "
                + Arrays.toString(got));
      }
    }
  }

  /** Central differences of {@code <v, f(x)>} with respect to input {@code k}. */
  static double[] numericGradient(Function<Tensor[], Tensor> f, Tensor[] inputs, int k, Tensor v) {
    double[] base = inputs[k].toArray();
    double[] result = new double[base.length];
    for (int j = 0; j < base.length; j++) {
      double[] plus = base.clone();
      double[] minus = base.clone();
      plus[j] += H;
      minus[j] -= H;
      result[j] = (dot(f, inputs, k, plus, v) - dot(f, inputs, k, minus, v)) / (2 * H);
    }
    return result;
  }

  private static double dot(Function<Tensor[], Tensor> f, Tensor[] inputs, int k, double[] value, Tensor v) {
    Tensor[] xs = inputs.clone();
    xs[k] = Tensor.of(value, inputs[k].shape());
    try (Autograd.NoGrad off = Autograd.noGrad()) {
      double[] out = f.apply(xs).toArray();
      double[] w = v.toArray();
      double s = 0;
      for (int i = 0; i < out.length; i++) {
        s += out[i] * w[i];
      }
      return s;
    }
  }
}
