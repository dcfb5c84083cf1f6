package dev.adjoint;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static method whose forward-mode (tangent) and reverse-mode (adjoint) code the
 * Adjoint annotation processor generates into the companion class {@code <Class>Derivatives}.
 *
 * <p>Differentiable types are {@code double}, {@code double[]}, {@code double[][]} and
 * {@link Tensor}; parameters of other types are allowed and never differentiated.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Differentiable {
  /** Parameter names to differentiate with respect to; empty = every parameter of a differentiable type. */
  String[] wrt() default {};
}
