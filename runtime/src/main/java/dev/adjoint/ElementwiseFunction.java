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
 *
 * <p>{@link #applyTo} runs a whole array through the function. For the built-in functions it is a
 * loop over a direct call of the rule (chosen once per array by the function's {@link Kind}), not
 * a call through a {@link DoubleUnaryOperator} per element.
 *
 * <p>The values of {@link #EXP}, {@link #TANH} and {@link #SIGMOID} are {@link ElementaryMath}'s
 * (within 2 ulps of {@code Math.exp}, {@code Math.tanh} and {@code 1 / (1 + Math.exp(-x))}),
 * on vectors when the Vector API kernels are on ({@link Simd}): the same bits either way, so a
 * tensor's {@code tanh} does not depend on the JVM's flags. Their derivative functions keep the
 * scalar rules' formulas (and {@code Math}).
 */
public final class ElementwiseFunction {
  /** The built-in functions {@link #applyTo} knows by name; {@code CUSTOM} goes through the operator. */
  private enum Kind {
    CUSTOM, ZERO, EXP, EXP_DERIVATIVE, EXP_FROM_VALUE, LOG, LOG_DERIVATIVE, LOG_SECOND, SIN, SIN_DERIVATIVE,
    SIN_SECOND, COS, COS_DERIVATIVE, COS_SECOND, TANH, TANH_DERIVATIVE, TANH_SECOND, TANH_FROM_VALUE,
    SIGMOID, SIGMOID_DERIVATIVE, SIGMOID_SECOND, SIGMOID_FROM_VALUE, RELU, RELU_DERIVATIVE, SQRT,
    SQRT_DERIVATIVE, SQRT_SECOND, ABS, ABS_DERIVATIVE
  }

  /** Null until {@link #name()} first puts it together from {@code naming}. */
  private String name;
  private final Supplier<String> naming;
  private final Kind kind;
  private final DoubleUnaryOperator value;
  private final Supplier<ElementwiseFunction> derivative;
  /** {@code g} with {@code f'(x) = g(f(x))}, or null; see {@link #derivativeFromValue()}. */
  private final ElementwiseFunction derivativeFromValue;

  private ElementwiseFunction(String name, Kind kind, DoubleUnaryOperator value,
      Supplier<ElementwiseFunction> derivative, ElementwiseFunction derivativeFromValue) {
    this(name, null, kind, value, derivative, derivativeFromValue);
  }

  private ElementwiseFunction(String name, Supplier<String> naming, Kind kind, DoubleUnaryOperator value,
      Supplier<ElementwiseFunction> derivative, ElementwiseFunction derivativeFromValue) {
    this.name = name;
    this.naming = naming;
    this.kind = kind;
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
    return new ElementwiseFunction(Objects.requireNonNull(name, "name"), Kind.CUSTOM,
        Objects.requireNonNull(value, "value"), derivative, null);
  }

  /**
   * A custom function whose name is put together only when asked for: {@code pow(2.0)} is made on
   * every call of {@code Tensor.pow}, and formatting its exponent would cost more than squaring a
   * small tensor.
   */
  private static ElementwiseFunction named(
      Supplier<String> naming, DoubleUnaryOperator value, Supplier<ElementwiseFunction> derivative) {
    return new ElementwiseFunction(null, naming, Kind.CUSTOM, value, derivative, null);
  }

  private static ElementwiseFunction builtin(String name, Kind kind, DoubleUnaryOperator value,
      Supplier<ElementwiseFunction> derivative) {
    return new ElementwiseFunction(name, kind, value, derivative, null);
  }

  /** A built-in whose derivative is also a function of its value: {@code f'(x) = fromValue(f(x))}. */
  private static ElementwiseFunction withValueRule(String name, Kind kind, DoubleUnaryOperator value,
      Supplier<ElementwiseFunction> derivative, String fromValueName, Kind fromValueKind,
      DoubleUnaryOperator fromValue) {
    return new ElementwiseFunction(name, kind, value, derivative,
        builtin(fromValueName, fromValueKind, fromValue, null));
  }

  public String name() {
    String n = name;
    if (n == null) {
      name = n = naming.get(); // a racy but idempotent cache: every thread puts the same string together
    }
    return n;
  }

  public double apply(double x) { return value.applyAsDouble(x); }

  /**
   * {@code out[i] = f(in[i])} for every {@code i < in.length} (the same values as {@link #apply});
   * {@code out} may be {@code in}.
   */
  public void applyTo(double[] in, double[] out) {
    int n = in.length;
    if (out.length < n) {
      throw new IllegalArgumentException(name + ": output of length " + out.length + " for " + n + " values");
    }
    switch (kind) {
      case ZERO: java.util.Arrays.fill(out, 0, n, 0.0); return;
      case EXP:
        if (Simd.KERNELS != null) { Simd.KERNELS.exp(in, out, n); return; }
        for (int i = 0; i < n; i++) { out[i] = ElementaryMath.exp(in[i]); } return;
      case EXP_DERIVATIVE: for (int i = 0; i < n; i++) { out[i] = Math.exp(in[i]); } return;
      case EXP_FROM_VALUE: System.arraycopy(in, 0, out, 0, n); return;
      case LOG: for (int i = 0; i < n; i++) { out[i] = Math.log(in[i]); } return;
      case LOG_DERIVATIVE: for (int i = 0; i < n; i++) { out[i] = ScalarRules.logDerivative(in[i]); } return;
      case LOG_SECOND: for (int i = 0; i < n; i++) { out[i] = ScalarRules.logSecondDerivative(in[i]); } return;
      case SIN: for (int i = 0; i < n; i++) { out[i] = Math.sin(in[i]); } return;
      case SIN_DERIVATIVE: for (int i = 0; i < n; i++) { out[i] = ScalarRules.sinDerivative(in[i]); } return;
      case SIN_SECOND: for (int i = 0; i < n; i++) { out[i] = ScalarRules.sinSecondDerivative(in[i]); } return;
      case COS: for (int i = 0; i < n; i++) { out[i] = Math.cos(in[i]); } return;
      case COS_DERIVATIVE: for (int i = 0; i < n; i++) { out[i] = ScalarRules.cosDerivative(in[i]); } return;
      case COS_SECOND: for (int i = 0; i < n; i++) { out[i] = ScalarRules.cosSecondDerivative(in[i]); } return;
      case TANH:
        if (Simd.KERNELS != null) { Simd.KERNELS.tanh(in, out, n); return; }
        for (int i = 0; i < n; i++) { out[i] = ElementaryMath.tanh(in[i]); } return;
      case TANH_DERIVATIVE: for (int i = 0; i < n; i++) { out[i] = ScalarRules.tanhDerivative(in[i]); } return;
      case TANH_SECOND: for (int i = 0; i < n; i++) { out[i] = ScalarRules.tanhSecondDerivative(in[i]); } return;
      case TANH_FROM_VALUE:
        for (int i = 0; i < n; i++) { out[i] = ScalarRules.tanhDerivativeOfResult(in[i]); } return;
      case SIGMOID:
        if (Simd.KERNELS != null) { Simd.KERNELS.sigmoid(in, out, n); return; }
        for (int i = 0; i < n; i++) { out[i] = ElementaryMath.sigmoid(in[i]); } return;
      case SIGMOID_DERIVATIVE:
        for (int i = 0; i < n; i++) { out[i] = ScalarRules.sigmoidDerivative(in[i]); } return;
      case SIGMOID_SECOND:
        for (int i = 0; i < n; i++) { out[i] = ScalarRules.sigmoidSecondDerivative(in[i]); } return;
      case SIGMOID_FROM_VALUE:
        for (int i = 0; i < n; i++) { out[i] = ScalarRules.sigmoidDerivativeOfResult(in[i]); } return;
      case RELU: for (int i = 0; i < n; i++) { out[i] = relu(in[i]); } return;
      case RELU_DERIVATIVE: for (int i = 0; i < n; i++) { out[i] = ScalarRules.reluDerivative(in[i]); } return;
      case SQRT: for (int i = 0; i < n; i++) { out[i] = Math.sqrt(in[i]); } return;
      case SQRT_DERIVATIVE: for (int i = 0; i < n; i++) { out[i] = ScalarRules.sqrtDerivative(in[i]); } return;
      case SQRT_SECOND: for (int i = 0; i < n; i++) { out[i] = ScalarRules.sqrtSecondDerivative(in[i]); } return;
      case ABS: for (int i = 0; i < n; i++) { out[i] = Math.abs(in[i]); } return;
      case ABS_DERIVATIVE: for (int i = 0; i < n; i++) { out[i] = ScalarRules.absDerivative(in[i]); } return;
      default:
        for (int i = 0; i < n; i++) {
          out[i] = value.applyAsDouble(in[i]);
        }
    }
  }

  /**
   * {@code out[i] = g[i] · f(in[i])} for every {@code i < in.length}: a backward pass's
   * {@code grad * f'(x)} in one loop when this is {@code f'} (or its from-value form).
   */
  public void applyTimes(double[] in, double[] g, double[] out) {
    int n = in.length;
    if (g.length != n || out.length < n) {
      throw new IllegalArgumentException(name + ": " + n + " values, " + g.length + " factors, output of length "
          + out.length);
    }
    switch (kind) {
      case EXP_FROM_VALUE: for (int i = 0; i < n; i++) { out[i] = g[i] * in[i]; } return;
      case TANH_FROM_VALUE:
        for (int i = 0; i < n; i++) { out[i] = g[i] * ScalarRules.tanhDerivativeOfResult(in[i]); } return;
      case SIGMOID_FROM_VALUE:
        for (int i = 0; i < n; i++) { out[i] = g[i] * ScalarRules.sigmoidDerivativeOfResult(in[i]); } return;
      case RELU_DERIVATIVE:
        for (int i = 0; i < n; i++) { out[i] = g[i] * ScalarRules.reluDerivative(in[i]); } return;
      default:
        applyTo(in, out);
        for (int i = 0; i < n; i++) {
          out[i] = g[i] * out[i];
        }
    }
  }

  private static double relu(double x) { return x <= 0 ? 0.0 : x; }

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
  public static final ElementwiseFunction ZERO =
      builtin("zero", Kind.ZERO, x -> 0.0, () -> ElementwiseFunction.ZERO);

  private static final ElementwiseFunction EXP_DERIVATIVE = builtin("expDerivative", Kind.EXP_DERIVATIVE,
      ScalarRules::expDerivative, () -> ElementwiseFunction.EXP_DERIVATIVE);
  public static final ElementwiseFunction EXP =
      withValueRule("exp", Kind.EXP, ElementaryMath::exp, () -> EXP_DERIVATIVE,
          "expDerivativeFromValue", Kind.EXP_FROM_VALUE, ScalarRules::expDerivativeOfResult);

  private static final ElementwiseFunction LOG_SECOND =
      builtin("logSecondDerivative", Kind.LOG_SECOND, ScalarRules::logSecondDerivative, null);
  private static final ElementwiseFunction LOG_DERIVATIVE =
      builtin("logDerivative", Kind.LOG_DERIVATIVE, ScalarRules::logDerivative, () -> LOG_SECOND);
  public static final ElementwiseFunction LOG = builtin("log", Kind.LOG, Math::log, () -> LOG_DERIVATIVE);

  // sin and cos cycle with period four, so their chains never end: (-sin)' = -cos, (-cos)' = sin.
  private static final ElementwiseFunction SIN_SECOND = builtin("sinSecondDerivative", Kind.SIN_SECOND,
      ScalarRules::sinSecondDerivative, () -> ElementwiseFunction.COS_SECOND);
  private static final ElementwiseFunction COS_SECOND = builtin("cosSecondDerivative", Kind.COS_SECOND,
      ScalarRules::cosSecondDerivative, () -> ElementwiseFunction.SIN);
  private static final ElementwiseFunction SIN_DERIVATIVE =
      builtin("sinDerivative", Kind.SIN_DERIVATIVE, ScalarRules::sinDerivative, () -> SIN_SECOND);
  private static final ElementwiseFunction COS_DERIVATIVE =
      builtin("cosDerivative", Kind.COS_DERIVATIVE, ScalarRules::cosDerivative, () -> COS_SECOND);

  public static final ElementwiseFunction SIN = builtin("sin", Kind.SIN, Math::sin, () -> SIN_DERIVATIVE);

  public static final ElementwiseFunction COS = builtin("cos", Kind.COS, Math::cos, () -> COS_DERIVATIVE);

  private static final ElementwiseFunction TANH_SECOND =
      builtin("tanhSecondDerivative", Kind.TANH_SECOND, ScalarRules::tanhSecondDerivative, null);
  private static final ElementwiseFunction TANH_DERIVATIVE =
      builtin("tanhDerivative", Kind.TANH_DERIVATIVE, ScalarRules::tanhDerivative, () -> TANH_SECOND);
  public static final ElementwiseFunction TANH =
      withValueRule("tanh", Kind.TANH, ElementaryMath::tanh, () -> TANH_DERIVATIVE,
          "tanhDerivativeFromValue", Kind.TANH_FROM_VALUE, ScalarRules::tanhDerivativeOfResult);

  private static final ElementwiseFunction SIGMOID_SECOND =
      builtin("sigmoidSecondDerivative", Kind.SIGMOID_SECOND, ScalarRules::sigmoidSecondDerivative, null);
  private static final ElementwiseFunction SIGMOID_DERIVATIVE = builtin("sigmoidDerivative",
      Kind.SIGMOID_DERIVATIVE, ScalarRules::sigmoidDerivative, () -> SIGMOID_SECOND);
  public static final ElementwiseFunction SIGMOID =
      withValueRule("sigmoid", Kind.SIGMOID, ElementaryMath::sigmoid, () -> SIGMOID_DERIVATIVE,
          "sigmoidDerivativeFromValue", Kind.SIGMOID_FROM_VALUE, ScalarRules::sigmoidDerivativeOfResult);

  private static final ElementwiseFunction RELU_DERIVATIVE =
      builtin("reluDerivative", Kind.RELU_DERIVATIVE, ScalarRules::reluDerivative, () -> ZERO);
  /** {@code max(x, 0)}; NaN stays NaN as in PyTorch. */
  public static final ElementwiseFunction RELU =
      builtin("relu", Kind.RELU, ElementwiseFunction::relu, () -> RELU_DERIVATIVE);

  private static final ElementwiseFunction SQRT_SECOND =
      builtin("sqrtSecondDerivative", Kind.SQRT_SECOND, ScalarRules::sqrtSecondDerivative, null);
  private static final ElementwiseFunction SQRT_DERIVATIVE =
      builtin("sqrtDerivative", Kind.SQRT_DERIVATIVE, ScalarRules::sqrtDerivative, () -> SQRT_SECOND);
  public static final ElementwiseFunction SQRT = builtin("sqrt", Kind.SQRT, Math::sqrt, () -> SQRT_DERIVATIVE);

  private static final ElementwiseFunction ABS_DERIVATIVE =
      builtin("absDerivative", Kind.ABS_DERIVATIVE, ScalarRules::absDerivative, () -> ZERO);
  public static final ElementwiseFunction ABS = builtin("abs", Kind.ABS, Math::abs, () -> ABS_DERIVATIVE);

  /** {@code x^exponent}. */
  public static ElementwiseFunction pow(double exponent) {
    return named(() -> "pow(" + exponent + ")", x -> Math.pow(x, exponent),
        () -> named(() -> "powPartialBase(" + exponent + ")", x -> ScalarRules.powPartialBase(x, exponent),
            () -> named(() -> "powSecondPartialBase(" + exponent + ")",
                x -> ScalarRules.powSecondPartialBase(x, exponent), null)));
  }

  /** {@code min(max(x, min), max)}, PyTorch's {@code clamp}. */
  public static ElementwiseFunction clamp(double min, double max) {
    return named(() -> "clamp(" + min + ", " + max + ")", x -> Math.min(Math.max(x, min), max),
        () -> of("clampDerivative", x -> ScalarRules.clampDerivative(x, min, max), () -> ZERO));
  }
}
