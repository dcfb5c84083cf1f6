package dev.adjoint.internal.rules;

import dev.adjoint.ElementwiseFunction;
import dev.adjoint.Tensor;
import java.util.Arrays;

/**
 * Vector–Jacobian products of the {@code Tensor} and {@code nn.Functional} operations: the one
 * table that both the dynamic tape and the processor's generated code call.
 *
 * <p>Each rule takes the operation's forward inputs (and its output where that is cheaper), the
 * incoming gradient {@code grad} (shaped like the output), and returns the gradient of one input,
 * shaped like that input. Rules are written with differentiable {@code Tensor} operations only, so
 * they work without any tape (plain tensors in, plain tensors out) and, when the inputs require grad
 * and grad mode is on, they record themselves — which is how {@code createGraph} and Hessians work.
 * Element-wise local derivatives come from {@link ScalarRules} through {@link ElementwiseFunction}.
 */
public final class TensorRules {
  private TensorRules() {}

  // ---- broadcasting and arithmetic ------------------------------------------------------------

  /**
   * Undoes broadcasting: sums {@code grad} over the dimensions that broadcasting added or expanded
   * from size 1, giving a tensor of {@code shape}. Also the rule of {@code add}, {@code expand}.
   */
  public static Tensor sumToShape(Tensor grad, int[] shape) {
    return hasShape(grad, shape) ? grad : grad.sumToSize(shape);
  }

  /** {@code a - b}, gradient of {@code b} (whose shape is {@code shape}). */
  public static Tensor subBackwardSecond(Tensor grad, int[] shape) {
    return sumToShape(grad.neg(), shape);
  }

  /**
   * {@code self * other}, gradient of {@code self} (of shape {@code selfShape}): {@code grad *
   * other}. The rule is symmetric, so it also gives the gradient of {@code other}.
   */
  public static Tensor mulBackward(Tensor grad, Tensor other, int[] selfShape) {
    return sumToShape(grad.mul(other), selfShape);
  }

  /** {@code a / b}, gradient of {@code a} (of shape {@code aShape}): {@code grad / b}. */
  public static Tensor divBackwardFirst(Tensor grad, Tensor b, int[] aShape) {
    return sumToShape(grad.div(b), aShape);
  }

  /** {@code a / b}, gradient of {@code b}: {@code grad * ∂(a/b)/∂b}. */
  public static Tensor divBackwardSecond(Tensor a, Tensor b, Tensor grad) {
    return sumToShape(grad.mul(divPartialSecond(a, b)), b.shape());
  }

  // ---- local partials of the binary operations: each formula once ----------------------------
  // (∂(a·b)/∂a = b and ∂(a/b)/∂a = 1/b are the operations themselves: grad.mul(b), grad.div(b).)

  /**
   * {@code ∂(a / b)/∂b = -a / b²} element-wise, broadcast: the tensor form of {@link
   * ScalarRules#divPartialSecond}, written with differentiable operations so that createGraph
   * passes can differentiate it again.
   */
  public static Tensor divPartialSecond(Tensor a, Tensor b) {
    return a.div(b.mul(b)).neg();
  }

  /**
   * {@code ∂(x^e)/∂e} element-wise: {@link ScalarRules#powPartialExponent} applied to each element
   * (0 where {@code x == 0} and {@code e >= 0}, as in PyTorch).
   */
  public static Tensor powPartialExponent(Tensor x, double exponent) {
    return x.map(ElementwiseFunction.of("powPartialExponent(" + exponent + ")",
        v -> ScalarRules.powPartialExponent(v, exponent), null));
  }

  // ---- element-wise functions -----------------------------------------------------------------

  /**
   * {@code x.map(f)}: {@code grad * f'(x)} element-wise ({@code f'(x)} from the forward result
   * where it can be, see {@link Tensor#mapDerivative}).
   */
  public static Tensor elementwiseBackward(ElementwiseFunction f, Tensor x, Tensor grad) {
    return x.mulDerivative(f, grad);
  }

  public static Tensor expBackward(Tensor x, Tensor grad) {
    return elementwiseBackward(ElementwiseFunction.EXP, x, grad);
  }

  public static Tensor logBackward(Tensor x, Tensor grad) {
    return elementwiseBackward(ElementwiseFunction.LOG, x, grad);
  }

  public static Tensor sinBackward(Tensor x, Tensor grad) {
    return elementwiseBackward(ElementwiseFunction.SIN, x, grad);
  }

  public static Tensor cosBackward(Tensor x, Tensor grad) {
    return elementwiseBackward(ElementwiseFunction.COS, x, grad);
  }

  public static Tensor tanhBackward(Tensor x, Tensor grad) {
    return elementwiseBackward(ElementwiseFunction.TANH, x, grad);
  }

  public static Tensor sigmoidBackward(Tensor x, Tensor grad) {
    return elementwiseBackward(ElementwiseFunction.SIGMOID, x, grad);
  }

  public static Tensor reluBackward(Tensor x, Tensor grad) {
    return elementwiseBackward(ElementwiseFunction.RELU, x, grad);
  }

  public static Tensor sqrtBackward(Tensor x, Tensor grad) {
    return elementwiseBackward(ElementwiseFunction.SQRT, x, grad);
  }

  public static Tensor absBackward(Tensor x, Tensor grad) {
    return elementwiseBackward(ElementwiseFunction.ABS, x, grad);
  }

  public static Tensor powBackward(Tensor x, double exponent, Tensor grad) {
    return elementwiseBackward(ElementwiseFunction.pow(exponent), x, grad);
  }

  public static Tensor clampBackward(Tensor x, double min, double max, Tensor grad) {
    return elementwiseBackward(ElementwiseFunction.clamp(min, max), x, grad);
  }

  // ---- linear algebra and shape ---------------------------------------------------------------

  /**
   * {@code a.matmul(b)}, gradient of {@code a} (of shape {@code aShape}): {@code grad · bᵀ}, with
   * {@code torch.matmul}'s 1-D and batch-broadcasting cases undone.
   */
  public static Tensor matmulBackwardFirst(Tensor grad, int[] aShape, Tensor b) {
    Tensor b2 = b.dim() == 1 ? b.reshape(-1, 1) : b;
    int[] a2 = aShape.length == 1 ? new int[] {1, aShape[0]} : aShape;
    Tensor g = matmulGradAsMatrix(grad, aShape.length, b.dim());
    return reshaped(sumToShape(g.matmulTransposed(b2), a2), aShape);
  }

  /** {@code a.matmul(b)}, gradient of {@code b} (of shape {@code bShape}): {@code aᵀ · grad}. */
  public static Tensor matmulBackwardSecond(Tensor grad, Tensor a, int[] bShape) {
    Tensor a2 = a.dim() == 1 ? a.reshape(1, -1) : a;
    int[] b2 = bShape.length == 1 ? new int[] {bShape[0], 1} : bShape;
    Tensor g = matmulGradAsMatrix(grad, a.dim(), bShape.length);
    return reshaped(sumToShape(a2.transposedMatmul(g), b2), bShape);
  }

  /** Puts back the size-1 dims that matmul removed for 1-D operands. */
  private static Tensor matmulGradAsMatrix(Tensor grad, int aDim, int bDim) {
    int[] s = grad.shape();
    if (bDim == 1) {
      s = Arrays.copyOf(s, s.length + 1);
      s[s.length - 1] = 1;
    }
    if (aDim == 1) {
      int[] t = new int[s.length + 1];
      System.arraycopy(s, 0, t, 0, s.length - 1);
      t[s.length - 1] = 1;
      t[s.length] = s[s.length - 1];
      s = t;
    }
    return reshaped(grad, s);
  }

  /** Whether {@code t} has shape {@code shape}, without copying its shape ({@code shape()} is a copy). */
  public static boolean hasShape(Tensor t, int[] shape) {
    if (t.dim() != shape.length) {
      return false;
    }
    for (int i = 0; i < shape.length; i++) {
      if (t.size(i) != shape[i]) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code a} and {@code b} have the same shape, without copying either. */
  public static boolean sameShape(Tensor a, Tensor b) {
    if (a.dim() != b.dim()) {
      return false;
    }
    for (int i = 0; i < a.dim(); i++) {
      if (a.size(i) != b.size(i)) {
        return false;
      }
    }
    return true;
  }

  /** {@code t.reshape(shape)}, or {@code t} itself when it has that shape already (a reshape copies). */
  private static Tensor reshaped(Tensor t, int[] shape) {
    return hasShape(t, shape) ? t : t.reshape(shape);
  }

  /** {@code x.transpose(d0, d1)} (and {@code t()}): transpose the gradient back. */
  public static Tensor transposeBackward(Tensor grad, int dim0, int dim1) {
    return grad.transpose(dim0, dim1);
  }

  /** {@code x.reshape(...)}: the gradient in the input's shape. */
  public static Tensor reshapeBackward(Tensor grad, int[] inputShape) {
    return grad.reshape(inputShape);
  }

  /** {@code x.get(index)}: zeros of the input's shape with {@code grad} in the selected slot. */
  public static Tensor getBackward(Tensor grad, int[] inputShape, int[] index) {
    Tensor out = Tensor.zeros(inputShape);
    out.set(index, grad);
    return out;
  }

  /** {@code x.set(index, v)}, gradient of the old {@code x}: {@code grad} with the slot zeroed. */
  public static Tensor setBackwardSelf(Tensor grad, int[] index) {
    Tensor mask = Tensor.onesLike(grad);
    mask.set(index, 0.0);
    return grad.mul(mask);
  }

  /** {@code x.set(index, v)}, gradient of {@code v}: the slot of {@code grad}, un-broadcast. */
  public static Tensor setBackwardValue(Tensor grad, int[] index, int[] valueShape) {
    return sumToShape(grad.get(index), valueShape);
  }

  // ---- reductions -----------------------------------------------------------------------------

  /** {@code x.sum()} (and {@code x.sumToSize(...)}): {@code grad} broadcast to the input's shape. */
  public static Tensor sumBackward(Tensor grad, int[] inputShape) {
    return grad.expand(inputShape);
  }

  /** {@code x.sum(dim, keepDim)} ({@code dim} may be negative). */
  public static Tensor sumDimBackward(Tensor grad, int[] inputShape, int dim, boolean keepDim) {
    if (inputShape.length == 0) {
      return grad;
    }
    int[] kept = inputShape.clone();
    kept[normalizedDim(dim, inputShape)] = 1;
    return (keepDim ? grad : grad.reshape(kept)).expand(inputShape);
  }

  /** {@code x.mean()}. */
  public static Tensor meanBackward(Tensor grad, int[] inputShape) {
    int n = 1;
    for (int d : inputShape) {
      n *= d;
    }
    return sumBackward(grad, inputShape).div(n);
  }

  /** {@code x.mean(dim, keepDim)} ({@code dim} may be negative). */
  public static Tensor meanDimBackward(Tensor grad, int[] inputShape, int dim, boolean keepDim) {
    int n = inputShape.length == 0 ? 1 : inputShape[normalizedDim(dim, inputShape)];
    return sumDimBackward(grad, inputShape, dim, keepDim).div(n);
  }

  private static int normalizedDim(int dim, int[] shape) {
    if (dim < -shape.length || dim >= shape.length) {
      throw new IllegalArgumentException("dimension " + dim + " out of range for shape " + Arrays.toString(shape));
    }
    return dim < 0 ? dim + shape.length : dim;
  }

  /** {@code y = x.softmax(dim)}: {@code y * (grad - sum(grad * y, dim))}. */
  public static Tensor softmaxBackward(Tensor output, Tensor grad, int dim) {
    return output.mul(grad.sub(grad.mul(output).sum(dim, true)));
  }

  /** {@code y = x.logSoftmax(dim)}: {@code grad - exp(y) * sum(grad, dim)}. */
  public static Tensor logSoftmaxBackward(Tensor output, Tensor grad, int dim) {
    return grad.sub(output.exp().mul(grad.sum(dim, true)));
  }

  // ---- losses (mean reduction; grad is the 0-d gradient of the loss) --------------------------

  /** {@code mseLoss(input, target)}, gradient of {@code input}: {@code 2 (input - target) / n}. */
  public static Tensor mseLossBackwardInput(Tensor input, Tensor target, Tensor grad) {
    return input.sub(target).mul(grad).mul(2.0 / input.numel());
  }

  /** {@code mseLoss(input, target)}, gradient of {@code target}. */
  public static Tensor mseLossBackwardTarget(Tensor input, Tensor target, Tensor grad) {
    return mseLossBackwardInput(input, target, grad).neg();
  }

  /** PyTorch's lower bound on {@code p (1 - p)} in the BCE gradient. */
  private static final double BCE_EPSILON = 1e-12;

  /**
   * {@code binaryCrossEntropy(p, y)}, gradient of {@code p}: {@code grad (p - y) / max(p (1 - p),
   * 1e-12) / n}, exactly PyTorch's formula.
   */
  public static Tensor binaryCrossEntropyBackwardInput(Tensor p, Tensor y, Tensor grad) {
    Tensor denominator = p.mul(p.neg().add(1.0)).clamp(BCE_EPSILON, Double.POSITIVE_INFINITY);
    return p.sub(y).div(denominator).mul(grad).div(p.numel());
  }

  /** {@code binaryCrossEntropy(p, y)}, gradient of {@code y}: {@code grad (log(1-p) - log p) / n}, logs clamped at -100. */
  public static Tensor binaryCrossEntropyBackwardTarget(Tensor p, Tensor y, Tensor grad) {
    return clampedLog(p.neg().add(1.0)).sub(clampedLog(p)).mul(grad).div(p.numel());
  }

  /** {@code log(x)} clamped below at -100, as in PyTorch's BCE. */
  public static Tensor clampedLog(Tensor x) {
    return x.log().clamp(-100.0, Double.POSITIVE_INFINITY);
  }

  /** {@code binaryCrossEntropyWithLogits(x, y)}, gradient of {@code x}: {@code grad (sigmoid(x) - y) / n}. */
  public static Tensor binaryCrossEntropyWithLogitsBackwardInput(Tensor x, Tensor y, Tensor grad) {
    return x.sigmoid().sub(y).mul(grad).div(x.numel());
  }

  /** {@code binaryCrossEntropyWithLogits(x, y)}, gradient of {@code y}: {@code -grad x / n}. */
  public static Tensor binaryCrossEntropyWithLogitsBackwardTarget(Tensor x, Tensor y, Tensor grad) {
    return x.neg().mul(grad).div(x.numel());
  }

  /**
   * {@code crossEntropy(logits, targets)} for logits {@code [N, C]} (or {@code [C]} with one
   * target), gradient of the logits: {@code grad (softmax(logits) - onehot(targets)) / N}.
   */
  public static Tensor crossEntropyBackward(Tensor logits, int[] targets, Tensor grad) {
    Tensor oneHot = Tensor.zerosLike(logits);
    for (int i = 0; i < targets.length; i++) {
      oneHot.set(logits.dim() == 1 ? new int[] {targets[i]} : new int[] {i, targets[i]}, 1.0);
    }
    return logits.softmax(-1).sub(oneHot).mul(grad).div(targets.length);
  }

  // ---- operands and results that are doubles (generated code; the tape wraps doubles as 0-d tensors)

  /** The gradient of a {@code double} operand that was broadcast over the output: {@code sum(grad)}. */
  public static double scalarOperandBackward(Tensor grad) {
    return grad.sum().item();
  }

  /** {@code x * c} or {@code x / c} with a double {@code c}, gradient of {@code x}: {@code grad * factor}. */
  public static Tensor scaleBackward(Tensor grad, double factor) {
    return grad.mul(factor);
  }

  /** {@code x * c}, gradient of the double {@code c}: {@code sum(grad * x)}. */
  public static double mulScalarBackward(Tensor grad, Tensor x) {
    return grad.mul(x).sum().item();
  }

  /** {@code x / c}, gradient of the double {@code c}: {@code sum(grad * ∂(x/c)/∂c)}. */
  public static double divScalarBackward(Tensor grad, Tensor x, double c) {
    return grad.mul(divPartialSecond(x, Tensor.scalar(c))).sum().item();
  }

  /** {@code x.neg()}: {@code -grad}. */
  public static Tensor negBackward(Tensor grad) {
    return grad.neg();
  }

  /** {@code x.pow(e)}, gradient of the exponent: {@code sum(grad * ∂(x^e)/∂e)}. */
  public static double powExponentBackward(Tensor x, double exponent, Tensor grad) {
    return grad.mul(powPartialExponent(x, exponent)).sum().item();
  }

  /** {@code x.item()}: the double gradient spread over the (one-element) input's shape. */
  public static Tensor itemBackward(double grad, int[] inputShape) {
    return Tensor.full(grad, inputShape);
  }

  /** {@code x.getDouble(index)}: {@code grad} at the element, zeros elsewhere. */
  public static Tensor getDoubleBackward(double grad, int[] inputShape, int[] index) {
    return getBackward(Tensor.scalar(grad), inputShape, index);
  }

  /** {@code x.set(index, v)} with a double {@code v}, gradient of {@code v}: the sum of the slot of {@code grad}. */
  public static double setBackwardScalarValue(Tensor grad, int[] index) {
    return grad.get(index).sum().item();
  }

  /** {@code x.t()}: the gradient transposed back. */
  public static Tensor tBackward(Tensor grad) {
    return grad.t();
  }

  /** {@code Tensor.of(v0, v1, …)}, gradient of {@code v}<sub>k</sub>: element k of {@code grad}. */
  public static double ofBackward(Tensor grad, int k) {
    return grad.getDouble(k);
  }

  /** {@code x - c} with a double {@code c}, gradient of {@code c}: {@code -sum(grad)}. */
  public static double subScalarOperandBackward(Tensor grad) {
    return -grad.sum().item();
  }

  /** {@code x / c} with a double {@code c}, gradient of {@code x}: {@code grad / c}. */
  public static Tensor divByScalarBackward(Tensor grad, double c) {
    return grad.div(c);
  }

  /** {@code Tensor.of(double[] data, int... shape)}, gradient of {@code data}: the gradient's values, row-major. */
  public static double[] ofDataBackward(Tensor grad) {
    return grad.toArray();
  }

  /** {@code Tensor.of(double[][] rows)}, gradient of {@code rows}: the gradient's rows. */
  public static double[][] ofRowsBackward(Tensor grad) {
    int[] shape = grad.shape();
    double[] flat = grad.toArray();
    double[][] rows = new double[shape[0]][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = java.util.Arrays.copyOfRange(flat, i * shape[1], (i + 1) * shape[1]);
    }
    return rows;
  }
}
