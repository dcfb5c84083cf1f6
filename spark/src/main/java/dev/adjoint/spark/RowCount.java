package dev.adjoint.spark;

import java.io.Serializable;

/**
 * How many rows one element of the data set stands for: 1 for a row, the block's size for a block
 * of rows (see {@link Blocks}). {@link DistributedGradient#mean} divides by the total.
 */
@FunctionalInterface
public interface RowCount<T> extends Serializable {
  long rows(T element);
}
