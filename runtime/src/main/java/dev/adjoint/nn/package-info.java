/**
 * {@code torch.nn.functional} for {@link dev.adjoint.Tensor}: activations and losses with mean
 * reduction, PyTorch's definitions and numerics, differentiable on the tape and in generated code.
 */
package dev.adjoint.nn;
