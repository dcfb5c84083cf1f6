package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.GradChecks.Failure;
import dev.adjoint.nn.Functional;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** {@link GradChecks#check}: the tape's gradients against finite differences. */
@SuppressWarnings("try") // NoGrad scopes whose variable the body never reads are what these tests exercise
class GradChecksTest {
  private final Random random = new Random(3);

  private Tensor randn(int... shape) {
    return Tensor.randn(random, shape).requiresGrad(true);
  }

  private static void assertPasses(GradChecks.Report report) {
    assertTrue(report.passed(), report::toString);
    assertTrue(report.comparisons() > 0, report::toString);
  }

  @Test
  void tapeGradientsOfScalarFunctionsPass() {
    assertPasses(GradChecks.check(x -> x[0].mul(x[1]).sum(), randn(2, 3), randn(2, 3)));
    assertPasses(GradChecks.check(x -> x[0].matmul(x[1]).sigmoid().mean(), randn(2, 3), randn(3, 4)));
    assertPasses(GradChecks.check(x -> Functional.mseLoss(x[0].tanh(), x[1]), randn(4), randn(4)));
  }

  @Test
  void tapeGradientsOfTensorValuedFunctionsPass() {
    assertPasses(GradChecks.check(x -> x[0].softmax(1), randn(2, 3)));
    assertPasses(GradChecks.check(x -> x[0].matmul(x[1]).add(x[2]), randn(2, 3), randn(3), randn(2)));
    assertPasses(GradChecks.check(x -> x[0].pow(2.0), randn()));
  }

  @Test
  void inputsThatDoNotRequireGradAreHeldConstantAndUnusedInputsGetZero() {
    Tensor constant = Tensor.of(1, 2, 3);
    GradChecks.Report report = GradChecks.check(x -> x[0].mul(x[1]).sum(), randn(3), constant, randn(2));
    assertPasses(report);
    assertEquals(1, report.methods());
    assertEquals(1, report.points());
    // x[0] (3 elements) and the unused x[2] (2 elements): 5 finite differences, plus the value
    assertEquals(6, report.comparisons());
  }

  /** cube(x) = x^3 recorded with a wrong backward rule, 3x g instead of 3x^2 g. */
  private static Tensor wrongCube(Tensor x) {
    Tensor value;
    try (Autograd.NoGrad off = Autograd.noGrad()) {
      value = x.pow(3.0);
    }
    return Autograd.function("cube", value, new Tensor[] {x}, (i, in, g) -> g.mul(in[0]).mul(3.0));
  }

  @Test
  void wrongCustomFunctionFailsNamingTheElementAndBothValues() {
    Function<Tensor[], Tensor> f = x -> wrongCube(x[0]).sum();
    GradChecks.Report report = GradChecks.check(f, Tensor.of(1, 2).requiresGrad(true));
    // At x = 1 the wrong rule 3x happens to equal 3x^2; at x = 2 it gives 6 instead of 12.
    assertEquals(1, report.failures().size(), report::toString);
    Failure failure = report.failures().get(0);
    assertEquals("GradChecks.check", failure.method());
    assertEquals(Failure.Check.REVERSE_VS_FINITE_DIFFERENCE, failure.check());
    assertEquals("inputs[0][1]", failure.element());
    assertEquals(6.0, failure.analytic(), 1e-12);
    assertEquals(12.0, failure.numeric(), 1e-6);
    assertTrue(report.toString().contains("GradChecks.check, the given inputs: reverse mode vs central finite difference,"
        + " inputs[0][1]: analytic 6.0, numeric "), report::toString);
  }

  @Test
  void toleranceOverloadIsApplied() {
    Function<Tensor[], Tensor> f = x -> wrongCube(x[0]).sum();
    // the error at x = 2 is 6: within atol = 7, not within rtol = 0.4 of 12
    assertTrue(GradChecks.check(f, 1e-6, 7, 0, Tensor.of(1, 2).requiresGrad(true)).passed());
    assertEquals(1, GradChecks.check(f, 1e-6, 0, 0.4, Tensor.of(1, 2).requiresGrad(true)).failures().size());
  }

  @Test
  void inputsKeepTheirValuesFlagsAndGradients() {
    Tensor x = Tensor.of(0.5, -1.5).requiresGrad(true);
    x.mul(3.0).sum().backward(); // x.grad() = [3, 3]
    Tensor c = Tensor.of(2, 4);
    assertPasses(GradChecks.check(in -> in[0].mul(in[1]).exp().sum(), x, c));
    assertArrayEquals(new double[] {0.5, -1.5}, x.toArray());
    assertTrue(x.requiresGrad());
    assertArrayEquals(new double[] {3, 3}, x.grad().toArray());
    assertEquals(false, c.requiresGrad());
    assertNull(c.grad());
  }

  @Test
  void nonFiniteOutputIsAFailure() {
    GradChecks.Report report = GradChecks.check(x -> x[0].log().sum(), Tensor.of(-1, 2).requiresGrad(true));
    assertEquals(List.of(Failure.Check.NON_FINITE), report.failures().stream().map(Failure::check).toList());
  }

  @Test
  void noInputRequiringGradIsAnIllegalArgument() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> GradChecks.check(x -> x[0].sum(), Tensor.of(1, 2)));
    assertEquals("GradChecks.check: none of the 1 inputs requires grad; call requiresGrad(true) on those to check,"
        + " as for torch.autograd.gradcheck", e.getMessage());
  }
}
