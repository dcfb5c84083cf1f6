/**
 * Gradient-descent optimizers, {@link dev.adjoint.optim.Sgd} and {@link dev.adjoint.optim.Adam},
 * over any <em>parameter value</em>: {@code double[]}, {@code double[][]}, {@code float[]},
 * {@code float[][]}, {@link dev.adjoint.Tensor}, a boxed {@code Double} or {@code Float}, a
 * differentiable record, or an array of differentiable records.
 *
 * <p>A differentiable record has at least one component of a differentiable type: {@code double},
 * {@code float}, their 1-D and 2-D arrays, {@code Tensor}, another differentiable record or an array
 * of differentiable records. Its other components ({@code int}, {@code String}, enums, ...) are
 * passive: {@code step} carries them over from the params. The gradient of a record is an instance
 * of the same record type, as the generated {@code ...Gradient} companions return it. Records are
 * read through their accessors and rebuilt with their canonical constructor, so a record that is
 * not public must be in a package the runtime can reflect on (any package on the class path).
 *
 * <p>{@code step(params, gradient)} returns new parameters of the same type and shape and never
 * mutates its arguments. The optimizer keeps its state (momentum buffer, moments, step count) in
 * {@code double} for the structure it was first given; a value of another structure, or a
 * gradient whose structure differs from the params', is an {@code IllegalArgumentException} that
 * names both structures and their first difference, and leaves the optimizer unchanged.
 *
 * <p>{@code float} parameters are updated in {@code double} (from their exactly widened values and
 * gradients) and rounded to {@code float} when the new value is stored; this is not PyTorch's
 * float32 arithmetic.
 */
package dev.adjoint.optim;
