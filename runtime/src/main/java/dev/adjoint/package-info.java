/**
 * Adjoint's public API: the annotations the processor reads, the tensor runtime and gradient checks.
 *
 * <p>{@link dev.adjoint.Differentiable} marks a static method whose forward- and reverse-mode
 * derivatives the annotation processor writes, as plain Java, into the companion class
 * {@code <Class>Derivatives}; {@link dev.adjoint.DerivativeOf} supplies a derivative for a function
 * the processor cannot see into; {@link dev.adjoint.GradCheck} gives sample points at which
 * {@link dev.adjoint.GradChecks} compares the generated derivatives with each other and with finite
 * differences. {@link dev.adjoint.Tensor} is an n-dimensional {@code double} array with
 * PyTorch's broadcasting and dynamic-tape autograd ({@link dev.adjoint.Autograd}); methods the
 * processor cannot differentiate statically run on that tape.
 */
package dev.adjoint;
