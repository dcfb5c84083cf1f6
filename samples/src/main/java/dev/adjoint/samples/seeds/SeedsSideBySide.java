package dev.adjoint.samples.seeds;

import dev.adjoint.Autograd;
import dev.adjoint.Tensor;
import java.io.PrintStream;

/**
 * The seed computations twice: on the dynamic tape (the method called with tensors that require
 * grad, then {@code Autograd.grad}, as in the PyTorch notebooks) and by the companion the
 * processor generated at compile time ({@code SeedModelsDerivatives}, no tape). The two columns
 * print the same numbers, and the notebooks' ones.
 */
public final class SeedsSideBySide {
  static final String COMPANION =
      "samples/target/generated-sources/annotations/dev/adjoint/samples/seeds/SeedModelsDerivatives.java";

  private SeedsSideBySide() {}

  public static void main(String[] args) {
    run(System.out);
  }

  public static void run(PrintStream out) {
    out.println("generated companion: " + COMPANION);

    Tensor x = Tensor.arange(5).requiresGrad(true);
    out.println("000  y = x² + 2x + 1 summed, x = arange(5): x.grad");
    out.println("  tape      " + Autograd.grad(SeedModels.polynomial(x), x)[0]);
    out.println("  generated " + SeedModelsDerivatives.polynomialGradient(Tensor.arange(5)).x());

    Tensor four = Tensor.scalar(4).requiresGrad(true);
    out.println("004  z = sin(x²), x = 4: x.grad");
    out.println("  tape      " + Autograd.grad(SeedModels.sineOfSquare(four), four)[0]);
    out.println("  generated " + SeedModelsDerivatives.sineOfSquareGradient(Tensor.scalar(4)).x());

    Tensor w = Tensor.scalar(1).requiresGrad(true);
    Tensor b = Tensor.scalar(0).requiresGrad(true);
    Tensor[] tape = Autograd.grad(SeedModels.bceByHand(Tensor.scalar(6.7), w, b, Tensor.scalar(0)), w, b);
    SeedModelsDerivatives.BceByHandGradient generated =
        SeedModelsDerivatives.bceByHandGradient(Tensor.scalar(6.7), Tensor.scalar(1), Tensor.scalar(0), Tensor.scalar(0));
    out.println("004  BCE by hand with clamp, x = 6.7, w = 1, b = 0, target 0: w.grad, b.grad");
    out.println("  tape      " + tape[0] + " " + tape[1]);
    out.println("  generated " + generated.w() + " " + generated.b() + "   (loss " + generated.value() + ")");

    out.println("vector-Jacobian products of y = [2x1 + x2², x1² + 2x2³] at x = [1.5, -0.5]");
    for (Tensor seed : new Tensor[] {Tensor.of(1, 0), Tensor.of(0, 1), Tensor.of(1, 1)}) {
      Tensor xs = Tensor.of(1.5, -0.5).requiresGrad(true);
      Tensor onTape = Autograd.grad(SeedModels.vectorFunction(xs), new Tensor[] {xs}, seed, false, false)[0];
      Tensor byCompanion = SeedModelsDerivatives.vectorFunctionVjp(Tensor.of(1.5, -0.5), seed).x();
      out.println("  seed " + seed + "  tape " + onTape + "  generated " + byCompanion);
    }
  }
}
