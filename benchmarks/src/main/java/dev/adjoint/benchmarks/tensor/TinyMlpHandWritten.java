package dev.adjoint.benchmarks.tensor;

import dev.adjoint.Tensor;

/** The gradient of {@link TinyMlp#loss} by hand with Tensor operations (tanh' = 1 - h², sigmoid' = o (1 - o)). */
public final class TinyMlpHandWritten {
  private TinyMlpHandWritten() {}

  public record Gradient(Tensor value, Tensor w1, Tensor b1, Tensor w2, Tensor b2) {}

  public static Gradient gradient(Tensor x, Tensor w1, Tensor b1, Tensor w2, Tensor b2, Tensor y) {
    Tensor hidden = x.matmul(w1).add(b1).tanh();                     // [1, 4]
    Tensor output = hidden.matmul(w2).add(b2).sigmoid();             // [1, 1]
    Tensor diff = output.sub(y);
    Tensor value = diff.mul(diff).mean();
    Tensor dOutput = diff.mul(2.0 / diff.numel());
    Tensor dPre2 = dOutput.mul(output.mul(output.neg().add(1.0)));   // sigmoid'
    Tensor dw2 = hidden.t().matmul(dPre2);
    Tensor db2 = dPre2.sum(0);
    Tensor dPre1 = dPre2.matmul(w2.t()).mul(hidden.mul(hidden).neg().add(1.0)); // tanh'
    Tensor dw1 = x.t().matmul(dPre1);
    Tensor db1 = dPre1.sum(0);
    return new Gradient(value, dw1, db1, dw2, db2);
  }
}
