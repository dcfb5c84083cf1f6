package dev.adjoint.internal.gradcheck;

import static dev.adjoint.internal.ParamKind.DOUBLE;
import static dev.adjoint.internal.ParamKind.DOUBLE_ARRAY2;
import static dev.adjoint.internal.ParamKind.DOUBLE_ARRAY;
import static dev.adjoint.internal.ParamKind.INT;
import static dev.adjoint.internal.ParamKind.TENSOR;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.GradChecks.Failure.Check;
import dev.adjoint.GradChecks.Failure;
import dev.adjoint.Tensor;
import dev.adjoint.internal.CheckedMethod;
import dev.adjoint.internal.Param;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The checks on hand-written {@link CheckedMethod}s, each deliberately right or wrong in one way. */
class CheckerTest {
  private static final CheckedMethod LOSS = LogisticDerivatives.checkedMethods().get(0);
  private static final CheckedMethod SCALED_LOG_SUM = LogisticDerivatives.checkedMethods().get(1);
  private static final String SAMPLE_1 = "sample 1 \"w=[0.1, 0.2], b=0.5, x=[1, 2], y=1\"";
  // By hand: at sample 1, z = 0.5 + 0.1 * 1 + 0.2 * 2 = 1 and d loss/db = sigmoid(1) - y;
  // at sample 2, z = 0 - 1 * 0.5 + 3 * -2 = -6.5 and d loss/db = sigmoid(-6.5) - 0.
  private static final double DB_SAMPLE_1 = 0.7310585786300049 - 1;
  private static final double DB_SAMPLE_2 = 0.0015011822567369917;

  private static Checker checker() {
    return new Checker(1e-6, 1e-5, 1e-3, 42);
  }

  private static List<Failure> check(CheckedMethod method) {
    Checker checker = checker();
    checker.checkMethod("M." + method.name(), method);
    return checker.failures();
  }

  private static CheckedMethod with(CheckedMethod m, CheckedMethod.Reverse reverse, CheckedMethod.Forward forward) {
    return new CheckedMethod(m.name(), m.parameters(), m.result(), m.wrt(), m.samples(), m.primal(), reverse, forward);
  }

  private static CheckedMethod withSamples(CheckedMethod m, String... samples) {
    return new CheckedMethod(m.name(), m.parameters(), m.result(), m.wrt(), List.of(samples), m.primal(), m.reverse(), m.forward());
  }

  private static Set<Check> checks(List<Failure> failures) {
    return failures.stream().map(Failure::check).collect(Collectors.toSet());
  }

  /** {@code sqrt(x)} with correct derivative code, to probe non-finite values near 0. */
  private static CheckedMethod sqrt(String... samples) {
    return new CheckedMethod("sqrt", List.of(Param.of("x", DOUBLE)), DOUBLE, List.of("x"), List.of(samples),
        a -> Math.sqrt((double) a[0]),
        (a, seed) -> new Object[] {Math.sqrt((double) a[0]), (double) seed * 0.5 / Math.sqrt((double) a[0])},
        (a, t) -> new Object[] {Math.sqrt((double) a[0]), 0.5 / Math.sqrt((double) a[0]) * (double) t[0]});
  }

  @Test
  void correctMethodPassesEveryComparison() {
    Checker checker = checker();
    checker.checkMethod("Logistic.loss", LOSS);
    assertEquals(List.of(), checker.failures());
    assertEquals(2, checker.points());
    // per sample: reverse value, 3 finite differences (w[0], w[1], b), forward value, forward
    // finite difference, reverse value with a random seed, dot product
    assertEquals(2 * 8, checker.comparisons());
  }

  @Test
  void wrongReverseDerivativeIsCaughtWithBothValues() {
    CheckedMethod wrong = with(LOSS, (a, seed) -> {
      Object[] r = LOSS.reverse().call(a, seed);
      r[2] = 1.1 * (double) r[2];
      return r;
    }, LOSS.forward());
    List<Failure> reverse = check(wrong).stream().filter(f -> f.check() == Check.REVERSE_VS_FINITE_DIFFERENCE).toList();
    assertEquals(2, reverse.size(), reverse::toString);
    Failure first = reverse.get(0);
    assertEquals("M.loss", first.method());
    assertEquals(SAMPLE_1, first.sample());
    assertEquals("b", first.element());
    assertEquals(1.1 * DB_SAMPLE_1, first.analytic(), 1e-12);
    assertEquals(DB_SAMPLE_1, first.numeric(), 1e-8);
    assertEquals("b", reverse.get(1).element());
    assertEquals(DB_SAMPLE_2, reverse.get(1).numeric(), 1e-8);
  }

  @Test
  void wrongForwardDerivativeIsCaughtByTheDotProductTest() {
    CheckedMethod wrong = with(LOSS, LOSS.reverse(), (a, t) -> {
      Object[] r = LOSS.forward().call(a, t);
      r[1] = 2 * (double) r[1];
      return r;
    });
    List<Failure> failures = check(wrong);
    assertEquals(Set.of(Check.DOT_PRODUCT, Check.FORWARD_VS_FINITE_DIFFERENCE), checks(failures), failures::toString);
    List<Failure> dot = failures.stream().filter(f -> f.check() == Check.DOT_PRODUCT).toList();
    assertEquals(2, dot.size());
    for (Failure f : dot) {
      assertEquals(2 * f.numeric(), f.analytic(), 1e-12); // <v, 2 J u> against <J^T v, u>
    }
  }

  @Test
  void reverseModeThatIgnoresItsSeedIsCaughtByTheDotProductTest() {
    CheckedMethod wrong = with(LOSS, (a, seed) -> LOSS.reverse().call(a, 1.0), LOSS.forward());
    assertEquals(Set.of(Check.DOT_PRODUCT), checks(check(wrong)));
  }

  @Test
  void nonFiniteValueIsReportedNotSkipped() {
    CheckedMethod log = new CheckedMethod("log", List.of(Param.of("x", DOUBLE)), DOUBLE, List.of("x"), List.of("x=-1"),
        a -> Math.log((double) a[0]),
        (a, seed) -> new Object[] {Math.log((double) a[0]), (double) seed / (double) a[0]},
        (a, t) -> new Object[] {Math.log((double) a[0]), (double) t[0] / (double) a[0]});
    List<Failure> failures = check(log);
    assertEquals(1, failures.size());
    assertEquals(Check.NON_FINITE, failures.get(0).check());
    assertEquals("output", failures.get(0).element());
    assertEquals("the method's value is NaN: no derivative can be checked at this sample", failures.get(0).note());
  }

  @Test
  void infiniteDerivativeIsReported() {
    List<Failure> failures = check(sqrt("x=0"));
    assertEquals(1, failures.size());
    assertEquals(Check.NON_FINITE, failures.get(0).check());
    assertEquals("x", failures.get(0).element());
    assertEquals("the reverse-mode gradient is Infinity: no derivative can be checked at this sample", failures.get(0).note());
  }

  @Test
  void nonFiniteFiniteDifferenceIsReported() {
    // x - h < 0 with h = 1e-6, so sqrt(x - h) is NaN though sqrt and its derivative are finite at x
    Failure failure = check(sqrt("x=1e-7")).get(0);
    assertEquals(Check.NON_FINITE, failure.check());
    assertEquals("x", failure.element());
    assertEquals(0.5 / Math.sqrt(1e-7), failure.analytic());
    assertEquals("the finite difference is not finite: the method is not finite within h = 1.0e-06 of the sample",
        failure.note());
  }

  @Test
  void methodWithoutSamplesIsCheckedAtReproducibleRandomSamples() {
    List<Object[]> seen = new ArrayList<>();
    CheckedMethod recording = with(SCALED_LOG_SUM, (a, seed) -> {
      seen.add(a.clone());
      return SCALED_LOG_SUM.reverse().call(a, seed);
    }, SCALED_LOG_SUM.forward());
    Checker checker = checker();
    checker.checkMethod("M.scaledLogSum", recording);
    assertEquals(List.of(), checker.failures());
    assertEquals(3, checker.points());
    assertEquals(2 * 3, seen.size()); // reverse mode runs twice at each point
    for (Object[] args : seen) {
      double a = (double) args[0];
      double[] v = (double[]) args[1];
      assertEquals(3, v.length);
      for (double x : new double[] {a, v[0], v[1], v[2]}) {
        assertTrue(x >= 0.1 && x <= 0.9, () -> "random value " + x);
      }
    }
    List<Object[]> first = List.copyOf(seen);
    seen.clear();
    checker().checkMethod("M.scaledLogSum", recording);
    assertArrayEquals(first.get(4), seen.get(4)); // same seed, same samples
    seen.clear();
    new Checker(1e-6, 1e-5, 1e-3, 7).checkMethod("M.scaledLogSum", recording);
    assertNotEquals((double) first.get(0)[0], (double) seen.get(0)[0]);
  }

  @Test
  void methodWithoutSamplesAndAnIntParameterIsAFailure() {
    CheckedMethod powered = new CheckedMethod("power", List.of(Param.of("x", DOUBLE), Param.of("n", INT)), DOUBLE,
        List.of("x"), List.of(), a -> Math.pow((double) a[0], (int) a[1]),
        (a, s) -> new Object[0], (a, t) -> new Object[0]);
    List<Failure> failures = check(powered);
    assertEquals(1, failures.size());
    assertEquals("M.power: no @GradCheck samples, and parameter 'n' (int) cannot be drawn at random (only double"
        + " and double[] can); give the method samples, e.g. @GradCheck(\"x=0.5, n=2\")", failures.get(0).toString());
  }

  @Test
  void invalidSampleIsReportedWithTheParserMessage() {
    List<Failure> failures = check(withSamples(LOSS, "w=[1], b=0.5"));
    assertEquals(1, failures.size());
    assertEquals(Check.SAMPLE, failures.get(0).check());
    assertEquals("missing parameter 'x' at column 13", failures.get(0).note());
  }

  @Test
  void derivativeCodeThatChangesItsArgumentsIsReported() {
    CheckedMethod mutating = with(LOSS, (a, seed) -> {
      Object[] r = LOSS.reverse().call(a, seed);
      ((double[]) a[2])[0] = 99;
      return r;
    }, LOSS.forward());
    Failure failure = check(mutating).get(0);
    assertEquals(Check.ARGUMENT_MUTATED, failure.check());
    assertEquals("reverse mode changed argument 'x'", failure.note());
  }

  @Test
  void exceptionIsReportedWithTheModeThatThrewIt() {
    CheckedMethod throwing = with(LOSS, LOSS.reverse(), (a, t) -> {
      throw new IllegalStateException("boom");
    });
    List<Failure> failures = check(throwing);
    assertEquals(2, failures.size());
    assertEquals(Check.EXCEPTION, failures.get(0).check());
    assertEquals("forward mode threw java.lang.IllegalStateException: boom", failures.get(0).note());
  }

  @Test
  void wrongValueFromDerivativeCodeIsReported() {
    CheckedMethod wrong = with(LOSS, (a, seed) -> {
      Object[] r = LOSS.reverse().call(a, seed);
      r[0] = (double) r[0] + 1;
      return r;
    }, LOSS.forward());
    List<Failure> failures = check(wrong);
    assertEquals(Set.of(Check.VALUE), checks(failures));
    assertEquals(failures.get(0).numeric() + 1, failures.get(0).analytic(), 1e-12);
    assertEquals("reverse mode computes a different value than the method", failures.get(0).note());
  }

  @Test
  void gradientOfTheWrongShapeIsReported() {
    CheckedMethod wrong = with(LOSS, (a, seed) -> {
      Object[] r = LOSS.reverse().call(a, seed);
      r[1] = new double[1];
      return r;
    }, LOSS.forward());
    Failure failure = check(wrong).get(0);
    assertEquals(Check.SHAPE, failure.check());
    assertEquals("reverse-mode gradient of 'w' is double[1] but should be double[2]", failure.note());
  }

  /** {@code y = A x} for a 2x3 matrix: array result, matrix parameter, random cotangent. */
  private static CheckedMethod matVec(boolean forgetSeed) {
    return new CheckedMethod("matVec", List.of(Param.of("a", DOUBLE_ARRAY2), Param.of("x", DOUBLE_ARRAY)), DOUBLE_ARRAY,
        List.of("a", "x"), List.of("a=[[1, 2, 3], [-4, 5, 0.5]], x=[0.5, -1, 2]"),
        a -> matVec((double[][]) a[0], (double[]) a[1]),
        (args, seed) -> {
          double[][] a = (double[][]) args[0];
          double[] x = (double[]) args[1];
          double[] s = (double[]) seed;
          double[][] ga = new double[2][3];
          double[] gx = new double[3];
          for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
              ga[i][j] = s[i] * x[j];
              gx[j] += a[i][j] * (forgetSeed ? 1 : s[i]);
            }
          }
          return new Object[] {matVec(a, x), ga, gx};
        },
        (args, t) -> {
          double[][] a = (double[][]) args[0];
          double[] x = (double[]) args[1];
          double[] dy = matVec((double[][]) t[0], x);
          double[] adx = matVec(a, (double[]) t[1]);
          return new Object[] {matVec(a, x), new double[] {dy[0] + adx[0], dy[1] + adx[1]}};
        });
  }

  private static double[] matVec(double[][] a, double[] x) {
    double[] y = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < x.length; j++) {
        y[i] += a[i][j] * x[j];
      }
    }
    return y;
  }

  @Test
  void arrayResultsAndMatrixParametersAreChecked() {
    assertEquals(List.of(), check(matVec(false)));
    List<Failure> failures = check(matVec(true));
    List<String> reverse = failures.stream()
        .filter(f -> f.check() == Check.REVERSE_VS_FINITE_DIFFERENCE).map(Failure::element).toList();
    assertEquals(List.of("x[0]", "x[1]", "x[2]"), reverse);
  }

  /** {@code sum of x^2 * scale} for a tensor {@code x}; {@code bug} adds 1 to the gradient element [1, 0]. */
  private static CheckedMethod sumOfSquares(boolean bug) {
    return new CheckedMethod("sumOfSquares", List.of(Param.of("x", TENSOR), Param.of("scale", INT)), TENSOR, List.of("x"),
        List.of("x=[[1, 2], [3, 4]], scale=2", "x=[[-0.5, 1], [1.5, 0]], scale=-1"),
        a -> ((Tensor) a[0]).pow(2.0).sum().mul((int) a[1]),
        (a, seed) -> {
          Tensor x = (Tensor) a[0];
          double[] g = x.mul(2.0 * (int) a[1] * ((Tensor) seed).item()).toArray();
          if (bug) {
            g[2] += 1;
          }
          return new Object[] {x.pow(2.0).sum().mul((int) a[1]), Tensor.of(g, x.shape())};
        },
        (a, t) -> {
          Tensor x = (Tensor) a[0];
          return new Object[] {x.pow(2.0).sum().mul((int) a[1]), x.mul((Tensor) t[0]).sum().mul(2.0 * (int) a[1])};
        });
  }

  @Test
  void tensorSamplesAreParsedAndTensorElementsNamed() {
    Checker checker = checker();
    checker.checkMethod("M.sumOfSquares", sumOfSquares(false));
    assertEquals(List.of(), checker.failures());
    assertEquals(2, checker.points());
    List<Failure> reverse = check(sumOfSquares(true)).stream()
        .filter(f -> f.check() == Check.REVERSE_VS_FINITE_DIFFERENCE).toList();
    // flat element 2 is [1, 0]: x = 3, d/dx (2 x^2) = 12; x = 1.5, d/dx (-x^2) = -3
    assertEquals(List.of("x[1, 0]", "x[1, 0]"), reverse.stream().map(Failure::element).toList());
    assertEquals(13.0, reverse.get(0).analytic(), 1e-12);
    assertEquals(12.0, reverse.get(0).numeric(), 1e-6);
    assertEquals(-2.0, reverse.get(1).analytic(), 1e-12);
    assertEquals(-3.0, reverse.get(1).numeric(), 1e-6);
  }

  @Test
  void derivativeCodeThatLeavesATensorArgumentRequiringGradIsReported() {
    CheckedMethod right = sumOfSquares(false);
    CheckedMethod leaky = with(right, (a, seed) -> {
      ((Tensor) a[0]).requiresGrad(true); // as a careless tape fallback would
      return right.reverse().call(a, seed);
    }, right.forward());
    Failure failure = check(leaky).get(0);
    assertEquals(Check.ARGUMENT_MUTATED, failure.check());
    assertEquals("reverse mode changed argument 'x'", failure.note());
  }

  @Test
  void failureToStringHasEveryPart() {
    Failure f = new Failure("Logistic.loss", "sample 2 \"b=1\"", Check.REVERSE_VS_FINITE_DIFFERENCE, "w[1]", 0.5, 0.25, "h = 1.0e-06");
    assertEquals("Logistic.loss, sample 2 \"b=1\": reverse mode vs central finite difference, w[1]: analytic 0.5,"
        + " numeric 0.25, error 2.500e-01 (h = 1.0e-06)", f.toString());
  }
}
