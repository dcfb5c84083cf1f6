/**
 * The dynamic-tape fallback: for a method the static transform does not support, companion
 * methods with the same signatures that run a taped copy of the method on the scalar tape
 * ({@code double} methods) or the original method on the tensor tape ({@code Tensor} methods).
 */
package dev.adjoint.processor.fallback;
