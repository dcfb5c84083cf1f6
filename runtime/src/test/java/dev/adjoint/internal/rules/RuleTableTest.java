package dev.adjoint.internal.rules;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * One rule table, one answer: every element-wise {@code Tensor} rule — the backward rule the tape
 * and generated reverse code call, the tangent rule generated forward code calls — gives, element
 * by element, exactly the scalar rule of {@link ScalarRules} that the scalar tape and generated
 * {@code double} code call. Inputs: 0 and -0, ±1, ±0.5, ±2, tiny and huge magnitudes, ±∞, and
 * seeded random values; a rule is compared wherever its function is defined (a/b needs b ≠ 0).
 * Agreement is bit for bit, NaN matching NaN. (A tensor's {@code exp}, {@code tanh} and {@code
 * sigmoid} values are the runtime's own, within 2 ulps of {@code Math}, see {@code
 * ElementaryMathTest}; a derivative taken from such a value is the scalar rule's formula on it.)
 */
class RuleTableTest {
  private static final double[] VALUES = values();

  private static double[] values() {
    List<Double> v = new ArrayList<>(List.of(0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 3.0, -3.0,
        1e-300, -1e-300, 1e300, -1e300, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
    Random random = new Random(19);
    for (int i = 0; i < 40; i++) {
      v.add(random.nextGaussian() * 3);
      v.add((random.nextBoolean() ? 1 : -1) * Math.pow(10, random.nextInt(40) - 20) * random.nextDouble());
    }
    return v.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** Per rule: how many points disagree, and the first of them. */
  private final Map<String, String> mismatches = new LinkedHashMap<>();
  private final Map<String, Integer> counts = new LinkedHashMap<>();
  private int compared;

  private void same(String rule, String at, double scalar, double tensor) {
    compared++;
    if (Double.doubleToLongBits(scalar) != Double.doubleToLongBits(tensor)
        && !(Double.isNaN(scalar) && Double.isNaN(tensor)) && !(scalar == 0 && tensor == 0)) {
      mismatches.putIfAbsent(rule, "at " + at + ": scalar " + scalar + ", tensor " + tensor);
      counts.merge(rule, 1, Integer::sum);
    }
  }

  private void assertNoMismatch(int atLeast) {
    StringBuilder report = new StringBuilder();
    mismatches.forEach((rule, first) ->
        report.append("\n  ").append(rule).append(": ").append(counts.get(rule)).append(" points, first ").append(first));
    assertTrue(mismatches.isEmpty(), "scalar and tensor rules disagree:" + report);
    assertTrue(compared >= atLeast, "only " + compared + " comparisons");
  }

  /** The rule applied to all VALUES at once (one tensor), seeded with ones. */
  private void unary(String rule, BiFunction<Tensor, Tensor, Tensor> backward, DoubleUnaryOperator partial) {
    Tensor x = Tensor.of(VALUES);
    double[] tensor = backward.apply(x, Tensor.onesLike(x)).toArray();
    for (int i = 0; i < VALUES.length; i++) {
      same(rule, "x = " + VALUES[i], partial.applyAsDouble(VALUES[i]), tensor[i]);
    }
  }

  @Test
  void unaryElementwiseRules() {
    unary("exp", TensorRules::expBackward, ScalarRules::expDerivative);
    unary("log", TensorRules::logBackward, ScalarRules::logDerivative);
    unary("sin", TensorRules::sinBackward, ScalarRules::sinDerivative);
    unary("cos", TensorRules::cosBackward, ScalarRules::cosDerivative);
    unary("tanh", TensorRules::tanhBackward, ScalarRules::tanhDerivative);
    unary("sigmoid", TensorRules::sigmoidBackward, ScalarRules::sigmoidDerivative);
    unary("relu", TensorRules::reluBackward, ScalarRules::reluDerivative);
    unary("sqrt", TensorRules::sqrtBackward, ScalarRules::sqrtDerivative);
    unary("abs", TensorRules::absBackward, ScalarRules::absDerivative);
    unary("neg", (x, g) -> TensorRules.negBackward(g), x -> -1.0);
    for (double e : new double[] {0, 1, 2, 3, 0.5, -1, -0.5, 2.5}) {
      unary("pow(x, " + e + ") base", (x, g) -> TensorRules.powBackward(x, e, g), x -> ScalarRules.powPartialBase(x, e));
    }
    unary("clamp(x, -1, 2)", (x, g) -> TensorRules.clampBackward(x, -1, 2, g), x -> ScalarRules.clampDerivative(x, -1, 2));
    // the derivative from the forward result (Tensor.mapDerivative reuses y = f(x)): the scalar
    // rule's formula in terms of the result, on the tensor's own y
    unary("tanh from its result", (x, g) -> afterForward(x.tanh(), TensorRules.tanhBackward(x, g)),
        x -> ScalarRules.tanhDerivativeOfResult(Tensor.of(x).tanh().item()));
    unary("exp from its result", (x, g) -> afterForward(x.exp(), TensorRules.expBackward(x, g)),
        x -> ScalarRules.expDerivativeOfResult(Tensor.of(x).exp().item()));
    unary("sigmoid from its result", (x, g) -> afterForward(x.sigmoid(), TensorRules.sigmoidBackward(x, g)),
        x -> ScalarRules.sigmoidDerivativeOfResult(Tensor.of(x).sigmoid().item()));
    // ... and that formula on Math's value is the scalar rule
    unary("tanh, in terms of its result", (x, g) -> TensorRules.tanhBackward(x, g),
        x -> ScalarRules.tanhDerivativeOfResult(Math.tanh(x)));
    unary("exp, in terms of its result", (x, g) -> TensorRules.expBackward(x, g),
        x -> ScalarRules.expDerivativeOfResult(Math.exp(x)));
    unary("sigmoid, in terms of its result", (x, g) -> TensorRules.sigmoidBackward(x, g),
        x -> ScalarRules.sigmoidDerivativeOfResult(ScalarRules.sigmoid(x)));
    assertNoMismatch(20 * VALUES.length);
  }

  /** The backward rule evaluated after the forward result (arguments run left to right). */
  private static Tensor afterForward(Tensor forward, Tensor backward) {
    return backward;
  }

  /** Every pair (a, b) of VALUES, as two one-element tensors. */
  private void binary(String rule, DoubleBinaryOperator scalar, Function<Tensor[], Double> tensor,
      DoubleBinaryOperator defined) {
    for (double a : VALUES) {
      for (double b : VALUES) {
        if (defined.applyAsDouble(a, b) != 0) {
          same(rule, "(" + a + ", " + b + ")", scalar.applyAsDouble(a, b),
              tensor.apply(new Tensor[] {Tensor.of(a), Tensor.of(b)}));
        }
      }
    }
  }

  private static final DoubleBinaryOperator EVERYWHERE = (a, b) -> 1;
  private static final DoubleBinaryOperator NONZERO_DIVISOR = (a, b) -> b != 0 ? 1 : 0;

  private static double item(Tensor t) { return t.item(); }

  private static final Tensor ONE = Tensor.of(1.0);

  @Test
  void binaryArithmeticRules() {
    int[] s = {1};
    // a * b: reverse (tape, generated), forward with a one-hot tangent; the partials are b and a
    binary("mul, d/da reverse", (a, b) -> b, t -> item(TensorRules.mulBackward(ONE, t[1], s)), EVERYWHERE);
    binary("mul, d/db reverse", (a, b) -> a, t -> item(TensorRules.mulBackward(ONE, t[0], s)), EVERYWHERE);
    binary("mul, d/da forward", (a, b) -> b, t -> item(TensorTangents.mul(t[0], t[1], ONE, null)), EVERYWHERE);
    binary("mul, d/db forward", (a, b) -> a, t -> item(TensorTangents.mul(t[0], t[1], null, ONE)), EVERYWHERE);
    binary("mul by double, d/dc reverse", (a, b) -> a, t -> TensorRules.mulScalarBackward(ONE, t[0]), EVERYWHERE);
    binary("mul by double, d/dx reverse", (a, b) -> b, t -> item(TensorRules.scaleBackward(ONE, t[1].item())),
        EVERYWHERE);
    binary("mul by double, d/dc forward", (a, b) -> a,
        t -> item(TensorTangents.mulScalar(t[0], t[1].item(), null, 1.0)), EVERYWHERE);
    binary("mul by double, d/dx forward", (a, b) -> b,
        t -> item(TensorTangents.mulScalar(t[0], t[1].item(), ONE, 0.0)), EVERYWHERE);

    // a / b
    binary("div, d/da reverse", ScalarRules::divPartialFirst, t -> item(TensorRules.divBackwardFirst(ONE, t[1], s)),
        NONZERO_DIVISOR);
    binary("div, d/db reverse", ScalarRules::divPartialSecond, t -> item(TensorRules.divBackwardSecond(t[0], t[1], ONE)),
        NONZERO_DIVISOR);
    binary("div, d/da forward", ScalarRules::divPartialFirst, t -> item(TensorTangents.div(t[0], t[1], ONE, null)),
        NONZERO_DIVISOR);
    binary("div, d/db forward", ScalarRules::divPartialSecond, t -> item(TensorTangents.div(t[0], t[1], null, ONE)),
        NONZERO_DIVISOR);
    binary("div by double, d/dx reverse", ScalarRules::divPartialFirst,
        t -> item(TensorRules.divByScalarBackward(ONE, t[1].item())), NONZERO_DIVISOR);
    binary("div by double, d/dc reverse", ScalarRules::divPartialSecond,
        t -> TensorRules.divScalarBackward(ONE, t[0], t[1].item()), NONZERO_DIVISOR);
    binary("div by double, d/dx forward", ScalarRules::divPartialFirst,
        t -> item(TensorTangents.divScalar(t[0], t[1].item(), ONE, 0.0)), NONZERO_DIVISOR);
    binary("div by double, d/dc forward", ScalarRules::divPartialSecond,
        t -> item(TensorTangents.divScalar(t[0], t[1].item(), null, 1.0)), NONZERO_DIVISOR);

    // x ^ e with a double exponent (Tensor.pow(double)): both partials, both modes
    binary("pow, d/dx reverse", ScalarRules::powPartialBase, t -> item(TensorRules.powBackward(t[0], t[1].item(), ONE)),
        EVERYWHERE);
    binary("pow, d/de reverse", ScalarRules::powPartialExponent,
        t -> TensorRules.powExponentBackward(t[0], t[1].item(), ONE), EVERYWHERE);
    binary("pow, d/dx forward", ScalarRules::powPartialBase, t -> item(TensorTangents.pow(t[0], t[1].item(), ONE, 0)),
        EVERYWHERE);
    binary("pow, d/de forward", ScalarRules::powPartialExponent,
        t -> item(TensorTangents.pow(t[0], t[1].item(), null, 1.0)), EVERYWHERE);

    // a + b, a - b: partials ±1
    binary("add, d/db reverse", (a, b) -> 1, t -> item(TensorRules.sumToShape(ONE, s)), EVERYWHERE);
    binary("sub, d/db reverse", (a, b) -> -1, t -> item(TensorRules.subBackwardSecond(ONE, s)), EVERYWHERE);
    binary("sub, d/db forward", (a, b) -> -1, t -> item(TensorTangents.sub(t[0], t[1], null, ONE)), EVERYWHERE);
    binary("sub double, d/dc reverse", (a, b) -> -1, t -> TensorRules.subScalarOperandBackward(ONE), EVERYWHERE);
    assertNoMismatch(20 * VALUES.length * VALUES.length);
  }

  /** The example: x = [0, 2], e = 2, d/de sum(x^e) = 0 + 4 ln 2 on every path. */
  @Test
  void powExponentAtZero() {
    Tensor x = Tensor.of(0, 2);
    double expected = 4 * Math.log(2);
    double scalar = ScalarRules.powPartialExponent(0, 2) + ScalarRules.powPartialExponent(2, 2);
    same("pow d/de, scalar rule", "[0, 2]", expected, scalar);
    same("pow d/de, reverse rule", "[0, 2]", expected, TensorRules.powExponentBackward(x, 2, Tensor.onesLike(x)));
    same("pow d/de, forward rule", "[0, 2]", expected, TensorTangents.pow(x, 2, null, 1.0).sum().item());
    assertNoMismatch(3);
  }
}
