package dev.adjoint.processor.ir;

import dev.adjoint.processor.RuntimeNames;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * THE table of {@code Math}/{@code StrictMath} functions the processor differentiates, mapped to
 * their rule methods in {@code dev.adjoint.internal.rules.ScalarRules}: one partial-derivative rule per
 * argument, each taking the function's own arguments. Piecewise-constant functions have none.
 */
public enum MathFunction {
  SIN("sin", "sinDerivative"),
  COS("cos", "cosDerivative"),
  TAN("tan", "tanDerivative"),
  ASIN("asin", "asinDerivative"),
  ACOS("acos", "acosDerivative"),
  ATAN("atan", "atanDerivative"),
  ATAN2("atan2", "atan2PartialY", "atan2PartialX"),
  SINH("sinh", "sinhDerivative"),
  COSH("cosh", "coshDerivative"),
  TANH("tanh", "tanhDerivative"),
  EXP("exp", "expDerivative"),
  EXPM1("expm1", "expm1Derivative"),
  LOG("log", "logDerivative"),
  LOG10("log10", "log10Derivative"),
  LOG1P("log1p", "log1pDerivative"),
  SQRT("sqrt", "sqrtDerivative"),
  CBRT("cbrt", "cbrtDerivative"),
  POW("pow", "powPartialBase", "powPartialExponent"),
  HYPOT("hypot", "hypotPartialX", "hypotPartialY"),
  ABS("abs", "absDerivative"),
  MAX("max", "maxPartialFirst", "maxPartialSecond"),
  MIN("min", "minPartialFirst", "minPartialSecond"),
  TO_RADIANS("toRadians", "toRadiansDerivative"),
  TO_DEGREES("toDegrees", "toDegreesDerivative"),
  SIGNUM("signum", 1),
  FLOOR("floor", 1),
  CEIL("ceil", 1),
  RINT("rint", 1),
  /** {@code Math.round(double)} returns {@code long}: an inactive value. */
  ROUND("round", 1);

  /** The rule class every entry's rule names refer to. */
  public static final String RULES_CLASS = RuntimeNames.SCALAR_RULES.canonicalName();

  private static final Map<String, MathFunction> BY_NAME =
      Stream.of(values()).collect(Collectors.toMap(f -> f.javaName, Function.identity()));

  private final String javaName;
  private final int arity;
  private final List<String> partialRules;

  MathFunction(String javaName, String... partialRules) {
    this.javaName = javaName;
    this.arity = partialRules.length;
    this.partialRules = List.of(partialRules);
  }

  MathFunction(String javaName, int arity) {
    this.javaName = javaName;
    this.arity = arity;
    this.partialRules = List.of();
  }

  public String javaName() { return javaName; }

  public int arity() { return arity; }

  /** Derivative 0 almost everywhere: no rule, no derivative code. */
  public boolean piecewiseConstant() { return partialRules.isEmpty(); }

  /** The rule method giving the partial derivative with respect to argument {@code i}. */
  public String partialRule(int i) { return partialRules.get(i); }

  /** The entry for {@code Math.name} with {@code arity} arguments, or null. */
  public static MathFunction lookup(String name, int arity) {
    MathFunction f = BY_NAME.get(name);
    return f != null && f.arity == arity ? f : null;
  }
}
