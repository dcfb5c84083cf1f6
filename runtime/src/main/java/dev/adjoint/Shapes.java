package dev.adjoint;

import java.util.Arrays;

/** Shape arithmetic shared by the tensor operations: validation, broadcasting, strides. */
final class Shapes {
  private Shapes() {}

  static String str(int[] shape) { return Arrays.toString(shape); }

  static int numel(int[] shape) {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("shape " + str(shape) + " has more than 2^31-1 elements");
    }
    return (int) n;
  }

  /** A defensive copy of a user-supplied shape, rejecting negative sizes. */
  static int[] checked(String op, int[] shape) {
    if (shape == null) {
      throw new IllegalArgumentException(op + ": shape must not be null");
    }
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException(op + ": negative dimension in shape " + str(shape));
      }
    }
    int[] copy = shape.clone();
    numel(copy);
    return copy;
  }

  static int[] strides(int[] shape) {
    int[] strides = new int[shape.length];
    int s = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      strides[i] = s;
      s *= shape[i];
    }
    return strides;
  }

  /** NumPy/PyTorch broadcasting: align trailing dims; sizes must match or be 1. */
  static int[] broadcast(String op, int[] a, int[] b) {
    if (Arrays.equals(a, b)) {
      return a;
    }
    int n = Math.max(a.length, b.length);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      int da = i < n - a.length ? 1 : a[i - (n - a.length)];
      int db = i < n - b.length ? 1 : b[i - (n - b.length)];
      if (da != db && da != 1 && db != 1) {
        throw new IllegalArgumentException(op + ": shapes " + str(a) + " and " + str(b)
            + " cannot be broadcast together (size " + da + " vs " + db + " at dim " + i + ")");
      }
      out[i] = da == 1 ? db : da;
    }
    return out;
  }

  /**
   * For every row-major position of {@code outShape}, the offset of the element of a tensor of
   * shape {@code inShape} that broadcasting maps there. {@code inShape} must broadcast to it.
   */
  static int[] broadcastIndex(int[] inShape, int[] outShape) {
    int n = outShape.length;
    int[] inStrides = new int[n];
    int[] own = strides(inShape);
    for (int i = 0; i < inShape.length; i++) {
      int j = i + n - inShape.length;
      inStrides[j] = inShape[i] == 1 ? 0 : own[i];
    }
    int total = numel(outShape);
    int[] index = new int[total];
    if (total == 0) {
      return index;
    }
    int[] counter = new int[n];
    int offset = 0;
    for (int p = 0; p < total; p++) {
      index[p] = offset;
      for (int d = n - 1; d >= 0; d--) {
        counter[d]++;
        offset += inStrides[d];
        if (counter[d] < outShape[d]) {
          break;
        }
        offset -= inStrides[d] * counter[d];
        counter[d] = 0;
      }
    }
    return index;
  }

  /** Normalizes a possibly negative dim; a 0-d tensor accepts 0 and -1 like PyTorch. */
  static int dim(String op, int dim, int rank) {
    int r = Math.max(rank, 1);
    if (dim < -r || dim >= r) {
      throw new IllegalArgumentException(op + ": dimension " + dim + " out of range (expected to be in [" + (-r)
          + ", " + (r - 1) + "] for a " + rank + "-d tensor)");
    }
    return dim < 0 ? dim + r : dim;
  }

  /** Product of the sizes in {@code [from, to)}. */
  static int product(int[] shape, int from, int to) {
    int p = 1;
    for (int i = from; i < to; i++) {
      p *= shape[i];
    }
    return p;
  }

  static int[] remove(int[] shape, int dim) {
    int[] out = new int[shape.length - 1];
    System.arraycopy(shape, 0, out, 0, dim);
    System.arraycopy(shape, dim + 1, out, dim, shape.length - dim - 1);
    return out;
  }

  static int[] insert(int[] shape, int dim, int size) {
    int[] out = new int[shape.length + 1];
    System.arraycopy(shape, 0, out, 0, dim);
    out[dim] = size;
    System.arraycopy(shape, dim, out, dim + 1, shape.length - dim);
    return out;
  }

  static int[] concat(int[] a, int[] b) {
    int[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
