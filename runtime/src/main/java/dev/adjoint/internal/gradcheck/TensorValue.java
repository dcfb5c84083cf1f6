package dev.adjoint.internal.gradcheck;

import dev.adjoint.Tensor;
import java.util.Arrays;

/**
 * A parsed {@code Tensor} sample value: row-major data and shape. Kept separate from
 * {@code dev.adjoint.Tensor} so that {@link SampleParser} has no tensor dependency (the processor
 * runs it inside javac).
 */
public record TensorValue(double[] data, int[] shape) {
  public TensorValue {
    data = data.clone();
    shape = shape.clone();
  }

  @Override
  public double[] data() {
    return data.clone();
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorValue t && Arrays.equals(data, t.data) && Arrays.equals(shape, t.shape);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(data) + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return "TensorValue(shape=" + Arrays.toString(shape) + ", data=" + Arrays.toString(data) + ")";
  }
}
