/**
 * The rule table — not API. Every local derivative Adjoint uses is stated once here: the scalar
 * partials ({@link dev.adjoint.internal.rules.ScalarRules}) that generated {@code double} code and
 * the scalar tape call, the tensor backward rules ({@link dev.adjoint.internal.rules.TensorRules})
 * that the dynamic tape and generated reverse mode call, and the tensor tangent rules
 * ({@link dev.adjoint.internal.rules.TensorTangents}) of generated forward mode. Exported for
 * generated code only; it may change in any release.
 */
package dev.adjoint.internal.rules;
