package dev.adjoint.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;

/**
 * Rows packed into blocks, partition by partition (no shuffle), as MLlib's estimators pack
 * theirs ({@code InstanceBlock}). A loss written over a block (a loop over its rows) has its
 * generated gradient called once per block: its gradient array and stacks are allocated once per
 * block instead of once per row, and the loop over the block stays in one compiled method.
 */
public final class Blocks {
  private Blocks() {}

  /** Turns a list of consecutive rows of one partition into a block. */
  @FunctionalInterface
  public interface Packer<T, B> extends Serializable {
    B pack(List<T> rows);
  }

  /** Consecutive rows of each partition, {@code rowsPerBlock} at a time (the last block may be smaller). */
  public static <T, B> JavaRDD<B> of(JavaRDD<T> rows, int rowsPerBlock, Packer<T, B> packer) {
    Objects.requireNonNull(rows, "rows");
    Objects.requireNonNull(packer, "packer");
    if (rowsPerBlock < 1) {
      throw new IllegalArgumentException("Blocks.of: rowsPerBlock " + rowsPerBlock + " < 1");
    }
    return rows.mapPartitions(partition -> new Iterator<B>() {
      @Override
      public boolean hasNext() {
        return partition.hasNext();
      }

      @Override
      public B next() {
        if (!partition.hasNext()) {
          throw new NoSuchElementException();
        }
        List<T> block = new ArrayList<>(rowsPerBlock);
        while (block.size() < rowsPerBlock && partition.hasNext()) {
          block.add(partition.next());
        }
        return packer.pack(block);
      }
    });
  }
}
