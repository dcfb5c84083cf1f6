package dev.adjoint.samples.seeds;

import dev.adjoint.Differentiable;
import dev.adjoint.Tensor;

/**
 * The seed notebooks' computations as {@code @Differentiable} methods. Called directly with
 * tensors that require grad they run on the tape, as in the notebooks; the processor also
 * generates {@code SeedModelsDerivatives}, which computes the same gradients without a tape.
 */
public final class SeedModels {
  private SeedModels() {}

  /** Notebook 000: y = x² + 2x + 1, summed. */
  @Differentiable
  static Tensor polynomial(Tensor x) {
    Tensor y = x.pow(2).add(x.mul(2)).add(1);
    return y.sum();
  }

  /** Notebook 004: sin(x²). */
  @Differentiable
  static Tensor sineOfSquare(Tensor x) {
    return x.pow(2).sin();
  }

  /** Notebook 004: the BCE of a logistic unit, written by hand with p clamped. */
  @Differentiable(wrt = {"w", "b"})
  static Tensor bceByHand(Tensor x, Tensor w, Tensor b, Tensor target) {
    Tensor z = w.mul(x).add(b);
    double epsilon = 1e-8;
    Tensor p = z.sigmoid().clamp(epsilon, 1 - epsilon);
    Tensor one = Tensor.onesLike(target);
    return target.neg().mul(p.log()).sub(one.sub(target).mul(one.sub(p).log()));
  }

  /** y = [2 x1 + x2², x1² + 2 x2³]: its vector-Jacobian products with one-hot and all-ones seeds. */
  @Differentiable
  static Tensor vectorFunction(Tensor x) {
    Tensor x1 = x.get(0);
    Tensor x2 = x.get(1);
    return Tensor.of(2, 0).mul(x1).add(Tensor.of(1, 0).mul(x2.pow(2)))
        .add(Tensor.of(0, 1).mul(x1.pow(2))).add(Tensor.of(0, 2).mul(x2.pow(3)));
  }
}
