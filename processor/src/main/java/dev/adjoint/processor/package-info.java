/**
 * The Adjoint annotation processor. {@code AdjointProcessor} finds the classes with
 * {@code @Differentiable} methods and runs, per class, parse (javac trees to a typed IR),
 * analysis, transform and emit, writing the companion {@code <Class>Derivatives}; {@code
 * RuntimeNames} is the one place that names runtime classes and rules. Nothing here is API: users
 * put the processor on the annotation processor path and never call it.
 */
package dev.adjoint.processor;
