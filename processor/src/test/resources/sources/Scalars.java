package num;

import dev.adjoint.Differentiable;

/** Every construct of the scalar subset, one method each. */
final class Scalars {
  static final double K = 2.5;
  static final int THREE = 3;
  static final double ROOT2 = Math.sqrt(2.0);

  @Differentiable
  static double add(double x, double y) {
    return x + y;
  }

  @Differentiable
  static double mul(double x, double y) {
    return x * y;
  }

  @Differentiable
  static double quotients(double x, double y) {
    return x / y - y / x + x / 2;
  }

  @Differentiable
  static double remainder(double x, double y) {
    return x % y + y % 0.75;
  }

  @Differentiable
  static double signs(double x, double y) {
    return -x + +y - -(x * y);
  }

  @Differentiable
  static double polynomial(double x, double y) {
    return 3 * x * x * x - 2 * x * y + y * y - 7;
  }

  @Differentiable
  static double intMix(double x, int n) {
    return x * n + n / 2 + x / n;
  }

  @Differentiable
  static double longMix(double x, long m) {
    return x * m + m % 3 + 2L * x;
  }

  @Differentiable
  static double compound(double x, double y) {
    double s = x;
    s += y;
    s -= 0.5 * x;
    s *= y;
    s /= 1 + x * x;
    return s;
  }

  @Differentiable
  static double incrementDecrement(double x) {
    double a = x;
    a++;
    a--;
    ++a;
    int i = 0;
    i++;
    i += 2;
    --i;
    return a * a * i;
  }

  @Differentiable
  static double reassign(double x) {
    double t = x;
    t = t * t;
    t = Math.sin(t) + t;
    t = t / 3;
    return t;
  }

  @Differentiable
  static double casts(double x, int n) {
    double d = (double) n;
    long l = (long) n;
    int k = (int) 2.7;
    return x * d + (double) l * x + k * (double) x;
  }

  @Differentiable
  static double trig(double x, double y) {
    return Math.sin(x) * Math.cos(y) + Math.tan(x * y);
  }

  @Differentiable
  static double inverseTrig(double x, double y) {
    return Math.asin(x) + Math.acos(x * y) + Math.atan(y);
  }

  @Differentiable
  static double atan2Hypot(double x, double y) {
    return Math.atan2(y, x) * Math.hypot(x, y);
  }

  @Differentiable
  static double hyperbolic(double x, double y) {
    return Math.sinh(x) + Math.cosh(y) * Math.tanh(x - y);
  }

  @Differentiable
  static double exponentials(double x, double y) {
    return Math.exp(x) + Math.expm1(y) + Math.log(x) * Math.log10(y) + Math.log1p(x * y);
  }

  @Differentiable
  static double roots(double x, double y) {
    return Math.sqrt(x * y) + Math.cbrt(x - y);
  }

  @Differentiable
  static double powers(double x, double y) {
    return Math.pow(x, y) + Math.pow(x, 3) + Math.pow(2, y);
  }

  @Differentiable
  static double absMaxMin(double x, double y) {
    return Math.abs(x) * Math.max(x, y) + Math.min(x, 2 * y);
  }

  @Differentiable
  static double piecewiseConstant(double x, double y) {
    return Math.floor(x) * y + Math.ceil(y) * x + Math.rint(x) + Math.signum(y) * x + Math.round(x) * y;
  }

  @Differentiable
  static double angles(double x, double y) {
    return Math.toRadians(x) * Math.toDegrees(y);
  }

  @Differentiable
  static double strictMath(double x, double y) {
    return StrictMath.sin(x) + StrictMath.exp(y) * StrictMath.pow(x, 2);
  }

  @Differentiable
  static double constants(double x, double y) {
    return Math.PI * x + Math.E * y + K * x + ROOT2 * y + THREE * x * y;
  }

  @Differentiable
  static double ifElseChain(double x, double y) {
    if (x > y) {
      return x * y;
    } else if (x < 0) {
      return -x;
    } else {
      return y * y;
    }
  }

  @Differentiable
  static double earlyReturn(double x) {
    if (x < 0) {
      return 0;
    }
    double y = x * x;
    if (y > 4) {
      return y - 4;
    }
    y = y * 3;
    return y;
  }

  @Differentiable
  static double manyReturns(double x) {
    if (x < -1) return -x;
    if (x < 0) return x * x;
    if (x < 1) {
      double t = x * 3;
      if (t > 1.5) {
        return t;
      }
      return t * t;
    }
    return Math.log(x) + 1;
  }

  @Differentiable
  static double nestedBlocks(double x, double y) {
    double r = 0;
    {
      double t = x * 2;
      r += t;
    }
    {
      double t = y * 3;
      r += t * t;
    }
    return r;
  }

  @Differentiable
  static double ternary(double x, double y) {
    return x > y ? x * x : y * Math.sin(x);
  }

  @Differentiable
  static double logic(double x, double y, boolean flag) {
    boolean big = x > 1 && y > 1 || !flag;
    double r = big ? x : y;
    if (!(x < y) || flag) {
      r *= 2;
    }
    return r;
  }

  @Differentiable
  static double intCounter(double x, int n) {
    int i = n;
    double r = x;
    if (i > 2) {
      i = i - 1;
      r = r * i;
    }
    if (i % 2 == 0) {
      r += x;
    }
    return r * i;
  }

  @Differentiable
  static double flags(double x) {
    boolean negative = x < 0;
    double s = negative ? -x : x;
    return negative ? s * 2 : s;
  }

  @Differentiable
  static double callsSameClass(double x, double y) {
    return add(x, y) * mul(x, 2.0);
  }

  @Differentiable
  static double square(double x) {
    return x * x;
  }

  @Differentiable
  static double nestedCalls(double x) {
    return square(square(x) + 1) - square(3);
  }

  @Differentiable(wrt = "x")
  static double wrtX(double x, double y) {
    return x * y + y;
  }

  @Differentiable
  static double callsWrtSubset(double a, double b) {
    return wrtX(a * b, 2.0) * b;
  }

  static int twice(int n) {
    return 2 * n;
  }

  static boolean isBig(double x) {
    return x > 1;
  }

  @Differentiable
  static double inactiveCalls(double x, int n) {
    return x * twice(n) + Math.floorMod(n, 3) + Math.max(n, 2);
  }

  @Differentiable
  static double predicateCall(double x) {
    if (isBig(x)) {
      return x * 2;
    }
    return x;
  }

  @Differentiable(wrt = "x")
  static double inactiveDouble(double x, double c) {
    double k = c * c;
    return x * k;
  }

  @Differentiable
  static double varLocals(double x) {
    var t = x * 2;
    var n = 3;
    return t * n;
  }

  @Differentiable
  static double parameterReassigned(double x, double y) {
    x = x * y;
    y = y + x;
    return x * y;
  }

  @Differentiable
  static double selfReference(double x) {
    double s = x;
    s = s * s + s;
    return s;
  }

  @Differentiable
  static double unusedActive(double x, double y) {
    double u = Math.sin(x);
    double r = y * 2;
    return r;
  }

  @Differentiable
  static double deepExpression(double x) {
    return Math.exp(Math.sin(Math.cos(x * x) + 1) / (1 + x * x));
  }

  @Differentiable
  static double overwrittenOperand(double x, double y) {
    double a = x;
    double b = a * a;
    a = y;
    return a * b;
  }

  @Differentiable
  static double overwrittenInt(double x, int n) {
    int k = n;
    double r = x * k;
    k = k + 1;
    r = r * k;
    return r;
  }

  @Differentiable
  static double declaredLater(double x, double y) {
    double r;
    if (x > 0) {
      r = x * y;
    } else {
      r = y;
    }
    return r;
  }

  @Differentiable
  static double constantResult(double x) {
    return 4;
  }

  static final class Inner {
    @Differentiable
    static double cube(double x) {
      return x * x * x;
    }
  }

  @Differentiable
  static double callsNested(double x) {
    return Inner.cube(x) + Other.twiceSin(x);
  }
}
