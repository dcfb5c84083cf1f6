package dev.adjoint.internal.rules;

import dev.adjoint.Tensor;

/**
 * Jacobian–vector products (forward mode) of the {@code Tensor} and {@code nn.Functional}
 * operations that generated {@code nameJvp} code calls: given an operation's inputs and their
 * tangents, the tangent of its output. A {@code null} tangent stands for zeros (an input that does
 * not depend on the differentiated parameters); the result may then be {@code null} too.
 *
 * <p>Operations that are linear in a single input (shape operations, sums, selection) need no
 * entry: their tangent is the operation applied to the input's tangent. Element-wise functions and
 * softmax have symmetric Jacobians, so their tangent rule is their {@link TensorRules} backward
 * rule applied to the tangent. Losses reuse their {@link TensorRules} gradients:
 * {@code dL = <dL/dinput, dinput> + <dL/dtarget, dtarget>}.
 */
public final class TensorTangents {
  private TensorTangents() {}

  private static final Tensor ONE = Tensor.scalar(1.0);

  // ---- arithmetic -----------------------------------------------------------------------------

  /** {@code a + b}: {@code da + db}, broadcast to the output's shape. */
  public static Tensor add(Tensor a, Tensor b, Tensor da, Tensor db) {
    if (da != null && db != null) {
      return da.add(db); // broadcasts to a + b's shape itself, no expanded copy
    }
    return expanded(da != null ? da : db, broadcastShape(a.shape(), b.shape()));
  }

  /** {@code a - b}: {@code da - db}. */
  public static Tensor sub(Tensor a, Tensor b, Tensor da, Tensor db) {
    if (da != null && db != null) {
      return da.sub(db);
    }
    int[] out = broadcastShape(a.shape(), b.shape());
    return db == null ? expanded(da, out) : expanded(db, out).neg();
  }

  /** {@code a * b}: {@code da b + a db}. */
  public static Tensor mul(Tensor a, Tensor b, Tensor da, Tensor db) {
    return sum(da == null ? null : da.mul(b), db == null ? null : a.mul(db));
  }

  /** {@code a / b}: {@code da / b + db ∂(a/b)/∂b}. */
  public static Tensor div(Tensor a, Tensor b, Tensor da, Tensor db) {
    return sum(da == null ? null : da.div(b), db == null ? null : db.mul(TensorRules.divPartialSecond(a, b)));
  }

  /** {@code a + c} with a double {@code c}: {@code da + dc}. */
  public static Tensor addScalar(Tensor a, Tensor da, double dc) {
    return da == null ? Tensor.full(dc, a.shape()) : da.add(dc);
  }

  /** {@code a - c} with a double {@code c}: {@code da - dc}. */
  public static Tensor subScalar(Tensor a, Tensor da, double dc) {
    return addScalar(a, da, -dc);
  }

  /**
   * {@code a * c} with a double {@code c}: {@code da c + a dc}. A zero {@code dc} (an inactive
   * {@code c}) contributes nothing, like a null tensor tangent, so an infinite {@code a} does not
   * turn the tangent into NaN.
   */
  public static Tensor mulScalar(Tensor a, double c, Tensor da, double dc) {
    Tensor fromC = dc == 0 ? null : a.mul(dc);
    Tensor t = sum(da == null ? null : da.mul(c), fromC);
    return t == null ? Tensor.zerosLike(a) : t;
  }

  /** {@code a / c} with a double {@code c}: {@code da / c + dc ∂(a/c)/∂c} (a zero {@code dc} contributes nothing). */
  public static Tensor divScalar(Tensor a, double c, Tensor da, double dc) {
    Tensor fromC = dc == 0 ? null : TensorRules.divPartialSecond(a, Tensor.scalar(c)).mul(dc);
    Tensor t = sum(da == null ? null : da.div(c), fromC);
    return t == null ? Tensor.zerosLike(a) : t;
  }

  /** {@code x.pow(e)}: {@code dx ∂(x^e)/∂x + de ∂(x^e)/∂e}. */
  public static Tensor pow(Tensor x, double exponent, Tensor dx, double dexponent) {
    Tensor fromX = dx == null ? null : TensorRules.powBackward(x, exponent, dx);
    Tensor fromE = dexponent == 0 ? null : TensorRules.powPartialExponent(x, exponent).mul(dexponent);
    Tensor t = sum(fromX, fromE);
    return t == null ? Tensor.zerosLike(x) : t;
  }

  // ---- linear algebra, softmax ----------------------------------------------------------------

  /** {@code a.matmul(b)}: {@code da·b + a·db}. */
  public static Tensor matmul(Tensor a, Tensor b, Tensor da, Tensor db) {
    return sum(da == null ? null : da.matmul(b), db == null ? null : a.matmul(db));
  }

  /** {@code x.logSoftmax(dim)}: {@code dx - sum(softmax(x) dx, dim)}. */
  public static Tensor logSoftmax(Tensor x, int dim, Tensor dx) {
    return dx.sub(x.softmax(dim).mul(dx).sum(dim, true));
  }

  // ---- in-place set, as a new tensor ----------------------------------------------------------

  /** {@code x.set(index, v)}: {@code dx} with the slot replaced by {@code dv}; a new tensor. */
  public static Tensor set(Tensor x, int[] index, Tensor dx, Tensor dv) {
    Tensor t = dx == null ? Tensor.zerosLike(x) : dx.detach();
    t.set(index, dv == null ? Tensor.scalar(0.0) : dv);
    return t;
  }

  /** {@code x.set(index, v)} with a double {@code v}. */
  public static Tensor setScalar(Tensor x, int[] index, Tensor dx, double dv) {
    Tensor t = dx == null ? Tensor.zerosLike(x) : dx.detach();
    t.set(index, dv);
    return t;
  }

  // ---- losses (0-d results) -------------------------------------------------------------------

  public static Tensor mseLoss(Tensor input, Tensor target, Tensor dinput, Tensor dtarget) {
    return loss(TensorRules.mseLossBackwardInput(input, target, ONE), dinput,
        dtarget == null ? null : TensorRules.mseLossBackwardTarget(input, target, ONE), dtarget);
  }

  public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor dinput, Tensor dtarget) {
    return loss(dinput == null ? null : TensorRules.binaryCrossEntropyBackwardInput(input, target, ONE), dinput,
        dtarget == null ? null : TensorRules.binaryCrossEntropyBackwardTarget(input, target, ONE), dtarget);
  }

  public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor dinput, Tensor dtarget) {
    return loss(dinput == null ? null : TensorRules.binaryCrossEntropyWithLogitsBackwardInput(input, target, ONE),
        dinput,
        dtarget == null ? null : TensorRules.binaryCrossEntropyWithLogitsBackwardTarget(input, target, ONE),
        dtarget);
  }

  public static Tensor crossEntropy(Tensor logits, int[] targets, Tensor dlogits) {
    return loss(TensorRules.crossEntropyBackward(logits, targets, ONE), dlogits, null, null);
  }

  /** {@code <g1, d1> + <g2, d2>} as a 0-d tensor. */
  private static Tensor loss(Tensor g1, Tensor d1, Tensor g2, Tensor d2) {
    double s = 0;
    if (d1 != null) {
      s += g1.mul(d1).sum().item();
    }
    if (d2 != null) {
      s += g2.mul(d2).sum().item();
    }
    return Tensor.scalar(s);
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static Tensor sum(Tensor a, Tensor b) {
    return a == null ? b : b == null ? a : a.add(b);
  }

  private static Tensor expanded(Tensor t, int[] shape) {
    return t == null || TensorRules.hasShape(t, shape) ? t : t.expand(shape);
  }

  /** NumPy broadcasting of two shapes (the operation itself has already checked they broadcast). */
  private static int[] broadcastShape(int[] a, int[] b) {
    int n = Math.max(a.length, b.length);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      int da = i < n - a.length ? 1 : a[i - (n - a.length)];
      int db = i < n - b.length ? 1 : b[i - (n - b.length)];
      out[i] = da == 1 ? db : da;
    }
    return out;
  }
}
