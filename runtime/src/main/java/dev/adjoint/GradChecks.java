package dev.adjoint;

import dev.adjoint.internal.CheckedMethod;
import dev.adjoint.internal.gradcheck.Checker;
import dev.adjoint.internal.gradcheck.Companions;
import dev.adjoint.internal.gradcheck.TapeFunction;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Gradient checks: the derivatives the processor generated ({@link #verify}, {@link #assertAll})
 * and the dynamic tape's gradients ({@link #check}) against central finite differences, and
 * forward mode against reverse mode.
 *
 * <p>At every sample point, reverse mode is compared with central finite differences (step
 * {@code eps * max(1, |x|)}), forward mode with finite differences along a random direction, and
 * the two modes with each other by the dot-product test {@code <w, J u> = <J^T w, u>}; both modes
 * must also return the method's value and leave their arguments untouched. A comparison passes when
 * {@code |analytic - numeric| <= atol + rtol * |numeric|}. Non-finite values are failures, never
 * skipped.
 */
public final class GradChecks {
  private GradChecks() {}

  /**
   * Step and tolerances, with {@code torch.autograd.gradcheck}'s defaults. The finite-difference
   * step is {@code eps * max(1, |x|)} (PyTorch's is {@code eps}: the same for {@code |x| <= 1}, relative
   * beyond), and a comparison passes when {@code |analytic - numeric| <= atol + rtol * |numeric|}.
   * {@code seed} fixes the random samples and directions.
   */
  public record Options(double eps, double atol, double rtol, long seed) {
    public Options {
      Checker.requireValid(eps, atol, rtol);
    }

    /** {@code eps = 1e-6, atol = 1e-5, rtol = 1e-3, seed = 42}. */
    public static Options defaults() {
      return new Options(1e-6, 1e-5, 1e-3, 42);
    }

    public Options withEps(double eps) {
      return new Options(eps, atol, rtol, seed);
    }

    public Options withAtol(double atol) {
      return new Options(eps, atol, rtol, seed);
    }

    public Options withRtol(double rtol) {
      return new Options(eps, atol, rtol, seed);
    }

    public Options withSeed(long seed) {
      return new Options(eps, atol, rtol, seed);
    }

    private Checker checker() {
      return new Checker(eps, atol, rtol, seed);
    }
  }

  /**
   * One failed comparison (or a sample that could not be checked).
   *
   * @param method the checked method, e.g. {@code "Logistic.loss"}
   * @param sample which sample, with its values, e.g. {@code sample 2 "w=[0.1, 0.2], b=0.5"};
   *     {@code null} when the method could not be checked at any sample
   * @param check what was compared
   * @param element the element the comparison is about ({@code "w[1]"}, {@code "b"},
   *     {@code "output[0][2]"}), or {@code null} when it is about the whole sample
   * @param analytic the value from the derivative code ({@code NaN} when there is none)
   * @param numeric the value it was compared with ({@code NaN} when there is none)
   * @param note what went wrong, in words
   */
  public record Failure(
      String method, String sample, Check check, String element, double analytic, double numeric, String note) {

    /** What a failure compared. */
    public enum Check {
      REVERSE_VS_FINITE_DIFFERENCE("reverse mode vs central finite difference"),
      FORWARD_VS_FINITE_DIFFERENCE("forward mode vs central finite difference"),
      DOT_PRODUCT("dot-product test <v, J u> (forward) vs <J^T v, u> (reverse)"),
      VALUE("value returned by the derivative code vs the method's own value"),
      NON_FINITE("non-finite value"),
      SHAPE("shape of a derivative"),
      ARGUMENT_MUTATED("arguments unchanged"),
      EXCEPTION("exception"),
      SAMPLE("sample");

      private final String description;

      Check(String description) {
        this.description = description;
      }

      /** The comparison in words, as the report prints it. */
      public String description() {
        return description;
      }
    }

    /** {@code |analytic - numeric|}, or {@code NaN} when this failure compares no two numbers. */
    public double error() {
      return Math.abs(analytic - numeric);
    }

    /**
     * {@code method, sample: what, element: analytic a, numeric n, error e (note)}; a method that
     * could not be checked at all is {@code method: note}, one sentence.
     */
    @Override
    public String toString() {
      if (sample == null) {
        return method + ": " + note;
      }
      StringBuilder s = new StringBuilder(method).append(", ").append(sample).append(": ").append(check.description());
      if (element != null) {
        s.append(", ").append(element);
      }
      if (!Double.isNaN(analytic) || !Double.isNaN(numeric)) {
        s.append(": analytic ").append(analytic).append(", numeric ").append(numeric)
            .append(", error ").append(String.format("%.3e", error()));
      }
      return s.append(" (").append(note).append(')').toString();
    }
  }

  /** The outcome of a gradient check: every failure, and which methods were checked at how many points. */
  public static final class Report {
    private final List<Failure> failures;
    private final int methods;
    private final int points;
    private final int comparisons;
    private final Map<String, Integer> pointsByMethod;

    private Report(Checker checker) {
      this.failures = checker.failures();
      this.methods = checker.methods();
      this.points = checker.points();
      this.comparisons = checker.comparisons();
      this.pointsByMethod = checker.pointsByMethod();
    }

    public boolean passed() {
      return failures.isEmpty();
    }

    public List<Failure> failures() {
      return failures;
    }

    /** Methods (or functions) checked. */
    public int methods() {
      return methods;
    }

    /** Sample points checked. */
    public int points() {
      return points;
    }

    /** Numbers compared. */
    public int comparisons() {
      return comparisons;
    }

    /** The names of the checked methods ({@code "Logistic.loss"}), in the order they were checked. */
    public List<String> checkedMethods() {
      return List.copyOf(pointsByMethod.keySet());
    }

    /**
     * A summary line; then, per checked method, {@code passed} or {@code FAILED}, its name and how
     * many sample points it was checked at, followed by its failures (method, sample, what, element,
     * analytic and numeric value, error).
     */
    @Override
    public String toString() {
      StringBuilder s = new StringBuilder("gradient check ")
          .append(passed() ? "passed" : "FAILED with " + count(failures.size(), "failure")).append(": ")
          .append(count(methods, "method")).append(", ").append(count(points, "sample point")).append(", ")
          .append(count(comparisons, "comparison"));
      pointsByMethod.forEach((method, n) -> {
        List<Failure> own = failures.stream().filter(f -> f.method().equals(method)).toList();
        s.append("\n  ").append(own.isEmpty() ? "passed " : "FAILED ").append(method).append(": ")
            .append(count(n, "sample point"));
        if (!own.isEmpty()) {
          s.append(", ").append(count(own.size(), "failure"));
        }
        own.forEach(f -> s.append("\n    ").append(f));
      });
      return s.toString();
    }
  }

  /** Thrown by {@link #assertAll}: the message is the report's {@code toString()}. */
  public static final class ReportError extends AssertionError {
    private static final long serialVersionUID = 1L;
    private final transient Report report;

    private ReportError(Report report) {
      super(report.toString());
      this.report = report;
    }

    public Report report() {
      return report;
    }
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** Checks every {@code @Differentiable} method of {@code modelClass} with the default options. */
  public static Report verify(Class<?> modelClass) {
    return verify(modelClass, Options.defaults());
  }

  /**
   * Checks every {@code @Differentiable} method of {@code modelClass} at each {@code @GradCheck}
   * sample; a method without samples whose parameters are all {@code double}/{@code double[]} is
   * checked at 3 random samples (every value uniform in [0.1, 0.9], arrays of length 3); any
   * other method without samples is a failure naming the method and the parameter that needs one.
   *
   * @throws IllegalArgumentException if the class has no generated companion
   */
  public static Report verify(Class<?> modelClass, Options options) {
    Checker checker = options.checker();
    verifyInto(checker, modelClass);
    return new Report(checker);
  }

  /**
   * Verifies all classes with the default options; throws {@link ReportError} (an {@link
   * AssertionError}) carrying the report unless all pass. With no classes, verifies every model
   * on the class path, like {@link #verifyAll()}.
   */
  public static void assertAll(Class<?>... classes) {
    assertAll(Options.defaults(), classes);
  }

  /** {@link #assertAll(Class...)} with the given options. */
  public static void assertAll(Options options, Class<?>... classes) {
    Checker checker = options.checker();
    for (Class<?> c : classes.length == 0 ? Companions.registeredModels() : List.of(classes)) {
      verifyInto(checker, c);
    }
    Report report = new Report(checker);
    if (!report.passed()) {
      throw new ReportError(report);
    }
  }

  /**
   * Checks every model on the class path: each class with {@code @Differentiable} methods that
   * the processor compiled lists itself in {@code META-INF/adjoint/models} next to its classes.
   *
   * @throws IllegalStateException if no model is registered (the processor did not run)
   */
  public static Report verifyAll() {
    return verifyAll(Options.defaults());
  }

  /** {@link #verifyAll()} with the given options. */
  public static Report verifyAll(Options options) {
    Checker checker = options.checker();
    for (Class<?> c : Companions.registeredModels()) {
      verifyInto(checker, c);
    }
    return new Report(checker);
  }

  /**
   * One {@code @Differentiable} method at one sample point: the unit a test framework can run and
   * report on its own (adjoint-junit makes one dynamic test of each). {@link #run()} checks exactly
   * what {@link #verify} checks at that point.
   */
  public static final class Case {
    private final Class<?> model;
    private final String method;
    private final CheckedMethod checked;
    private final Checker.Sample sample;
    private final Options options;

    private Case(Class<?> model, String method, CheckedMethod checked, Checker.Sample sample, Options options) {
      this.model = model;
      this.method = method;
      this.checked = checked;
      this.sample = sample;
      this.options = options;
    }

    /** The model class whose method this checks. */
    public Class<?> model() {
      return model;
    }

    /** The method's simple name, e.g. {@code "loss"}. */
    public String methodName() {
      return checked.name();
    }

    /** The method as a report names it, e.g. {@code "Logistic.loss"}. */
    public String method() {
      return method;
    }

    /**
     * The sample point with its values, e.g. {@code sample 2 "x=3"} or {@code random sample 1
     * "x=0.37"}; {@code no samples} for a method that has none and cannot be sampled at random.
     */
    public String sample() {
      return sample.label();
    }

    /** Checks the method at this point; the report covers this one point. */
    public Report run() {
      Checker checker = options.checker();
      checker.checkMethodAt(method, checked, sample);
      return new Report(checker);
    }

    /** {@code Logistic.loss, sample 1 "w=[0.1, 0.2], b=0.5, x=[1, 2], y=1"}. */
    @Override
    public String toString() {
      return method + ", " + sample.label();
    }
  }

  /** Every method of {@code modelClass} at every sample point, with the default options, unchecked so far. */
  public static List<Case> cases(Class<?> modelClass) {
    return cases(modelClass, Options.defaults());
  }

  /** {@link #cases(Class)} with the given options. */
  public static List<Case> cases(Class<?> modelClass, Options options) {
    String model = Companions.displayName(modelClass);
    Checker checker = options.checker();
    List<Case> cases = new java.util.ArrayList<>();
    for (CheckedMethod method : Companions.checkedMethods(modelClass)) {
      String name = model + "." + method.name();
      for (Checker.Sample sample : checker.samples(name, method)) {
        cases.add(new Case(modelClass, name, method, sample, options));
      }
    }
    return cases;
  }

  /**
   * The models {@link #verifyAll()} checks: every class listed in a {@code META-INF/adjoint/models}
   * resource on the class path.
   *
   * @throws IllegalStateException if none is listed (the processor did not run)
   */
  public static List<Class<?>> registeredModels() {
    return Companions.registeredModels();
  }

  private static void verifyInto(Checker checker, Class<?> modelClass) {
    String model = Companions.displayName(modelClass);
    for (CheckedMethod method : Companions.checkedMethods(modelClass)) {
      checker.checkMethod(model + "." + method.name(), method);
    }
  }

  /**
   * Compares the tape's gradient of {@code f} with central finite differences, like {@code
   * torch.autograd.gradcheck}, with respect to every input that {@link Tensor#requiresGrad()}; the
   * others are held constant. A result with more than one element is checked through {@code <v,
   * f(inputs)>} for a random cotangent {@code v}. {@code f} runs on copies: the inputs keep their
   * values, {@code requiresGrad} flags and {@code grad()}.
   *
   * @throws IllegalArgumentException if no input requires grad
   */
  public static Report check(Function<Tensor[], Tensor> f, Tensor... inputs) {
    return check(f, Options.defaults(), inputs);
  }

  /** {@link #check(Function, Tensor...)} with {@code torch.autograd.gradcheck}'s eps, atol and rtol. */
  public static Report check(Function<Tensor[], Tensor> f, double eps, double atol, double rtol, Tensor... inputs) {
    return check(f, Options.defaults().withEps(eps).withAtol(atol).withRtol(rtol), inputs);
  }

  /** {@link #check(Function, Tensor...)} with the given options. */
  public static Report check(Function<Tensor[], Tensor> f, Options options, Tensor... inputs) {
    if (f == null || inputs == null || Arrays.asList(inputs).contains(null)) {
      throw new IllegalArgumentException("GradChecks.check: the function and every input must be non-null");
    }
    boolean[] wrt = new boolean[inputs.length];
    boolean any = false;
    for (int i = 0; i < inputs.length; i++) {
      wrt[i] = inputs[i].requiresGrad();
      any |= wrt[i];
    }
    if (!any) {
      throw new IllegalArgumentException("GradChecks.check: none of the " + inputs.length
          + " inputs requires grad; call requiresGrad(true) on those to check, as for torch.autograd.gradcheck");
    }
    Checker checker = options.checker();
    checker.checkMethodAt("GradChecks.check", TapeFunction.of(f, wrt), inputs, "the given inputs");
    return new Report(checker);
  }
}
