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
 * {@link Tensor}. Parameters may also be {@code int}, {@code long}, {@code boolean} or
 * {@code int[]}: passive values, never differentiated. A parameter of any other type is a
 * compile error naming the types allowed.
 *
 * <p>For a method {@code static R name(P1 p1, …, Pn pn)} the companion holds
 * {@code nameGradient} (reverse mode, seed 1; {@code double} results and one-element
 * {@code Tensor} results), {@code nameVjp} (reverse mode with any seed), {@code nameJvp} (forward
 * mode) and the records {@code NameGradient} and {@code NameTangent}; see the project's
 * {@code docs/API.md}.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Differentiable {
  /** Parameter names to differentiate with respect to; empty = every parameter of a differentiable type. */
  String[] wrt() default {};
}
