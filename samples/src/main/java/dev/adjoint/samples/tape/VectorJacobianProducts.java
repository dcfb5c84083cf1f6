package dev.adjoint.samples.tape;

import dev.adjoint.Tensor;
import java.io.PrintStream;

/**
 * Vector–Jacobian products {@code y.backward(k, true)} of a vector function assembled by in-place
 * {@code set}: {@code y = [2 x1 + x2², x1² + 2 x2³]}, whose Jacobian is {@code [[2, 2 x2], [2 x1, 6
 * x2²]]}; each backward leaves {@code Jᵀ k} in {@code x.grad()}. The PyTorch equivalent:
 *
 * <pre>
 * x = torch.tensor([1., 2.], requires_grad=True)
 * y = torch.zeros(2)
 * y[0] = 2 * x[0] + x[1] ** 2
 * y[1] = x[0] ** 2 + 2 * x[1] ** 3
 * for k in ([1., 0.], [0., 1.], [1., 1.]):
 *     y.backward(torch.tensor(k), retain_graph=True); print(x.grad); x.grad.zero_()
 * </pre>
 */
public final class VectorJacobianProducts {
  static final double[][] COTANGENTS = {{1, 0}, {0, 1}, {1, 1}};

  private VectorJacobianProducts() {}

  public static void main(String[] args) {
    run(System.out);
  }

  /** {@code y(x)} built by writing each component into {@code zeros(2)}. */
  public static Tensor function(Tensor x) {
    Tensor x1 = x.get(0);
    Tensor x2 = x.get(1);
    Tensor y = Tensor.zeros(2);
    y.set(new int[] {0}, x1.mul(2).add(x2.pow(2)));
    y.set(new int[] {1}, x1.pow(2).add(x2.pow(3).mul(2)));
    return y;
  }

  /**
   * {@code Jᵀ k} for each of {@link #COTANGENTS}, read from {@code x.grad()} after each backward.
   */
  public static Tensor[] products(double x1, double x2) {
    Tensor x = Tensor.of(x1, x2).requiresGrad(true);
    Tensor y = function(x);
    Tensor[] products = new Tensor[COTANGENTS.length];
    for (int i = 0; i < COTANGENTS.length; i++) {
      y.backward(Tensor.of(COTANGENTS[i]), true);
      products[i] = Tensor.of(x.grad().toArray());
      x.zeroGrad();
    }
    return products;
  }

  public static void run(PrintStream out) {
    out.println("x = [1, 2], y = " + function(Tensor.of(1, 2)));
    Tensor[] products = products(1, 2);
    for (int i = 0; i < COTANGENTS.length; i++) {
      out.println("k = " + Tensor.of(COTANGENTS[i]) + "  J^T k = " + products[i]);
    }
  }
}
