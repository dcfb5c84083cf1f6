/**
 * From javac trees to the IR: reads each {@code @Differentiable} method with its own name and
 * type resolution (never attributing method bodies through javac), resolves calls of {@code Math},
 * {@code Tensor}, {@code nn.Functional}, other {@code @Differentiable} methods and {@code
 * @DerivativeOf} functions, parses {@code @GradCheck} samples, and says which constructs the
 * static transform does not support (those methods fall back to the dynamic tape).
 */
package dev.adjoint.processor.parse;
