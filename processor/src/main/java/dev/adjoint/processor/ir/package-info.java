/**
 * The typed intermediate representation of a method: statements, expressions, variables and
 * types, and the two tables that map a call to its derivative rules in the runtime —
 * {@code MathFunction} ({@code Math}/{@code StrictMath} to {@code ScalarRules}) and
 * {@code TensorFunction} ({@code Tensor} and {@code nn.Functional} operations to {@code TensorRules}
 * and {@code TensorTangents}).
 */
package dev.adjoint.processor.ir;
