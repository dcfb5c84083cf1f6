package dev.adjoint.samples.tape;

import dev.adjoint.Autograd;
import dev.adjoint.Tensor;
import java.io.PrintStream;

/**
 * The Jacobian of softmax, one row per {@code Autograd.grad(p.get(i), …)} call on a retained graph,
 * compared with the closed form {@code diag(p) - p pᵀ}. The PyTorch equivalent:
 *
 * <pre>
 * z = torch.tensor([1., 2., 3.], requires_grad=True)
 * p = torch.softmax(z, dim=0)
 * rows = [torch.autograd.grad(p[i], z, retain_graph=True)[0] for i in range(3)]
 * torch.diag(p) - torch.outer(p, p)
 * </pre>
 */
public final class SoftmaxJacobianRows {
  private SoftmaxJacobianRows() {}

  public static void main(String[] args) {
    run(System.out);
  }

  /** Row {@code i} is the gradient of {@code softmax(z)[i]} with respect to {@code z}. */
  public static Tensor[] jacobianRows(Tensor z) {
    Tensor leaf = z.detach().requiresGrad(true);
    Tensor p = leaf.softmax(0);
    int n = p.numel();
    Tensor[] rows = new Tensor[n];
    for (int i = 0; i < n; i++) {
      rows[i] = Autograd.grad(p.get(i), new Tensor[] {leaf}, null, true, false)[0];
    }
    return rows;
  }

  /** {@code diag(p) - p pᵀ} for {@code p = softmax(z)}, computed without the tape. */
  @SuppressWarnings("try") // javac -Xlint:try notes that 'off' is never read; the scope itself is the point
  public static Tensor closedForm(Tensor z) {
    try (Autograd.NoGrad off = Autograd.noGrad()) {
      Tensor p = z.softmax(0);
      int n = p.numel();
      Tensor column = p.reshape(n, 1);
      return Tensor.eye(n).mul(p).sub(column.matmul(column.t()));
    }
  }

  public static void run(PrintStream out) {
    Tensor z = Tensor.of(1, 2, 3);
    out.println("p = softmax(z) = " + z.softmax(0));
    Tensor[] rows = jacobianRows(z);
    for (int i = 0; i < rows.length; i++) {
      out.println("grad(p[" + i + "], z) = " + rows[i]);
    }
    Tensor expected = closedForm(z);
    out.println("diag(p) - p p^T =\n" + expected);
    double maxDifference = 0;
    for (int i = 0; i < rows.length; i++) {
      for (int j = 0; j < rows.length; j++) {
        maxDifference =
            Math.max(maxDifference, Math.abs(rows[i].getDouble(j) - expected.getDouble(i, j)));
      }
    }
    out.println("largest difference: " + maxDifference);
  }
}
