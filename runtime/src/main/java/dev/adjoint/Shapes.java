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

  /**
   * {@code Arrays.equals} for shapes, written out: shapes have a handful of entries, and this runs
   * once per operation, where the library's general mismatch search showed up in profiles.
   */
  static boolean same(int[] a, int[] b) {
    if (a == b) {
      return true;
    }
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (a[i] != b[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code in} is {@code out}'s trailing dims, exactly: {@code out} is then {@code in}
   * repeated {@code numel(out) / numel(in)} times in row-major order ({@code [4]} in {@code [8, 4]}).
   */
  static boolean trailing(int[] in, int[] out) {
    int lead = out.length - in.length;
    if (lead < 0) {
      return false;
    }
    for (int i = 0; i < in.length; i++) {
      if (in[i] != out[lead + i]) {
        return false;
      }
    }
    return true;
  }

  /** NumPy/PyTorch broadcasting: align trailing dims; sizes must match or be 1. */
  static int[] broadcast(String op, int[] a, int[] b) {
    if (trailing(b, a)) {
      return a; // equal shapes, a scalar, a bias row: no new shape
    }
    if (trailing(a, b)) {
      return b;
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

  /**
   * A dimension {@code d} at which every operand's broadcast over {@code out} is a simple walk when
   * {@code out} is seen as a matrix {@code [outer, inner]} (dims before and from {@code d}): in
   * each part an operand either has all the sizes of {@code out} or is broadcast along all of them.
   * Then the element of an operand for {@code out[r, i]} is at {@code r * outerStep + i * innerStep}
   * (see {@link #outerStep}, {@link #innerStep}), which lets the element-wise operations, {@code
   * expand} and {@code sumToSize} run as plain loops instead of through a per-element index table.
   * The largest inner part is chosen; -1 when there is none (e.g. {@code [3,1] + [1,4]} is fine at
   * 1, {@code [3,1,5] + [1,4,1]} has none).
   */
  static int split(int[] out, int[]... operands) {
    for (int d = 0; d <= out.length; d++) {
      boolean ok = true;
      for (int[] in : operands) {
        ok &= uniform(in, out, 0, d) != MIXED && uniform(in, out, d, out.length) != MIXED;
      }
      if (ok) {
        return d;
      }
    }
    return -1;
  }

  private static final int MIXED = -1;
  private static final int BROADCAST = 0;
  private static final int FULL = 1;

  /** Whether {@code in} (aligned right to {@code out}) is FULL, BROADCAST or MIXED on dims {@code [from, to)}. */
  private static int uniform(int[] in, int[] out, int from, int to) {
    boolean full = true;
    boolean broadcast = true;
    int lead = out.length - in.length;
    for (int i = from; i < to; i++) {
      int size = i < lead ? 1 : in[i - lead];
      if (out[i] != 1) {
        full &= size == out[i];
        broadcast &= size == 1;
      }
    }
    return full ? FULL : broadcast ? BROADCAST : MIXED;
  }

  /** 1 when {@code in} has {@code out}'s sizes on the dims from {@code d}, 0 when it is broadcast there. */
  static int innerStep(int[] in, int[] out, int d) {
    return uniform(in, out, d, out.length) == FULL ? 1 : 0;
  }

  /** How far {@code in}'s offset moves per step of the outer index of {@code out} split at {@code d}. */
  static int outerStep(int[] in, int[] out, int d) {
    if (uniform(in, out, 0, d) != FULL) {
      return 0;
    }
    return innerStep(in, out, d) == 1 ? product(out, d, out.length) : 1;
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
