/**
 * Scalar workloads (issue #7, workloads 1, 2, 3 and 6): {@code double[]} and {@code double[][]}
 * loops differentiated by the generated companions, by hand, on the tape, and by Hipparchus.
 * One class per workload; see {@code dev.adjoint.benchmarks.Report} for the method-naming
 * convention the report computes its ratios from.
 */
package dev.adjoint.benchmarks.scalar;
