package dev.adjoint.samples.seeds;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Autograd;
import dev.adjoint.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The generated companion gives the notebooks' numbers, and the tape's, for each seed computation. */
class SeedsSideBySideTest {
  @Test
  void printsTheNotebookNumbersInBothColumns() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SeedsSideBySide.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String text = bytes.toString(StandardCharsets.UTF_8);
    // notebook 000 and 004 outputs
    assertTrue(text.contains("  tape      tensor([ 2.,  4.,  6.,  8., 10.])\n  generated tensor([ 2.,  4.,  6.,  8., 10.])"), text);
    assertTrue(text.contains("  tape      tensor(-7.6613)\n  generated tensor(-7.6613)"), text);
    assertTrue(text.contains("  tape      tensor(6.6918) tensor(0.9988)\n  generated tensor(6.6918) tensor(0.9988)   (loss tensor(6.7012))"), text);
  }

  @Test
  void generatedGradientsEqualClosedFormsAndTheTape() {
    // d/dx sin(x²) = 2x cos(x²); BCE with target 0: dL/dw = x σ(wx + b), dL/db = σ(wx + b)
    assertEquals(8 * Math.cos(16), SeedModelsDerivatives.sineOfSquareGradient(Tensor.scalar(4)).x().item(), 1e-12);
    double s = 1 / (1 + Math.exp(-6.7));
    SeedModelsDerivatives.BceByHandGradient g =
        SeedModelsDerivatives.bceByHandGradient(Tensor.scalar(6.7), Tensor.scalar(1), Tensor.scalar(0), Tensor.scalar(0));
    assertEquals(6.7 * s, g.w().item(), 1e-9);
    assertEquals(s, g.b().item(), 1e-9);
    // y = [2x1 + x2², x1² + 2x2³]: J = [[2, 2x2], [2x1, 6x2²]]
    double x1 = 1.5;
    double x2 = -0.5;
    for (double[] k : new double[][] {{1, 0}, {0, 1}, {1, 1}}) {
      Tensor seed = Tensor.of(k);
      double[] generated = SeedModelsDerivatives.vectorFunctionVjp(Tensor.of(x1, x2), seed).x().toArray();
      assertArrayEquals(new double[] {2 * k[0] + 2 * x1 * k[1], 2 * x2 * k[0] + 6 * x2 * x2 * k[1]}, generated, 1e-12);
      Tensor xs = Tensor.of(x1, x2).requiresGrad(true);
      double[] tape = Autograd.grad(SeedModels.vectorFunction(xs), new Tensor[] {xs}, seed, false, false)[0].toArray();
      assertArrayEquals(tape, generated, 1e-12);
    }
  }
}
