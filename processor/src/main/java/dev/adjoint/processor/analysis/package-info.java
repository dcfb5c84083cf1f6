/**
 * Facts about a method the transforms and diagnostics need: which variables are active (depend
 * on a differentiated parameter and reach the result), which calls go where, and the checks that
 * depend on activity (a derivative dropped by a cast to an integer, an exact comparison of an
 * active value).
 */
package dev.adjoint.processor.analysis;
