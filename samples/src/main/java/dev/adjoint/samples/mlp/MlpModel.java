package dev.adjoint.samples.mlp;

import dev.adjoint.Differentiable;
import dev.adjoint.GradCheck;
import dev.adjoint.Tensor;
import dev.adjoint.nn.Functional;

/**
 * A 2-16-16-1 multilayer perceptron with tanh hidden layers, written with {@link Tensor}
 * operations; the annotation processor generates its gradient into {@code MlpModelDerivatives}.
 */
public final class MlpModel {
  static final int HIDDEN = 16;

  private MlpModel() {}

  /** The logit of class 1 for every row of {@code x} ({@code [n, 2]} to {@code [n, 1]}). */
  static Tensor logits(Tensor x, Tensor w1, Tensor b1, Tensor w2, Tensor b2, Tensor w3, Tensor b3) {
    Tensor h1 = x.matmul(w1).add(b1).tanh();
    Tensor h2 = h1.matmul(w2).add(b2).tanh();
    return h2.matmul(w3).add(b3);
  }

  /** Mean binary cross-entropy of the logits against labels {@code y} in {0, 1}, shape {@code [n, 1]}. */
  @Differentiable(wrt = {"w1", "b1", "w2", "b2", "w3", "b3"})
  // a 2-2-2-1 network (the loss does not fix the hidden width), both labels
  @GradCheck("x=[[1, -2], [0.5, 1.5], [-1, 0.25]], w1=[[0.5, -0.3], [0.2, 0.4]], b1=[0.1, -0.2],"
      + " w2=[[0.7, -0.5], [0.3, 0.6]], b2=[0.05, 0.1], w3=[[0.8], [-0.9]], b3=[0.2],"
      + " y=[[1], [0], [1]]")
  static Tensor loss(Tensor x, Tensor w1, Tensor b1, Tensor w2, Tensor b2, Tensor w3, Tensor b3,
      Tensor y) {
    Tensor h1 = x.matmul(w1).add(b1).tanh();
    Tensor h2 = h1.matmul(w2).add(b2).tanh();
    Tensor output = h2.matmul(w3).add(b3);
    return Functional.binaryCrossEntropyWithLogits(output, y);
  }
}
