/**
 * Support for the code the processor generates — not API. The stacks that record a forward sweep
 * for the reverse sweep, array and tensor helpers, the scalar tape the fallback records on, and the
 * records a companion's {@code checkedMethods()} hands to {@link dev.adjoint.GradChecks}. The
 * package is exported only because generated companions, compiled into your packages, call it;
 * its classes may change in any release, so do not call them yourself.
 */
package dev.adjoint.internal;
