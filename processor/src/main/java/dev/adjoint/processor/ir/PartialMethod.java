package dev.adjoint.processor.ir;

/**
 * A user's {@code @DerivativeOf} method: the partial derivative of a function with respect to one argument.
 *
 * @param exported whether companions in other packages can call it (public, in public classes)
 */
public record PartialMethod(ClassRef owner, String name, boolean exported) {}
