/**
 * Checkpointing workloads (issue #16): a long time-stepping loop differentiated with its step
 * inlined (every stage of every step kept for the reverse sweep) and with the step
 * {@code @Checkpoint}ed (one state per step kept, the step recomputed through its VJP).
 */
package dev.adjoint.benchmarks.checkpoint;
