package dev.adjoint;

import dev.adjoint.internal.rules.TensorRules;
import java.util.Arrays;
import java.util.Objects;
import java.util.Random;

/**
 * An n-dimensional array of {@code double}, row-major, with NumPy/PyTorch broadcasting, that
 * records the operations applied to it on a dynamic tape when an input requires grad and grad mode
 * is on (see {@link Autograd#noGrad()}). Semantics follow PyTorch: leaves accumulate
 * {@link #grad()}, intermediate results do not keep one, a graph is freed by the backward pass that
 * runs through it unless {@code retainGraph} is set.
 *
 * <p>Every operation returns a new tensor with its own storage (there are no views); the only
 * in-place operations are {@link #set(int[], Tensor)} and {@link #zeroGrad()}. Every backward rule
 * is a static method of the rule table {@code dev.adjoint.internal.rules.TensorRules}, which the
 * code the processor generates calls too.
 *
 * <p>A graph belongs to the thread that builds it; independent graphs on different threads are
 * safe, sharing one tensor that requires grad between threads that run backward is not.
 */
public final class Tensor {
  final double[] data;
  private final int[] shape;
  private boolean requiresGrad;
  /** The operation that produced this tensor; null for leaves. */
  private Node gradFn;
  /** Gradient sink of a leaf that requires grad. */
  private Node accumulator;
  private Tensor grad;
  /** Bumped by every in-place write; saved tensors are checked against it before backward. */
  int version;
  /**
   * Set by {@code TensorSupport} on a parameter gradient's sum it allocated itself, the only kind
   * of tensor it adds into in place, and cleared when it hands the sum over; nothing else reads it.
   */
  boolean ownedSum;
  /**
   * The last {@code map(f)} of this tensor for an {@code f} with a derivative-from-value rule, so a
   * backward pass can get {@code f'(x)} from {@code f(x)} without evaluating {@code f} again (see
   * {@link #mapDerivative}). One immutable record, so a racing reader sees a consistent entry.
   */
  private MapResult lastMap;

  private record MapResult(ElementwiseFunction f, Tensor value, int version, int valueVersion) {}

  Tensor(double[] data, int[] shape) {
    this.data = data;
    this.shape = shape;
  }

  // ---- factories ------------------------------------------------------------------------------

  /** A 1-D tensor holding a copy of {@code values}. */
  public static Tensor of(double... values) {
    Objects.requireNonNull(values, "values");
    return new Tensor(values.clone(), new int[] {values.length});
  }

  /** A 2-D tensor from rectangular rows. */
  public static Tensor of(double[][] rows) {
    Objects.requireNonNull(rows, "rows");
    int cols = rows.length == 0 ? 0 : rows[0].length;
    double[] data = new double[rows.length * cols];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != cols) {
        throw new IllegalArgumentException("of: ragged rows: row 0 has " + cols
            + " elements but row " + i + " has " + rows[i].length);
      }
      System.arraycopy(rows[i], 0, data, i * cols, cols);
    }
    return new Tensor(data, new int[] {rows.length, cols});
  }

  /** A tensor of the given shape holding a copy of row-major {@code data}. */
  public static Tensor of(double[] data, int... shape) {
    Objects.requireNonNull(data, "data");
    int[] s = Shapes.checked("of", shape);
    if (Shapes.numel(s) != data.length) {
      throw new IllegalArgumentException("of: shape " + Shapes.str(s) + " needs " + Shapes.numel(s)
          + " elements but data has " + data.length);
    }
    return new Tensor(data.clone(), s);
  }

  /** A 0-d tensor. */
  public static Tensor scalar(double value) { return new Tensor(new double[] {value}, new int[0]); }

  public static Tensor zeros(int... shape) { return filled("zeros", 0.0, shape); }

  public static Tensor ones(int... shape) { return filled("ones", 1.0, shape); }

  public static Tensor full(double value, int... shape) { return filled("full", value, shape); }

  /** A new tensor of {@code shape} holding {@code value}; {@code op} names the factory in errors. */
  private static Tensor filled(String op, double value, int... shape) {
    int[] s = Shapes.checked(op, shape);
    double[] data = new double[Shapes.numel(s)];
    Arrays.fill(data, value);
    return new Tensor(data, s);
  }

  public static Tensor eye(int n) { return eye(n, n); }

  public static Tensor eye(int rows, int cols) {
    Tensor t = filled("eye", 0.0, rows, cols);
    for (int i = 0; i < Math.min(rows, cols); i++) {
      t.data[i * cols + i] = 1.0;
    }
    return t;
  }

  /** {@code [0, 1, ..., n-1]}. */
  public static Tensor arange(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("arange: n must be >= 0 but was " + n);
    }
    double[] data = new double[n];
    for (int i = 0; i < n; i++) {
      data[i] = i;
    }
    return new Tensor(data, new int[] {n});
  }

  /** Uniform samples from {@code [0, 1)}. */
  public static Tensor rand(Random random, int... shape) {
    Tensor t = filled("rand", 0.0, shape);
    for (int i = 0; i < t.data.length; i++) {
      t.data[i] = random.nextDouble();
    }
    return t;
  }

  /** Standard normal samples. */
  public static Tensor randn(Random random, int... shape) {
    Tensor t = filled("randn", 0.0, shape);
    for (int i = 0; i < t.data.length; i++) {
      t.data[i] = random.nextGaussian();
    }
    return t;
  }

  public static Tensor zerosLike(Tensor t) { return zeros(t.shape); }

  public static Tensor onesLike(Tensor t) { return ones(t.shape); }

  // ---- shape and values -----------------------------------------------------------------------

  public int[] shape() { return shape.clone(); }

  int[] shapeRef() { return shape; }

  public int dim() { return shape.length; }

  /** The size of dimension {@code dim} ({@code torch.Tensor.size(dim)}); a negative dim counts from the end. */
  public int size(int dim) { return shape[Shapes.dim("size", dim, shape.length)]; }

  public int numel() { return data.length; }

  /** The value of a one-element tensor. */
  public double item() {
    if (data.length != 1) {
      throw new IllegalArgumentException("item: a tensor with " + data.length
          + " elements (shape " + Shapes.str(shape) + ") cannot be converted to a scalar");
    }
    return data[0];
  }

  /** The element at a full index (negative indices count from the end). */
  public double getDouble(int... index) {
    int[] idx = normalizeIndex("getDouble", index);
    if (idx.length != shape.length) {
      throw new IllegalArgumentException("getDouble: needs " + shape.length + " indices for shape "
          + Shapes.str(shape) + " but got " + Arrays.toString(index));
    }
    return data[offset(idx)];
  }

  /** A row-major copy of the values. */
  public double[] toArray() { return data.clone(); }

  /**
   * Differentiable selection like {@code x[i]} or {@code x[i, j]}: fixes the leading dimensions and
   * returns the rest (a 0-d tensor when every dimension is indexed). Returns a copy.
   */
  public Tensor get(int... index) {
    int[] idx = normalizeIndex("get", index);
    int[] outShape = Arrays.copyOfRange(shape, idx.length, shape.length);
    int start = offset(idx);
    double[] out = Arrays.copyOfRange(data, start, start + Shapes.numel(outShape));
    int[] inShape = shape;
    return record(new Tensor(out, outShape), "SelectBackward",
        (n, g) -> new Tensor[] {TensorRules.getBackward(g, inShape, idx)}, NONE, this);
  }

  /**
   * In-place {@code x[index] = value} (value broadcast to the indexed slot), differentiable: the
   * gradient flows to the old contents outside the slot and to {@code value} inside it. Not
   * allowed on a leaf that requires grad while grad mode is on (use {@link Autograd#noGrad()}).
   */
  public void set(int[] index, Tensor value) {
    Objects.requireNonNull(value, "set: value");
    int[] idx = normalizeIndex("set", index);
    int[] slot = Arrays.copyOfRange(shape, idx.length, shape.length);
    int[] valueShape = value.shape;
    if (!Arrays.equals(Shapes.broadcast("set", slot, valueShape), slot)) {
      throw new IllegalArgumentException("set: value of shape " + Shapes.str(valueShape)
          + " cannot be broadcast to the slot of shape " + Shapes.str(slot) + " at index "
          + Arrays.toString(index) + " of a tensor of shape " + Shapes.str(shape));
    }
    boolean gradMode = GradMode.isEnabled();
    if (gradMode && requiresGrad && gradFn == null) {
      throw new IllegalArgumentException("set: a leaf tensor that requires grad (shape "
          + Shapes.str(shape) + ") is being used in an in-place operation; "
          + "update it inside Autograd.noGrad() or work on a detach()ed copy");
    }
    boolean record = gradMode && (requiresGrad || value.requiresGrad);
    Node[] next = record ? new Node[] {edge(), value.edge()} : null;
    int start = offset(idx);
    if (value.data.length == Shapes.numel(slot)) {
      System.arraycopy(value.data, 0, data, start, value.data.length);
    } else {
      int[] from = Shapes.broadcastIndex(valueShape, slot);
      for (int i = 0; i < from.length; i++) {
        data[start + i] = value.data[from[i]];
      }
    }
    version++;
    if (record) {
      gradFn = new Node("CopySlices", next, NONE, (n, g) -> new Tensor[] {
          n.needs(0) ? TensorRules.setBackwardSelf(g, idx) : null,
          n.needs(1) ? TensorRules.setBackwardValue(g, idx, valueShape) : null});
      requiresGrad = true;
    }
  }

  /** In-place {@code x[index] = value}; see {@link #set(int[], Tensor)}. */
  public void set(int[] index, double value) { set(index, scalar(value)); }

  private int[] normalizeIndex(String op, int[] index) {
    if (index == null) {
      throw new NullPointerException(op + ": index"); // the message only when it is needed
    }
    if (index.length > shape.length) {
      throw new IllegalArgumentException(op + ": too many indices " + Arrays.toString(index)
          + " for a tensor of shape " + Shapes.str(shape));
    }
    int[] idx = new int[index.length];
    for (int i = 0; i < index.length; i++) {
      int size = shape[i];
      if (index[i] < -size || index[i] >= size) {
        throw new IllegalArgumentException(op + ": index " + index[i] + " is out of bounds for dimension "
            + i + " with size " + size + " (shape " + Shapes.str(shape) + ")");
      }
      idx[i] = index[i] < 0 ? index[i] + size : index[i];
    }
    return idx;
  }

  /** Row-major offset of the first element addressed by a (possibly partial) index. */
  private int offset(int[] idx) {
    int off = 0;
    for (int i = 0; i < shape.length; i++) {
      off = off * shape[i] + (i < idx.length ? idx[i] : 0);
    }
    return off;
  }

  // ---- element-wise ---------------------------------------------------------------------------

  private enum Arithmetic { ADD, SUB, MUL, DIV }

  /**
   * {@code out[oo + i] = x[xo + i·xs] op y[yo + i·ys]} for {@code i < len}, where a step of 0 holds
   * an operand still (broadcast). The operation is chosen once per run, not per element; equal
   * shapes and a scalar right operand get their own loops without offsets, which C2 vectorizes.
   */
  private static void elementwise(Arithmetic f, double[] x, int xo, int xs, double[] y, int yo, int ys,
      double[] out, int oo, int len) {
    if (xo == 0 && yo == 0 && oo == 0 && len == out.length && xs == 1 && ys == 1) {
      switch (f) {
        case ADD: for (int i = 0; i < len; i++) { out[i] = x[i] + y[i]; } return;
        case SUB: for (int i = 0; i < len; i++) { out[i] = x[i] - y[i]; } return;
        case MUL: for (int i = 0; i < len; i++) { out[i] = x[i] * y[i]; } return;
        default: for (int i = 0; i < len; i++) { out[i] = x[i] / y[i]; } return;
      }
    }
    if (xo == 0 && oo == 0 && len == out.length && xs == 1 && ys == 0) {
      double c = y[yo];
      switch (f) {
        case ADD: for (int i = 0; i < len; i++) { out[i] = x[i] + c; } return;
        case SUB: for (int i = 0; i < len; i++) { out[i] = x[i] - c; } return;
        case MUL: for (int i = 0; i < len; i++) { out[i] = x[i] * c; } return;
        default: for (int i = 0; i < len; i++) { out[i] = x[i] / c; } return;
      }
    }
    switch (f) {
      case ADD: for (int i = 0; i < len; i++) { out[oo + i] = x[xo + i * xs] + y[yo + i * ys]; } return;
      case SUB: for (int i = 0; i < len; i++) { out[oo + i] = x[xo + i * xs] - y[yo + i * ys]; } return;
      case MUL: for (int i = 0; i < len; i++) { out[oo + i] = x[xo + i * xs] * y[yo + i * ys]; } return;
      default: for (int i = 0; i < len; i++) { out[oo + i] = x[xo + i * xs] / y[yo + i * ys]; } return;
    }
  }

  public Tensor add(Tensor other) {
    int[] a = shape;
    int[] b = other.shape;
    return arithmetic("add", other, Arithmetic.ADD, "AddBackward", NONE, (n, g) -> new Tensor[] {
        n.needs(0) ? TensorRules.sumToShape(g, a) : null,
        n.needs(1) ? TensorRules.sumToShape(g, b) : null});
  }

  public Tensor sub(Tensor other) {
    int[] a = shape;
    int[] b = other.shape;
    return arithmetic("sub", other, Arithmetic.SUB, "SubBackward", NONE, (n, g) -> new Tensor[] {
        n.needs(0) ? TensorRules.sumToShape(g, a) : null,
        n.needs(1) ? TensorRules.subBackwardSecond(g, b) : null});
  }

  public Tensor mul(Tensor other) {
    // Like PyTorch, save each operand only if the other operand's gradient needs it.
    Tensor[] saved = {other.requiresGrad ? this : null, requiresGrad ? other : null};
    int[] a = shape;
    int[] b = other.shape;
    return arithmetic("mul", other, Arithmetic.MUL, "MulBackward", saved,
        (n, g) -> new Tensor[] {
            n.needs(0) ? TensorRules.mulBackward(g, n.saved(1), a) : null,
            n.needs(1) ? TensorRules.mulBackward(g, n.saved(0), b) : null});
  }

  public Tensor div(Tensor other) {
    Tensor[] saved = {other.requiresGrad ? this : null, other};
    int[] a = shape;
    return arithmetic("div", other, Arithmetic.DIV, "DivBackward", saved,
        (n, g) -> new Tensor[] {
            n.needs(0) ? TensorRules.divBackwardFirst(g, n.saved(1), a) : null,
            n.needs(1) ? TensorRules.divBackwardSecond(n.saved(0), n.saved(1), g) : null});
  }

  public Tensor add(double other) { return add(scalar(other)); }

  public Tensor sub(double other) { return sub(scalar(other)); }

  public Tensor mul(double other) { return mul(scalar(other)); }

  public Tensor div(double other) { return div(scalar(other)); }

  public Tensor neg() { return mul(-1.0); }

  private Tensor arithmetic(String op, Tensor other, Arithmetic f, String name, Tensor[] saved,
      Node.Backward backward) {
    if (other == null) {
      throw new NullPointerException(op + ": other"); // the message only when it is needed
    }
    int[] outShape = Shapes.broadcast(op, shape, other.shape);
    double[] x = data;
    double[] y = other.data;
    double[] out = new double[Shapes.numel(outShape)];
    int d;
    if (Shapes.same(outShape, shape) && (y.length == 1 || Shapes.same(outShape, other.shape))) {
      // the common cases, without working out a split: equal shapes, or a single-element other
      elementwise(f, x, 0, 1, y, 0, y.length == out.length ? 1 : 0, out, 0, out.length);
    } else if (Shapes.same(outShape, shape) && Shapes.trailing(other.shape, shape) && y.length > 0) {
      // other is a row repeated down this tensor (a bias): one loop per row, no split worked out
      for (int r = 0; r < out.length; r += y.length) {
        elementwise(f, x, r, 1, y, 0, 1, out, r, y.length);
      }
    } else if ((d = Shapes.split(outShape, shape, other.shape)) >= 0) {
      // out seen as [outer, inner]: one loop per outer row, no index tables
      int inner = Shapes.product(outShape, d, outShape.length);
      int outer = inner == 0 ? 0 : out.length / inner;
      int xOuter = Shapes.outerStep(shape, outShape, d);
      int xInner = Shapes.innerStep(shape, outShape, d);
      int yOuter = Shapes.outerStep(other.shape, outShape, d);
      int yInner = Shapes.innerStep(other.shape, outShape, d);
      for (int r = 0; r < outer; r++) {
        elementwise(f, x, r * xOuter, xInner, y, r * yOuter, yInner, out, r * inner, inner);
      }
    } else {
      int[] ix = Shapes.broadcastIndex(shape, outShape);
      int[] iy = Shapes.broadcastIndex(other.shape, outShape);
      for (int i = 0; i < out.length; i++) {
        elementwise(f, x, ix[i], 0, y, iy[i], 0, out, i, 1);
      }
    }
    return record(new Tensor(out, outShape), name, backward, saved, this, other);
  }

  /**
   * Applies an element-wise function whose derivative chain is known (the built-in functions are
   * in {@link ElementwiseFunction}); differentiable, also to higher order.
   */
  public Tensor map(ElementwiseFunction f) {
    Objects.requireNonNull(f, "map: function");
    double[] out = new double[data.length];
    f.applyTo(data, out);
    Tensor result = new Tensor(out, shape);
    if (f.derivativeFromValue() != null) {
      lastMap = new MapResult(f, result, version, result.version);
    }
    return record(result, f,
        (n, g) -> new Tensor[] {TensorRules.elementwiseBackward(f, n.saved(0), g)},
        new Tensor[] {this}, this);
  }

  /**
   * {@code f'(x)} element-wise for this tensor {@code x}: the same values as {@code
   * map(f.derivative())}. When nothing is being recorded and {@code f(x)} was the last {@code
   * map} of this tensor for a function whose derivative follows from its value (tanh, sigmoid,
   * exp), that result is reused instead of evaluating {@code f} again, as PyTorch's backward of
   * tanh uses its output. The backward rules call this.
   */
  public Tensor mapDerivative(ElementwiseFunction f) {
    Objects.requireNonNull(f, "mapDerivative: function");
    Tensor y = requiresGrad && GradMode.isEnabled() ? null : lastResult(f);
    if (y != null) {
      double[] out = new double[y.data.length];
      f.derivativeFromValue().applyTo(y.data, out);
      return new Tensor(out, shape);
    }
    return map(f.derivative());
  }

  /**
   * {@code grad.mul(mapDerivative(f))}, the backward of {@code map(f)}: when nothing is recorded
   * and {@code grad} has this tensor's shape, one loop and one result array instead of two.
   */
  public Tensor mulDerivative(ElementwiseFunction f, Tensor grad) {
    Objects.requireNonNull(f, "mulDerivative: function");
    Objects.requireNonNull(grad, "mulDerivative: grad");
    if ((requiresGrad || grad.requiresGrad) && GradMode.isEnabled() || !Shapes.same(shape, grad.shape)) {
      return grad.mul(mapDerivative(f));
    }
    double[] out = new double[data.length];
    Tensor y = lastResult(f);
    if (y != null) {
      f.derivativeFromValue().applyTimes(y.data, grad.data, out);
    } else {
      f.derivative().applyTimes(data, grad.data, out);
    }
    return new Tensor(out, shape);
  }

  /** The result of the last {@code map(f)} of this tensor if both are unchanged and f has a from-value rule. */
  private Tensor lastResult(ElementwiseFunction f) {
    MapResult last = lastMap;
    if (last != null && last.f() == f && last.version() == version && last.value().version == last.valueVersion()
        && f.derivativeFromValue() != null) {
      return last.value();
    }
    return null;
  }

  public Tensor pow(double exponent) { return map(ElementwiseFunction.pow(exponent)); }

  public Tensor exp() { return map(ElementwiseFunction.EXP); }

  public Tensor log() { return map(ElementwiseFunction.LOG); }

  public Tensor sin() { return map(ElementwiseFunction.SIN); }

  public Tensor cos() { return map(ElementwiseFunction.COS); }

  public Tensor tanh() { return map(ElementwiseFunction.TANH); }

  public Tensor sigmoid() { return map(ElementwiseFunction.SIGMOID); }

  public Tensor relu() { return map(ElementwiseFunction.RELU); }

  public Tensor sqrt() { return map(ElementwiseFunction.SQRT); }

  public Tensor abs() { return map(ElementwiseFunction.ABS); }

  /** {@code min(max(x, min), max)} element-wise; either bound may be infinite. */
  public Tensor clamp(double min, double max) { return map(ElementwiseFunction.clamp(min, max)); }

  // ---- linear algebra and shape ---------------------------------------------------------------

  /**
   * {@code torch.matmul}: 1-D·1-D is a dot product (0-d result), a 1-D operand is treated as a row
   * (left) or column (right) vector and that dimension removed again, and operands with more than
   * two dimensions are batches of matrices whose batch dimensions broadcast.
   */
  public Tensor matmul(Tensor other) {
    Objects.requireNonNull(other, "matmul: other");
    if (dim() == 0 || other.dim() == 0) {
      throw new IllegalArgumentException("matmul: both arguments need to be at least 1-d, but they have shapes "
          + Shapes.str(shape) + " and " + Shapes.str(other.shape));
    }
    int[] a = dim() == 1 ? new int[] {1, shape[0]} : shape;
    int[] b = other.dim() == 1 ? new int[] {other.shape[0], 1} : other.shape;
    int n = a[a.length - 2];
    int k = a[a.length - 1];
    int m = b[b.length - 1];
    if (b[b.length - 2] != k) {
      throw new IllegalArgumentException("matmul: shapes " + Shapes.str(shape) + " and "
          + Shapes.str(other.shape) + " cannot be multiplied (" + k + " != " + b[b.length - 2] + ")");
    }
    double[] out;
    int[] outShape;
    if (a.length == 2 && b.length == 2) {
      // no batch: one product, and none of the batch bookkeeping below (a small model's step does
      // little else per product)
      out = new double[n * m];
      MatMul.multiply(data, 0, other.data, 0, out, 0, n, k, m);
      outShape = dim() == 1 ? (other.dim() == 1 ? new int[0] : new int[] {m})
          : other.dim() == 1 ? new int[] {n} : new int[] {n, m};
    } else {
      int[] batchA = Arrays.copyOf(a, a.length - 2);
      int[] batchB = Arrays.copyOf(b, b.length - 2);
      int[] batch = Shapes.broadcast("matmul", batchA, batchB);
      int[] ia = Shapes.broadcastIndex(batchA, batch);
      int[] ib = Shapes.broadcastIndex(batchB, batch);
      out = new double[ia.length * n * m];
      for (int p = 0; p < ia.length; p++) {
        MatMul.multiply(data, ia[p] * n * k, other.data, ib[p] * k * m, out, p * n * m, n, k, m);
      }
      outShape = batch;
      if (dim() > 1) {
        outShape = Shapes.concat(outShape, new int[] {n});
      }
      if (other.dim() > 1) {
        outShape = Shapes.concat(outShape, new int[] {m});
      }
    }
    int[] aShape = shape;
    int[] bShape = other.shape;
    Tensor[] saved = {other.requiresGrad ? this : null, requiresGrad ? other : null};
    return record(new Tensor(out, outShape), "MatmulBackward", (nd, g) -> new Tensor[] {
        nd.needs(0) ? TensorRules.matmulBackwardFirst(g, aShape, nd.saved(1)) : null,
        nd.needs(1) ? TensorRules.matmulBackwardSecond(g, nd.saved(0), bShape) : null},
        saved, this, other);
  }

  /**
   * {@code this.matmul(other.transpose(-1, -2))}, the same values bit for bit, without the
   * transposed copy when both are matrices and nothing is recorded: the vector kernel reads
   * {@code other} transposed while it packs it. The backward of {@code matmul} multiplies by
   * transposed operands ({@code grad·bᵀ}); {@code other} needs at least two dimensions.
   */
  public Tensor matmulTransposed(Tensor other) {
    Objects.requireNonNull(other, "matmulTransposed: other");
    if (dim() != 2 || other.dim() != 2 || shape[1] != other.shape[1] || recorded(other)) {
      return matmul(other.transpose(-1, -2));
    }
    return product(other, false, true, shape[0], shape[1], other.shape[0]);
  }

  /**
   * {@code this.transpose(-1, -2).matmul(other)}, the same values bit for bit, without the
   * transposed copy when both are matrices and nothing is recorded (see {@link #matmulTransposed}):
   * the backward of {@code matmul} for its second operand, {@code aᵀ·grad}; this tensor needs at
   * least two dimensions.
   */
  public Tensor transposedMatmul(Tensor other) {
    Objects.requireNonNull(other, "transposedMatmul: other");
    if (dim() != 2 || other.dim() != 2 || shape[0] != other.shape[0] || recorded(other)) {
      return transpose(-1, -2).matmul(other);
    }
    return product(other, true, false, shape[1], shape[0], other.shape[1]);
  }

  /** The unrecorded {@code n×m} product of this matrix and {@code other}, either stored transposed. */
  private Tensor product(Tensor other, boolean transposeThis, boolean transposeOther, int n, int k, int m) {
    double[] out = new double[n * m];
    MatMul.multiply(data, 0, transposeThis, other.data, 0, transposeOther, out, 0, n, k, m);
    return new Tensor(out, new int[] {n, m});
  }

  /** Whether an operation on this tensor and {@code other} would be recorded on the tape. */
  private boolean recorded(Tensor other) {
    return (requiresGrad || other.requiresGrad) && GradMode.isEnabled();
  }

  /** Transpose of a tensor with at most 2 dimensions (0-d and 1-d tensors come back unchanged, as a copy). */
  public Tensor t() {
    if (dim() > 2) {
      throw new IllegalArgumentException("t: expects a tensor with <= 2 dimensions, but it has shape "
          + Shapes.str(shape) + "; use transpose(dim0, dim1)");
    }
    return dim() < 2 ? transpose(0, 0) : transpose(0, 1);
  }

  /** Swaps two dimensions (negative dims count from the end). */
  public Tensor transpose(int dim0, int dim1) {
    int d0 = Shapes.dim("transpose", dim0, dim());
    int d1 = Shapes.dim("transpose", dim1, dim());
    double[] out;
    int[] outShape = shape.clone();
    if (d0 == d1 || dim() < 2) {
      out = data.clone();
    } else if (dim() == 2) {
      outShape[0] = shape[1];
      outShape[1] = shape[0];
      out = transpose2d(data, shape[0], shape[1]);
    } else {
      outShape[d0] = shape[d1];
      outShape[d1] = shape[d0];
      int[] inStrides = Shapes.strides(shape);
      int[] strides = inStrides.clone();
      strides[d0] = inStrides[d1];
      strides[d1] = inStrides[d0];
      out = new double[data.length];
      int[] counter = new int[outShape.length];
      int from = 0;
      for (int p = 0; p < out.length; p++) {
        out[p] = data[from];
        for (int d = outShape.length - 1; d >= 0; d--) {
          counter[d]++;
          from += strides[d];
          if (counter[d] < outShape[d]) {
            break;
          }
          from -= strides[d] * counter[d];
          counter[d] = 0;
        }
      }
    }
    return record(new Tensor(out, outShape), "TransposeBackward",
        (n, g) -> new Tensor[] {TensorRules.transposeBackward(g, d0, d1)}, NONE, this);
  }

  /** The {@code cols×rows} transpose of a row-major {@code rows×cols} matrix, in 32×32 tiles for the cache. */
  private static double[] transpose2d(double[] in, int rows, int cols) {
    double[] out = new double[in.length];
    for (int i0 = 0; i0 < rows; i0 += 32) {
      int i1 = Math.min(rows, i0 + 32);
      for (int j0 = 0; j0 < cols; j0 += 32) {
        int j1 = Math.min(cols, j0 + 32);
        for (int i = i0; i < i1; i++) {
          for (int j = j0; j < j1; j++) {
            out[j * rows + i] = in[i * cols + j];
          }
        }
      }
    }
    return out;
  }

  /** Same values in a new shape; one size may be -1 (inferred). */
  public Tensor reshape(int... newShape) {
    Objects.requireNonNull(newShape, "reshape: shape");
    int[] s = newShape.clone();
    int infer = -1;
    long known = 1;
    for (int i = 0; i < s.length; i++) {
      if (s[i] == -1 && infer < 0) {
        infer = i;
      } else if (s[i] < 0) {
        throw new IllegalArgumentException("reshape: invalid shape " + Arrays.toString(newShape)
            + " (only one -1 and no other negative sizes allowed)");
      } else {
        known *= s[i];
      }
    }
    if (infer >= 0 && known != 0 && data.length % known == 0) {
      s[infer] = (int) (data.length / known);
    }
    if (infer >= 0 && s[infer] < 0 || (long) Shapes.numel(s) != data.length) {
      throw new IllegalArgumentException("reshape: shape " + Arrays.toString(newShape)
          + " is invalid for a tensor of size " + data.length + " (shape " + Shapes.str(shape) + ")");
    }
    int[] inShape = shape;
    return record(new Tensor(data.clone(), s), "ReshapeBackward",
        (n, g) -> new Tensor[] {TensorRules.reshapeBackward(g, inShape)}, NONE, this);
  }

  /**
   * Broadcasts to a larger shape like {@code torch.Tensor.expand} (-1 keeps a size); returns a
   * copy. Its backward is {@link #sumToSize}.
   */
  public Tensor expand(int... sizes) {
    Objects.requireNonNull(sizes, "expand: sizes");
    int[] target = sizes.clone();
    boolean ok = target.length >= shape.length;
    for (int i = 0; ok && i < target.length; i++) {
      int j = i - (target.length - shape.length);
      if (target[i] == -1 && j >= 0) {
        target[i] = shape[j];
      }
      ok = target[i] >= 0 && (j < 0 || shape[j] == target[i] || shape[j] == 1);
    }
    if (!ok) {
      throw new IllegalArgumentException("expand: a tensor of shape " + Shapes.str(shape)
          + " cannot be expanded to " + Arrays.toString(sizes));
    }
    double[] out = new double[Shapes.numel(target)];
    int d = Shapes.split(target, shape);
    if (d >= 0) {
      // whole rows copied or filled: target seen as [outer, inner]
      int inner = Shapes.product(target, d, target.length);
      int outer = inner == 0 ? 0 : out.length / inner;
      int step = Shapes.outerStep(shape, target, d);
      boolean rows = Shapes.innerStep(shape, target, d) == 1;
      for (int r = 0; r < outer; r++) {
        if (rows) {
          System.arraycopy(data, r * step, out, r * inner, inner);
        } else {
          Arrays.fill(out, r * inner, (r + 1) * inner, data[r * step]);
        }
      }
    } else {
      int[] from = Shapes.broadcastIndex(shape, target);
      for (int i = 0; i < out.length; i++) {
        out[i] = data[from[i]];
      }
    }
    int[] inShape = shape;
    return record(new Tensor(out, target), "ExpandBackward",
        (n, g) -> new Tensor[] {TensorRules.sumToShape(g, inShape)}, NONE, this);
  }

  /**
   * Sums broadcast dimensions away so the result has shape {@code sizes}, which must broadcast to
   * this tensor's shape (PyTorch's {@code sum_to_size}); the reverse of {@link #expand}.
   */
  public Tensor sumToSize(int... sizes) {
    int[] target = Shapes.checked("sumToSize", sizes);
    boolean ok = target.length <= shape.length;
    for (int i = 0; ok && i < target.length; i++) {
      int j = i + shape.length - target.length;
      ok = target[i] == shape[j] || target[i] == 1;
    }
    if (!ok) {
      throw new IllegalArgumentException("sumToSize: size " + Shapes.str(target)
          + " is not expandable to the tensor's shape " + Shapes.str(shape));
    }
    double[] out = new double[Shapes.numel(target)];
    int d;
    if (Shapes.trailing(target, shape) && out.length > 0) {
      // the rows added into one (the gradient of a bias): no split worked out
      for (int r = 0; r < data.length; r += out.length) {
        for (int i = 0; i < out.length; i++) {
          out[i] += data[r + i];
        }
      }
    } else if ((d = Shapes.split(shape, target)) >= 0) {
      // this tensor seen as [outer, inner]: whole rows added, or each row summed into one element
      int inner = Shapes.product(shape, d, shape.length);
      int outer = inner == 0 ? 0 : data.length / inner;
      int step = Shapes.outerStep(target, shape, d);
      boolean rows = Shapes.innerStep(target, shape, d) == 1;
      for (int r = 0; r < outer; r++) {
        int base = r * inner;
        int to = r * step;
        if (rows) {
          for (int i = 0; i < inner; i++) {
            out[to + i] += data[base + i];
          }
        } else {
          double s = 0;
          for (int i = 0; i < inner; i++) {
            s += data[base + i];
          }
          out[to] += s;
        }
      }
    } else {
      int[] to = Shapes.broadcastIndex(target, shape);
      for (int i = 0; i < to.length; i++) {
        out[to[i]] += data[i];
      }
    }
    int[] inShape = shape;
    return record(new Tensor(out, target), "SumToSizeBackward",
        (n, g) -> new Tensor[] {TensorRules.sumBackward(g, inShape)}, NONE, this);
  }

  // ---- reductions -----------------------------------------------------------------------------

  /** Sum of all elements (0-d). */
  public Tensor sum() {
    double s = 0;
    for (double v : data) {
      s += v;
    }
    int[] inShape = shape;
    return record(scalar(s), "SumBackward",
        (n, g) -> new Tensor[] {TensorRules.sumBackward(g, inShape)}, NONE, this);
  }

  /** Sum over one dimension, which is removed. */
  public Tensor sum(int dim) { return sum(dim, false); }

  /** Sum over one dimension, kept with size 1 when {@code keepDim}. */
  public Tensor sum(int dim, boolean keepDim) {
    int d = Shapes.dim("sum", dim, dim());
    Tensor out = reduce(d, keepDim, false);
    int[] inShape = shape;
    return record(out, "SumBackward",
        (n, g) -> new Tensor[] {TensorRules.sumDimBackward(g, inShape, d, keepDim)}, NONE, this);
  }

  /** Mean of all elements (0-d); NaN for an empty tensor. */
  public Tensor mean() {
    double s = 0;
    for (double v : data) {
      s += v;
    }
    int[] inShape = shape;
    return record(scalar(s / data.length), "MeanBackward",
        (n, g) -> new Tensor[] {TensorRules.meanBackward(g, inShape)}, NONE, this);
  }

  public Tensor mean(int dim) { return mean(dim, false); }

  public Tensor mean(int dim, boolean keepDim) {
    int d = Shapes.dim("mean", dim, dim());
    Tensor out = reduce(d, keepDim, true);
    int[] inShape = shape;
    return record(out, "MeanBackward",
        (n, g) -> new Tensor[] {TensorRules.meanDimBackward(g, inShape, d, keepDim)}, NONE, this);
  }

  private Tensor reduce(int d, boolean keepDim, boolean mean) {
    if (dim() == 0) {
      return new Tensor(data.clone(), shape);
    }
    int outer = Shapes.product(shape, 0, d);
    int len = shape[d];
    int inner = Shapes.product(shape, d + 1, shape.length);
    double[] out = new double[outer * inner];
    for (int o = 0; o < outer; o++) {
      for (int j = 0; j < len; j++) {
        int base = (o * len + j) * inner;
        for (int i = 0; i < inner; i++) {
          out[o * inner + i] += data[base + i];
        }
      }
    }
    if (mean) {
      for (int i = 0; i < out.length; i++) {
        out[i] /= len;
      }
    }
    int[] outShape = keepDim ? shape.clone() : Shapes.remove(shape, d);
    if (keepDim) {
      outShape[d] = 1;
    }
    return new Tensor(out, outShape);
  }

  /** Softmax along {@code dim}, computed with the maximum subtracted. */
  public Tensor softmax(int dim) {
    int d = Shapes.dim("softmax", dim, dim());
    Tensor out = new Tensor(softmaxValues(d, false), shape);
    return record(out, "SoftmaxBackward",
        (n, g) -> new Tensor[] {TensorRules.softmaxBackward(n.saved(0), g, d)},
        new Tensor[] {out}, this);
  }

  /** {@code log(softmax(x))} along {@code dim}, computed as {@code x - max - log(sum(exp(x - max)))}. */
  public Tensor logSoftmax(int dim) {
    int d = Shapes.dim("logSoftmax", dim, dim());
    Tensor out = new Tensor(softmaxValues(d, true), shape);
    return record(out, "LogSoftmaxBackward",
        (n, g) -> new Tensor[] {TensorRules.logSoftmaxBackward(n.saved(0), g, d)},
        new Tensor[] {out}, this);
  }

  private double[] softmaxValues(int d, boolean log) {
    double[] out = new double[data.length];
    int len = dim() == 0 ? 1 : shape[d];
    int outer = Shapes.product(shape, 0, Math.min(d, shape.length));
    int inner = dim() == 0 ? 1 : Shapes.product(shape, d + 1, shape.length);
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int base = o * len * inner + i;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < len; j++) {
          max = Math.max(max, data[base + j * inner]);
        }
        double sum = 0;
        for (int j = 0; j < len; j++) {
          sum += Math.exp(data[base + j * inner] - max);
        }
        double logSum = Math.log(sum);
        for (int j = 0; j < len; j++) {
          double shifted = data[base + j * inner] - max;
          out[base + j * inner] = log ? shifted - logSum : Math.exp(shifted) / sum;
        }
      }
    }
    return out;
  }

  // ---- autograd -------------------------------------------------------------------------------

  /**
   * Sets whether gradients are accumulated for this leaf. A result of a recorded operation already
   * requires grad; asking it to stop throws, as in PyTorch (use {@link #detach()}).
   */
  public Tensor requiresGrad(boolean requiresGrad) {
    if (gradFn != null) {
      if (requiresGrad) {
        return this;
      }
      throw new IllegalArgumentException("requiresGrad: only the flag of leaf tensors can be changed; "
          + "this tensor (shape " + Shapes.str(shape) + ") was computed by " + gradFn.name()
          + ". Use detach() to get a tensor that does not require grad");
    }
    this.requiresGrad = requiresGrad;
    if (!requiresGrad) {
      accumulator = null;
    } else if (accumulator == null) {
      accumulator = Node.accumulator(this);
    }
    return this;
  }

  public boolean requiresGrad() { return requiresGrad; }

  /** The accumulated gradient of a leaf; null until a backward pass reaches it (always null for non-leaves). */
  public Tensor grad() { return grad; }

  /** Sets the accumulated gradient to zeros in place, like {@code x.grad.zero_()}; no-op while it is null. */
  public void zeroGrad() {
    if (grad != null) {
      Arrays.fill(grad.data, 0.0);
      grad.version++;
    }
  }

  /** Backward from a one-element result (seed 1). */
  public void backward() { backward(null, false); }

  /** Backward with the cotangent {@code gradient} (same shape as this tensor). */
  public void backward(Tensor gradient) { backward(gradient, false); }

  /**
   * Accumulates {@code gradientᵀ·J} into the {@code .grad} of every leaf this tensor depends on.
   * The graph is freed afterwards unless {@code retainGraph}.
   */
  public void backward(Tensor gradient, boolean retainGraph) {
    Engine.backward(this, seedFor("backward", gradient), retainGraph);
  }

  /** Validates (or creates, for one-element tensors) the cotangent of this output. */
  Tensor seedFor(String op, Tensor gradient) {
    if (!requiresGrad) {
      throw new IllegalArgumentException(op + ": the tensor (shape " + Shapes.str(shape)
          + ") does not require grad and has no grad_fn");
    }
    if (gradient == null) {
      if (data.length != 1) {
        throw new IllegalArgumentException(op + ": a gradient can be implicitly created only for "
            + "one-element outputs, but the output has shape " + Shapes.str(shape)
            + "; pass a gradient of that shape");
      }
      return ones(shape);
    }
    if (!Shapes.same(gradient.shape, shape)) {
      throw new IllegalArgumentException(op + ": gradient shape " + Shapes.str(gradient.shape)
          + " does not match the output shape " + Shapes.str(shape));
    }
    return gradient;
  }

  /** A leaf with a copy of the values that does not require grad. */
  public Tensor detach() { return new Tensor(data.clone(), shape); }

  /** True unless this tensor was produced by a recorded operation. */
  public boolean isLeaf() { return gradFn == null; }

  /** Where gradients for this tensor go: its producing node, its accumulator, or null. */
  Node edge() { return gradFn != null ? gradFn : accumulator; }

  void accumulateGrad(Tensor g) {
    if (grad == null) {
      grad = new Tensor(g.data.clone(), shape);
    } else {
      for (int i = 0; i < grad.data.length; i++) {
        grad.data[i] += g.data[i];
      }
      grad.version++;
    }
  }

  private static final Tensor[] NONE = new Tensor[0];

  /**
   * Puts {@code out} on the tape when some input requires grad and grad mode is on (asked in that
   * order: the mode is a thread-local, the flags are fields). {@code label} is the node's name or
   * the element-wise function it is the backward of (see {@link Node#name()}).
   */
  private static Tensor record(Tensor out, Object label, Node.Backward backward, Tensor[] saved,
      Tensor... inputs) {
    boolean any = false;
    for (Tensor in : inputs) {
      any |= in.requiresGrad;
    }
    if (!any || !GradMode.isEnabled()) {
      return out;
    }
    Node[] next = new Node[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      next[i] = inputs[i].edge();
    }
    out.gradFn = new Node(label, next, saved, backward);
    out.requiresGrad = true;
    return out;
  }

  /** See {@link Autograd#function}. */
  static Tensor recordFunction(String name, Tensor value, Tensor[] inputs, Autograd.Vjp vjp) {
    return record(new Tensor(value.data.clone(), value.shape), name, (n, g) -> {
      Tensor[] saved = new Tensor[inputs.length];
      for (int i = 0; i < saved.length; i++) {
        saved[i] = n.saved(i);
      }
      Tensor[] grads = new Tensor[saved.length];
      for (int i = 0; i < saved.length; i++) {
        grads[i] = n.needs(i) ? vjp.apply(i, saved, g) : null;
      }
      return grads;
    }, inputs, inputs);
  }

  /** PyTorch's printing, without the {@code requires_grad}/{@code grad_fn} suffixes. */
  @Override
  public String toString() { return TensorFormat.format(this); }
}
