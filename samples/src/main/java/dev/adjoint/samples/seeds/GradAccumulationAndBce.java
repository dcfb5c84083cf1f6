package dev.adjoint.samples.seeds;

import dev.adjoint.Tensor;
import dev.adjoint.nn.Functional;
import java.io.PrintStream;

/**
 * Mirrors notebook seed 000: the gradient of {@code x² + 2x + 1} (cells 2-7), gradients
 * accumulating over repeated {@code backward(…, retainGraph)} calls until {@code zeroGrad} (cells
 * 12 and 9), and one logistic unit trained with binary cross-entropy, its gradient computed by the
 * tape and again by hand (cells 514-520). Prints every notebook output in order.
 */
public final class GradAccumulationAndBce {
  private GradAccumulationAndBce() {}

  public static void main(String[] args) {
    run(System.out);
  }

  public static void run(PrintStream out) {
    polynomial(out);
    accumulation(out);
    logisticUnit(out);
  }

  /** Cells 2-7: {@code y = x**2 + 2*x + 1; y.sum().backward()} gives {@code 2x + 2}. */
  private static void polynomial(PrintStream out) {
    Tensor x = Tensor.arange(5).requiresGrad(true);
    out.println(x);
    Tensor y = x.pow(2).add(x.mul(2)).add(1);
    out.println(y);
    y.sum().backward();
    out.println(x.grad());
    out.println(x.mul(2).add(2));
  }

  /** Cells 12 and 9: each backward adds {@code 2 (inp + 1)} to {@code inp.grad}. */
  private static void accumulation(PrintStream out) {
    Tensor inp = Tensor.eye(4, 5).requiresGrad(true);
    out.println("inp =\n" + inp);
    Tensor result = inp.add(1).pow(2);
    result.backward(Tensor.onesLike(result), true);
    out.println("First call\n" + inp.grad());
    result.backward(Tensor.onesLike(result), true);
    out.println("\nSecond call\n" + inp.grad());
    result.backward(Tensor.onesLike(result), true);
    out.println("\nThird call\n" + inp.grad());
    inp.zeroGrad();
    result.backward(Tensor.onesLike(result), true);
    out.println("\nCall after zeroing gradients\n" + inp.grad());
    out.println(inp.add(1).mul(2));
  }

  /**
   * Cells 514-520. The notebook draws {@code x}, {@code w} and {@code b} from PyTorch's RNG after
   * {@code torch.manual_seed(42)}, which Java cannot reproduce. {@code x} holds what {@code
   * torch.rand((1, 5))} gives for that seed, to 8 digits: the printed 4-digit values are not enough
   * ({@code 0.3904 · 0.5085} would print as 0.1985, not the notebook's 0.1986). {@code w} is
   * arbitrary and {@code b} is chosen so that {@code p = sigmoid(x·w + b) = 0.50854}: with target 0
   * the loss is {@code -log(1 - p) = 0.7104}, {@code b.grad = p = 0.5085} and {@code w.grad = xᵀ
   * p}, exactly the notebook's printed values.
   */
  private static void logisticUnit(PrintStream out) {
    double[] xRow = {0.88226926, 0.91500396, 0.38286376, 0.95930564, 0.39044821};
    double[] wColumn = {0.1, -0.1, 0.2, -0.1, 0.05};
    double p0 = 0.50854;
    double bias = Math.log(p0 / (1 - p0));
    for (int i = 0; i < xRow.length; i++) {
      bias -= xRow[i] * wColumn[i];
    }
    Tensor x = Tensor.of(xRow, 1, 5);
    Tensor y = Tensor.zeros(1, 1);
    Tensor w = Tensor.of(wColumn, 5, 1).requiresGrad(true);
    Tensor b = Tensor.of(bias).requiresGrad(true);
    Tensor z = x.matmul(w).add(b);
    Tensor p = z.sigmoid();

    Tensor loss = Functional.binaryCrossEntropy(p, y);
    loss.backward();
    out.println(loss);
    Tensor one = Tensor.onesLike(y);
    out.println(y.mul(p.log()).add(one.sub(y).mul(one.sub(p).log())).mean().neg());
    out.println(w.grad());
    out.println(b.grad());

    // The same gradient by the chain rule: dloss/dp * dp/dz, then dz/dw = xᵀ and dz/db = 1.
    Tensor gl = y.div(p).sub(one.sub(y).div(one.sub(p))).neg();
    Tensor gp = p.mul(one.sub(p));
    Tensor gz = gl.mul(gp);
    Tensor gw = x.t();
    out.println(gw.matmul(gz));
    out.println(gz.sum(0));
  }
}
