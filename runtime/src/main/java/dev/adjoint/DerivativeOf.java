package dev.adjoint;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives the Adjoint processor a derivative it cannot derive itself: the annotated static method
 * is a derivative of the function {@link #value()} with respect to its argument {@link #argument()}.
 * For a function {@code static R f(P0 p0, …, Pn pn)}, with {@code Pi} the type of the argument:
 *
 * <ul>
 *   <li>{@link Mode#PARTIAL} (the default; {@code R} and {@code Pi} are {@code double}):
 *       {@code static double name(P0 p0, …, Pn pn)} returns ∂f/∂pi;
 *   <li>{@link Mode#VJP} (any differentiable {@code R}, {@code Pi}: {@code double},
 *       {@code double[]}, {@code double[][]}, {@code Tensor}): {@code static Pi name(P0 p0, …, Pn pn,
 *       R seed)} returns the vector–Jacobian product seedᵀ·∂f/∂pi, shaped like {@code pi};
 *   <li>{@link Mode#JVP}: {@code static R name(P0 p0, …, Pn pn, Pi tangent)} returns the
 *       Jacobian–vector product ∂f/∂pi·tangent, shaped like the result.
 * </ul>
 *
 * <pre>{@code
 * final class ErfDerivative {
 *   @DerivativeOf("org.apache.commons.math3.special.Erf.erf")
 *   static double erf(double x) { return 2 / Math.sqrt(Math.PI) * Math.exp(-x * x); }
 *
 *   @DerivativeOf(value = "lib.Vec.norm", mode = DerivativeOf.Mode.VJP)
 *   static double[] norm(double[] x, double seed) { … return seed * x[i] / norm(x) for each i … }
 * }
 * }</pre>
 *
 * <p>Every differentiable argument that a call passes a value with a derivative needs a
 * {@code PARTIAL} or a {@code VJP} method (one without, such as a special function's shape, may
 * only take values without a derivative: an error at the call otherwise); forward mode
 * uses the {@code PARTIAL}, else the {@code JVP}, else — only for a {@code double} result, where
 * it is exact — the {@code VJP} with seed 1 dotted with the tangent. Generated companions call
 * these methods wherever a {@code @Differentiable} method calls the function with an active
 * argument, in forward and reverse mode and on the scalar tape, and {@code GradChecks.verify}
 * checks them like any other derivative. Derivatives compiled into a library jar are found on the
 * class path (the processor lists them in the resource
 * {@code dev/adjoint/derivatives/<target class, dots as slashes>/index}).
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface DerivativeOf {
  /** The function: the canonical name of its class, a dot, and the method name. */
  String value();

  /** The argument (0-based) this method is the derivative with respect to. */
  int argument() default 0;

  /** Which derivative the method computes. */
  Mode mode() default Mode.PARTIAL;

  /** The forms of a custom derivative. */
  enum Mode {
    /** {@code static double name(args…)}: the partial derivative of a {@code double} function. */
    PARTIAL,
    /** {@code static Pi name(args…, R seed)}: the vector–Jacobian product for argument {@code i}. */
    VJP,
    /** {@code static R name(args…, Pi tangent)}: the Jacobian–vector product for argument {@code i}. */
    JVP
  }
}
