/**
 * Writes the derivative code: forward mode ({@code TangentTransform}) next to the original
 * statements, reverse mode ({@code ReverseTransform}) as a forward sweep that records only what
 * the reverse sweep reads after it is overwritten, then the reverse sweep; local partials come from
 * {@code Partials} and every rule call names the runtime rule table.
 */
package dev.adjoint.processor.transform;
