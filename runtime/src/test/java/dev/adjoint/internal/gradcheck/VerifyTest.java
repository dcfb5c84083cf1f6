package dev.adjoint.internal.gradcheck;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.GradChecks.Failure;
import dev.adjoint.GradChecks;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link GradChecks#verify} and {@link GradChecks#assertAll} through hand-written companions. */
class VerifyTest {
  @Test
  void correctModelPassesAtItsSamplesAndAtRandomSamples() {
    GradChecks.Report report = GradChecks.verify(Logistic.class);
    assertTrue(report.passed(), report::toString);
    assertEquals(2, report.methods());
    assertEquals(2 + Checker.RANDOM_SAMPLES, report.points());
    assertTrue(report.toString().startsWith("gradient check passed: 2 methods, 5 sample points, "), report::toString);
    assertEquals(List.of("Logistic.loss", "Logistic.scaledLogSum"), report.checkedMethods());
    assertTrue(report.toString().contains("\n  passed Logistic.loss: 2 sample points\n  passed Logistic.scaledLogSum: 3 sample points"),
        report::toString);
  }

  @Test
  void reportNamesMethodSampleParameterAndBothValues() {
    GradChecks.Report report = GradChecks.verify(Models.Broken.class);
    assertEquals(false, report.passed());
    // reverse gives x + 2 = 5 at x = 3; the true derivative 2x = 6; forward mode (right) then
    // disagrees with reverse mode in the dot-product test.
    Failure reverse = report.failures().get(0);
    assertEquals("Models.Broken.square", reverse.method());
    assertEquals("sample 1 \"x=3\"", reverse.sample());
    assertEquals(Failure.Check.REVERSE_VS_FINITE_DIFFERENCE, reverse.check());
    assertEquals("x", reverse.element());
    assertEquals(5.0, reverse.analytic());
    assertEquals(6.0, reverse.numeric(), 1e-8);
    assertEquals(Failure.Check.DOT_PRODUCT, report.failures().get(1).check());
    assertEquals(2, report.failures().size(), report::toString);

    String text = report.toString();
    assertTrue(text.startsWith("gradient check FAILED with 2 failures: 1 method, 1 sample point, 6 comparisons\n"), text);
    assertTrue(text.contains("\n  FAILED Models.Broken.square: 1 sample point, 2 failures\n"
        + "    Models.Broken.square, sample 1 \"x=3\": reverse mode vs central finite difference, x:"
        + " analytic 5.0, numeric " + reverse.numeric() + ", error 1.000e+00 (h = 3.0e-06, tolerance 6.0e-03)"), text);
  }

  @Test
  void assertAllThrowsAnAssertionErrorCarryingTheReport() {
    assertDoesNotThrow(() -> GradChecks.assertAll(Logistic.class));
    GradChecks.ReportError error =
        assertThrows(GradChecks.ReportError.class, () -> GradChecks.assertAll(Logistic.class, Models.Broken.class));
    assertEquals(3, error.report().methods());
    assertEquals(error.report().toString(), error.getMessage());
    assertTrue(error.report().failures().stream().allMatch(f -> f.method().equals("Models.Broken.square")));
  }

  @Test
  void casesAreTheMethodsAtTheirSamplePointsOneByOne() {
    List<GradChecks.Case> cases = GradChecks.cases(Logistic.class);
    assertEquals(2 + Checker.RANDOM_SAMPLES, cases.size());
    assertEquals("Logistic.loss, sample 1 \"w=[0.1, 0.2], b=0.5, x=[1, 2], y=1\"", cases.get(0).toString());
    assertEquals("loss", cases.get(0).methodName());
    assertEquals(Logistic.class, cases.get(0).model());
    assertTrue(cases.get(2).sample().startsWith("random sample 1 \"a="), cases.get(2)::sample);
    int points = 0;
    for (GradChecks.Case c : cases) {
      GradChecks.Report report = c.run();
      assertTrue(report.passed(), report::toString);
      assertEquals(1, report.points());
      points += report.points();
    }
    assertEquals(GradChecks.verify(Logistic.class).points(), points);

    GradChecks.Case broken = GradChecks.cases(Models.Broken.class).get(0);
    assertEquals(GradChecks.verify(Models.Broken.class).failures(), broken.run().failures());
  }

  @Test
  void assertAllTakesOptions() {
    // the wrong derivative is off by 1 (5 instead of 6); forward and reverse differ by about 1 too
    assertDoesNotThrow(() -> GradChecks.assertAll(GradChecks.Options.defaults().withAtol(2), Models.Broken.class));
  }

  @Test
  void companionOfNestedClassJoinsSimpleNamesWithUnderscore() {
    assertEquals("dev.adjoint.internal.gradcheck.Models_BrokenDerivatives", Companions.companionName(Models.Broken.class));
    assertEquals("dev.adjoint.internal.gradcheck.LogisticDerivatives", Companions.companionName(Logistic.class));
  }

  @Test
  void classWithoutCompanionIsAnIllegalArgument() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GradChecks.verify(VerifyTest.class));
    assertEquals("GradChecks: dev.adjoint.internal.gradcheck.VerifyTest has no companion class"
        + " dev.adjoint.internal.gradcheck.VerifyTestDerivatives: it needs at least one @Differentiable method, and"
        + " adjoint-processor must be on the compiler's annotationProcessorPaths", e.getMessage());
  }

  @Test
  void badOptionsAreIllegalArguments() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> GradChecks.Options.defaults().withEps(0));
    assertEquals("gradient check needs finite eps > 0, atol >= 0, rtol >= 0 but got eps=0.0, atol=1.0E-5, rtol=0.001",
        e.getMessage());
  }
}
