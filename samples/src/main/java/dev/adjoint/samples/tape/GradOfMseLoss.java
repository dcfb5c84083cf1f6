package dev.adjoint.samples.tape;

import dev.adjoint.Autograd;
import dev.adjoint.Tensor;
import dev.adjoint.nn.Functional;
import java.io.PrintStream;

/**
 * {@code Autograd.grad} of a mean-squared-error loss with respect to a weight vector: refused while
 * the weight does not require grad, answered once it does, and without touching {@code w.grad()}.
 * The PyTorch equivalent:
 *
 * <pre>
 * x = torch.tensor([[1., 2.], [3., 4.], [5., 6.]]); target = torch.tensor([1., 2., 3.])
 * w = torch.tensor([0.5, -0.25])
 * loss = F.mse_loss(x @ w, target)
 * torch.autograd.grad(loss, w)      # RuntimeError: ... does not require grad
 * w.requires_grad_(True)
 * loss = F.mse_loss(x @ w, target)
 * torch.autograd.grad(loss, w)      # (tensor([-10.3333, -13.3333]),), w.grad is None
 * </pre>
 */
public final class GradOfMseLoss {
  static final Tensor X = Tensor.of(new double[][] {{1, 2}, {3, 4}, {5, 6}});
  static final Tensor TARGET = Tensor.of(1, 2, 3);

  private GradOfMseLoss() {}

  public static void main(String[] args) {
    run(System.out);
  }

  /** The loss {@code mean((x w - target)²)} for this sample's data. */
  public static Tensor loss(Tensor w) {
    return Functional.mseLoss(X.matmul(w), TARGET);
  }

  /** {@code Autograd.grad(loss(w), w)}; {@code w} must require grad. */
  public static Tensor lossGradient(Tensor w) {
    return Autograd.grad(loss(w), w)[0];
  }

  public static void run(PrintStream out) {
    Tensor w = Tensor.of(0.5, -0.25);
    out.println("loss = " + loss(w));
    out.println("Autograd.grad(loss, w) while w.requiresGrad() is false:");
    try {
      lossGradient(w);
      out.println("  no exception (unexpected)");
    } catch (IllegalArgumentException e) {
      out.println("  " + e);
    }

    w.requiresGrad(true);
    out.println("after w.requiresGrad(true), the loss is recomputed so the tape records w:");
    out.println("  dloss/dw = " + lossGradient(w));
    out.println("  w.grad() = " + w.grad() + "  (Autograd.grad leaves .grad untouched)");
  }
}
