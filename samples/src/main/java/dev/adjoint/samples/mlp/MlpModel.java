package dev.adjoint.samples.mlp;

import dev.adjoint.Differentiable;
import dev.adjoint.GradCheck;
import dev.adjoint.Tensor;
import dev.adjoint.nn.Functional;
import java.util.Random;

/**
 * A 2-16-16-1 multilayer perceptron with tanh hidden layers, held in a record of its layers and
 * written with {@link Tensor} operations. The annotation processor differentiates its instance
 * method {@link #loss} with respect to the model itself: {@code MlpModelDerivatives.lossGradient(model,
 * x, y).self()} is an {@code MlpModel} whose tensors are the gradients of the weights.
 */
public record MlpModel(Layer hidden1, Layer hidden2, Layer output) {
  static final int HIDDEN = 16;

  /** A dense layer, {@code x · weight + bias}. */
  public record Layer(Tensor weight, Tensor bias) {
    Tensor apply(Tensor x) {
      return x.matmul(weight).add(bias);
    }

    /** Xavier-style start: normal weights scaled by 1/sqrt(fan-in), zero bias. */
    static Layer initial(Random random, int in, int out) {
      return new Layer(Tensor.randn(random, in, out).mul(1 / Math.sqrt(in)), Tensor.zeros(out));
    }
  }

  static MlpModel initial(long seed) {
    Random random = new Random(seed);
    return new MlpModel(Layer.initial(random, 2, HIDDEN), Layer.initial(random, HIDDEN, HIDDEN),
        Layer.initial(random, HIDDEN, 1));
  }

  /** The logit of class 1 for every row of {@code x} ({@code [n, 2]} to {@code [n, 1]}). */
  Tensor logits(Tensor x) {
    Tensor h1 = hidden1.apply(x).tanh();
    Tensor h2 = hidden2.apply(h1).tanh();
    return output.apply(h2);
  }

  /** Mean binary cross-entropy of the logits against labels {@code y} in {0, 1}, shape {@code [n, 1]}. */
  @Differentiable(wrt = "this")
  // a 2-2-2-1 network (the loss does not fix the hidden width), both labels
  @GradCheck("self.hidden1.weight=[[0.5, -0.3], [0.2, 0.4]], self.hidden1.bias=[0.1, -0.2],"
      + " self.hidden2.weight=[[0.7, -0.5], [0.3, 0.6]], self.hidden2.bias=[0.05, 0.1],"
      + " self.output.weight=[[0.8], [-0.9]], self.output.bias=[0.2],"
      + " x=[[1, -2], [0.5, 1.5], [-1, 0.25]], y=[[1], [0], [1]]")
  Tensor loss(Tensor x, Tensor y) {
    return Functional.binaryCrossEntropyWithLogits(logits(x), y);
  }
}
