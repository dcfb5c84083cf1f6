/**
 * Optional: the derivatives of commons-math3's and Hipparchus' special functions, as
 * {@code @DerivativeOf} libraries ({@link dev.adjoint.special.CommonsMath3Special},
 * {@link dev.adjoint.special.HipparchusSpecial}).
 */
package dev.adjoint.special;
