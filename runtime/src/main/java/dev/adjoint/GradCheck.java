package dev.adjoint;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Sample points at which {@code GradChecks.verify} compares the generated derivatives of a
 * {@link Differentiable} method with each other and with central finite differences.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface GradCheck {
  /** Sample points, one string each, arguments by parameter name:
   *  "w=[0.1, 0.2], b=0.5, x=[1, 2], y=1"; 2-D values as [[1, 2], [3, 4]]. */
  String[] value();
}
