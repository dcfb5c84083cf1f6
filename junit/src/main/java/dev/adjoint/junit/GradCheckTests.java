package dev.adjoint.junit;

import dev.adjoint.GradChecks;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicTest;

/**
 * {@link GradChecks} as JUnit 5 dynamic tests: one test per {@code @Differentiable} method and
 * sample point, named after both, so IDEs and build reports list every gradient check on its own
 * and a failure names the method and the sample it failed at.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> gradients() {
 *   return GradCheckTests.of(LogisticModel.class, BlackScholes.class);
 * }
 * }</pre>
 *
 * <p>A test runs {@link GradChecks.Case#run()}: reverse mode, forward mode and central finite
 * differences compared at that one point, exactly as {@link GradChecks#verify} does. It fails with
 * the report's text (what was compared, the element, analytic and numeric values). Each test's
 * source is the model method, so an IDE can jump to it.
 */
public final class GradCheckTests {
  private GradCheckTests() {}

  /**
   * One test per method and sample point of each model class, with the default options.
   *
   * @param models classes with {@code @Differentiable} methods, compiled by the processor
   * @return the tests, models in the given order, methods in declaration order
   * @throws IllegalArgumentException if a class has no generated companion
   */
  public static Stream<DynamicTest> of(Class<?>... models) {
    return of(GradChecks.Options.defaults(), models);
  }

  /**
   * {@link #of(Class...)} with the given step, tolerances and seed.
   *
   * @param options step, tolerances and seed of every check
   * @param models classes with {@code @Differentiable} methods, compiled by the processor
   * @return the tests, models in the given order, methods in declaration order
   */
  public static Stream<DynamicTest> of(GradChecks.Options options, Class<?>... models) {
    List<DynamicTest> tests = new ArrayList<>();
    for (Class<?> model : models) {
      for (GradChecks.Case c : GradChecks.cases(model, options)) {
        tests.add(test(c));
      }
    }
    return tests.stream();
  }

  /**
   * One test per method and sample point of every model on the class path (the classes the
   * processor listed, as for {@link GradChecks#verifyAll()}).
   *
   * @return the tests
   * @throws IllegalStateException if no model is listed (the processor did not run)
   */
  public static Stream<DynamicTest> all() {
    return all(GradChecks.Options.defaults());
  }

  /**
   * {@link #all()} with the given options.
   *
   * @param options step, tolerances and seed of every check
   * @return the tests
   */
  public static Stream<DynamicTest> all(GradChecks.Options options) {
    return of(options, GradChecks.registeredModels().toArray(Class<?>[]::new));
  }

  private static DynamicTest test(GradChecks.Case c) {
    URI source = URI.create("method:" + c.model().getName() + "#" + c.methodName());
    return DynamicTest.dynamicTest(c.toString(), source, () -> {
      GradChecks.Report report = c.run();
      if (!report.passed()) {
        Assertions.fail(report.toString());
      }
    });
  }
}
