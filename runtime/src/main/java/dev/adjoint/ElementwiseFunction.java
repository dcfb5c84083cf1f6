package dev.adjoint;

import dev.adjoint.internal.rules.ScalarRules;
import java.util.Objects;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Supplier;

/**
 * A scalar function applied element-wise to a {@code Tensor}, together with its derivative, which
 * is again an {@code ElementwiseFunction}. This chain is what lets one backward rule serve both
 * plain backward passes and {@code createGraph} passes: the backward of {@code x.map(f)} is
 * {@code grad.mul(x.map(f.derivative()))}, itself a differentiable tensor expression.
 *
 * <p>The built-in functions below take their derivatives from the scalar rule table (the same
 * partials generated code calls); every first and second derivative is available, so gradients and
 * Hessians work (exp, sin, cos and the piecewise-linear functions to any order). A chain ends where no further rule exists: asking a
 * terminal function for its derivative throws {@link IllegalStateException}.
 */
public final class ElementwiseFunction {
  private final String name;
  private final DoubleUnaryOperator value;
  private final Supplier<ElementwiseFunction> derivative;
  /** {@code g} with {@code f'(x) = g(f(x))}, or null; see {@link #derivativeFromValue()}. */
  private final ElementwiseFunction derivativeFromValue;

  private ElementwiseFunction(String name, DoubleUnaryOperator value,
      Supplier<ElementwiseFunction> derivative, ElementwiseFunction derivativeFromValue) {
    this.name = name;
    this.value = value;
    this.derivative = derivative;
    this.derivativeFromValue = derivativeFromValue;
  }

  /**
   * A custom element-wise function. {@code derivative} supplies the function's derivative (lazily,
   * so chains may refer to each other), or is {@code null} when no derivative is known.
   */
  public static ElementwiseFunction of(
      String name, DoubleUnaryOperator value, Supplier<ElementwiseFunction> derivative) {
    return new ElementwiseFunction(
        Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"), derivative, null);
  }

  /** A built-in whose derivative is also a function of its value: {@code f'(x) = fromValue(f(x))}. */
  private static ElementwiseFunction withValueRule(String name, DoubleUnaryOperator value,
      Supplier<ElementwiseFunction> derivative, String fromValueName, DoubleUnaryOperator fromValue) {
    return new ElementwiseFunction(name, value, derivative, of(fromValueName, fromValue, null));
  }

  public String name() { return name; }

  public double apply(double x) { return value.applyAsDouble(x); }

  /** The derivative function; throws {@link IllegalStateException} at the end of the chain. */
  public ElementwiseFunction derivative() {
    if (derivative == null) {
      throw new IllegalStateException(
          "no derivative rule for " + name + " (derivatives of this order are not supported)");
    }
    return derivative.get();
  }

  /**
   * A function {@code g} with {@code f'(x) = g(f(x))} (the same formula the derivative evaluates
   * after recomputing {@code f(x)}), or null when there is none: tanh
   * ({@code 1 - y²}), sigmoid ({@code y (1 - y)}), exp ({@code y}). It lets a backward pass reuse
   * the forward result instead of evaluating {@code f} again (see {@code Tensor.mapDerivative}).
   */
  public ElementwiseFunction derivativeFromValue() { return derivativeFromValue; }

  @Override
  public String toString() { return name; }

  // ---- the table ------------------------------------------------------------------------------

  /** The constant 0: derivative of piecewise-linear derivatives (relu', abs', clamp'). */
  public static final ElementwiseFunction ZERO = of("zero", x -> 0.0, () -> ElementwiseFunction.ZERO);

  private static final ElementwiseFunction EXP_DERIVATIVE =
      of("expDerivative", ScalarRules::expDerivative, () -> ElementwiseFunction.EXP_DERIVATIVE);
  public static final ElementwiseFunction EXP =
      withValueRule("exp", Math::exp, () -> EXP_DERIVATIVE,
          "expDerivativeFromValue", ScalarRules::expDerivativeOfResult);

  public static final ElementwiseFunction LOG =
      of("log", Math::log, () -> of("logDerivative", ScalarRules::logDerivative,
          () -> of("logSecondDerivative", ScalarRules::logSecondDerivative, null)));

  // sin and cos cycle with period four, so their chains never end: (-sin)' = -cos, (-cos)' = sin.
  private static final ElementwiseFunction SIN_SECOND =
      of("sinSecondDerivative", ScalarRules::sinSecondDerivative, () -> ElementwiseFunction.COS_SECOND);
  private static final ElementwiseFunction COS_SECOND =
      of("cosSecondDerivative", ScalarRules::cosSecondDerivative, () -> ElementwiseFunction.SIN);

  public static final ElementwiseFunction SIN =
      of("sin", Math::sin, () -> of("sinDerivative", ScalarRules::sinDerivative, () -> SIN_SECOND));

  public static final ElementwiseFunction COS =
      of("cos", Math::cos, () -> of("cosDerivative", ScalarRules::cosDerivative, () -> COS_SECOND));

  public static final ElementwiseFunction TANH =
      withValueRule("tanh", Math::tanh, () -> of("tanhDerivative", ScalarRules::tanhDerivative,
          () -> of("tanhSecondDerivative", ScalarRules::tanhSecondDerivative, null)),
          "tanhDerivativeFromValue", ScalarRules::tanhDerivativeOfResult);

  public static final ElementwiseFunction SIGMOID =
      withValueRule("sigmoid", ScalarRules::sigmoid, () -> of("sigmoidDerivative", ScalarRules::sigmoidDerivative,
          () -> of("sigmoidSecondDerivative", ScalarRules::sigmoidSecondDerivative, null)),
          "sigmoidDerivativeFromValue", ScalarRules::sigmoidDerivativeOfResult);

  /** {@code max(x, 0)}; NaN stays NaN as in PyTorch. */
  public static final ElementwiseFunction RELU =
      of("relu", x -> x <= 0 ? 0.0 : x,
          () -> of("reluDerivative", ScalarRules::reluDerivative, () -> ZERO));

  public static final ElementwiseFunction SQRT =
      of("sqrt", Math::sqrt, () -> of("sqrtDerivative", ScalarRules::sqrtDerivative,
          () -> of("sqrtSecondDerivative", ScalarRules::sqrtSecondDerivative, null)));

  public static final ElementwiseFunction ABS =
      of("abs", Math::abs, () -> of("absDerivative", ScalarRules::absDerivative, () -> ZERO));

  /** {@code x^exponent}. */
  public static ElementwiseFunction pow(double exponent) {
    return of("pow(" + exponent + ")", x -> Math.pow(x, exponent),
        () -> of("powPartialBase(" + exponent + ")", x -> ScalarRules.powPartialBase(x, exponent),
            () -> of("powSecondPartialBase(" + exponent + ")",
                x -> ScalarRules.powSecondPartialBase(x, exponent), null)));
  }

  /** {@code min(max(x, min), max)}, PyTorch's {@code clamp}. */
  public static ElementwiseFunction clamp(double min, double max) {
    return of("clamp(" + min + ", " + max + ")", x -> Math.min(Math.max(x, min), max),
        () -> of("clampDerivative", x -> ScalarRules.clampDerivative(x, min, max), () -> ZERO));
  }
}
