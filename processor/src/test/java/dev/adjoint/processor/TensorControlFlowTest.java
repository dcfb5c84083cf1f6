package dev.adjoint.processor;

import static dev.adjoint.processor.testing.CompiledSources.resource;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Tensor;
import dev.adjoint.processor.testing.CompiledSources;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Loops and branches with tensor locals (sources/TensorFlow.java.txt). */
class TensorControlFlowTest {
  private static CompiledSources compiled;
  private final Random random = new Random(3);

  @BeforeAll
  static void compile() {
    compiled = CompiledSources.compile(resource("tens.TensorFlow", "TensorFlow.java.txt"),
        resource("tens.Tensors", "Tensors.java.txt"));
  }

  private Tensor uniform(double lo, double hi, int... shape) {
    return Tensor.rand(random, shape).mul(hi - lo).add(lo);
  }

  @Test
  void recurrent() {
    compiled.check("tens.TensorFlow", "recurrent")
        .at(uniform(-1, 1, 1, 3), uniform(-0.8, 0.8, 3, 3), 0)
        .at(uniform(-1, 1, 1, 3), uniform(-0.8, 0.8, 3, 3), 1)
        .at(uniform(-1, 1, 2, 3), uniform(-0.8, 0.8, 3, 3), 7);
    String code = compiled.generatedSource("tens.TensorFlowDerivatives");
    assertTrue(code.contains("ObjectStack<Tensor>"), "h is saved on an object stack");
  }

  @Test
  void parameterGradientsAccumulateInPlaceOnlyWhereNothingElseHoldsThem() {
    compiled.check("tens.TensorFlow", "accumulated")
        .at(uniform(-1, 1, 2, 3), uniform(-0.5, 0.5, 2, 3), uniform(0.5, 1.5, 3), uniform(-1, 1, 2, 3), 0)
        .at(uniform(-1, 1, 2, 3), uniform(-0.5, 0.5, 2, 3), uniform(0.5, 1.5, 3), uniform(-1, 1, 2, 3), 1)
        .at(uniform(-1, 1, 2, 3), uniform(-0.5, 0.5, 2, 3), uniform(0.5, 1.5, 3), uniform(-1, 1, 2, 3), 5);
    String code = compiled.generatedSource("tens.TensorFlowDerivatives");
    int from = code.indexOf("accumulatedVjp(");
    String vjp = code.substring(from, code.indexOf("accumulatedJvp(", from));
    assertTrue(vjp.contains("dw = TensorSupport.accumulate(dw, ") && vjp.contains("db = TensorSupport.accumulate(db, "), vjp);
    assertTrue(vjp.contains("dv = TensorSupport.plus(dv, ") && !vjp.contains("dv = TensorSupport.accumulate("),
        "v is reassigned: its adjoint is read at each assignment, so no sum of it is added into\n" + vjp);
    assertTrue(!vjp.contains("ds = TensorSupport.accumulate("), "locals keep plus\n" + vjp);
  }

  @Test
  void productContributionsAreMultipliedIntoParameterGradients() {
    // x is 2×3, w 3×3, u 2×2, v 3, h0 2×3: square weights, so a lost transpose shows in the values
    compiled.check("tens.TensorFlow", "products")
        .at(uniform(-1, 1, 2, 3), uniform(-0.5, 0.5, 3, 3), uniform(-0.5, 0.5, 2, 2), uniform(-1, 1, 3),
            uniform(-1, 1, 2, 3), 0)
        .at(uniform(-1, 1, 2, 3), uniform(-0.5, 0.5, 3, 3), uniform(-0.5, 0.5, 2, 2), uniform(-1, 1, 3),
            uniform(-1, 1, 2, 3), 1)
        .at(uniform(-1, 1, 2, 3), uniform(-0.5, 0.5, 3, 3), uniform(-0.5, 0.5, 2, 2), uniform(-1, 1, 3),
            uniform(-1, 1, 2, 3), 4);
    String code = compiled.generatedSource("tens.TensorFlowDerivatives");
    int from = code.indexOf("productsVjp(");
    String vjp = code.substring(from, code.indexOf("productsJvp(", from));
    assertTrue(vjp.contains("dw = TensorSupport.accumulateMatmulBackwardSecond(dw, ")
        && vjp.contains("du = TensorSupport.accumulateMatmulBackwardFirst(du, ")
        && vjp.contains("dv = TensorSupport.accumulateMatmulBackwardSecond(dv, ")
        && vjp.contains("dh0 = TensorSupport.accumulateMatmulBackwardFirst(dh0, "), vjp);
    assertTrue(!vjp.contains("dh = TensorSupport.accumulateMatmul"), "locals keep plus\n" + vjp);
  }

  @Test
  void anAdjointSharedByTwoLocalsIsNeverAddedInto() {
    // c's and e's adjoints are one tensor when z's contribution to c arrives
    compiled.check("tens.TensorFlow", "sharedAdjoint")
        .at(uniform(-1, 1, 2, 3), uniform(-1, 1, 2, 3), uniform(-1, 1, 2, 3))
        .at(uniform(-1, 1, 4), uniform(0.5, 1, 4), uniform(-1, -0.5, 4));
  }

  @Test
  void branch() {
    compiled.check("tens.TensorFlow", "branch").at(uniform(0.1, 1, 4)).at(uniform(-1, -0.1, 4));
  }

  @Test
  void loopWithBranches() {
    compiled.check("tens.TensorFlow", "loopWithBranches")
        .at(uniform(-1, 1, 2, 2), 0.7).at(uniform(2, 3, 3), 4.0);
  }

  @Test
  void cumulativeProductNeedsNoCopies() {
    compiled.check("tens.TensorFlow", "cumulativeProduct").at(uniform(0.5, 1.5, 5)).at(uniform(-1, 1, 1));
    // The reverse sweep reads only y's shape, which set never changes: nothing is saved for the writes.
    String code = compiled.generatedSource("tens.TensorFlowDerivatives");
    int from = code.indexOf("cumulativeProductVjp(");
    String vjp = code.substring(from, code.indexOf("cumulativeProductJvp(", from));
    assertTrue(!vjp.contains("TensorSupport.copy") && !vjp.contains("y = tensors.pop()"), vjp);
  }

  @Test
  void setAfterReadSavesACopy() {
    compiled.check("tens.TensorFlow", "setAfterRead").at(uniform(-1, 1, 3)).at(uniform(-1, 1, 2, 2));
    String code = compiled.generatedSource("tens.TensorFlowDerivatives");
    assertTrue(code.contains("= TensorSupport.copy(y)"), "the in-place set saves a copy of y");
  }

  @Test
  void breakAndContinue() {
    compiled.check("tens.TensorFlow", "breakAndContinue")
        .at(uniform(-1, 1, 2, 3), uniform(-1, 1, 3)).at(uniform(1, 2, 2, 3), uniform(-2, -1, 3));
  }

  @Test
  void callsAndDoubles() {
    compiled.check("tens.TensorFlow", "calls").at(uniform(-1, 1, 3), 0.8);
  }

  @Test
  void fieldsAndVar() {
    compiled.check("tens.TensorFlow", "fieldsAndVar").at(uniform(-1, 1, 3));
  }

  @Test
  void exits() {
    compiled.check("tens.TensorFlow", "exits")
        .at(uniform(-1, 1, 3), uniform(-0.5, 0.5, 3), 2)
        .at(uniform(-1, 1, 3), uniform(-0.5, 0.5, 3), 7)
        .at(uniform(1, 2, 2, 2), uniform(1, 2, 2), 1)
        .at(uniform(-0.2, 0.2, 3), uniform(-0.2, 0.2, 3), 0);
  }

  @Test
  void callWithInactiveArgument() {
    compiled.check("tens.TensorFlow", "callWithInactiveArgument")
        .at(uniform(-1, 1, 1, 3), uniform(-1, 1, 2, 3), uniform(-1, 1, 2), uniform(0, 1, 1, 2));
  }

  @Test
  void reassignedParameter() {
    compiled.check("tens.TensorFlow", "reassignedParameter").at(uniform(-1, 1, 4), uniform(-1, 1, 2, 3));
  }
}
