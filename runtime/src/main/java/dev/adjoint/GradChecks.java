package dev.adjoint;

import dev.adjoint.internal.gradcheck.Checker;
import dev.adjoint.internal.CheckedMethod;
import dev.adjoint.internal.gradcheck.Companions;
import dev.adjoint.internal.gradcheck.Failure;
import dev.adjoint.internal.gradcheck.TapeFunction;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Gradient checks: the derivatives the processor generated ({@link #verify}, {@link #assertAll})
 * and the dynamic tape's gradients ({@link #check}) against central finite differences, and
 * forward mode against reverse mode. See {@link Checker} for exactly what is compared and {@link
 * CheckedMethod} for how generated companions take part.
 */
public final class GradChecks {
  private GradChecks() {}

  /**
   * Step and tolerances, with {@code torch.autograd.gradcheck}'s defaults. The finite-difference
   * step is {@code eps * max(1, |x|)} (PyTorch's is {@code eps}: the same for |x| <= 1, relative
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

  /** The outcome of a gradient check: every failure, and how much was checked. */
  public static final class Report {
    private final List<Failure> failures;
    private final int methods;
    private final int points;
    private final int comparisons;

    private Report(Checker checker) {
      this.failures = checker.failures();
      this.methods = checker.methods();
      this.points = checker.points();
      this.comparisons = checker.comparisons();
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

    /** A summary line, then one line per failure: method, sample, what, element, analytic and numeric value, error. */
    @Override
    public String toString() {
      String summary = "gradient check " + (passed() ? "passed" : "FAILED with " + count(failures.size(), "failure"))
          + ": " + count(methods, "method") + ", " + count(points, "sample point") + ", " + count(comparisons, "comparison");
      return failures.stream().map(f -> "\n  " + f).collect(Collectors.joining("", summary, ""));
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
   * checked at {@value Checker#RANDOM_SAMPLES} random samples (every value uniform in
   * [{@value Checker#RANDOM_MIN}, {@value Checker#RANDOM_MAX}], arrays of length
   * {@value Checker#RANDOM_ARRAY_LENGTH}); any other method without samples is a failure.
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
