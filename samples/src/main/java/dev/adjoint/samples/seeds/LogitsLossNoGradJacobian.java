package dev.adjoint.samples.seeds;

import dev.adjoint.Autograd;
import dev.adjoint.Tensor;
import dev.adjoint.nn.Functional;
import java.io.PrintStream;

/**
 * Mirrors notebook seed 001: a linear layer trained with {@code binary_cross_entropy_with_logits}
 * (cells 2-3), switching recording off with {@code no_grad} and {@code detach} (cells 7 and 12),
 * accumulating gradients of a non-scalar output (cell 13) and the Jacobian of a row-wise {@code
 * exp().sum(dim=1)} (cell 20). Prints every notebook output in order.
 */
public final class LogitsLossNoGradJacobian {
  private LogitsLossNoGradJacobian() {}

  public static void main(String[] args) {
    run(System.out);
  }

  // javac -Xlint:try notes that the NoGrad variable is never read; the scope itself is the point
  @SuppressWarnings("try")
  public static void run(PrintStream out) {
    Tensor x = Tensor.ones(5);
    Tensor y = Tensor.zeros(3);
    Tensor[] wb = weightsGivingNotebookGradients();
    Tensor w = wb[0];
    Tensor b = wb[1];
    Tensor z = x.matmul(w).add(b);
    Tensor loss = Functional.binaryCrossEntropyWithLogits(z, y);
    loss.backward();
    out.println(w.grad());
    out.println(b.grad());

    z = x.matmul(w).add(b);
    out.println(pythonBool(z.requiresGrad()));
    try (Autograd.NoGrad off = Autograd.noGrad()) {
      z = x.matmul(w).add(b);
    }
    out.println(pythonBool(z.requiresGrad()));

    Tensor zDetached = z.detach();
    out.println(pythonBool(zDetached.requiresGrad()));

    Tensor inp = Tensor.eye(5).requiresGrad(true);
    Tensor result = inp.add(1).pow(2);
    result.backward(Tensor.onesLike(inp), true);
    out.println("First call: " + inp.grad());
    result.backward(Tensor.onesLike(inp), true);
    out.println("Second call: " + inp.grad());
    inp.zeroGrad();
    result.backward(Tensor.onesLike(inp), true);
    out.println("Zero call: " + inp.grad());

    out.println(Autograd.jacobian(t -> t.exp().sum(1), jacobianInputs()));
  }

  /**
   * The notebook draws {@code w} (5×3) and {@code b} (3) with {@code torch.randn}, which Java
   * cannot reproduce. With {@code x = ones(5)} and target 0 every row of {@code w.grad} and {@code
   * b.grad} is {@code sigmoid(z_j) / 3} where {@code z_j = Σ_i w_ij + b_j}; this picks a fixed
   * {@code w} and the {@code b} that makes {@code sigmoid(z_j) / 3} equal to the printed 0.2105,
   * 0.2634 and 0.2441 (plus 1e-5, away from the rounding boundary).
   */
  private static Tensor[] weightsGivingNotebookGradients() {
    double[] wRow = {0.1, 0.2, 0.3};
    double[] wData = new double[15];
    double[] bData = new double[3];
    double[] gradient = {0.21051, 0.26341, 0.24411};
    for (int j = 0; j < 3; j++) {
      for (int i = 0; i < 5; i++) {
        wData[i * 3 + j] = wRow[j];
      }
      double s = 3 * gradient[j];
      bData[j] = Math.log(s / (1 - s)) - 5 * wRow[j];
    }
    return new Tensor[] {
      Tensor.of(wData, 5, 3).requiresGrad(true), Tensor.of(bData).requiresGrad(true)
    };
  }

  /**
   * The notebook's {@code torch.rand(2, 3)} values are not reproducible; the Jacobian of {@code
   * exp().sum(dim=1)} holds {@code exp(inputs)}, so the inputs are the logarithms of the printed
   * Jacobian entries.
   */
  private static Tensor jacobianInputs() {
    return Tensor.of(
        new double[][] {
          {Math.log(1.9369), Math.log(1.7160), Math.log(1.1201)},
          {Math.log(1.5937), Math.log(1.4162), Math.log(1.2642)}
        });
  }

  /** Python prints booleans as {@code True}/{@code False}. */
  private static String pythonBool(boolean value) {
    return value ? "True" : "False";
  }
}
