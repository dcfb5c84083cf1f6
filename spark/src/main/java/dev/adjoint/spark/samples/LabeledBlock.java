package dev.adjoint.spark.samples;

import java.io.Serializable;
import java.util.List;

/** Consecutive rows packed together: features x[i] and labels y[i]. */
public record LabeledBlock(double[][] x, double[] y) implements Serializable {

  /** The rows' own arrays (not copied) in one block. */
  public static LabeledBlock pack(List<LabeledRow> rows) {
    double[][] x = new double[rows.size()][];
    double[] y = new double[rows.size()];
    for (int i = 0; i < y.length; i++) {
      x[i] = rows.get(i).x();
      y[i] = rows.get(i).y();
    }
    return new LabeledBlock(x, y);
  }

  public int size() {
    return y.length;
  }
}
