package dev.adjoint.processor.fuzz;

import dev.adjoint.processor.testing.GradientCheck;

/** One way of checking a compiled {@code @Differentiable} method's derivatives at a point. */
enum DerivativeLeg {
  /** The generated companion: reverse vs forward (dot-product test) vs central differences, no argument mutated. */
  COMPANION {
    @Override
    void check(Class<?> owner, String method, Object[] args) {
      GradientCheck.of(owner, method).finiteDifferenceTolerance(1e-5).at(args);
    }
  };

  /** Throws {@link AssertionError} if the derivatives disagree. */
  abstract void check(Class<?> owner, String method, Object[] args);
}
