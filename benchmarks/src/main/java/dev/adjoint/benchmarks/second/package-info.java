/**
 * Second-order workloads: the generated Hessian-vector product ({@code nameHvp}) against the
 * generated gradient of the same method, and the Hessian ({@code nameHessian}, n = 100) against
 * one product.
 */
package dev.adjoint.benchmarks.second;
