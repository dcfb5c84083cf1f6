package dev.adjoint;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * PyTorch's tensor printing ({@code torch/_tensor_str.py}, default print options: precision 4,
 * threshold 1000, edge items 3, line width 80) for float tensors. One format serves all elements:
 * integers print as {@code 2.}; otherwise fixed {@code 0.7104}; scientific {@code 1.0000e+08} when
 * the non-zero finite magnitudes span more than 1000x, exceed 1e8 or (non-integers) fall below 1e-4.
 * Elements are right-aligned to the widest non-zero finite element. Rounding is Python's: the exact
 * binary value, half-even. Tensors with more than 1000 elements are summarized with {@code ...}.
 */
final class TensorFormat {
  private static final int PRECISION = 4;
  private static final int THRESHOLD = 1000;
  private static final int EDGE_ITEMS = 3;
  private static final int LINE_WIDTH = 80;

  private final boolean intMode;
  private final boolean sciMode;
  private final int maxWidth;

  private TensorFormat(double[] values) {
    boolean ints = true;
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    boolean any = false;
    for (double v : values) {
      if (Double.isFinite(v) && v != 0) {
        any = true;
        ints &= v == Math.ceil(v);
        min = Math.min(min, Math.abs(v));
        max = Math.max(max, Math.abs(v));
      }
    }
    boolean sci = any && (max / min > 1000.0 || max > 1.0e8 || (!ints && min < 1.0e-4));
    int width = 1;
    for (double v : values) {
      if (any && Double.isFinite(v) && v != 0) {
        int len = sci ? scientific(v).length() : ints ? fixed(v, 0).length() + 1 : fixed(v, PRECISION).length();
        width = Math.max(width, len);
      }
    }
    this.intMode = ints;
    this.sciMode = sci;
    this.maxWidth = width;
  }

  static String format(Tensor t) {
    int[] shape = t.shapeRef();
    if (t.numel() == 0) {
      return shape.length == 1 ? "tensor([])" : "tensor([], size=" + pythonSize(shape) + ")";
    }
    boolean summarize = t.numel() > THRESHOLD;
    TensorFormat f = new TensorFormat(summarize ? summarized(t.data, shape) : t.data);
    String prefix = "tensor(";
    return prefix + f.tensor(t.data, shape, 0, 0, prefix.length(), summarize) + ")";
  }

  private static String pythonSize(int[] shape) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      sb.append(i > 0 ? ", " : "").append(shape[i]);
    }
    return sb.append(shape.length == 1 ? ",)" : ")").toString();
  }

  /** The sub-tensor of {@code shape[dim:]} starting at {@code offset}. */
  private String tensor(double[] data, int[] shape, int dim, int offset, int indent, boolean summarize) {
    int rank = shape.length - dim;
    if (rank == 0) {
      return element(data[offset]);
    }
    int size = shape[dim];
    int stride = Shapes.product(shape, dim + 1, shape.length);
    List<String> parts = new ArrayList<>();
    boolean cut = summarize && size > 2 * EDGE_ITEMS;
    for (int i = 0; i < size; i++) {
      if (cut && i == EDGE_ITEMS) {
        parts.add(rank == 1 ? " ..." : "...");
        i = size - EDGE_ITEMS;
      }
      parts.add(rank == 1
          ? element(data[offset + i])
          : tensor(data, shape, dim + 1, offset + i * stride, indent + 1, summarize));
    }
    if (rank == 1) {
      int perLine = Math.max(1, (LINE_WIDTH - indent) / (maxWidth + 2));
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < parts.size(); i += perLine) {
        lines.add(String.join(", ", parts.subList(i, Math.min(parts.size(), i + perLine))));
      }
      return "[" + String.join(",\n" + " ".repeat(indent + 1), lines) + "]";
    }
    return "[" + String.join("," + "\n".repeat(rank - 1) + " ".repeat(indent + 1), parts) + "]";
  }

  private String element(double v) {
    String s;
    if (Double.isNaN(v)) {
      s = "nan";
    } else if (Double.isInfinite(v)) {
      s = v > 0 ? "inf" : "-inf";
    } else if (sciMode) {
      s = scientific(v);
    } else if (intMode) {
      s = fixed(v, 0) + ".";
    } else {
      s = fixed(v, PRECISION);
    }
    return " ".repeat(Math.max(0, maxWidth - s.length())) + s;
  }

  /** Python's {@code '{:.Nf}'.format(v)} for finite v. */
  private static String fixed(double v, int decimals) {
    String s = new BigDecimal(v).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    return negative(v) && !s.startsWith("-") ? "-" + s : s;
  }

  /** Python's {@code '{:.4e}'.format(v)} for finite v. */
  private static String scientific(double v) {
    if (v == 0) {
      return (negative(v) ? "-" : "") + "0." + "0".repeat(PRECISION) + "e+00";
    }
    BigDecimal d = new BigDecimal(Math.abs(v)).round(new MathContext(PRECISION + 1, RoundingMode.HALF_EVEN));
    int exponent = d.precision() - d.scale() - 1;
    StringBuilder digits = new StringBuilder(d.unscaledValue().toString());
    while (digits.length() < PRECISION + 1) {
      digits.append('0');
    }
    String mantissa = digits.charAt(0) + "." + digits.substring(1, PRECISION + 1);
    String exp = String.format("%02d", Math.abs(exponent));
    return (v < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
  }

  private static boolean negative(double v) {
    return v < 0 || (v == 0 && 1 / v < 0);
  }

  /** The elements a summarized print shows: the first and last EDGE_ITEMS along every dim. */
  private static double[] summarized(double[] data, int[] shape) {
    List<Double> kept = new ArrayList<>();
    collect(data, shape, 0, 0, kept);
    double[] out = new double[kept.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = kept.get(i);
    }
    return out;
  }

  private static void collect(double[] data, int[] shape, int dim, int offset, List<Double> kept) {
    if (dim == shape.length) {
      kept.add(data[offset]);
      return;
    }
    int size = shape[dim];
    int stride = Shapes.product(shape, dim + 1, shape.length);
    for (int i = 0; i < size; i++) {
      if (size > 2 * EDGE_ITEMS && i == EDGE_ITEMS) {
        i = size - EDGE_ITEMS;
      }
      collect(data, shape, dim + 1, offset + i * stride, kept);
    }
  }
}
