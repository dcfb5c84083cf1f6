package dev.adjoint.benchmarks.tensor;

import dev.adjoint.Differentiable;
import dev.adjoint.Tensor;
import dev.adjoint.nn.Functional;

/**
 * Workload 10: an LSTM run over a sequence ({@value TensorWorkloads#LSTM_STEPS} steps of a batch
 * of {@value TensorWorkloads#LSTM_BATCH}, {@value TensorWorkloads#LSTM_INPUTS} inputs, {@value
 * TensorWorkloads#LSTM_HIDDEN} hidden units), then a linear read-out of the last hidden state and
 * the squared error against a target: backpropagation through time. Each gate has its own input
 * and recurrent weight matrices ({@code Tensor} has no column slicing to split one fused matrix).
 */
public final class Lstm {
  private Lstm() {}

  @Differentiable(wrt = {"wi", "ui", "bi", "wf", "uf", "bf", "wg", "ug", "bg", "wo", "uo", "bo", "wy", "by"})
  public static Tensor loss(Tensor xs, Tensor wi, Tensor ui, Tensor bi, Tensor wf, Tensor uf, Tensor bf,
      Tensor wg, Tensor ug, Tensor bg, Tensor wo, Tensor uo, Tensor bo, Tensor wy, Tensor by, Tensor target) {
    Tensor h = Tensor.zeros(xs.shape()[1], ui.shape()[0]);
    Tensor c = Tensor.zeros(xs.shape()[1], ui.shape()[0]);
    for (int t = 0; t < xs.shape()[0]; t++) {
      Tensor x = xs.get(t);
      Tensor i = x.matmul(wi).add(h.matmul(ui)).add(bi).sigmoid();
      Tensor f = x.matmul(wf).add(h.matmul(uf)).add(bf).sigmoid();
      Tensor g = x.matmul(wg).add(h.matmul(ug)).add(bg).tanh();
      Tensor o = x.matmul(wo).add(h.matmul(uo)).add(bo).sigmoid();
      c = f.mul(c).add(i.mul(g));
      h = o.mul(c.tanh());
    }
    return Functional.mseLoss(h.matmul(wy).add(by), target);
  }
}
