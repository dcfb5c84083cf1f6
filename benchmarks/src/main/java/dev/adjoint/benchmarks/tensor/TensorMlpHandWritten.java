package dev.adjoint.benchmarks.tensor;

import dev.adjoint.Tensor;

/**
 * The gradient of {@link TensorMlp#loss} derived by hand, with the runtime's Tensor operations
 * (the same matmul kernel the generated code uses) and the usual shortcuts a person takes: the
 * tanh derivative from the saved activation ({@code 1 - h²}), transposes written out, no tape.
 */
public final class TensorMlpHandWritten {
  private TensorMlpHandWritten() {}

  public record Gradient(Tensor value, Tensor w1, Tensor b1, Tensor w2, Tensor b2) {}

  public static Gradient gradient(Tensor x, Tensor w1, Tensor b1, Tensor w2, Tensor b2, Tensor y) {
    Tensor hidden = x.matmul(w1).add(b1).tanh();              // [B, H]
    Tensor diff = hidden.matmul(w2).add(b2).sub(y);           // [B, 1]
    Tensor value = diff.mul(diff).mean();
    Tensor dOutput = diff.mul(2.0 / diff.numel());            // dL/doutput
    Tensor dw2 = hidden.t().matmul(dOutput);                  // [H, 1]
    Tensor db2 = dOutput.sum(0);                              // [1]
    Tensor dHidden = dOutput.matmul(w2.t());                  // [B, H]
    Tensor dPre = dHidden.mul(hidden.mul(hidden).neg().add(1.0)); // tanh' = 1 - h²
    Tensor dw1 = x.t().matmul(dPre);                          // [I, H]
    Tensor db1 = dPre.sum(0);                                 // [H]
    return new Gradient(value, dw1, db1, dw2, db2);
  }
}
