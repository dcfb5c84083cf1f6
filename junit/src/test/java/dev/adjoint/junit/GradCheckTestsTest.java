package dev.adjoint.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.GradChecks;
import java.net.URI;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

class GradCheckTestsTest {
  /** What a user writes: the build lists each of these tests by name. */
  @TestFactory
  Stream<DynamicTest> gradients() {
    return GradCheckTests.of(Models.class);
  }

  private static List<String> names(Stream<DynamicTest> tests) {
    return tests.map(DynamicTest::getDisplayName).toList();
  }

  @Test
  void oneTestPerMethodAndSamplePointNamedAfterBoth() {
    List<String> names = names(GradCheckTests.of(Models.class));
    assertEquals(5, names.size(), names::toString);
    assertTrue(names.get(0).matches("Models\\.softplus, random sample 1 \"x=0\\.\\d+\""), names.get(0));
    assertTrue(names.get(2).startsWith("Models.softplus, random sample 3 "), names.get(2));
    assertEquals(List.of("Models.quadratic, sample 1 \"w=[0.5, -0.25], x=[[1, 2], [3, 4]]\"",
        "Models.quadratic, sample 2 \"w=[0, 1], x=[[-1, 0.5]]\""), names.subList(3, 5));
  }

  @Test
  void eachTestPointsAtItsMethod() {
    DynamicTest test = GradCheckTests.of(Models.class).skip(3).findFirst().orElseThrow();
    assertEquals(URI.create("method:dev.adjoint.junit.Models#quadratic"), test.getTestSourceUri().orElseThrow());
  }

  @Test
  void aWrongDerivativeFailsAtEachSampleWithTheReport() {
    List<DynamicTest> tests = GradCheckTests.of(BrokenModel.class).toList();
    assertEquals(List.of("BrokenModel.cubed, sample 1 \"x=2\"", "BrokenModel.cubed, sample 2 \"x=-1\""),
        names(tests.stream()));
    for (DynamicTest test : tests) {
      AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> test.getExecutable().execute());
      assertTrue(e.getMessage().contains("FAILED BrokenModel.cubed: 1 sample point")
          && e.getMessage().contains("reverse mode vs central finite difference, x: analytic "), e.getMessage());
    }
  }

  @Test
  void aMethodThatCannotBeSampledIsOneFailingTestSayingWhy() {
    List<DynamicTest> tests = GradCheckTests.of(UnsampledModel.class).toList();
    assertEquals(List.of("UnsampledModel.sumOfSquares, no samples"), names(tests.stream()));
    AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> tests.get(0).getExecutable().execute());
    assertTrue(e.getMessage().contains("UnsampledModel.sumOfSquares: no @GradCheck samples, and parameter 'm'"
        + " (double[][]) cannot be drawn at random"), e.getMessage());
  }

  @Test
  void passingTestsPass() throws Throwable {
    for (DynamicTest test : GradCheckTests.of(GradChecks.Options.defaults().withSeed(7), Models.class).toList()) {
      test.getExecutable().execute();
    }
  }

  @Test
  void allCoversEveryModelTheProcessorListed() {
    List<String> names = names(GradCheckTests.all());
    for (String model : List.of("Models.softplus", "Models.quadratic", "BrokenModel.cubed", "UnsampledModel.sumOfSquares")) {
      assertTrue(names.stream().anyMatch(n -> n.startsWith(model + ", ")), model + " in " + names);
    }
  }
}
