package dev.adjoint.samples.tape;

import dev.adjoint.Autograd;
import dev.adjoint.Tensor;
import java.io.PrintStream;

/**
 * The chain rule, checked with gradients taken with respect to an intermediate result: {@code
 * dy2/dy1 · dy1/dw1 == dy2/dw1} for {@code y1 = sin(2 w1)}, {@code y2 = y1³}. The PyTorch
 * equivalent:
 *
 * <pre>
 * w1 = torch.tensor(0.7, requires_grad=True)
 * y1 = torch.sin(2 * w1); y2 = y1 ** 3
 * g21, = torch.autograd.grad(y2, y1, retain_graph=True)
 * g1w, = torch.autograd.grad(y1, w1, retain_graph=True)
 * g2w, = torch.autograd.grad(y2, w1)
 * g21 * g1w == g2w
 * </pre>
 */
public final class ChainRuleByParts {
  private ChainRuleByParts() {}

  public static void main(String[] args) {
    run(System.out);
  }

  /** {dy2/dy1, dy1/dw1, dy2/dw1} at {@code w1}. */
  public static Tensor[] partials(double w1Value) {
    Tensor w1 = Tensor.scalar(w1Value).requiresGrad(true);
    Tensor y1 = w1.mul(2).sin();
    Tensor y2 = y1.pow(3);
    Tensor dy2dy1 = Autograd.grad(y2, new Tensor[] {y1}, null, true, false)[0];
    Tensor dy1dw1 = Autograd.grad(y1, new Tensor[] {w1}, null, true, false)[0];
    Tensor dy2dw1 = Autograd.grad(y2, w1)[0];
    return new Tensor[] {dy2dy1, dy1dw1, dy2dw1};
  }

  public static void run(PrintStream out) {
    Tensor[] partials = partials(0.7);
    out.println("dy2/dy1 = " + partials[0]);
    out.println("dy1/dw1 = " + partials[1]);
    out.println("dy2/dy1 * dy1/dw1 = " + partials[0].mul(partials[1]));
    out.println("dy2/dw1 = " + partials[2]);
  }
}
