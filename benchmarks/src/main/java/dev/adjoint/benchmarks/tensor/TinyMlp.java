package dev.adjoint.benchmarks.tensor;

import dev.adjoint.Differentiable;
import dev.adjoint.Tensor;
import dev.adjoint.nn.Functional;

/**
 * Workload 9: the smallest network that still is one — 2 inputs, 4 tanh units, one sigmoid
 * output, squared error on a single sample. Every operation works on a handful of numbers, so
 * this times the per-operation cost of each way to get a gradient (in PyTorch eager that cost is
 * the dispatcher, the autograd graph and the Python interpreter).
 */
public final class TinyMlp {
  private TinyMlp() {}

  @Differentiable(wrt = {"w1", "b1", "w2", "b2"})
  public static Tensor loss(Tensor x, Tensor w1, Tensor b1, Tensor w2, Tensor b2, Tensor y) {
    Tensor hidden = x.matmul(w1).add(b1).tanh();
    Tensor output = hidden.matmul(w2).add(b2).sigmoid();
    return Functional.mseLoss(output, y);
  }
}
