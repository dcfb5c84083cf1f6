package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The backward pass finds a small graph's nodes by a scan and a larger one's through a map (the
 * switch at 32 nodes): graphs of every size around that switch, with shared subexpressions (a
 * node's gradient summed from two uses) and a leaf used at every step, against central differences.
 */
@SuppressWarnings("try") // the NoGrad scope's variable is not read
class GraphSizesTest {
  private static final double[] X = {0.3, -0.6, 0.9};

  /** n steps: y = y * x, and every other step y = y + tanh(y) (y used twice). */
  private static Tensor f(Tensor x, int n) {
    Tensor y = x;
    for (int k = 0; k < n; k++) {
      y = y.mul(x);
      if (k % 2 == 1) {
        y = y.add(y.tanh());
      }
    }
    return y.sum();
  }

  private static double value(double[] at, int n) {
    try (Autograd.NoGrad off = Autograd.noGrad()) {
      return f(Tensor.of(at), n).item();
    }
  }

  @Test
  void backwardAndGradMatchCentralDifferencesAroundTheSwitch() {
    for (int n = 1; n <= 30; n++) {
      Tensor x = Tensor.of(X).requiresGrad(true);
      f(x, n).backward();
      double[] viaBackward = x.grad().toArray();
      Tensor again = Tensor.of(X).requiresGrad(true);
      double[] viaGrad = Autograd.grad(f(again, n), new Tensor[] {again}, null, false, false)[0].toArray();
      for (int j = 0; j < X.length; j++) {
        double h = 1e-6;
        double[] up = X.clone();
        double[] down = X.clone();
        up[j] += h;
        down[j] -= h;
        double central = (value(up, n) - value(down, n)) / (2 * h);
        double tolerance = 1e-6 * Math.max(1, Math.abs(central));
        assertEquals(central, viaBackward[j], tolerance, "backward, " + n + " steps, element " + j);
        assertEquals(central, viaGrad[j], tolerance, "Autograd.grad, " + n + " steps, element " + j);
      }
    }
  }
}
