package dev.adjoint.internal.rules;

import dev.adjoint.Tensor;
/**
 * Local derivatives of scalar functions: the one table that both the dynamic tape (element-wise
 * {@code Tensor} operations) and the processor's generated code call.
 *
 * <p>Each method returns the partial derivative of the named function with respect to one
 * argument, evaluated at the given inputs. Conventions at kinks follow PyTorch: {@code abs'(0) = 0},
 * ties of {@code max}/{@code min} split the gradient evenly, {@code relu'(0) = 0}.
 * Piecewise-constant functions ({@code signum floor ceil rint round}) have derivative 0 and need
 * no rule.
 */
public final class ScalarRules {
  private ScalarRules() {}

  private static final double LN10 = Math.log(10.0);

  // ---- one argument -------------------------------------------------------------------------

  public static double sinDerivative(double x) { return Math.cos(x); }

  public static double cosDerivative(double x) { return -Math.sin(x); }

  public static double tanDerivative(double x) {
    double c = Math.cos(x);
    return 1.0 / (c * c);
  }

  public static double asinDerivative(double x) { return 1.0 / Math.sqrt(1.0 - x * x); }

  public static double acosDerivative(double x) { return -1.0 / Math.sqrt(1.0 - x * x); }

  public static double atanDerivative(double x) { return 1.0 / (1.0 + x * x); }

  public static double sinhDerivative(double x) { return Math.cosh(x); }

  public static double coshDerivative(double x) { return Math.sinh(x); }

  public static double tanhDerivative(double x) {
    double t = Math.tanh(x);
    return 1.0 - t * t;
  }

  public static double expDerivative(double x) { return Math.exp(x); }

  /**
   * The same derivatives from the function's result {@code y} instead of its argument, for
   * generated code that still holds the result ({@code h = Math.tanh(a)}): no second tanh or exp.
   */
  public static double tanhDerivativeOfResult(double y) { return 1.0 - y * y; }

  public static double expDerivativeOfResult(double y) { return y; }

  public static double expm1Derivative(double x) { return Math.exp(x); }

  public static double logDerivative(double x) { return 1.0 / x; }

  public static double log10Derivative(double x) { return 1.0 / (x * LN10); }

  public static double log1pDerivative(double x) { return 1.0 / (1.0 + x); }

  public static double sqrtDerivative(double x) { return 0.5 / Math.sqrt(x); }

  public static double cbrtDerivative(double x) {
    double c = Math.cbrt(x);
    return 1.0 / (3.0 * c * c);
  }

  /** {@code d|x|/dx}: the sign of x, 0 at 0 (PyTorch's choice). */
  public static double absDerivative(double x) { return x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0; }

  public static double toRadiansDerivative(double x) { return Math.PI / 180.0; }

  public static double toDegreesDerivative(double x) { return 180.0 / Math.PI; }

  /** Logistic sigmoid {@code 1 / (1 + e^-x)}, computed without overflow for large |x|. */
  public static double sigmoid(double x) {
    if (x >= 0) {
      return 1.0 / (1.0 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1.0 + e);
  }

  public static double sigmoidDerivative(double x) {
    double s = sigmoid(x);
    return s * (1.0 - s);
  }

  /** {@link #sigmoidDerivative} from the result {@code y = sigmoid(x)}. */
  public static double sigmoidDerivativeOfResult(double y) { return y * (1.0 - y); }

  public static double reluDerivative(double x) { return x > 0 ? 1.0 : 0.0; }

  /** Gradient of {@code clamp(x, min, max)}: 1 inside the closed interval, as in PyTorch. */
  public static double clampDerivative(double x, double min, double max) {
    return x >= min && x <= max ? 1.0 : 0.0;
  }

  // ---- second derivatives (what the tape needs for createGraph / Hessians) --------------------

  public static double logSecondDerivative(double x) { return -1.0 / (x * x); }

  public static double sinSecondDerivative(double x) { return -Math.sin(x); }

  public static double cosSecondDerivative(double x) { return -Math.cos(x); }

  public static double tanhSecondDerivative(double x) {
    double t = Math.tanh(x);
    return -2.0 * t * (1.0 - t * t);
  }

  public static double sigmoidSecondDerivative(double x) {
    double s = sigmoid(x);
    return s * (1.0 - s) * (1.0 - 2.0 * s);
  }

  public static double sqrtSecondDerivative(double x) { return -0.25 / (x * Math.sqrt(x)); }

  // The derivatives of the first-derivative rules above, one per rule and argument: what the
  // processor's second-order code (nameHvp) calls when it differentiates the first-order rules.
  // Rules that are piecewise constant (abs, max, min, remainder) have none.

  public static double tanSecondDerivative(double x) {
    double c = Math.cos(x);
    return 2.0 * Math.sin(x) / (c * c * c);
  }

  public static double asinSecondDerivative(double x) {
    double r = 1.0 - x * x;
    return x / (r * Math.sqrt(r));
  }

  public static double acosSecondDerivative(double x) { return -asinSecondDerivative(x); }

  public static double atanSecondDerivative(double x) {
    double r = 1.0 + x * x;
    return -2.0 * x / (r * r);
  }

  public static double sinhSecondDerivative(double x) { return Math.sinh(x); }

  public static double coshSecondDerivative(double x) { return Math.cosh(x); }

  public static double expSecondDerivative(double x) { return Math.exp(x); }

  public static double expm1SecondDerivative(double x) { return Math.exp(x); }

  public static double log10SecondDerivative(double x) { return -1.0 / (x * x * LN10); }

  public static double log1pSecondDerivative(double x) {
    double r = 1.0 + x;
    return -1.0 / (r * r);
  }

  public static double cbrtSecondDerivative(double x) {
    double c = Math.cbrt(x);
    return -2.0 / (9.0 * c * c * c * c * c);
  }

  /**
   * {@code d^2(x^y)/dx dy = x^(y-1) (1 + y ln x)}, the derivative of {@link #powPartialBase} in
   * {@code y} and of {@link #powPartialExponent} in {@code x}; at {@code x == 0}: 1 for
   * {@code y == 1} ({@code d/dy y 0^(y-1)}), else 0 (the limit for {@code y > 1}).
   */
  public static double powSecondPartialMixed(double x, double y) {
    if (x == 0.0) {
      return y == 1.0 ? 1.0 : 0.0;
    }
    return Math.pow(x, y - 1.0) * (1.0 + y * Math.log(x));
  }

  /** {@code d^2(x^y)/dy^2 = x^y ln^2 x}; 0 where {@link #powPartialExponent} is constant 0. */
  public static double powSecondPartialExponent(double x, double y) {
    if (x == 0.0 && y >= 0.0) {
      return 0.0;
    }
    double r = Math.pow(x, y);
    double l = Math.log(x);
    return r == 0.0 ? 0.0 : r * l * l;
  }

  /** {@code d^2 atan2(y, x) / dy^2 = -2xy / (x^2 + y^2)^2}. */
  public static double atan2SecondPartialYY(double y, double x) {
    double r = x * x + y * y;
    return -2.0 * x * y / (r * r);
  }

  /** {@code d^2 atan2(y, x) / dy dx = (y^2 - x^2) / (x^2 + y^2)^2}. */
  public static double atan2SecondPartialYX(double y, double x) {
    double r = x * x + y * y;
    return (y * y - x * x) / (r * r);
  }

  /** {@code d^2 atan2(y, x) / dx^2 = 2xy / (x^2 + y^2)^2}. */
  public static double atan2SecondPartialXX(double y, double x) { return -atan2SecondPartialYY(y, x); }

  /** {@code d^2 hypot(x, y) / dx^2 = y^2 / h^3}; 0 at the origin. */
  public static double hypotSecondPartialXX(double x, double y) {
    double h = Math.hypot(x, y);
    return h == 0.0 ? 0.0 : y * y / (h * h * h);
  }

  /** {@code d^2 hypot(x, y) / dx dy = -xy / h^3}; 0 at the origin. */
  public static double hypotSecondPartialXY(double x, double y) {
    double h = Math.hypot(x, y);
    return h == 0.0 ? 0.0 : -x * y / (h * h * h);
  }

  /** {@code d^2 hypot(x, y) / dy^2 = x^2 / h^3}; 0 at the origin. */
  public static double hypotSecondPartialYY(double x, double y) { return hypotSecondPartialXX(y, x); }

  /** {@code d^2(x^y)/dx^2 = y (y-1) x^(y-2)}; 0 for {@code y == 0} or {@code y == 1}. */
  public static double powSecondPartialBase(double x, double y) {
    return y * powPartialBase(x, y - 1.0);
  }

  // ---- two arguments ------------------------------------------------------------------------

  /** {@code d(x^y)/dx = y * x^(y-1)}; 0 for {@code y == 0} (x^0 is constant 1). */
  public static double powPartialBase(double x, double y) {
    if (y == 0.0) {
      return 0.0;
    }
    return y * Math.pow(x, y - 1.0);
  }

  /**
   * {@code d(x^y)/dy = x^y * ln x}; 0 where {@code x == 0} and {@code y >= 0} (PyTorch's choice:
   * {@code 0^y} is constant 0 for {@code y > 0}) and where {@code x^y} underflows to 0.
   */
  public static double powPartialExponent(double x, double y) {
    if (x == 0.0 && y >= 0.0) {
      return 0.0;
    }
    double r = Math.pow(x, y);
    return r == 0.0 ? 0.0 : r * Math.log(x);
  }

  /** {@code d(a / b)/da = 1 / b}. */
  public static double divPartialFirst(double a, double b) { return 1.0 / b; }

  /** {@code d(a / b)/db = -a / b²}. */
  public static double divPartialSecond(double a, double b) { return -a / (b * b); }

  /**
   * {@code d (a % b) / db = -trunc(a / b)} (Java's {@code %} truncates; {@code d/da} is 1). The
   * quotient is recovered exactly from the remainder, which floating-point {@code %} computes
   * without rounding.
   */
  public static double remainderPartialDivisor(double a, double b) { return -Math.rint((a - a % b) / b); }

  /** {@code d atan2(y, x) / dy = x / (x^2 + y^2)}. */
  public static double atan2PartialY(double y, double x) { return x / (x * x + y * y); }

  /** {@code d atan2(y, x) / dx = -y / (x^2 + y^2)}. */
  public static double atan2PartialX(double y, double x) { return -y / (x * x + y * y); }

  /** {@code d hypot(x, y) / dx = x / hypot(x, y)}; 0 at the origin. */
  public static double hypotPartialX(double x, double y) {
    double h = Math.hypot(x, y);
    return h == 0.0 ? 0.0 : x / h;
  }

  /** {@code d hypot(x, y) / dy = y / hypot(x, y)}; 0 at the origin. */
  public static double hypotPartialY(double x, double y) {
    double h = Math.hypot(x, y);
    return h == 0.0 ? 0.0 : y / h;
  }

  /** {@code d max(a, b) / da}: 1 where a wins, 0.5 on a tie (PyTorch's {@code maximum}). */
  public static double maxPartialFirst(double a, double b) { return a > b ? 1.0 : a < b ? 0.0 : 0.5; }

  public static double maxPartialSecond(double a, double b) { return maxPartialFirst(b, a); }

  /** {@code d min(a, b) / da}: 1 where a wins, 0.5 on a tie (PyTorch's {@code minimum}). */
  public static double minPartialFirst(double a, double b) { return a < b ? 1.0 : a > b ? 0.0 : 0.5; }

  public static double minPartialSecond(double a, double b) { return minPartialFirst(b, a); }

  /** {@code d fma(a, b, c) / da = b} (the fused {@code a * b + c}). */
  public static double fmaPartialFirst(double a, double b, double c) { return b; }

  /** {@code d fma(a, b, c) / db = a}. */
  public static double fmaPartialSecond(double a, double b, double c) { return a; }

  /** {@code d fma(a, b, c) / dc = 1}. */
  public static double fmaPartialThird(double a, double b, double c) { return 1.0; }

  /** {@code d^2 fma(a, b, c) / da db = 1}: the derivative of {@link #fmaPartialFirst} in b and of {@link #fmaPartialSecond} in a. */
  public static double fmaSecondPartialMixed(double a, double b, double c) { return 1.0; }

  /**
   * {@code d copySign(m, s) / dm}: {@code copySign(m, s) = |m| sign(s)}, so the sign of m times the
   * sign (bit) of s; 0 at m == 0, as {@link #absDerivative} (PyTorch's {@code copysign}). The
   * derivative in s is 0.
   */
  public static double copySignPartialMagnitude(double m, double s) {
    return m == 0.0 ? 0.0 : Math.copySign(1.0, s) * Math.signum(m);
  }

  /** {@code d scalb(d, n) / dd = 2^n} ({@code n} an int, read here as a double holding it). */
  public static double scalbPartialScale(double d, double n) { return Math.scalb(1.0, (int) n); }
}
