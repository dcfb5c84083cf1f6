package dev.adjoint.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.Autograd;
import dev.adjoint.Tensor;
import dev.adjoint.nn.Functional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * API.md §2 hessian (and so createGraph through every rule it touches) against second-order central
 * differences of the function's values alone.
 */
class SecondOrderAcceptanceTest {
  private static final double[] X = {0.3, -0.8, 1.1};
  private static final Tensor T = Tensor.of(1, 0, 1);
  private static final Tensor W = Tensor.of(0.5, -1.5, 2);

  static Stream<Arguments> functions() {
    return Stream.of(
        f("Σ x sin x", x -> x.sin().mul(x).sum()),
        f("Σ exp(x) / (1 + x²)", x -> x.exp().div(x.pow(2).add(1)).sum()),
        f("Σ sigmoid(x) tanh(x)", x -> x.sigmoid().mul(x.tanh()).sum()),
        f("Σ sqrt(x² + 1) + cos x", x -> x.pow(2).add(1).sqrt().add(x.cos()).sum()),
        f("mean log(|x| + 1) + relu(x)·x", x -> x.abs().add(1).log().add(x.relu().mul(x)).mean()),
        f("x · x broadcast with outer product", x -> x.reshape(3, 1).mul(x).sum(0).matmul(W)),
        f("w · softmax(x)", x -> x.softmax(0).matmul(W)),
        f("logSoftmax(x)[2]", x -> x.logSoftmax(0).get(2)),
        f("mse(x³, t)", x -> Functional.mseLoss(x.pow(3), T)),
        f("bce(sigmoid(x), t)", x -> Functional.binaryCrossEntropy(x.sigmoid(), T)),
        f("bceWithLogits(x, t)", x -> Functional.binaryCrossEntropyWithLogits(x, T)),
        f(
            "crossEntropy(w ⊙ x)",
            x -> Functional.crossEntropy(x.mul(W).reshape(1, 3), new int[] {1})),
        f(
            "transpose and matmul",
            x -> x.reshape(3, 1).matmul(x.reshape(1, 3)).t().matmul(W).pow(2).sum()),
        f("clamp inside the bounds, squared", x -> x.clamp(-5, 5).pow(2).mul(W).sum()));
  }

  private static Arguments f(String name, Function<Tensor, Tensor> f) {
    return Arguments.of(name, f);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("functions")
  void hessianMatchesSecondDifferences(String name, Function<Tensor, Tensor> f) {
    Tensor h = Autograd.hessian(f, Tensor.of(X.clone()));
    Expect.shape(h, 3, 3);
    double step = 1e-4;
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        double expected =
            (value(f, i, step, j, step)
                    - value(f, i, step, j, -step)
                    - value(f, i, -step, j, step)
                    + value(f, i, -step, j, -step))
                / (4 * step * step);
        assertEquals(
            expected,
            h.getDouble(i, j),
            1e-5 * Math.max(1, Math.abs(expected)),
            name + " H[" + i + "][" + j + "]");
      }
    }
  }

  private static double value(Function<Tensor, Tensor> f, int i, double di, int j, double dj) {
    double[] x = X.clone();
    x[i] += di;
    x[j] += dj;
    return f.apply(Tensor.of(x)).item();
  }
}
