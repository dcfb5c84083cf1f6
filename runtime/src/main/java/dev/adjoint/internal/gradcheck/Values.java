package dev.adjoint.internal.gradcheck;

import dev.adjoint.Tensor;
import dev.adjoint.internal.ParamKind;
import java.util.Arrays;

/**
 * Argument, result and derivative values seen as flat vectors of doubles, by {@link ParamKind}:
 * what the checks need to perturb, seed and compare values of any kind the same way.
 */
final class Values {
  private Values() {}

  static double[] flatten(ParamKind kind, Object value) {
    switch (kind) {
      case DOUBLE:
        return new double[] {(Double) value};
      case DOUBLE_ARRAY:
        return ((double[]) value).clone();
      case DOUBLE_ARRAY2:
        return Arrays.stream((double[][]) value).flatMapToDouble(Arrays::stream).toArray();
      case TENSOR:
        return ((Tensor) value).toArray();
      default:
        throw new IllegalArgumentException(kind + " is not differentiable");
    }
  }

  /** A new value of the same kind and shape as {@code template}, holding {@code flat}. */
  static Object shapedLike(ParamKind kind, Object template, double[] flat) {
    switch (kind) {
      case DOUBLE:
        return flat[0];
      case DOUBLE_ARRAY:
        return flat.clone();
      case DOUBLE_ARRAY2:
        {
          double[][] rows = ((double[][]) template).clone();
          int offset = 0;
          for (int r = 0; r < rows.length; r++) {
            rows[r] = Arrays.copyOfRange(flat, offset, offset + rows[r].length);
            offset += rows[r].length;
          }
          return rows;
        }
      case TENSOR:
        return Tensor.of(flat, ((Tensor) template).shape()); // copies flat
      default:
        throw new IllegalArgumentException(kind + " is not differentiable");
    }
  }

  /** A copy that shares nothing mutable with {@code value} (a tensor copy is a fresh leaf). */
  static Object copy(ParamKind kind, Object value) {
    switch (kind) {
      case INT_ARRAY:
        return ((int[]) value).clone();
      case DOUBLE_ARRAY:
      case DOUBLE_ARRAY2:
      case TENSOR:
        return shapedLike(kind, value, flatten(kind, value));
      default:
        return value; // immutable boxes
    }
  }

  /**
   * Whether {@code passed}, a copy of {@code original} handed to derivative code, still equals it
   * (for a tensor: same values, still no {@code requiresGrad} and no {@code grad()}).
   */
  static boolean unchanged(ParamKind kind, Object original, Object passed) {
    switch (kind) {
      case INT_ARRAY:
        return Arrays.equals((int[]) original, (int[]) passed);
      case DOUBLE_ARRAY:
      case DOUBLE_ARRAY2:
      case TENSOR:
        boolean same = shape(kind, original).equals(shape(kind, passed))
            && Arrays.equals(flatten(kind, original), flatten(kind, passed));
        return same && (kind != ParamKind.TENSOR || !((Tensor) passed).requiresGrad() && ((Tensor) passed).grad() == null);
      default:
        return true; // immutable boxes
    }
  }

  /** Converts a {@link SampleParser} argument to the value the method takes. */
  static Object fromParsed(Object parsed) {
    if (parsed instanceof TensorValue t) {
      return Tensor.of(t.data(), t.shape());
    }
    return parsed;
  }

  /** {@code double[3]}, {@code double[2][2]}, {@code Tensor[2, 3]}: equal iff shapes are equal. */
  static String shape(ParamKind kind, Object value) {
    switch (kind) {
      case DOUBLE:
        return "double";
      case DOUBLE_ARRAY:
        return "double[" + ((double[]) value).length + "]";
      case DOUBLE_ARRAY2:
        {
          double[][] rows = (double[][]) value;
          int[] lengths = Arrays.stream(rows).mapToInt(r -> r.length).toArray();
          boolean rectangular = Arrays.stream(lengths).allMatch(n -> n == lengths[0]);
          return "double[" + rows.length + "]"
              + (rows.length == 0 ? "[]" : rectangular ? "[" + lengths[0] + "]" : Arrays.toString(lengths));
        }
      case TENSOR:
        return "Tensor" + Arrays.toString(((Tensor) value).shape());
      default:
        throw new IllegalArgumentException(kind + " is not differentiable");
    }
  }

  /** The name of element {@code flatIndex} of {@code value}: {@code w[1]}, {@code a[0][2]}, {@code t[1, 0]}. */
  static String elementName(ParamKind kind, String name, Object value, int flatIndex) {
    switch (kind) {
      case DOUBLE:
        return name;
      case DOUBLE_ARRAY:
        return name + "[" + flatIndex + "]";
      case DOUBLE_ARRAY2:
        {
          int row = 0;
          int column = flatIndex;
          for (double[] r : (double[][]) value) {
            if (column < r.length) {
              break;
            }
            column -= r.length;
            row++;
          }
          return name + "[" + row + "][" + column + "]";
        }
      case TENSOR:
        {
          int[] shape = ((Tensor) value).shape();
          if (shape.length == 0) {
            return name;
          }
          int[] index = new int[shape.length];
          for (int d = shape.length - 1, rest = flatIndex; d >= 0; d--) {
            index[d] = rest % shape[d];
            rest /= shape[d];
          }
          return name + Arrays.toString(index);
        }
      default:
        throw new IllegalArgumentException(kind + " is not differentiable");
    }
  }

  /** A random sample's value in sample syntax, so that it can be pasted into a {@code @GradCheck}. */
  static String format(Object value) {
    return value instanceof double[] array ? Arrays.toString(array) : String.valueOf(value);
  }
}
