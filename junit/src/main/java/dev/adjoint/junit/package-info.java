/**
 * Adjoint's gradient checks as JUnit 5 dynamic tests ({@link dev.adjoint.junit.GradCheckTests}):
 * an optional artifact, {@code dev.adjoint:adjoint-junit}, for test scope; the runtime itself
 * depends on nothing.
 */
package dev.adjoint.junit;
