package dev.adjoint.nn;

import dev.adjoint.Autograd;
import dev.adjoint.Tensor;
import dev.adjoint.internal.rules.TensorRules;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code torch.nn.functional}: activations and losses with mean reduction, PyTorch's definitions
 * and numerics. Each loss is one operation on the tape whose backward rule is in the rule table
 * ({@code dev.adjoint.internal.rules.TensorRules}).
 */
public final class Functional {
  private Functional() {}

  public static Tensor sigmoid(Tensor x) { return x.sigmoid(); }

  public static Tensor relu(Tensor x) { return x.relu(); }

  public static Tensor tanh(Tensor x) { return x.tanh(); }

  public static Tensor softmax(Tensor x, int dim) { return x.softmax(dim); }

  public static Tensor logSoftmax(Tensor x, int dim) { return x.logSoftmax(dim); }

  /** {@code mean((input - target)²)}; shapes must be equal. */
  public static Tensor mseLoss(Tensor input, Tensor target) {
    requireSameShape("mseLoss", input, target);
    Tensor value = untaped(() -> input.sub(target).pow(2).mean());
    return Autograd.function("MseLossBackward", value, new Tensor[] {input, target},
        (i, in, g) -> i == 0
            ? TensorRules.mseLossBackwardInput(in[0], in[1], g)
            : TensorRules.mseLossBackwardTarget(in[0], in[1], g));
  }

  /**
   * {@code mean(-(y log p + (1 - y) log(1 - p)))} with each log clamped at -100 (PyTorch), so
   * {@code p} equal to 0 or 1 gives a finite loss; {@code p} must lie in [0, 1].
   */
  public static Tensor binaryCrossEntropy(Tensor input, Tensor target) {
    requireSameShape("binaryCrossEntropy", input, target);
    for (double p : input.toArray()) {
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException(
            "binaryCrossEntropy: all elements of input should be between 0 and 1, found " + p);
      }
    }
    Tensor value = untaped(() -> {
      Tensor ones = Tensor.onesLike(target);
      return target.mul(TensorRules.clampedLog(input))
          .add(ones.sub(target).mul(TensorRules.clampedLog(ones.sub(input))))
          .neg().mean();
    });
    return Autograd.function("BinaryCrossEntropyBackward", value, new Tensor[] {input, target},
        (i, in, g) -> i == 0
            ? TensorRules.binaryCrossEntropyBackwardInput(in[0], in[1], g)
            : TensorRules.binaryCrossEntropyBackwardTarget(in[0], in[1], g));
  }

  /** {@code mean(max(x, 0) - x y + log(1 + exp(-|x|)))}: BCE of {@code sigmoid(x)}, computed stably. */
  public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target) {
    requireSameShape("binaryCrossEntropyWithLogits", input, target);
    Tensor value = untaped(() -> input.relu().sub(input.mul(target))
        .add(input.abs().neg().exp().add(1.0).log())
        .mean());
    return Autograd.function("BinaryCrossEntropyWithLogitsBackward", value,
        new Tensor[] {input, target},
        (i, in, g) -> i == 0
            ? TensorRules.binaryCrossEntropyWithLogitsBackwardInput(in[0], in[1], g)
            : TensorRules.binaryCrossEntropyWithLogitsBackwardTarget(in[0], in[1], g));
  }

  /**
   * {@code mean_i(-log softmax(logits[i])[targets[i]])} for logits {@code [N, C]} and N class
   * indices, or logits {@code [C]} and one class index.
   */
  public static Tensor crossEntropy(Tensor logits, int[] targets) {
    Objects.requireNonNull(logits, "crossEntropy: logits");
    Objects.requireNonNull(targets, "crossEntropy: targets");
    int[] shape = logits.shape();
    int n = shape.length == 1 ? 1 : shape.length == 2 ? shape[0] : -1;
    if (n < 0 || targets.length != n) {
      throw new IllegalArgumentException("crossEntropy: expected logits [N, C] with N targets or [C] "
          + "with one target, got logits " + Arrays.toString(shape) + " and " + targets.length + " targets");
    }
    int classes = shape[shape.length - 1];
    for (int t : targets) {
      if (t < 0 || t >= classes) {
        throw new IllegalArgumentException("crossEntropy: target " + t + " is out of bounds for "
            + classes + " classes");
      }
    }
    int[] ts = targets.clone();
    Tensor value = untaped(() -> {
      Tensor logp = logits.logSoftmax(-1);
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += shape.length == 1 ? logp.getDouble(ts[i]) : logp.getDouble(i, ts[i]);
      }
      return Tensor.scalar(-sum / n);
    });
    return Autograd.function("CrossEntropyBackward", value, new Tensor[] {logits},
        (i, in, g) -> TensorRules.crossEntropyBackward(in[0], ts, g));
  }

  /** A loss's value, computed without recording: its one tape entry is {@code Autograd.function}'s. */
  private static Tensor untaped(Supplier<Tensor> value) {
    boolean previous = Autograd.setGradEnabled(false);
    try {
      return value.get();
    } finally {
      Autograd.setGradEnabled(previous);
    }
  }

  private static void requireSameShape(String op, Tensor input, Tensor target) {
    if (input == null || target == null) {
      throw new NullPointerException(op + (input == null ? ": input" : ": target"));
    }
    if (!TensorRules.sameShape(input, target)) {
      throw new IllegalArgumentException(op + ": target shape " + Arrays.toString(target.shape())
          + " must equal input shape " + Arrays.toString(input.shape()));
    }
  }
}
