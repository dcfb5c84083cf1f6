package dev.adjoint;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;

/** Functional autograd entry points, like {@code torch.autograd} and {@code torch.no_grad}. */
public final class Autograd {
  private Autograd() {}

  /**
   * Gradients of a one-element {@code output} with respect to {@code inputs} (leaves or
   * intermediate results), like {@code torch.autograd.grad}. {@code .grad} fields are not touched;
   * the graph is freed afterwards.
   */
  public static Tensor[] grad(Tensor output, Tensor... inputs) {
    return grad(output, inputs, null, false, false);
  }

  /**
   * Vector–Jacobian products {@code gradOutputᵀ·∂output/∂input} for each input ({@code gradOutput}
   * may be null for a one-element output). With {@code createGraph} the backward computation is
   * itself recorded, so the results can be differentiated again; {@code retainGraph} keeps the
   * graph for another pass. The recorded backward graph refers to the forward graph, so
   * {@code createGraph} always retains it (PyTorch's {@code retain_graph} defaults to
   * {@code create_graph}).
   */
  public static Tensor[] grad(Tensor output, Tensor[] inputs, Tensor gradOutput, boolean retainGraph,
      boolean createGraph) {
    return run(output, inputs, gradOutput, retainGraph, createGraph, false);
  }

  /**
   * {@link #grad(Tensor, Tensor[], Tensor, boolean, boolean)} with PyTorch's {@code allow_unused}:
   * when {@code allowUnused} is true, an input the output does not depend on gets {@code null}
   * instead of an {@code IllegalArgumentException}.
   */
  public static Tensor[] grad(Tensor output, Tensor[] inputs, Tensor gradOutput, boolean retainGraph,
      boolean createGraph, boolean allowUnused) {
    return run(output, inputs, gradOutput, retainGraph, createGraph, allowUnused);
  }

  private static Tensor[] run(Tensor output, Tensor[] inputs, Tensor gradOutput, boolean retainGraph,
      boolean createGraph, boolean allowUnused) {
    Objects.requireNonNull(output, "Autograd.grad: output");
    Objects.requireNonNull(inputs, "Autograd.grad: inputs");
    for (int i = 0; i < inputs.length; i++) {
      if (inputs[i] == null || !inputs[i].requiresGrad()) {
        throw new IllegalArgumentException("Autograd.grad: input " + i + (inputs[i] == null ? " is null"
            : " (shape " + Arrays.toString(inputs[i].shapeRef()) + ") does not require grad"));
      }
    }
    Tensor seed = output.seedFor("Autograd.grad", gradOutput);
    return Engine.grad(output, seed, inputs, retainGraph || createGraph, createGraph, allowUnused);
  }

  /** The backward rule of a {@link #function custom operation}. */
  @FunctionalInterface
  public interface Vjp {
    /** The gradient of {@code inputs[input]} given the output's gradient {@code grad}. */
    Tensor apply(int input, Tensor[] inputs, Tensor grad);
  }

  /**
   * Records a custom operation, like {@code torch.autograd.Function}: returns a tensor with the
   * values of {@code value} whose backward calls {@code vjp} for every input that needs a gradient.
   * {@code value} is computed by the caller (typically inside {@link #noGrad()}); the inputs are
   * saved for the backward pass and checked for in-place modification like any saved tensor.
   */
  public static Tensor function(String name, Tensor value, Tensor[] inputs, Vjp vjp) {
    Objects.requireNonNull(name, "function: name");
    Objects.requireNonNull(value, "function: value");
    Objects.requireNonNull(vjp, "function: vjp");
    Tensor[] saved = inputs.clone();
    for (int i = 0; i < saved.length; i++) {
      if (saved[i] == null) {
        throw new NullPointerException("function: input " + i);
      }
    }
    return Tensor.recordFunction(name, value, saved, vjp);
  }

  /** Whether operations of the current thread are recorded (like {@code torch.is_grad_enabled()}). */
  public static boolean isGradEnabled() { return GradMode.isEnabled(); }

  /**
   * Turns grad mode on or off for the current thread (like {@code torch.set_grad_enabled}) and
   * returns the previous mode, to be restored in a {@code finally} block.
   */
  public static boolean setGradEnabled(boolean enabled) { return GradMode.set(enabled); }

  /** Turns grad mode off for the current thread until {@link NoGrad#close()}. */
  public static NoGrad noGrad() { return new NoGrad(GradMode.set(false)); }

  /** A scope without recording; restores the previous mode of its thread when closed. Nests. */
  public static final class NoGrad implements AutoCloseable {
    private final boolean previous;
    private boolean closed;

    private NoGrad(boolean previous) { this.previous = previous; }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        GradMode.set(previous);
      }
    }
  }

  /**
   * The Jacobian of {@code f} at {@code input}, shape {@code out.shape ++ in.shape}, one
   * backward pass per output element (like {@code torch.autograd.functional.jacobian}). Outputs
   * that do not depend on the input get zero rows.
   */
  public static Tensor jacobian(Function<Tensor, Tensor> f, Tensor input) {
    Objects.requireNonNull(f, "jacobian: f");
    Objects.requireNonNull(input, "jacobian: input");
    boolean previous = GradMode.set(true);
    try {
      Tensor x = input.detach().requiresGrad(true);
      Tensor out = Objects.requireNonNull(f.apply(x), "jacobian: f returned null");
      return jacobianOf(out, x);
    } finally {
      GradMode.set(previous);
    }
  }

  /** The Hessian of a scalar-valued {@code f} at {@code input}, shape {@code in.shape ++ in.shape}. */
  public static Tensor hessian(Function<Tensor, Tensor> f, Tensor input) {
    Objects.requireNonNull(f, "hessian: f");
    Objects.requireNonNull(input, "hessian: input");
    boolean previous = GradMode.set(true);
    try {
      Tensor x = input.detach().requiresGrad(true);
      Tensor out = Objects.requireNonNull(f.apply(x), "hessian: f returned null");
      if (out.numel() != 1) {
        throw new IllegalArgumentException("hessian: f must return a one-element tensor but returned shape "
            + Arrays.toString(out.shapeRef()));
      }
      Tensor gradient = out.requiresGrad()
          ? run(out, new Tensor[] {x}, null, false, true, true)[0]
          : null;
      if (gradient == null) {
        return Tensor.zeros(Shapes.concat(x.shapeRef(), x.shapeRef()));
      }
      return jacobianOf(gradient, x);
    } finally {
      GradMode.set(previous);
    }
  }

  private static Tensor jacobianOf(Tensor out, Tensor x) {
    int rows = out.numel();
    int cols = x.numel();
    double[] jac = new double[rows * cols];
    if (out.requiresGrad()) {
      for (int i = 0; i < rows; i++) {
        Tensor seed = Tensor.zeros(out.shapeRef());
        seed.data[i] = 1.0;
        Tensor row = run(out, new Tensor[] {x}, seed, true, false, true)[0];
        if (row != null) {
          System.arraycopy(row.data, 0, jac, i * cols, cols);
        }
      }
    }
    return new Tensor(jac, Shapes.concat(out.shapeRef(), x.shapeRef()));
  }
}
