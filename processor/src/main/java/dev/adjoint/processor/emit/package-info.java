/**
 * Writes the companion class with JavaPoet: per method the records {@code NameGradient} and
 * {@code NameTangent}, {@code nameGradient}, {@code nameVjp}, {@code nameJvp}, and
 * {@code checkedMethods()} for gradient checks.
 */
package dev.adjoint.processor.emit;
