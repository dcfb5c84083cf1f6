package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@link ElementwiseFunction#applyTo} and {@link ElementwiseFunction#applyTimes} (the loops the
 * tensor ops run, chosen once per array) against closed forms written here, on inputs that include
 * zeros, infinities and NaN, for every built-in function and every derivative in its chain; and
 * the one-loop backward {@link Tensor#mulDerivative} against {@code grad * f'(x)}.
 */
class ElementwiseBulkTest {
  private static final double[] XS = {-30.0, -3.0, -0.7, -1e-3, -0.0, 0.0, 0.25, 1.5, 4.0, 40.0,
      Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};

  private record Case(ElementwiseFunction f, DoubleUnaryOperator closedForm) {}

  private static double sigmoid(double x) { return 1 / (1 + Math.exp(-x)); }

  private static List<Case> cases() {
    ElementwiseFunction e = ElementwiseFunction.EXP;
    ElementwiseFunction l = ElementwiseFunction.LOG;
    ElementwiseFunction s = ElementwiseFunction.SIN;
    ElementwiseFunction c = ElementwiseFunction.COS;
    ElementwiseFunction t = ElementwiseFunction.TANH;
    ElementwiseFunction g = ElementwiseFunction.SIGMOID;
    ElementwiseFunction r = ElementwiseFunction.RELU;
    ElementwiseFunction q = ElementwiseFunction.SQRT;
    ElementwiseFunction a = ElementwiseFunction.ABS;
    return List.of(
        new Case(e, Math::exp), new Case(e.derivative(), Math::exp), new Case(e.derivativeFromValue(), y -> y),
        new Case(l, Math::log), new Case(l.derivative(), x -> 1 / x), new Case(l.derivative().derivative(), x -> -1 / (x * x)),
        new Case(s, Math::sin), new Case(s.derivative(), Math::cos), new Case(s.derivative().derivative(), x -> -Math.sin(x)),
        new Case(s.derivative().derivative().derivative(), x -> -Math.cos(x)),
        new Case(c, Math::cos), new Case(c.derivative(), x -> -Math.sin(x)),
        new Case(c.derivative().derivative(), x -> -Math.cos(x)),
        new Case(t, Math::tanh), new Case(t.derivative(), x -> 1 - Math.tanh(x) * Math.tanh(x)),
        new Case(t.derivative().derivative(), x -> -2 * Math.tanh(x) * (1 - Math.tanh(x) * Math.tanh(x))),
        new Case(t.derivativeFromValue(), y -> 1 - y * y),
        new Case(g, ElementwiseBulkTest::sigmoid), new Case(g.derivative(), x -> sigmoid(x) * (1 - sigmoid(x))),
        new Case(g.derivative().derivative(), x -> sigmoid(x) * (1 - sigmoid(x)) * (1 - 2 * sigmoid(x))),
        new Case(g.derivativeFromValue(), y -> y * (1 - y)),
        new Case(r, x -> Double.isNaN(x) ? x : x > 0 ? x : 0.0), new Case(r.derivative(), x -> x > 0 ? 1.0 : 0.0),
        new Case(r.derivative().derivative(), x -> 0.0),
        new Case(q, Math::sqrt), new Case(q.derivative(), x -> 0.5 / Math.sqrt(x)),
        new Case(q.derivative().derivative(), x -> -0.25 / (x * Math.sqrt(x))),
        new Case(a, Math::abs), new Case(a.derivative(), x -> x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0),
        new Case(ElementwiseFunction.pow(2.5), x -> Math.pow(x, 2.5)),
        new Case(ElementwiseFunction.clamp(-1, 2), x -> Math.min(Math.max(x, -1), 2)),
        new Case(ElementwiseFunction.of("cube", x -> x * x * x, null), x -> x * x * x));
  }

  private static void assertSame(double expected, double actual, String what) {
    if (Double.isNaN(expected)) {
      assertEquals(expected, actual, what); // NaN equals NaN here
    } else {
      assertEquals(expected, actual, 1e-15 * Math.max(1, Math.abs(expected)), what);
    }
  }

  @Test
  void bulkLoopsMatchClosedFormsAndThePerElementForm() {
    double[] gs = new double[XS.length];
    for (int i = 0; i < gs.length; i++) {
      gs[i] = 0.5 - 0.3 * i;
    }
    for (Case k : cases()) {
      double[] out = new double[XS.length];
      k.f().applyTo(XS, out);
      double[] times = new double[XS.length];
      k.f().applyTimes(XS, gs, times);
      for (int i = 0; i < XS.length; i++) {
        String what = k.f() + " at " + XS[i];
        assertSame(k.closedForm().applyAsDouble(XS[i]), out[i], what);
        assertEquals(k.f().apply(XS[i]), out[i], 0.0, what + " (per element)");
        assertSame(gs[i] * k.closedForm().applyAsDouble(XS[i]), times[i], what + " times g");
      }
      double[] inPlace = XS.clone();
      k.f().applyTo(inPlace, inPlace);
      for (int i = 0; i < XS.length; i++) {
        assertEquals(out[i], inPlace[i], 0.0, k.f() + " in place");
      }
    }
  }

  @Test
  void lengthsAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> ElementwiseFunction.TANH.applyTo(new double[3], new double[2]));
    assertThrows(IllegalArgumentException.class,
        () -> ElementwiseFunction.TANH.applyTimes(new double[3], new double[2], new double[3]));
  }

  @Test
  void oneLoopBackwardEqualsGradTimesDerivative() {
    double[] xs = {-2.0, -0.5, 0.0, 0.3, 1.7, 3.0};
    double[] gs = {0.1, -2.0, 3.0, 0.5, -0.25, 1.0};
    for (ElementwiseFunction f : List.of(ElementwiseFunction.TANH, ElementwiseFunction.SIGMOID,
        ElementwiseFunction.EXP, ElementwiseFunction.SIN, ElementwiseFunction.RELU, ElementwiseFunction.LOG)) {
      Tensor x = Tensor.of(xs, 2, 3);
      Tensor g = Tensor.of(gs, 2, 3);
      Tensor fresh = x.mulDerivative(f, g); // f'(x) computed from x
      x.map(f); // now the forward result is there to reuse (tanh, sigmoid, exp)
      Tensor reused = x.mulDerivative(f, g);
      Tensor broadcast = x.mulDerivative(f, Tensor.scalar(2.0)); // shapes differ: the two-step path
      for (int i = 0; i < xs.length; i++) {
        double d = f.derivative().apply(xs[i]);
        assertSame(gs[i] * d, fresh.toArray()[i], f + " fresh at " + xs[i]);
        assertSame(gs[i] * d, reused.toArray()[i], f + " reused at " + xs[i]);
        assertSame(2.0 * d, broadcast.toArray()[i], f + " broadcast at " + xs[i]);
      }
    }
  }
}
