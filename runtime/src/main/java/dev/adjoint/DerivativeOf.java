package dev.adjoint;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives the Adjoint processor a derivative it cannot derive itself: the annotated static method
 * is the partial derivative of the function {@link #value()} with respect to its argument
 * {@link #argument()}, and takes exactly that function's arguments.
 *
 * <pre>{@code
 * final class ErfDerivative {
 *   @DerivativeOf("org.apache.commons.math3.special.Erf.erf")
 *   static double erf(double x) { return 2 / Math.sqrt(Math.PI) * Math.exp(-x * x); }
 * }
 * }</pre>
 *
 * <p>The target must be a static method taking and returning {@code double} only; a function of
 * {@code n} arguments needs one annotated method per argument. Generated companions then call
 * the partials wherever a {@code @Differentiable} method of the same compilation calls the
 * function with an active argument, in forward and reverse mode, and {@code GradChecks.verify}
 * checks them like any other derivative.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface DerivativeOf {
  /** The function: the canonical name of its class, a dot, and the method name. */
  String value();

  /** The argument (0-based) this method is the partial derivative with respect to. */
  int argument() default 0;
}
