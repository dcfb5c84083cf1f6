package dev.adjoint.optim;

/**
 * Stochastic gradient descent with optional momentum, as {@code torch.optim.SGD} with dampening 0,
 * no Nesterov momentum and no weight decay. For every parameter {@code p} with gradient {@code g}:
 *
 * <pre>
 * b = g                  (first step)
 * b = momentum * b + g   (later steps; only when momentum != 0, else b = g)
 * p = p - lr * b
 * </pre>
 *
 * <p>The update {@code p - lr * b} is one fused multiply-add ({@link Math#fma}), as PyTorch's CPU
 * kernel computes {@code param.add_(b, alpha=-lr)} on processors with FMA (AVX2, AVX-512, ARM), so
 * results equal PyTorch's float64 results bit for bit there.
 *
 * <p>A parameter value is a {@code double[]}, {@code double[][]}, {@code float[]},
 * {@code float[][]}, {@code Tensor}, a boxed {@code Double} or {@code Float}, a differentiable record
 * or an array of differentiable records; see {@link dev.adjoint.optim}. An instance keeps the
 * momentum buffer of the structure it was first given and is not safe for concurrent use.
 */
public final class Sgd {
  private static final String STEP = "Sgd.step";

  private final double lr;
  private final double momentum;
  /** Structure of the first params; null before the first step. */
  private Structure structure;
  /** Momentum buffer, flat; null before the first step or when momentum is 0. */
  private double[] buffer;

  /**
   * Plain gradient descent, {@code p = p - lr * g}.
   *
   * @param lr the learning rate, finite and {@code >= 0}
   * @throws IllegalArgumentException if {@code lr} is negative, NaN or infinite
   */
  public Sgd(double lr) { this(lr, 0.0); }

  /**
   * Gradient descent with momentum (heavy ball, as PyTorch: the buffer starts as the first
   * gradient).
   *
   * @param lr the learning rate, finite and {@code >= 0}
   * @param momentum the momentum factor, finite and {@code >= 0}; 0 keeps no buffer
   * @throws IllegalArgumentException if an argument is negative, NaN or infinite
   */
  public Sgd(double lr, double momentum) {
    Hyper.nonNegative("Sgd", "lr", lr);
    Hyper.nonNegative("Sgd", "momentum", momentum);
    this.lr = lr;
    this.momentum = momentum;
  }

  /**
   * One SGD step: the updated parameters as a new value of the same type and shape.
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
    double[] b = g;
    if (momentum != 0) {
      if (buffer == null) {
        b = g.clone();
      } else {
        b = new double[g.length];
        for (int i = 0; i < b.length; i++) {
          // buf.mul_(momentum).add_(g): two roundings, as PyTorch
          b[i] = buffer[i] * momentum + g[i];
        }
      }
    }
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.fma(b[i], -lr, p[i]);
    }
    @SuppressWarnings("unchecked") // the rebuilt value has the class of params
    T result = (T) s.rebuild(STEP, params, p);
    // state changes only once the result exists
    structure = s;
    buffer = momentum != 0 ? b : null;
    return result;
  }
}
