package dev.adjoint.internal;

import dev.adjoint.internal.rules.ScalarRules;

/**
 * The operations of code that runs on a {@link ScalarTape}: the processor's fallback rewrites
 * each operator and {@code Math} call of a method into a call of the overload here of the same
 * name, so Java's overload resolution picks plain arithmetic for {@code int}/{@code long}/{@code
 * double} operands and a taped operation wherever a {@link TapedDouble} takes part. Local
 * partials come from {@link ScalarRules}.
 */
public final class TapeOps {
  private TapeOps() {}

  // Each of these has a single allocation site, so that C2's escape analysis can drop the handle
  // of an intermediate result that only the next operation reads (exp(-x), w[j] * x[i][j]).

  /** One taped argument: no entry, the argument's entry with the chain extended (see {@link TapedDouble}). */
  private static TapedDouble unary(TapedDouble x, double value, double partial) {
    boolean taped = x.tape != null;
    return new TapedDouble(x.tape, taped ? x.index : -1, taped ? TapedDouble.chain(partial, x.scale) : 0.0, value);
  }

  /**
   * Two arguments: an entry when both carry a derivative here (taped, nonzero chained partial),
   * else a handle on the one that does, like one argument — the other is a constant, or its
   * partial is zero and it takes nothing ({@code max(hold, exercise)} picks one side, {@code x *
   * 0}) — and no entry.
   */
  private static TapedDouble binary(TapedDouble a, TapedDouble b, double value, double partialA, double partialB) {
    ScalarTape tape = a.tape != null ? a.tape : b.tape;
    double toA = a.tape == null ? 0.0 : TapedDouble.chain(partialA, a.scale);
    double toB = b.tape == null ? 0.0 : TapedDouble.chain(partialB, b.scale);
    int index;
    double scale;
    if (a.tape != null && a.tape == b.tape && a.index == b.index) {
      // one parent twice (x * x, x - x, 100 t * t): a scaled handle on it, like one argument;
      // the sweeps would add the two partials' products to the same adjoint anyway
      index = a.index;
      scale = toA + toB;
    } else if (toA != 0.0 && toB != 0.0) {
      index = tape.record(a.index, toA, b.index, toB);
      scale = 1.0;
    } else if (a.tape != null && toB == 0.0) {
      index = a.index;
      scale = toA;
    } else if (b.tape != null) {
      index = b.index;
      scale = toB;
    } else {
      index = -1;
      scale = 0.0;
    }
    return new TapedDouble(tape, index, scale, value);
  }

  private static TapedDouble c(double value) { return TapedDouble.constant(value); }

  // ---- conversions ----------------------------------------------------------------------------

  /** A double where taped code needs one: taped values stay, plain values become constants. */
  public static TapedDouble d(TapedDouble x) { return x; }

  public static TapedDouble d(double x) { return c(x); }

  /** A local variable assigned after its declaration, holding {@code x} (see {@link TapedVariable}). */
  public static TapedVariable local(TapedDouble x) { return new TapedVariable(x); }

  /** The plain value, for casts to integers, comparisons and calls that take no derivative. */
  public static double value(TapedDouble x) { return x.value; }

  public static double value(double x) { return x; }

  public static long value(long x) { return x; }

  /** The values of a taped array, for a {@code @DerivativeOf} function that takes {@code double[]}. */
  public static double[] value(TapedDouble[] x) { return ScalarTape.valueOf(x); }

  public static double[][] value(TapedDouble[][] x) { return ScalarTape.valueOf(x); }

  public static double[] value(double[] x) { return x; }

  public static double[][] value(double[][] x) { return x; }

  public static int value(int x) { return x; }

  /**
   * The value passed as argument {@code argument} of {@code function}, whose {@code @DerivativeOf}
   * methods give no derivative for it: it must carry none, or its derivative would be lost.
   *
   * @throws IllegalArgumentException naming the function and the argument when it does
   */
  public static double noDerivative(TapedDouble x, String function, int argument) {
    if (x.index >= 0 && x.scale != 0.0) {
      throw new IllegalArgumentException(function + " has @DerivativeOf methods, but none for argument " + argument
          + ", and the value passed there depends on a differentiated parameter; add one with @DerivativeOf(value = …,"
          + " argument = " + argument + "), or pass a value that carries no derivative");
    }
    return x.value;
  }

  public static double noDerivative(double x, String function, int argument) { return x; }

  public static double[] noDerivative(TapedDouble[] x, String function, int argument) {
    for (TapedDouble e : x) {
      noDerivative(e, function, argument);
    }
    return ScalarTape.valueOf(x);
  }

  public static double[] noDerivative(double[] x, String function, int argument) { return x; }

  /** {@code new double[n]}. */
  public static TapedDouble[] zeros(int n) {
    TapedDouble[] result = new TapedDouble[n];
    java.util.Arrays.fill(result, c(0.0));
    return result;
  }

  /** {@code new double[n][m]}. */
  public static TapedDouble[][] zeros(int n, int m) {
    TapedDouble[][] result = new TapedDouble[n][];
    for (int i = 0; i < n; i++) {
      result[i] = zeros(m);
    }
    return result;
  }

  /** A copy of the array (the leaves stay where they are when the method writes its parameter). */
  public static TapedDouble[] copy(TapedDouble[] x) { return x.clone(); }

  public static TapedDouble[][] copy(TapedDouble[][] x) {
    TapedDouble[][] result = new TapedDouble[x.length][];
    for (int i = 0; i < x.length; i++) {
      result[i] = x[i] == null ? null : x[i].clone();
    }
    return result;
  }

  /** Plain values as constants (parameters that are not differentiated). */
  public static TapedDouble[] constants(double[] x) {
    TapedDouble[] result = new TapedDouble[x.length];
    for (int i = 0; i < x.length; i++) {
      result[i] = c(x[i]);
    }
    return result;
  }

  public static TapedDouble[][] constants(double[][] x) {
    TapedDouble[][] result = new TapedDouble[x.length][];
    for (int i = 0; i < x.length; i++) {
      result[i] = x[i] == null ? null : constants(x[i]);
    }
    return result;
  }

  // ---- + ----
  public static int add(int a, int b) { return a + b; }

  public static long add(long a, long b) { return a + b; }

  public static float add(float a, float b) { return a + b; }

  public static double add(double a, double b) { return a + b; }

  public static TapedDouble add(TapedDouble a, TapedDouble b) {
    return binary(a, b, a.value + b.value, 1.0, 1.0);
  }

  // an operation with a plain double records one parent: no handle for the constant
  public static TapedDouble add(TapedDouble a, double b) { return unary(a, a.value + b, 1.0); }

  public static TapedDouble add(double a, TapedDouble b) { return unary(b, a + b.value, 1.0); }

  public static String add(String a, Object b) { return a + b; }

  public static String add(Object a, String b) { return a + b; }

  public static String add(String a, String b) { return a + b; }

  // ---- - ----
  public static int sub(int a, int b) { return a - b; }

  public static long sub(long a, long b) { return a - b; }

  public static float sub(float a, float b) { return a - b; }

  public static double sub(double a, double b) { return a - b; }

  public static TapedDouble sub(TapedDouble a, TapedDouble b) {
    return binary(a, b, a.value - b.value, 1.0, -1.0);
  }

  public static TapedDouble sub(TapedDouble a, double b) { return unary(a, a.value - b, 1.0); }

  public static TapedDouble sub(double a, TapedDouble b) { return unary(b, a - b.value, -1.0); }

  // ---- * ----
  public static int mul(int a, int b) { return a * b; }

  public static long mul(long a, long b) { return a * b; }

  public static float mul(float a, float b) { return a * b; }

  public static double mul(double a, double b) { return a * b; }

  public static TapedDouble mul(TapedDouble a, TapedDouble b) {
    return binary(a, b, a.value * b.value, b.value, a.value);
  }

  public static TapedDouble mul(TapedDouble a, double b) { return unary(a, a.value * b, b); }

  public static TapedDouble mul(double a, TapedDouble b) { return unary(b, a * b.value, a); }

  // ---- / ----
  public static int div(int a, int b) { return a / b; }

  public static long div(long a, long b) { return a / b; }

  public static float div(float a, float b) { return a / b; }

  public static double div(double a, double b) { return a / b; }

  public static TapedDouble div(TapedDouble a, TapedDouble b) {
    return binary(a, b, a.value / b.value, ScalarRules.divPartialFirst(a.value, b.value),
        ScalarRules.divPartialSecond(a.value, b.value));
  }

  public static TapedDouble div(TapedDouble a, double b) { return unary(a, a.value / b, 1.0 / b); }

  public static TapedDouble div(double a, TapedDouble b) { return unary(b, a / b.value, -a / (b.value * b.value)); }

  // ---- % ----
  public static int rem(int a, int b) { return a % b; }

  public static long rem(long a, long b) { return a % b; }

  public static float rem(float a, float b) { return a % b; }

  public static double rem(double a, double b) { return a % b; }

  public static TapedDouble rem(TapedDouble a, TapedDouble b) {
    return binary(a, b, a.value % b.value, 1.0, ScalarRules.remainderPartialDivisor(a.value, b.value));
  }

  public static TapedDouble rem(TapedDouble a, double b) { return rem(a, c(b)); }

  public static TapedDouble rem(double a, TapedDouble b) { return rem(c(a), b); }

  // ---- unary minus ----
  public static int neg(int x) { return -x; }

  public static long neg(long x) { return -x; }

  public static float neg(float x) { return -x; }

  public static double neg(double x) { return -x; }

  public static TapedDouble neg(TapedDouble x) { return unary(x, -x.value, -1.0); }

  // ---- <: reads values ----
  public static boolean lt(long a, long b) { return a < b; }

  public static boolean lt(double a, double b) { return a < b; }

  public static boolean lt(TapedDouble a, TapedDouble b) { return a.value < b.value; }

  public static boolean lt(TapedDouble a, double b) { return a.value < b; }

  public static boolean lt(double a, TapedDouble b) { return a < b.value; }

  // ---- <=: reads values ----
  public static boolean le(long a, long b) { return a <= b; }

  public static boolean le(double a, double b) { return a <= b; }

  public static boolean le(TapedDouble a, TapedDouble b) { return a.value <= b.value; }

  public static boolean le(TapedDouble a, double b) { return a.value <= b; }

  public static boolean le(double a, TapedDouble b) { return a <= b.value; }

  // ---- >: reads values ----
  public static boolean gt(long a, long b) { return a > b; }

  public static boolean gt(double a, double b) { return a > b; }

  public static boolean gt(TapedDouble a, TapedDouble b) { return a.value > b.value; }

  public static boolean gt(TapedDouble a, double b) { return a.value > b; }

  public static boolean gt(double a, TapedDouble b) { return a > b.value; }

  // ---- >=: reads values ----
  public static boolean ge(long a, long b) { return a >= b; }

  public static boolean ge(double a, double b) { return a >= b; }

  public static boolean ge(TapedDouble a, TapedDouble b) { return a.value >= b.value; }

  public static boolean ge(TapedDouble a, double b) { return a.value >= b; }

  public static boolean ge(double a, TapedDouble b) { return a >= b.value; }

  // ---- ==: reads values ----
  public static boolean eq(long a, long b) { return a == b; }

  public static boolean eq(double a, double b) { return a == b; }

  public static boolean eq(TapedDouble a, TapedDouble b) { return a.value == b.value; }

  public static boolean eq(TapedDouble a, double b) { return a.value == b; }

  public static boolean eq(double a, TapedDouble b) { return a == b.value; }

  public static boolean eq(boolean a, boolean b) { return a == b; }

  public static boolean eq(Object a, Object b) { return a == b; }

  // ---- !=: reads values ----
  public static boolean ne(long a, long b) { return a != b; }

  public static boolean ne(double a, double b) { return a != b; }

  public static boolean ne(TapedDouble a, TapedDouble b) { return a.value != b.value; }

  public static boolean ne(TapedDouble a, double b) { return a.value != b; }

  public static boolean ne(double a, TapedDouble b) { return a != b.value; }

  public static boolean ne(boolean a, boolean b) { return a != b; }

  public static boolean ne(Object a, Object b) { return a != b; }

  // ---- Math functions of one argument ----

  public static double sin(double x) { return Math.sin(x); }

  public static TapedDouble sin(TapedDouble x) { return unary(x, Math.sin(x.value), ScalarRules.sinDerivative(x.value)); }

  public static double cos(double x) { return Math.cos(x); }

  public static TapedDouble cos(TapedDouble x) { return unary(x, Math.cos(x.value), ScalarRules.cosDerivative(x.value)); }

  public static double tan(double x) { return Math.tan(x); }

  public static TapedDouble tan(TapedDouble x) { return unary(x, Math.tan(x.value), ScalarRules.tanDerivative(x.value)); }

  public static double asin(double x) { return Math.asin(x); }

  public static TapedDouble asin(TapedDouble x) { return unary(x, Math.asin(x.value), ScalarRules.asinDerivative(x.value)); }

  public static double acos(double x) { return Math.acos(x); }

  public static TapedDouble acos(TapedDouble x) { return unary(x, Math.acos(x.value), ScalarRules.acosDerivative(x.value)); }

  public static double atan(double x) { return Math.atan(x); }

  public static TapedDouble atan(TapedDouble x) { return unary(x, Math.atan(x.value), ScalarRules.atanDerivative(x.value)); }

  public static double sinh(double x) { return Math.sinh(x); }

  public static TapedDouble sinh(TapedDouble x) { return unary(x, Math.sinh(x.value), ScalarRules.sinhDerivative(x.value)); }

  public static double cosh(double x) { return Math.cosh(x); }

  public static TapedDouble cosh(TapedDouble x) { return unary(x, Math.cosh(x.value), ScalarRules.coshDerivative(x.value)); }

  public static double tanh(double x) { return Math.tanh(x); }

  public static TapedDouble tanh(TapedDouble x) { return unary(x, Math.tanh(x.value), ScalarRules.tanhDerivative(x.value)); }

  public static double exp(double x) { return Math.exp(x); }

  public static TapedDouble exp(TapedDouble x) { return unary(x, Math.exp(x.value), ScalarRules.expDerivative(x.value)); }

  public static double expm1(double x) { return Math.expm1(x); }

  public static TapedDouble expm1(TapedDouble x) { return unary(x, Math.expm1(x.value), ScalarRules.expm1Derivative(x.value)); }

  public static double log(double x) { return Math.log(x); }

  public static TapedDouble log(TapedDouble x) { return unary(x, Math.log(x.value), ScalarRules.logDerivative(x.value)); }

  public static double log10(double x) { return Math.log10(x); }

  public static TapedDouble log10(TapedDouble x) { return unary(x, Math.log10(x.value), ScalarRules.log10Derivative(x.value)); }

  public static double log1p(double x) { return Math.log1p(x); }

  public static TapedDouble log1p(TapedDouble x) { return unary(x, Math.log1p(x.value), ScalarRules.log1pDerivative(x.value)); }

  public static double sqrt(double x) { return Math.sqrt(x); }

  public static TapedDouble sqrt(TapedDouble x) { return unary(x, Math.sqrt(x.value), ScalarRules.sqrtDerivative(x.value)); }

  public static double cbrt(double x) { return Math.cbrt(x); }

  public static TapedDouble cbrt(TapedDouble x) { return unary(x, Math.cbrt(x.value), ScalarRules.cbrtDerivative(x.value)); }

  public static double abs(double x) { return Math.abs(x); }

  public static TapedDouble abs(TapedDouble x) { return unary(x, Math.abs(x.value), ScalarRules.absDerivative(x.value)); }

  public static double toRadians(double x) { return Math.toRadians(x); }

  public static TapedDouble toRadians(TapedDouble x) { return unary(x, Math.toRadians(x.value), ScalarRules.toRadiansDerivative(x.value)); }

  public static double toDegrees(double x) { return Math.toDegrees(x); }

  public static TapedDouble toDegrees(TapedDouble x) { return unary(x, Math.toDegrees(x.value), ScalarRules.toDegreesDerivative(x.value)); }

  public static int abs(int x) { return Math.abs(x); }

  public static long abs(long x) { return Math.abs(x); }

  public static double signum(double x) { return Math.signum(x); }

  /** Piecewise constant: derivative 0, so the result is a constant. */
  public static TapedDouble signum(TapedDouble x) { return c(Math.signum(x.value)); }

  public static double floor(double x) { return Math.floor(x); }

  /** Piecewise constant: derivative 0, so the result is a constant. */
  public static TapedDouble floor(TapedDouble x) { return c(Math.floor(x.value)); }

  public static double ceil(double x) { return Math.ceil(x); }

  /** Piecewise constant: derivative 0, so the result is a constant. */
  public static TapedDouble ceil(TapedDouble x) { return c(Math.ceil(x.value)); }

  public static double rint(double x) { return Math.rint(x); }

  /** Piecewise constant: derivative 0, so the result is a constant. */
  public static TapedDouble rint(TapedDouble x) { return c(Math.rint(x.value)); }

  public static long round(double x) { return Math.round(x); }

  public static long round(TapedDouble x) { return Math.round(x.value); }

  // ---- Math functions of two arguments ----

  public static double pow(double a, double b) { return Math.pow(a, b); }

  public static TapedDouble pow(TapedDouble a, TapedDouble b) { return binary(a, b, Math.pow(a.value, b.value), ScalarRules.powPartialBase(a.value, b.value), ScalarRules.powPartialExponent(a.value, b.value)); }

  public static TapedDouble pow(TapedDouble a, double b) { return pow(a, c(b)); }

  public static TapedDouble pow(double a, TapedDouble b) { return pow(c(a), b); }

  public static double atan2(double a, double b) { return Math.atan2(a, b); }

  public static TapedDouble atan2(TapedDouble a, TapedDouble b) { return binary(a, b, Math.atan2(a.value, b.value), ScalarRules.atan2PartialY(a.value, b.value), ScalarRules.atan2PartialX(a.value, b.value)); }

  public static TapedDouble atan2(TapedDouble a, double b) { return atan2(a, c(b)); }

  public static TapedDouble atan2(double a, TapedDouble b) { return atan2(c(a), b); }

  public static double hypot(double a, double b) { return Math.hypot(a, b); }

  public static TapedDouble hypot(TapedDouble a, TapedDouble b) { return binary(a, b, Math.hypot(a.value, b.value), ScalarRules.hypotPartialX(a.value, b.value), ScalarRules.hypotPartialY(a.value, b.value)); }

  public static TapedDouble hypot(TapedDouble a, double b) { return hypot(a, c(b)); }

  public static TapedDouble hypot(double a, TapedDouble b) { return hypot(c(a), b); }

  public static int max(int a, int b) { return Math.max(a, b); }

  public static long max(long a, long b) { return Math.max(a, b); }

  public static double max(double a, double b) { return Math.max(a, b); }

  public static TapedDouble max(TapedDouble a, TapedDouble b) { return binary(a, b, Math.max(a.value, b.value), ScalarRules.maxPartialFirst(a.value, b.value), ScalarRules.maxPartialSecond(a.value, b.value)); }

  public static TapedDouble max(TapedDouble a, double b) { return max(a, c(b)); }

  public static TapedDouble max(double a, TapedDouble b) { return max(c(a), b); }

  public static int min(int a, int b) { return Math.min(a, b); }

  public static long min(long a, long b) { return Math.min(a, b); }

  public static double min(double a, double b) { return Math.min(a, b); }

  public static TapedDouble min(TapedDouble a, TapedDouble b) { return binary(a, b, Math.min(a.value, b.value), ScalarRules.minPartialFirst(a.value, b.value), ScalarRules.minPartialSecond(a.value, b.value)); }

  public static TapedDouble min(TapedDouble a, double b) { return min(a, c(b)); }

  public static TapedDouble min(double a, TapedDouble b) { return min(c(a), b); }

  public static double copySign(double m, double s) { return Math.copySign(m, s); }

  /** The derivative in the sign argument is 0: only the magnitude's is recorded. */
  public static TapedDouble copySign(TapedDouble m, TapedDouble s) { return copySign(m, s.value); }

  public static TapedDouble copySign(TapedDouble m, double s) { return unary(m, Math.copySign(m.value, s), ScalarRules.copySignPartialMagnitude(m.value, s)); }

  public static TapedDouble copySign(double m, TapedDouble s) { return c(Math.copySign(m, s.value)); }

  public static double scalb(double d, int n) { return Math.scalb(d, n); }

  public static TapedDouble scalb(TapedDouble d, int n) { return unary(d, Math.scalb(d.value, n), ScalarRules.scalbPartialScale(d.value, n)); }

  // ---- Math functions of three arguments ----

  public static double fma(double a, double b, double c) { return Math.fma(a, b, c); }

  /** The fused value; its partials as two chained entries (an entry has up to two parents). */
  public static TapedDouble fma(TapedDouble a, TapedDouble b, TapedDouble c) {
    double value = Math.fma(a.value, b.value, c.value);
    TapedDouble product = binary(a, b, value, ScalarRules.fmaPartialFirst(a.value, b.value, c.value),
        ScalarRules.fmaPartialSecond(a.value, b.value, c.value));
    return binary(product, c, value, 1.0, ScalarRules.fmaPartialThird(a.value, b.value, c.value));
  }

  public static TapedDouble fma(TapedDouble a, TapedDouble b, double c) { return fma(a, b, c(c)); }

  public static TapedDouble fma(TapedDouble a, double b, TapedDouble c) { return fma(a, c(b), c); }

  public static TapedDouble fma(double a, TapedDouble b, TapedDouble c) { return fma(c(a), b, c); }

  public static TapedDouble fma(TapedDouble a, double b, double c) { return fma(a, c(b), c(c)); }

  public static TapedDouble fma(double a, TapedDouble b, double c) { return fma(c(a), b, c(c)); }

  public static TapedDouble fma(double a, double b, TapedDouble c) { return fma(c(a), c(b), c); }

  // ---- functions with @DerivativeOf partials ----------------------------------------------------

  /** A call of a one-argument function whose partial the user gave: its value and partial, computed by the caller. */
  public static TapedDouble custom(double value, TapedDouble x, double partial) {
    return unary(x, value, partial);
  }

  public static TapedDouble custom(double value, TapedDouble a, double partialA, TapedDouble b, double partialB) {
    return binary(a, b, value, partialA, partialB);
  }

  /**
   * A {@code @DerivativeOf} function of any number of {@code double}, {@code double[]} and
   * {@code double[][]} arguments: {@code inputs[k]} is a {@code TapedDouble} (array) and
   * {@code partials[k]} its partial derivatives, a {@code Double} (array of the same shape) —
   * from the partial methods, or from the VJP with seed 1. Recorded as a chain of two-parent
   * entries (each adds one input's term), so both sweeps stay exact.
   *
   * @throws IllegalArgumentException when a VJP returned an array of another shape
   */
  public static TapedDouble custom(double value, Object[] inputs, Object[] partials) {
    TapedDouble acc = c(value);
    for (int k = 0; k < inputs.length; k++) {
      acc = addTerms(acc, inputs[k], partials[k], value, k);
    }
    return acc;
  }

  /** A {@code @DerivativeOf} function applied to its argument values {@code at}. */
  @FunctionalInterface
  public interface CustomFunction {
    Object apply(Object[] at);
  }

  /** Its VJP methods at {@code at}: one cotangent per differentiable argument, in order. */
  @FunctionalInterface
  public interface CustomVjp {
    Object[] apply(Object[] at, Object seed);
  }

  /**
   * A {@code @DerivativeOf} function with a {@code double[]} result: element {@code j} is recorded
   * like {@link #custom(double, Object[], Object[])} with the partials from the VJP at the unit
   * seed {@code e_j} (one VJP call per element: exact, for the tape's correctness, not speed).
   */
  public static TapedDouble[] customArray(Object[] at, Object[] inputs, CustomFunction f, CustomVjp vjp) {
    double[] value = (double[]) f.apply(at);
    TapedDouble[] result = new TapedDouble[value.length];
    for (int j = 0; j < value.length; j++) {
      double[] seed = new double[value.length];
      seed[j] = 1.0;
      result[j] = custom(value[j], inputs, vjp.apply(at, seed));
    }
    return result;
  }

  /** {@link #customArray} for a {@code double[][]} result. */
  public static TapedDouble[][] customArray2(Object[] at, Object[] inputs, CustomFunction f, CustomVjp vjp) {
    double[][] value = (double[][]) f.apply(at);
    TapedDouble[][] result = new TapedDouble[value.length][];
    for (int i = 0; i < value.length; i++) {
      result[i] = new TapedDouble[value[i].length];
      for (int j = 0; j < value[i].length; j++) {
        double[][] seed = new double[value.length][];
        for (int k = 0; k < value.length; k++) {
          seed[k] = new double[value[k].length];
        }
        seed[i][j] = 1.0;
        result[i][j] = custom(value[i][j], inputs, vjp.apply(at, seed));
      }
    }
    return result;
  }

  private static TapedDouble addTerms(TapedDouble acc, Object input, Object partial, double value, int k) {
    if (input instanceof TapedDouble x) {
      return binary(acc, x, value, 1.0, (Double) partial);
    }
    if (input instanceof double[] || input instanceof double[][]) {
      return acc; // a plain array: constants
    }
    Object[] elements = (Object[]) input;
    int length = partial instanceof double[] p ? p.length : partial instanceof double[][] p ? p.length : -1;
    if (length != elements.length) {
      throw new IllegalArgumentException("@DerivativeOf VJP for argument " + k + " returned "
          + (partial == null ? "null" : "an array of length " + length) + " but the argument has length "
          + elements.length);
    }
    for (int i = 0; i < elements.length; i++) {
      Object p = partial instanceof double[] row ? (Object) row[i] : ((double[][]) partial)[i];
      acc = addTerms(acc, elements[i], p, value, k);
    }
    return acc;
  }

  // ---- @Differentiable methods of other classes, through their companions ---------------------

  /** A call whose value and partials come from the callee's {@code nameGradient} record {@code g}. */
  public static <G> TapedDouble call(G g, java.util.function.ToDoubleFunction<G> value, TapedDouble a,
      java.util.function.ToDoubleFunction<G> partialA) {
    return unary(a, value.applyAsDouble(g), partialA.applyAsDouble(g));
  }

  public static <G> TapedDouble call(G g, java.util.function.ToDoubleFunction<G> value, TapedDouble a,
      java.util.function.ToDoubleFunction<G> partialA, TapedDouble b, java.util.function.ToDoubleFunction<G> partialB) {
    return binary(a, b, value.applyAsDouble(g), partialA.applyAsDouble(g), partialB.applyAsDouble(g));
  }
}
