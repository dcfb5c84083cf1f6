package dev.adjoint.internal.gradcheck;

import dev.adjoint.GradChecks.Failure.Check;
import dev.adjoint.GradChecks.Failure;
import dev.adjoint.internal.CheckedMethod;
import dev.adjoint.internal.Param;
import dev.adjoint.internal.ParamKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/**
 * Compares the derivative code of {@link CheckedMethod}s with each other and with central finite
 * differences of the method itself, collecting {@link Failure}s. At every sample point:
 *
 * <ol>
 *   <li>the method's value must be finite;
 *   <li>reverse mode with cotangent {@code v} ({@code v = 1} for a one-element result, else
 *       uniform in [-1, 1]) gives {@code J^T v}; each element is compared with the central
 *       difference {@code (<v, f(x + h e_i)> - <v, f(x - h e_i)>) / 2h}, {@code h = eps * max(1,
 *       |x_i|)};
 *   <li>forward mode with a random tangent {@code u} (uniform in [-1, 1]) gives {@code J u};
 *       each output element is compared with {@code (f(x + h u) - f(x - h u)) / 2h}, {@code h =
 *       eps * max(1, max |x|)};
 *   <li>dot-product test: {@code <w, J u>} from forward mode is compared with {@code <J^T w, u>}
 *       from reverse mode with a fresh random cotangent {@code w} (also for a one-element result,
 *       so that reverse mode must scale by its seed);
 *   <li>the values returned by reverse and forward mode must equal the method's value, and
 *       neither may change its arguments.
 * </ol>
 *
 * <p>A comparison passes when {@code |analytic - numeric| <= atol + rtol * |numeric|} (for the
 * dot-product test, {@code rtol} scales the sum of the absolute products). Non-finite values,
 * gradients and finite differences are failures with a note, never skipped. Random directions come
 * from a {@link Random} seeded by the seed, the method and the sample, so a report is reproducible.
 */
public final class Checker {
  /** Random samples per method that has no {@code @GradCheck} and only double/double[] parameters. */
  public static final int RANDOM_SAMPLES = 3;
  /** Length of every {@code double[]} argument of a random sample. */
  public static final int RANDOM_ARRAY_LENGTH = 3;
  /**
   * Random sample values are uniform in [0.1, 0.9]: inside the domains of log, sqrt, asin, acos,
   * log(1 - x) and pow with fractional exponents, and away from the kinks of abs, max and relu at 0.
   */
  public static final double RANDOM_MIN = 0.1;

  public static final double RANDOM_MAX = 0.9;

  private final double eps;
  private final double atol;
  private final double rtol;
  private final long seed;
  private final List<Failure> failures = new ArrayList<>();
  private int methods;
  private int points;
  private int comparisons;
  private final Map<String, Integer> pointsByMethod = new LinkedHashMap<>();

  public Checker(double eps, double atol, double rtol, long seed) {
    requireValid(eps, atol, rtol);
    this.eps = eps;
    this.atol = atol;
    this.rtol = rtol;
    this.seed = seed;
  }

  /** Throws {@link IllegalArgumentException} unless {@code eps > 0}, {@code atol >= 0} and {@code rtol >= 0}, all finite. */
  public static void requireValid(double eps, double atol, double rtol) {
    if (!(eps > 0 && atol >= 0 && rtol >= 0 && Double.isFinite(eps + atol + rtol))) {
      throw new IllegalArgumentException("gradient check needs finite eps > 0, atol >= 0, rtol >= 0 but got eps="
          + eps + ", atol=" + atol + ", rtol=" + rtol);
    }
  }

  public List<Failure> failures() {
    return List.copyOf(failures);
  }

  /** Methods checked so far. */
  public int methods() {
    return methods;
  }

  /** Sample points checked so far. */
  public int points() {
    return points;
  }

  /** Numbers compared so far. */
  public int comparisons() {
    return comparisons;
  }

  /** Every method checked so far, with its number of sample points (0 when none could be checked). */
  public Map<String, Integer> pointsByMethod() {
    return new LinkedHashMap<>(pointsByMethod);
  }

  /**
   * One sample point of a method: its label ({@code sample 2 "x=3"}, {@code random sample 1 "…"})
   * and arguments, or the failure that keeps it from being checked (a sample that does not parse,
   * a method that has no samples and cannot be sampled at random; then {@code args} is null).
   */
  public record Sample(String label, Object[] args, Failure problem) {}

  /** The points {@link #checkMethod} checks: each {@code @GradCheck} sample, or random samples when there are none. */
  public List<Sample> samples(String qualifiedName, CheckedMethod method) {
    return method.samples().isEmpty() ? randomSamples(qualifiedName, method) : givenSamples(qualifiedName, method);
  }

  /** Checks {@code method} at each of its {@link #samples}. */
  public void checkMethod(String qualifiedName, CheckedMethod method) {
    methods++;
    pointsByMethod.putIfAbsent(qualifiedName, 0);
    for (Sample sample : samples(qualifiedName, method)) {
      check(qualifiedName, method, sample);
    }
  }

  /** Checks {@code method} at one of its {@link #samples} only. */
  public void checkMethodAt(String qualifiedName, CheckedMethod method, Sample sample) {
    methods++;
    pointsByMethod.putIfAbsent(qualifiedName, 0);
    check(qualifiedName, method, sample);
  }

  private void check(String qualifiedName, CheckedMethod method, Sample sample) {
    if (sample.problem() != null) {
      failures.add(sample.problem());
    } else {
      checkAt(qualifiedName, method, sample.args(), sample.label());
    }
  }

  private static List<Sample> givenSamples(String qualifiedName, CheckedMethod method) {
    List<Param> params = method.parameters();
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < method.samples().size(); i++) {
      String text = method.samples().get(i);
      String sample = "sample " + (i + 1) + " \"" + text + "\"";
      SampleParser.Result parsed = SampleParser.parse(text, params);
      if (parsed instanceof SampleParser.Invalid invalid) {
        samples.add(new Sample(sample, null,
            new Failure(qualifiedName, sample, Check.SAMPLE, null, Double.NaN, Double.NaN, invalid.message())));
        continue;
      }
      Object[] args = ((SampleParser.Valid) parsed).arguments();
      for (int p = 0; p < args.length; p++) {
        args[p] = Values.fromParsed(args[p]);
      }
      samples.add(new Sample(sample, args, null));
    }
    return samples;
  }

  private List<Sample> randomSamples(String qualifiedName, CheckedMethod method) {
    List<Param> params = method.parameters();
    for (Param p : params) {
      if (p.kind() != ParamKind.DOUBLE && p.kind() != ParamKind.DOUBLE_ARRAY) {
        return List.of(new Sample("no samples", null, new Failure(qualifiedName, null, Check.SAMPLE, null, Double.NaN,
            Double.NaN, "no @GradCheck samples, and parameter '" + p.name() + "' (" + p.kind().javaType()
                + ") cannot be drawn at random (only double and double[] can); give the method samples"
                + (params.stream().anyMatch(q -> q.kind().javaType().endsWith("]") || q.kind() == ParamKind.TENSOR)
                    ? " of the shapes it expects" : "")
                + ", e.g. " + exampleAnnotation(params))));
      }
    }
    Random random = new Random(seed ^ qualifiedName.hashCode());
    List<Sample> samples = new ArrayList<>();
    for (int k = 1; k <= RANDOM_SAMPLES; k++) {
      Object[] args = new Object[params.size()];
      StringJoiner text = new StringJoiner(", ");
      for (int p = 0; p < args.length; p++) {
        boolean scalar = params.get(p).kind() == ParamKind.DOUBLE;
        double[] values = uniform(random, scalar ? 1 : RANDOM_ARRAY_LENGTH, RANDOM_MIN, RANDOM_MAX);
        args[p] = scalar ? (Object) values[0] : values;
        text.add(params.get(p).name() + "=" + Values.format(args[p]));
      }
      samples.add(new Sample("random sample " + k + " \"" + text + "\"", args, null));
    }
    return samples;
  }

  /** Checks {@code method} (ignoring its samples) at the one point {@code args}, which are not modified. */
  public void checkMethodAt(String qualifiedName, CheckedMethod method, Object[] args, String sample) {
    methods++;
    pointsByMethod.putIfAbsent(qualifiedName, 0);
    checkAt(qualifiedName, method, args, sample);
  }

  /** {@code @GradCheck("x=[[0.5, -1], [2, 0.25]], n=2")}: a value of each parameter's kind, to edit. */
  static String exampleAnnotation(List<Param> params) {
    StringJoiner sample = new StringJoiner(", ", "@GradCheck(\"", "\")");
    for (Param p : params) {
      String value = switch (p.kind()) {
        case DOUBLE -> "0.5";
        case DOUBLE_ARRAY -> "[0.5, -1, 2]";
        case DOUBLE_ARRAY2, TENSOR -> "[[0.5, -1], [2, 0.25]]";
        case INT, LONG -> "2";
        case BOOLEAN -> "true";
        case INT_ARRAY -> "[0, 1]";
        case OTHER -> null; // not expressible in a sample
      };
      if (value == null) {
        continue;
      }
      sample.add(p.name() + "=" + value);
    }
    return sample.toString();
  }

  private void checkAt(String qualifiedName, CheckedMethod method, Object[] args, String sample) {
    points++;
    pointsByMethod.merge(qualifiedName, 1, Integer::sum);
    new Point(qualifiedName, method, args, sample).check();
  }

  private static double[] uniform(Random random, int n, double min, double max) {
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = min + (max - min) * random.nextDouble();
    }
    return values;
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  /** Ends the checks of one point after its failure was recorded. */
  private static final class Abort extends Exception {
    private static final long serialVersionUID = 1L;

    Abort() {
      super(null, null, false, false);
    }
  }

  @FunctionalInterface
  private interface Call<T> {
    T call() throws Exception;
  }

  /** The checks at one sample point. */
  private final class Point {
    private final String method;
    private final CheckedMethod m;
    private final Object[] args;
    private final String sample;
    private final int[] wrt;
    private final Random random;

    Point(String method, CheckedMethod m, Object[] args, String sample) {
      this.method = method;
      this.m = m;
      this.args = args.clone();
      this.sample = sample;
      this.wrt = m.wrtIndices();
      this.random = new Random(seed * 31 + (method + '#' + sample).hashCode());
    }

    void check() {
      try {
        Object value = call("the method", () -> m.primal().call(copies()));
        double[] y = Values.flatten(m.result(), value);
        requireFinite(y, i -> output(value, i), "the method's value");
        double[] v = y.length == 1 ? new double[] {1} : uniform(random, y.length, -1, 1);
        reverseVsFiniteDifferences(value, v, vjp(value, y, v));
        if (m.forward() != null) {
          double[][] u = new double[wrt.length][];
          for (int j = 0; j < wrt.length; j++) {
            u[j] = uniform(random, Values.flatten(kind(wrt[j]), args[wrt[j]]).length, -1, 1);
          }
          double[] ju = jvp(value, y, u);
          forwardVsFiniteDifferences(value, u, ju);
          // a fresh random cotangent also for one-element results, so that the seed's scaling is tested
          double[] w = uniform(random, y.length, -1, 1);
          dotProduct(w, ju, vjp(value, y, w), u);
        }
      } catch (Abort recorded) {
        // the failure that ended this point is already in the list
      } catch (RuntimeException e) {
        fail(Check.EXCEPTION, null, Double.NaN, Double.NaN, "checking failed with " + e);
      }
    }

    /** Reverse mode with cotangent {@code v}: {@code J^T v} per wrt parameter, after checking what it returned. */
    private double[][] vjp(Object value, double[] y, double[] v) throws Abort {
      Object cotangent = Values.shapedLike(m.result(), value, v);
      Object[] passed = copies();
      Object[] results = call("reverse mode", () -> m.reverse().call(passed, cotangent));
      requireUnchanged(passed, "reverse mode");
      requireCount(results, wrt.length + 1, "reverse mode", "the value and one gradient per wrt parameter " + m.wrt());
      requireValue(results[0], value, y, "reverse mode");
      double[][] gradient = new double[wrt.length][];
      for (int j = 0; j < wrt.length; j++) {
        int param = wrt[j];
        requireShape(kind(param), results[j + 1], args[param], "reverse-mode gradient of '" + m.parameters().get(param).name() + "'");
        gradient[j] = Values.flatten(kind(param), results[j + 1]);
        requireFinite(gradient[j], e -> element(param, e), "the reverse-mode gradient");
      }
      return gradient;
    }

    /** Forward mode with tangents {@code u}: {@code J u}, after checking what it returned. */
    private double[] jvp(Object value, double[] y, double[][] u) throws Abort {
      Object[] tangents = new Object[wrt.length];
      for (int j = 0; j < wrt.length; j++) {
        tangents[j] = Values.shapedLike(kind(wrt[j]), args[wrt[j]], u[j]);
      }
      Object[] passed = copies();
      Object[] results = call("forward mode", () -> m.forward().call(passed, tangents));
      requireUnchanged(passed, "forward mode");
      requireCount(results, 2, "forward mode", "the value and the tangent");
      requireValue(results[0], value, y, "forward mode");
      requireShape(m.result(), results[1], value, "forward-mode tangent");
      double[] ju = Values.flatten(m.result(), results[1]);
      requireFinite(ju, i -> output(value, i), "the forward-mode tangent");
      return ju;
    }

    /** Each element of {@code J^T v} against the central difference of {@code <v, f>} in that element. */
    private void reverseVsFiniteDifferences(Object value, double[] v, double[][] gradient) throws Abort {
      String cotangent = v.length == 1 ? "" : "; gradient of <v, output> for a random cotangent v";
      for (int j = 0; j < wrt.length; j++) {
        int param = wrt[j];
        double[] x = Values.flatten(kind(param), args[param]);
        for (int e = 0; e < x.length; e++) {
          double h = eps * Math.max(1, Math.abs(x[e]));
          double[] plus = x.clone();
          double[] minus = x.clone();
          plus[e] += h;
          minus[e] -= h;
          double numeric = (dot(v, valueAt(param, plus, v.length)) - dot(v, valueAt(param, minus, v.length))) / (2 * h);
          compareFiniteDifference(Check.REVERSE_VS_FINITE_DIFFERENCE, element(param, e), gradient[j][e], numeric, h, cotangent);
        }
      }
    }

    /** Each element of {@code J u} against the central difference of {@code f} along {@code u}. */
    private void forwardVsFiniteDifferences(Object value, double[][] u, double[] ju) throws Abort {
      double scale = 0;
      for (int param : wrt) {
        for (double x : Values.flatten(kind(param), args[param])) {
          scale = Math.max(scale, Math.abs(x));
        }
      }
      double h = eps * Math.max(1, scale);
      double[] plus = valueAlong(u, h, ju.length);
      double[] minus = valueAlong(u, -h, ju.length);
      for (int i = 0; i < ju.length; i++) {
        compareFiniteDifference(Check.FORWARD_VS_FINITE_DIFFERENCE, output(value, i), ju[i], (plus[i] - minus[i]) / (2 * h), h,
            "; along a random tangent u");
      }
    }

    /** {@code <w, J u>} from forward mode against {@code <J^T w, u>} from reverse mode. */
    private void dotProduct(double[] w, double[] ju, double[][] gradient, double[][] u) {
      double forwardDot = dot(w, ju);
      double forwardMagnitude = 0;
      for (int i = 0; i < w.length; i++) {
        forwardMagnitude += Math.abs(w[i] * ju[i]);
      }
      double reverseDot = 0;
      double reverseMagnitude = 0;
      for (int j = 0; j < wrt.length; j++) {
        reverseDot += dot(gradient[j], u[j]);
        for (int e = 0; e < u[j].length; e++) {
          reverseMagnitude += Math.abs(gradient[j][e] * u[j][e]);
        }
      }
      double tolerance = atol + rtol * Math.max(forwardMagnitude, reverseMagnitude);
      compare(Check.DOT_PRODUCT, null, forwardDot, reverseDot, tolerance,
          "random u and v; tolerance " + format(tolerance) + ": forward and reverse mode disagree");
    }

    private void compareFiniteDifference(Check check, String element, double analytic, double numeric, double h, String how) {
      if (!Double.isFinite(numeric)) {
        fail(Check.NON_FINITE, element, analytic, numeric,
            "the finite difference is not finite: the method is not finite within h = " + format(h) + " of the sample");
        return;
      }
      double tolerance = atol + rtol * Math.abs(numeric);
      compare(check, element, analytic, numeric, tolerance, "h = " + format(h) + ", tolerance " + format(tolerance) + how);
    }

    private void compare(Check check, String element, double analytic, double numeric, double tolerance, String note) {
      comparisons++;
      if (!(Math.abs(analytic - numeric) <= tolerance)) {
        fail(check, element, analytic, numeric, note);
      }
    }

    /** The method's flattened value with wrt parameter {@code param} replaced by {@code x}. */
    private double[] valueAt(int param, double[] x, int length) throws Abort {
      Object[] a = copies();
      a[param] = Values.shapedLike(kind(param), args[param], x);
      return valueOf(a, length);
    }

    /** The method's flattened value at {@code args + h u}. */
    private double[] valueAlong(double[][] u, double h, int length) throws Abort {
      Object[] a = copies();
      for (int j = 0; j < wrt.length; j++) {
        double[] x = Values.flatten(kind(wrt[j]), args[wrt[j]]);
        for (int e = 0; e < x.length; e++) {
          x[e] += h * u[j][e];
        }
        a[wrt[j]] = Values.shapedLike(kind(wrt[j]), args[wrt[j]], x);
      }
      return valueOf(a, length);
    }

    private double[] valueOf(Object[] a, int length) throws Abort {
      double[] y = Values.flatten(m.result(), call("the method (finite difference)", () -> m.primal().call(a)));
      if (y.length != length) {
        fail(Check.SHAPE, null, Double.NaN, Double.NaN,
            "the method's result has " + y.length + " elements near the sample but " + length + " at it");
        throw new Abort();
      }
      return y;
    }

    private void requireValue(Object got, Object value, double[] y, String stage) throws Abort {
      requireShape(m.result(), got, value, "value returned by " + stage);
      double[] flat = Values.flatten(m.result(), got);
      for (int i = 0; i < y.length; i++) {
        double tolerance = atol + rtol * Math.abs(y[i]);
        compare(Check.VALUE, output(value, i), flat[i], y[i], tolerance, stage + " computes a different value than the method");
      }
    }

    private void requireShape(ParamKind kind, Object got, Object expected, String what) throws Abort {
      String gotShape = Values.shape(kind, got);
      String expectedShape = Values.shape(kind, expected);
      if (!gotShape.equals(expectedShape)) {
        fail(Check.SHAPE, null, Double.NaN, Double.NaN, what + " is " + gotShape + " but should be " + expectedShape);
        throw new Abort();
      }
    }

    private void requireCount(Object[] results, int count, String stage, String what) throws Abort {
      if (results == null || results.length != count) {
        fail(Check.SHAPE, null, Double.NaN, Double.NaN, stage + " returned "
            + (results == null ? "null" : results.length + " values") + " but should return " + count + ": " + what);
        throw new Abort();
      }
    }

    private void requireFinite(double[] values, java.util.function.IntFunction<String> name, String what) throws Abort {
      List<Integer> bad = new ArrayList<>();
      for (int i = 0; i < values.length; i++) {
        if (!Double.isFinite(values[i])) {
          bad.add(i);
        }
      }
      if (!bad.isEmpty()) {
        int first = bad.get(0);
        fail(Check.NON_FINITE, name.apply(first), values[first], Double.NaN, what + " is " + values[first]
            + (bad.size() > 1 ? " (" + bad.size() + " of " + values.length + " elements are not finite)" : "")
            + ": no derivative can be checked at this sample");
        throw new Abort();
      }
    }

    private void requireUnchanged(Object[] passed, String stage) throws Abort {
      List<String> changed = new ArrayList<>();
      for (int p = 0; p < args.length; p++) {
        if (!Values.unchanged(kind(p), args[p], passed[p])) {
          changed.add(m.parameters().get(p).name());
        }
      }
      if (!changed.isEmpty()) {
        fail(Check.ARGUMENT_MUTATED, null, Double.NaN, Double.NaN,
            stage + " changed argument " + changed.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", ")));
        throw new Abort();
      }
    }

    private <T> T call(String stage, Call<T> call) throws Abort {
      try {
        return call.call();
      } catch (Exception e) {
        fail(Check.EXCEPTION, null, Double.NaN, Double.NaN, stage + " threw " + e);
        throw new Abort();
      }
    }

    private Object[] copies() {
      Object[] copies = new Object[args.length];
      for (int p = 0; p < args.length; p++) {
        copies[p] = Values.copy(kind(p), args[p]);
      }
      return copies;
    }

    private ParamKind kind(int param) {
      return m.parameters().get(param).kind();
    }

    private String element(int param, int index) {
      Param p = m.parameters().get(param);
      return Values.elementName(p.kind(), p.name(), args[param], index);
    }

    private String output(Object value, int index) {
      return Values.elementName(m.result(), "output", value, index);
    }

    private void fail(Check check, String element, double analytic, double numeric, String note) {
      failures.add(new Failure(method, sample, check, element, analytic, numeric, note));
    }
  }

  private static String format(double x) {
    return String.format("%.1e", x);
  }
}
