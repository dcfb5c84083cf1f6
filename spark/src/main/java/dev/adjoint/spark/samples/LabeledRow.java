package dev.adjoint.spark.samples;

import java.io.Serializable;

/** One example: features and a 0/1 label. */
public record LabeledRow(double[] x, double y) implements Serializable {}
