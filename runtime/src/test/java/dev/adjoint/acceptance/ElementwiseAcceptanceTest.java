package dev.adjoint.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Tensor;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** API.md §2 element-wise operations: values by java.lang.Math, gradients by finite differences. */
class ElementwiseAcceptanceTest {
  private static final double[] POSITIVE = {0.3, 1.2, 2.5, 0.7, 1.9, 3.1};
  private static final double[] MIXED = {-1.3, 0.4, 2.2, -0.6, 1.1, -2.7};

  static Stream<Arguments> unaryOperations() {
    return Stream.of(
        unary("neg", Tensor::neg, v -> -v, MIXED),
        unary("pow(3)", t -> t.pow(3), v -> v * v * v, MIXED),
        unary("pow(-1.5)", t -> t.pow(-1.5), v -> Math.pow(v, -1.5), POSITIVE),
        unary("pow(0.5)", t -> t.pow(0.5), Math::sqrt, POSITIVE),
        unary("exp", Tensor::exp, Math::exp, MIXED),
        unary("log", Tensor::log, Math::log, POSITIVE),
        unary("sin", Tensor::sin, Math::sin, MIXED),
        unary("cos", Tensor::cos, Math::cos, MIXED),
        unary("tanh", Tensor::tanh, Math::tanh, MIXED),
        unary("sigmoid", Tensor::sigmoid, v -> 1 / (1 + Math.exp(-v)), MIXED),
        unary("relu", Tensor::relu, v -> Math.max(v, 0), MIXED),
        unary("sqrt", Tensor::sqrt, Math::sqrt, POSITIVE),
        unary("abs", Tensor::abs, Math::abs, MIXED),
        unary("clamp(-1, 1)", t -> t.clamp(-1, 1), v -> Math.min(Math.max(v, -1), 1), MIXED),
        unary("add(2.5)", t -> t.add(2.5), v -> v + 2.5, MIXED),
        unary("sub(2.5)", t -> t.sub(2.5), v -> v - 2.5, MIXED),
        unary("mul(-3)", t -> t.mul(-3), v -> v * -3, MIXED),
        unary("div(4)", t -> t.div(4), v -> v / 4, MIXED));
  }

  private static Arguments unary(
      String name, Function<Tensor, Tensor> op, DoubleUnaryOperator byHand, double[] x) {
    return Arguments.of(name, op, byHand, x);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unaryOperations")
  void unaryValuesAndGradient(
      String name, Function<Tensor, Tensor> op, DoubleUnaryOperator byHand, double[] x) {
    Tensor result = op.apply(Tensor.of(x.clone(), 2, 3));
    Expect.shape(result, 2, 3);
    double[] expected = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      expected[i] = byHand.applyAsDouble(x[i]);
    }
    Expect.values(expected, result, 1e-12);
    Expect.gradientMatchesFiniteDifferences(op, x, 2, 3);
  }

  static Stream<Arguments> binaryOperations() {
    return Stream.of(
        Arguments.of("add", (Binary) Tensor::add, (Hand) (a, b) -> a + b),
        Arguments.of("sub", (Binary) Tensor::sub, (Hand) (a, b) -> a - b),
        Arguments.of("mul", (Binary) Tensor::mul, (Hand) (a, b) -> a * b),
        Arguments.of("div", (Binary) Tensor::div, (Hand) (a, b) -> a / b));
  }

  interface Binary {
    Tensor apply(Tensor a, Tensor b);
  }

  interface Hand {
    double apply(double a, double b);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("binaryOperations")
  void binarySameShape(String name, Binary op, Hand byHand) {
    double[] a = MIXED;
    double[] b = POSITIVE;
    double[] expected = new double[6];
    for (int i = 0; i < 6; i++) {
      expected[i] = byHand.apply(a[i], b[i]);
    }
    Expect.tensor(op.apply(Tensor.of(a.clone(), 2, 3), Tensor.of(b.clone(), 2, 3)), expected, 2, 3);
    Expect.gradientMatchesFiniteDifferences(t -> op.apply(t, Tensor.of(b.clone(), 2, 3)), a, 2, 3);
    Expect.gradientMatchesFiniteDifferences(t -> op.apply(Tensor.of(a.clone(), 2, 3), t), b, 2, 3);
  }

  /** [2, 3] with [3], [2, 1] with [1, 3], and a scalar tensor: NumPy broadcasting. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("binaryOperations")
  void binaryBroadcasting(String name, Binary op, Hand byHand) {
    double[] a = MIXED;
    double[] row = {0.5, 2.0, 4.0};
    double[] column = {1.5, 3.0};
    double[] rowExpected = new double[6];
    double[] outerExpected = new double[6];
    double[] scalarExpected = new double[6];
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        rowExpected[i * 3 + j] = byHand.apply(a[i * 3 + j], row[j]);
        outerExpected[i * 3 + j] = byHand.apply(column[i], row[j]);
        scalarExpected[i * 3 + j] = byHand.apply(0.75, a[i * 3 + j]);
      }
    }
    Expect.tensor(op.apply(Tensor.of(a.clone(), 2, 3), Tensor.of(row.clone())), rowExpected, 2, 3);
    Expect.tensor(
        op.apply(Tensor.of(column.clone(), 2, 1), Tensor.of(row.clone(), 1, 3)),
        outerExpected,
        2,
        3);
    Expect.tensor(op.apply(Tensor.scalar(0.75), Tensor.of(a.clone(), 2, 3)), scalarExpected, 2, 3);

    // The gradient of a broadcast operand is summed over the broadcast dimensions.
    Expect.gradientMatchesFiniteDifferences(t -> op.apply(Tensor.of(a.clone(), 2, 3), t), row, 3);
    Expect.gradientMatchesFiniteDifferences(
        t -> op.apply(t, Tensor.of(row.clone(), 1, 3)), column, 2, 1);
    Expect.gradientMatchesFiniteDifferences(
        t -> op.apply(t, Tensor.of(a.clone(), 2, 3)), new double[] {0.75});
  }

  @Test
  void broadcastGradientOfAddIsTheRowCount() {
    Tensor bias = Tensor.of(1, 2, 3).requiresGrad(true);
    Tensor.zeros(4, 3).add(bias).sum().backward();
    Expect.values(new double[] {4, 4, 4}, bias.grad(), 1e-12);
  }

  @Test
  void operationsDoNotModifyTheirOperands() {
    Tensor a = Tensor.of(1, 2, 3);
    Tensor b = Tensor.of(4, 5, 6);
    a.add(b);
    a.mul(2).exp();
    b.clamp(0, 1);
    Expect.values(new double[] {1, 2, 3}, a, 0);
    Expect.values(new double[] {4, 5, 6}, b, 0);
  }

  /**
   * PyTorch's subgradient choices at the kinks: relu'(0) = 0, |x|'(0) = 0, clamp' = 1 on the
   * bounds.
   */
  @Test
  void derivativesAtKinksFollowPyTorch() {
    Tensor x = Tensor.of(0, 0, -1, 1, 2).requiresGrad(true);
    x.relu().sum().backward();
    Expect.values(new double[] {0, 0, 0, 1, 1}, x.grad(), 0);

    Tensor y = Tensor.of(0, -2, 3).requiresGrad(true);
    y.abs().sum().backward();
    Expect.values(new double[] {0, -1, 1}, y.grad(), 0);

    Tensor z = Tensor.of(-1, 1, 0.5, -3, 3).requiresGrad(true);
    z.clamp(-1, 1).sum().backward();
    Expect.values(new double[] {1, 1, 1, 0, 0}, z.grad(), 0);
  }

  @Test
  void sigmoidAndTanhSaturateWithoutNaN() {
    Tensor x = Tensor.of(-800, 800).requiresGrad(true);
    Tensor s = x.sigmoid();
    Expect.values(new double[] {0, 1}, s, 1e-300);
    s.sum().backward();
    assertFalse(Double.isNaN(x.grad().getDouble(0)) || Double.isNaN(x.grad().getDouble(1)));
    Expect.values(new double[] {-1, 1}, Tensor.of(-800, 800).tanh(), 0);
  }

  @Test
  void logOfZeroIsMinusInfinityAndSqrtOfNegativeIsNaN() {
    assertEquals(Double.NEGATIVE_INFINITY, Tensor.of(0).log().item());
    assertTrue(Double.isNaN(Tensor.of(-1).sqrt().item()));
  }

  @Test
  void chainedOperationsGradient() {
    Expect.gradientMatchesFiniteDifferences(
        t -> t.mul(t.sin()).add(t.exp().div(t.pow(2).add(1))).tanh(), MIXED, 6);
  }

  /**
   * [2, 1, 3] with [4, 1] broadcasts to [2, 4, 3]; each operand's gradient sums its broadcast dims.
   */
  @Test
  void broadcastingOverMiddleDimensions() {
    double[] a = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6};
    double[] b = {1.5, -2, 0.25, 3};
    Tensor product = Tensor.of(a.clone(), 2, 1, 3).mul(Tensor.of(b.clone(), 4, 1));
    Expect.shape(product, 2, 4, 3);
    assertEquals(0.5 * 0.25, product.getDouble(1, 2, 1), 1e-15);
    Expect.gradientMatchesFiniteDifferences(
        t -> t.mul(Tensor.of(b.clone(), 4, 1)).exp(), a, 2, 1, 3);
    Expect.gradientMatchesFiniteDifferences(
        t -> Tensor.of(a.clone(), 2, 1, 3).div(t.add(5)), b, 4, 1);
  }
}
