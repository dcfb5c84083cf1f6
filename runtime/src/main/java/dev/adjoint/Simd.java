package dev.adjoint;

import java.lang.reflect.InvocationTargetException;
import java.util.Optional;

/**
 * The runtime's kernels on the Vector API ({@code jdk.incubator.vector}) — the matrix product and
 * a tensor's {@code exp}, {@code tanh} and {@code sigmoid} — used when the JVM runs with {@code
 * --add-modules jdk.incubator.vector} and its vectors hold at least four doubles (AVX2 or wider).
 *
 * <p>The implementation, {@code SimdKernels}, lives in its own source root ({@code src/simd/java},
 * compiled with the module added, see the runtime's pom) and is loaded by name, once, only when
 * the module is in the boot layer: a JVM without it never links a class that names the module.
 * {@code -Dadjoint.simd=false} keeps the plain kernels.
 *
 * <p>Only operations whose every step is exactly rounded: fused multiply-adds, additions,
 * divisions, integer operations on the bits, loads and stores give the same bits interpreted and
 * compiled. The Vector API's own {@code EXP} and {@code TANH} do not (its Java fallback calls
 * {@link Math} per lane, C2 calls Intel's short-vector math library, which differs in the last
 * bit), so a tensor's {@code exp} would change with the JIT's state; the kernels here run {@link
 * ElementaryMath}'s steps instead, and give its bits. The vector product sums in another order
 * than the plain one (fused multiply-adds, other blocks), so products agree to rounding, not bit
 * for bit, between a JVM with the module and one without; within one JVM every product gives the
 * same values on the tape, in generated code, in any number of threads.
 */
final class Simd {
  private Simd() {}

  /** What {@code SimdKernels} implements: {@link MatMul}'s loops, {@link ElementaryMath}'s functions. */
  interface Kernels {
    /**
     * Rows {@code [0, count)} of {@code c[cOff..] += A·B}, {@code k}-deep and {@code m} wide, where
     * {@code A[i][p] = a[aOff + i·aRow + p·aCol]} and {@code B[p][j] = b[bOff + p·bRow + j·bCol]}:
     * strides {@code (k, 1)} and {@code (m, 1)} for row-major operands, {@code (1, n)} and {@code
     * (1, k)} for operands stored transposed (read while packing, no transposed copy).
     */
    void matmulRows(double[] a, int aOff, int aRow, int aCol, double[] b, int bOff, int bRow, int bCol,
        double[] c, int cOff, int count, int k, int m);

    /** {@code out[i] = ElementaryMath.exp(in[i])} for {@code i < n}, the same bits; {@code out} may be {@code in}. */
    void exp(double[] in, double[] out, int n);

    /** {@code out[i] = ElementaryMath.tanh(in[i])} for {@code i < n}, the same bits. */
    void tanh(double[] in, double[] out, int n);

    /** {@code out[i] = ElementaryMath.sigmoid(in[i])} for {@code i < n}, the same bits. */
    void sigmoid(double[] in, double[] out, int n);
  }

  /** The Vector API kernel, or {@code null} (then {@link #STATUS} says why). */
  static final Kernels KERNELS;
  /** {@code "on"} when the Vector API kernel is used, else {@code "off: "} and the reason. */
  static final String STATUS;

  static {
    Kernels kernels = null;
    String status;
    Optional<Module> vector = ModuleLayer.boot().findModule("jdk.incubator.vector");
    if (!Boolean.parseBoolean(System.getProperty("adjoint.simd", "true"))) {
      status = "off: -Dadjoint.simd=false";
    } else if (vector.isEmpty()) {
      status = "off: jdk.incubator.vector is not in the boot layer (run with --add-modules jdk.incubator.vector)";
    } else {
      // a named module (this one on the module path) must be made to read it; the class path reads everything
      Simd.class.getModule().addReads(vector.get());
      try {
        kernels = (Kernels) Class.forName("dev.adjoint.SimdKernels").getDeclaredConstructor().newInstance();
        status = "on";
      } catch (InvocationTargetException e) {
        status = "off: " + e.getCause().getMessage();
      } catch (ReflectiveOperationException | LinkageError e) {
        status = "off: " + e;
      }
    }
    KERNELS = kernels;
    STATUS = status;
  }
}
