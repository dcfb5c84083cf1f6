package dev.adjoint.internal;

import dev.adjoint.Autograd;
import dev.adjoint.Tensor;
import dev.adjoint.internal.rules.TensorRules;
import java.util.Arrays;

/**
 * For generated companions only (not part of the public API): runs a {@code Tensor} method the
 * processor could not differentiate statically on the dynamic tape. Inputs become fresh leaves
 * (copies), so the caller's tensors keep their values, {@code requiresGrad} and {@code grad()};
 * gradients come from the tape's backward, tangents from the double-backward trick (no finite
 * differences).
 */
public final class TapeCalls {
  private TapeCalls() {}

  /** Turns grad mode on (a caller inside {@code noGrad()} still gets a tape); returns the old mode. */
  public static boolean enableGrad() { return Autograd.setGradEnabled(true); }

  public static void restoreGrad(boolean previous) { Autograd.setGradEnabled(previous); }

  /** A differentiated input: a copy of {@code x} that requires grad. */
  public static Tensor leaf(Tensor x) {
    return x == null ? null : x.detach().requiresGrad(true);
  }

  /** A non-differentiated input: a copy that does not require grad (writes to it stay local). */
  public static Tensor constant(Tensor x) {
    return x == null ? null : x.detach();
  }

  /**
   * The gradients {@code seedᵀ·∂output/∂leaf}: zeros for a leaf the output does not depend on. A
   * null seed means 1 and needs a one-element output.
   */
  public static Tensor[] vjp(Tensor output, Tensor[] leaves, Tensor seed, String method) {
    check(output, seed, method);
    Tensor[] result = new Tensor[leaves.length];
    Tensor[] grads = output.requiresGrad()
        ? Autograd.grad(output, leaves, seed == null ? Tensor.onesLike(output) : seed, false, false, true)
        : new Tensor[leaves.length];
    for (int i = 0; i < leaves.length; i++) {
      result[i] = grads[i] == null ? Tensor.zerosLike(leaves[i]) : grads[i].detach();
    }
    return result;
  }

  /**
   * The Jacobian–vector product {@code Σ ∂output/∂leaf_i · tangent_i} by double backward: with
   * {@code u} a dummy cotangent that requires grad, {@code g_i = J_iᵀu} is recorded
   * ({@code createGraph}), and {@code J·v = ∂(Σ g_i·v_i)/∂u}, exact because {@code g} is linear in u.
   */
  public static Tensor jvp(Tensor output, Tensor[] leaves, Tensor[] tangents, String method) {
    check(output, Tensor.zerosLike(output), method);
    for (int i = 0; i < leaves.length; i++) {
      if (tangents[i] == null || !TensorRules.sameShape(tangents[i], leaves[i])) {
        throw new IllegalArgumentException(method + ": tangent " + i + " has shape "
            + (tangents[i] == null ? "null" : Arrays.toString(tangents[i].shape())) + ", but its input has shape "
            + Arrays.toString(leaves[i].shape()));
      }
    }
    if (!output.requiresGrad()) {
      return Tensor.zerosLike(output);
    }
    Tensor u = Tensor.zerosLike(output).requiresGrad(true);
    Tensor[] g = Autograd.grad(output, leaves, u, true, true, true);
    Tensor s = null;
    for (int i = 0; i < leaves.length; i++) {
      if (g[i] != null && g[i].requiresGrad()) {
        Tensor term = g[i].mul(tangents[i].detach()).sum();
        s = s == null ? term : s.add(term);
      }
    }
    if (s == null) {
      return Tensor.zerosLike(output);
    }
    Tensor[] jv = Autograd.grad(s, new Tensor[] {u}, null, false, false, true);
    return jv[0] == null ? Tensor.zerosLike(output) : jv[0].detach();
  }

  private static void check(Tensor output, Tensor seed, String method) {
    if (output == null) {
      throw new IllegalArgumentException(method + ": the method returned null");
    }
    if (seed == null && output.numel() != 1) {
      throw new IllegalArgumentException(method + ": the gradient needs a result with one element, but the result"
          + " has shape " + Arrays.toString(output.shape()) + "; call the Vjp method with a seed of that shape");
    }
    if (seed != null && !TensorRules.sameShape(seed, output)) {
      throw new IllegalArgumentException(method + ": seed of shape " + Arrays.toString(seed.shape())
          + " does not match the result's shape " + Arrays.toString(output.shape()));
    }
  }
}
