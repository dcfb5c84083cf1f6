/**
 * Every message the processor prints, in one enum, and the reporter that puts each at the exact
 * source position (a method, an annotation, an expression), honouring
 * {@code @SuppressWarnings("adjoint")} for warnings.
 */
package dev.adjoint.processor.diag;
