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
  FMA("fma", "fmaPartialFirst", "fmaPartialSecond", "fmaPartialThird"),
  /** No derivative in the sign argument. */
  COPY_SIGN("copySign", "copySignPartialMagnitude", null),
  /** {@code scalb(double, int)}: the int is passive. */
  SCALB("scalb", "scalbPartialScale", null),
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
    this.partialRules = java.util.Collections.unmodifiableList(java.util.Arrays.asList(partialRules));
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

  /** The rule method giving the partial derivative with respect to argument {@code i}; null where it is 0. */
  public String partialRule(int i) { return partialRules.get(i); }

  /**
   * The derivatives of the first-derivative rules, for second-order code (a tangent program
   * differentiated again): per rule, one rule per argument giving its partial derivative (same
   * arguments), null where it is 0 (piecewise-constant rules: abs, max, min, remainder).
   */
  private static final Map<String, List<String>> RULE_PARTIALS = ruleDerivatives();

  private static Map<String, List<String>> ruleDerivatives() {
    Map<String, List<String>> m = new java.util.HashMap<>();
    for (String f : List.of("sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "exp", "expm1", "log",
        "log10", "log1p", "sqrt", "cbrt")) {
      m.put(f + "Derivative", List.of(f + "SecondDerivative"));
    }
    m.put("atan2PartialY", List.of("atan2SecondPartialYY", "atan2SecondPartialYX"));
    m.put("atan2PartialX", List.of("atan2SecondPartialYX", "atan2SecondPartialXX"));
    m.put("powPartialBase", List.of("powSecondPartialBase", "powSecondPartialMixed"));
    m.put("powPartialExponent", List.of("powSecondPartialMixed", "powSecondPartialExponent"));
    m.put("hypotPartialX", List.of("hypotSecondPartialXX", "hypotSecondPartialXY"));
    m.put("hypotPartialY", List.of("hypotSecondPartialXY", "hypotSecondPartialYY"));
    m.put("fmaPartialFirst", java.util.Arrays.asList(null, "fmaSecondPartialMixed", null));
    m.put("fmaPartialSecond", java.util.Arrays.asList("fmaSecondPartialMixed", null, null));
    m.put("fmaPartialThird", java.util.Arrays.asList(null, null, null));
    for (String constant : List.of("absDerivative", "toRadiansDerivative", "toDegreesDerivative")) {
      m.put(constant, java.util.Collections.singletonList(null));
    }
    for (String constant : List.of("maxPartialFirst", "maxPartialSecond", "minPartialFirst", "minPartialSecond",
        "copySignPartialMagnitude", "scalbPartialScale", RuntimeNames.REMAINDER_PARTIAL_DIVISOR)) {
      m.put(constant, java.util.Arrays.asList(null, null));
    }
    return java.util.Collections.unmodifiableMap(m);
  }

  /** Every first-derivative rule with known partials, for {@code RuntimeNamesTest}. */
  public static java.util.Set<String> rulesWithPartials() { return RULE_PARTIALS.keySet(); }

  /**
   * The rules giving the partial derivatives of the rule {@code rule} with respect to each of its
   * arguments (null entries: 0); null when the rule has none (never emitted into a tangent program).
   */
  public static List<String> partialsOfRule(String rule) { return RULE_PARTIALS.get(rule); }

  /** The entry for {@code Math.name} with {@code arity} arguments, or null. */
  public static MathFunction lookup(String name, int arity) {
    MathFunction f = BY_NAME.get(name);
    return f != null && f.arity == arity ? f : null;
  }
}
