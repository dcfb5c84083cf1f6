package dev.adjoint.internal;

import dev.adjoint.Tensor;
import dev.adjoint.internal.rules.TensorRules;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Bookkeeping of generated code for {@code Tensor} derivatives. A {@code null} adjoint or
 * tangent stands for zeros of the right shape: generated code never allocates a zero tensor it
 * does not return.
 */
public final class TensorSupport {
  private TensorSupport() {}

  // Tensor's fields that accumulate() needs; same module, so no public surface on Tensor for it.
  private static final VarHandle DATA;
  private static final VarHandle VERSION;
  private static final VarHandle SHAPE;
  private static final VarHandle OWNED_SUM;
  /** {@code MatMul.multiply}: {@code c += A·B}, either operand stored transposed. */
  private static final MethodHandle MULTIPLY_ADD;

  static {
    try {
      MethodHandles.Lookup tensor = MethodHandles.privateLookupIn(Tensor.class, MethodHandles.lookup());
      DATA = tensor.findVarHandle(Tensor.class, "data", double[].class);
      VERSION = tensor.findVarHandle(Tensor.class, "version", int.class);
      SHAPE = tensor.findVarHandle(Tensor.class, "shape", int[].class);
      OWNED_SUM = tensor.findVarHandle(Tensor.class, "ownedSum", boolean.class);
      Class<?> matMul = tensor.findClass("dev.adjoint.MatMul");
      MULTIPLY_ADD = MethodHandles.privateLookupIn(matMul, MethodHandles.lookup()).findStatic(matMul, "multiply",
          MethodType.methodType(void.class, double[].class, int.class, boolean.class, double[].class, int.class,
              boolean.class, double[].class, int.class, int.class, int.class, int.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * {@code sum + g} like {@link #plus}, for the gradient of a {@code Tensor} parameter that the
   * generated code never reassigns: such an adjoint is read once, at the end, by {@link
   * #gradient}, so a sum this method allocated for it is held by that variable alone. The first
   * contribution is kept as it is (it may be another variable's tensor), the second makes a fresh
   * sum, and later ones are added into that sum in place: the same additions in the same order as
   * {@code plus}, without a new tensor per step of a loop. Never in place while the graph records
   * ({@code requiresGrad}), nor when {@code g} broadcasts.
   */
  public static Tensor accumulate(Tensor sum, Tensor g) {
    if (sum == null) {
      return g;
    }
    if ((boolean) OWNED_SUM.get(sum) && !g.requiresGrad() && Arrays.equals((int[]) SHAPE.get(sum), (int[]) SHAPE.get(g))) {
      double[] s = (double[]) DATA.get(sum);
      double[] x = (double[]) DATA.get(g);
      for (int i = 0; i < s.length; i++) {
        s[i] += x[i];
      }
      VERSION.set(sum, (int) VERSION.get(sum) + 1);
      return sum;
    }
    Tensor fresh = sum.add(g);
    if (!fresh.requiresGrad() && Arrays.equals((int[]) SHAPE.get(fresh), (int[]) SHAPE.get(sum))) {
      OWNED_SUM.set(fresh, true); // fresh from add: no one else holds it
    }
    return fresh;
  }

  /**
   * {@code accumulate(sum, TensorRules.matmulBackwardFirst(grad, aShape, b))}: the gradient of a
   * parameter multiplied from the left ({@code w.matmul(x)}), with {@code grad·bᵀ} multiplied
   * straight into a sum this class owns instead of into a new tensor that is then added (an RNN's
   * weights get one such contribution per step). Equal to {@code accumulate} up to rounding: the
   * products are added into the sum term by term ({@code c += A·B}, BLAS's {@code beta = 1}).
   */
  public static Tensor accumulateMatmulBackwardFirst(Tensor sum, Tensor grad, int[] aShape, Tensor b) {
    Tensor into = multiplyInto(sum, grad, false, b, true);
    return into != null ? into : accumulateProduct(sum, TensorRules.matmulBackwardFirst(grad, aShape, b));
  }

  /**
   * {@code accumulate(sum, TensorRules.matmulBackwardSecond(grad, a, bShape))}: the gradient of a
   * parameter multiplied from the right ({@code x.matmul(w)}), {@code aᵀ·grad} multiplied straight
   * into a sum this class owns; see {@link #accumulateMatmulBackwardFirst}.
   */
  public static Tensor accumulateMatmulBackwardSecond(Tensor sum, Tensor grad, Tensor a, int[] bShape) {
    Tensor into = multiplyInto(sum, a, true, grad, false);
    return into != null ? into : accumulateProduct(sum, TensorRules.matmulBackwardSecond(grad, a, bShape));
  }

  /**
   * {@code sum += A·B} in place, where {@code A} is {@code a} or its transpose and {@code B} is
   * {@code b} or its transpose, when {@code sum} is a matrix this class owns and {@code A·B} two
   * unrecorded matrices of its shape; else null, nothing done.
   */
  private static Tensor multiplyInto(Tensor sum, Tensor a, boolean transA, Tensor b, boolean transB) {
    if (sum == null || !(boolean) OWNED_SUM.get(sum) || a.dim() != 2 || b.dim() != 2
        || a.requiresGrad() || b.requiresGrad()) {
      return null;
    }
    int[] as = (int[]) SHAPE.get(a);
    int[] bs = (int[]) SHAPE.get(b);
    int[] s = (int[]) SHAPE.get(sum);
    int n = as[transA ? 1 : 0];
    int k = as[transA ? 0 : 1];
    int m = bs[transB ? 0 : 1];
    if (s.length != 2 || bs[transB ? 1 : 0] != k || s[0] != n || s[1] != m) {
      return null;
    }
    try {
      MULTIPLY_ADD.invokeExact((double[]) DATA.get(a), 0, transA, (double[]) DATA.get(b), 0, transB,
          (double[]) DATA.get(sum), 0, n, k, m);
    } catch (Throwable e) {
      throw new IllegalStateException(e); // multiply throws nothing checked; the shapes are checked above
    }
    VERSION.set(sum, (int) VERSION.get(sum) + 1);
    return sum;
  }

  /**
   * {@link #accumulate} of a contribution a product rule just made: no one else holds that tensor,
   * so as a first contribution it becomes the sum this class owns (the next product goes into it).
   */
  private static Tensor accumulateProduct(Tensor sum, Tensor product) {
    if (sum == null && !product.requiresGrad()) {
      OWNED_SUM.set(product, true);
      return product;
    }
    return accumulate(sum, product);
  }

  /** {@code acc + g}, where a null {@code acc} is zero; never modifies either argument. */
  public static Tensor plus(Tensor acc, Tensor g) {
    return acc == null ? g : acc.add(g);
  }

  /**
   * The gradient handed to the caller: a fresh tensor shaped like {@code like} (zeros for null). A
   * sum this class owns is handed over as it is (nothing else holds it, and from now on nothing
   * adds into it); any other adjoint is copied, since it may be another variable's tensor.
   */
  public static Tensor gradient(Tensor adjoint, Tensor like) {
    if (adjoint == null) {
      return Tensor.zerosLike(like);
    }
    if ((boolean) OWNED_SUM.get(adjoint)) {
      OWNED_SUM.set(adjoint, false);
      return adjoint;
    }
    return adjoint.detach();
  }

  /** A tangent handed to the caller: zeros shaped like {@code value} for null. */
  public static Tensor tangent(Tensor tangent, Tensor value) {
    return tangent == null ? Tensor.zerosLike(value) : tangent;
  }

  /**
   * ⟨a, b⟩, the sum of the element-wise product; 0 for a null {@code b} (a zero tangent). Forward
   * mode through a {@code @DerivativeOf} VJP of a {@code double} function: J·v = ⟨vjp(1), v⟩.
   */
  public static double dot(Tensor a, Tensor b) {
    if (b == null) {
      return 0.0;
    }
    if (!TensorRules.sameShape(a, b)) {
      throw new IllegalArgumentException("dot: the VJP returned shape " + Arrays.toString(a.shape())
          + " but the argument has shape " + Arrays.toString(b.shape()));
    }
    double[] x = a.toArray();
    double[] y = b.toArray();
    double sum = 0.0;
    for (int i = 0; i < x.length; i++) {
      sum += x[i] * y[i];
    }
    return sum;
  }

  /** A copy of {@code t} (saved before an in-place {@code set} overwrites it). */
  public static Tensor copy(Tensor t) {
    return t == null ? null : t.detach();
  }

  /**
   * The adjoint the reverse sweep starts from: {@code seed}, which must have the result's shape;
   * a null seed (from {@code nameGradient}) means 1 and needs a one-element result.
   *
   * @throws IllegalArgumentException for a seed of another shape, or a null seed and a result
   *     with more than one element
   */
  public static Tensor seed(Tensor seed, Tensor value, String method) {
    if (value == null) {
      throw new IllegalArgumentException(method + ": the method returned null");
    }
    if (seed == null) {
      if (value.numel() != 1) {
        throw new IllegalArgumentException(method + ": the gradient needs a result with one element, "
            + "but the result has shape " + Arrays.toString(value.shape())
            + "; call the Vjp method with a seed of that shape");
      }
      return Tensor.onesLike(value);
    }
    if (!TensorRules.sameShape(seed, value)) {
      throw new IllegalArgumentException(method + ": seed of shape " + Arrays.toString(seed.shape())
          + " does not match the result's shape " + Arrays.toString(value.shape()));
    }
    return seed;
  }
}
