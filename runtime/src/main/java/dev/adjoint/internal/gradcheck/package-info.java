/**
 * The machinery behind {@link dev.adjoint.GradChecks} — not API, and not exported from the
 * module: finding a model's companion, parsing {@code @GradCheck} samples (the processor parses
 * them with the same parser at compile time), and comparing reverse mode, forward mode and central
 * finite differences at each sample point.
 */
package dev.adjoint.internal.gradcheck;
