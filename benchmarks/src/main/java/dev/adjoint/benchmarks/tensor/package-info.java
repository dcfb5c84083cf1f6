/**
 * Tensor workloads (issue #7, workloads 4 and 5): the Tensor MLP as generated code against the
 * tape, and matmul against EJML. One class per workload; see {@code dev.adjoint.benchmarks.Report}
 * for the method-naming convention the report computes its ratios from.
 */
package dev.adjoint.benchmarks.tensor;
