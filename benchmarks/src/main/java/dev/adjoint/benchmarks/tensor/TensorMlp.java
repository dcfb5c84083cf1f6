package dev.adjoint.benchmarks.tensor;

import dev.adjoint.Differentiable;
import dev.adjoint.Tensor;
import dev.adjoint.nn.Functional;

/**
 * Workload 4: a one-hidden-layer tanh MLP written with {@link Tensor} operations — a batch of
 * {@value TensorWorkloads#BATCH} rows of {@value TensorWorkloads#INPUTS} inputs, {@value
 * TensorWorkloads#HIDDEN} tanh units, one linear output, mean squared error. The processor
 * generates {@code TensorMlpDerivatives}; the tape runs this same method on leaves that require
 * grad.
 */
public final class TensorMlp {
  private TensorMlp() {}

  @Differentiable(wrt = {"w1", "b1", "w2", "b2"})
  public static Tensor loss(Tensor x, Tensor w1, Tensor b1, Tensor w2, Tensor b2, Tensor y) {
    Tensor hidden = x.matmul(w1).add(b1).tanh();
    Tensor output = hidden.matmul(w2).add(b2);
    return Functional.mseLoss(output, y);
  }
}
