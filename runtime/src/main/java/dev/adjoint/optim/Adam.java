package dev.adjoint.optim;

/**
 * Adam, as {@code torch.optim.Adam} (bias-corrected, no weight decay, no AMSGrad). At step
 * {@code t = 1, 2, ...}, for every parameter {@code p} with gradient {@code g} and moments
 * {@code m}, {@code v} starting at 0:
 *
 * <pre>
 * m = beta1 * m + (1 - beta1) * g
 * v = beta2 * v + (1 - beta2) * g * g
 * p = p - (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * <p>Operation by operation this is PyTorch 1.13's single-tensor float64 code
 * ({@code exp_avg.mul_(beta1).add_(g, alpha=1-beta1)},
 * {@code exp_avg_sq.mul_(beta2).addcmul_(g, g, value=1-beta2)},
 * {@code denom = (exp_avg_sq.sqrt() / sqrt(bias_correction2)).add_(eps)},
 * {@code p.addcdiv_(exp_avg, denom, value=-lr/bias_correction1)}), including the two additions
 * that its CPU kernels compute as fused multiply-adds on processors with FMA (AVX2, AVX-512, ARM).
 * {@code beta^t} is correctly rounded (PyTorch uses the C library's {@code pow}, which agrees
 * except in rare cases where it is off by one ulp). PyTorch 2 computes the first moment with
 * {@code lerp_}, which may differ from this in the last bit.
 *
 * <p>A parameter value is a {@code double[]}, {@code double[][]}, {@code float[]},
 * {@code float[][]}, {@code Tensor}, a boxed {@code Double} or {@code Float}, a differentiable record
 * or an array of differentiable records; see {@link dev.adjoint.optim}. An instance keeps the
 * moments and the step count of the structure it was first given and is not safe for concurrent
 * use.
 */
public final class Adam {
  private static final String STEP = "Adam.step";

  private final double lr;
  private final double beta1;
  private final double beta2;
  private final double eps;
  /** Structure of the first params; null before the first step. */
  private Structure structure;
  /** First and second moments, flat; null before the first step. */
  private double[] m;
  private double[] v;
  /** Number of steps taken. */
  private long t;

  /**
   * Adam with PyTorch's defaults: betas (0.9, 0.999), eps 1e-8.
   *
   * @param lr the learning rate, finite and {@code >= 0} (PyTorch's default is 1e-3)
   * @throws IllegalArgumentException if {@code lr} is negative, NaN or infinite
   */
  public Adam(double lr) { this(lr, 0.9, 0.999, 1e-8); }

  /**
   * Adam with explicit hyperparameters.
   *
   * @param lr the learning rate, finite and {@code >= 0}
   * @param beta1 decay of the first moment, in [0, 1)
   * @param beta2 decay of the second moment, in [0, 1)
   * @param eps added to the denominator, finite and {@code >= 0}
   * @throws IllegalArgumentException if an argument is out of its range or NaN
   */
  public Adam(double lr, double beta1, double beta2, double eps) {
    Hyper.nonNegative("Adam", "lr", lr);
    Hyper.beta("Adam", "beta1", beta1);
    Hyper.beta("Adam", "beta2", beta2);
    Hyper.nonNegative("Adam", "eps", eps);
    this.lr = lr;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
  }

  /**
   * One Adam step: the updated parameters as a new value of the same type and shape.
   *
   * @param params the current parameters; not modified
   * @param gradient the gradient of the loss at {@code params}, of the same structure (for a record,
   *     an instance of the same record type); not modified
   * @param <T> the type of the parameter value
   * @return new parameters; passive record components are those of {@code params}, a
   *     {@code Tensor} is a fresh leaf with the requires-grad flag of the one it replaces, floats
   *     are computed in double and rounded when stored
   * @throws IllegalArgumentException if an argument is null or not a parameter value, if the
   *     gradient's structure differs from the params', or if the params' structure differs from the
   *     one this optimizer was first given; nothing is changed then
   */
  public <T> T step(T params, T gradient) {
    Structure s = Structure.forStep(STEP, params, gradient, structure);
    double[] p = s.flatten(params);
    double[] g = s.flatten(gradient);
    double[] m1 = new double[p.length];
    double[] v1 = new double[p.length];
    long step = t + 1;
    double c1 = 1 - beta1;
    double c2 = 1 - beta2;
    double stepSize = lr / (1 - Hyper.pow(beta1, step));
    double bc2Sqrt = Math.sqrt(1 - Hyper.pow(beta2, step));
    for (int i = 0; i < p.length; i++) {
      double mOld = m == null ? 0 : m[i];
      double vOld = v == null ? 0 : v[i];
      m1[i] = Math.fma(g[i], c1, mOld * beta1);
      v1[i] = Math.fma(c2 * g[i], g[i], vOld * beta2);
      double denom = Math.sqrt(v1[i]) / bc2Sqrt + eps;
      p[i] += -stepSize * m1[i] / denom;
    }
    @SuppressWarnings("unchecked") // the rebuilt value has the class of params
    T result = (T) s.rebuild(STEP, params, p);
    // state changes only once the result exists
    structure = s;
    m = m1;
    v = v1;
    t = step;
    return result;
  }
}
