package dev.adjoint.samples.tape;

import dev.adjoint.Tensor;
import dev.adjoint.nn.Functional;
import java.io.PrintStream;

/**
 * A single-layer perceptron {@code sigmoid(x wᵀ)} with a mean-squared-error loss against 1, first
 * with one output and then with two. The PyTorch equivalent:
 *
 * <pre>
 * x = torch.tensor([[1., 2., 3.]])
 * w = torch.tensor([[0.1, -0.2, 0.3]], requires_grad=True)
 * out = torch.sigmoid(x @ w.t())
 * F.mse_loss(out, torch.ones_like(out)).backward(); w.grad
 * w2 = torch.tensor([[0.1, -0.2, 0.3], [-0.5, 0.4, 0.0]], requires_grad=True)   # and again
 * </pre>
 */
public final class PerceptronGradients {
  static final Tensor X = Tensor.of(new double[][] {{1, 2, 3}});

  private PerceptronGradients() {}

  public static void main(String[] args) {
    run(System.out);
  }

  /** {@code dloss/dw} for {@code loss = mse(sigmoid(x wᵀ), 1)}, one output per row of {@code w}. */
  public static Tensor weightGradient(double[][] weights) {
    Tensor w = Tensor.of(weights).requiresGrad(true);
    Tensor output = Functional.sigmoid(X.matmul(w.t()));
    Functional.mseLoss(output, Tensor.onesLike(output)).backward();
    return w.grad();
  }

  public static void run(PrintStream out) {
    out.println("x = " + X);
    out.println("one output,  w.grad =\n" + weightGradient(new double[][] {{0.1, -0.2, 0.3}}));
    out.println(
        "two outputs, w.grad =\n"
            + weightGradient(new double[][] {{0.1, -0.2, 0.3}, {-0.5, 0.4, 0.0}}));
  }
}
