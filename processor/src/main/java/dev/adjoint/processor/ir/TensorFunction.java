package dev.adjoint.processor.ir;

import dev.adjoint.processor.RuntimeNames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * THE table of {@code dev.adjoint.Tensor} operations and {@code dev.adjoint.nn.Functional}
 * functions the processor differentiates (like {@link MathFunction} for {@code Math}), mapped to
 * the runtime's rule methods: reverse mode calls {@code dev.adjoint.internal.rules.TensorRules} — the
 * backward rules the dynamic tape calls — and forward mode {@code dev.adjoint.internal.rules.TensorTangents}
 * (or the operation itself applied to the tangent, for operations linear in their one input).
 *
 * <p>Rules are call templates: {@code #R} TensorRules, {@code #F} TensorTangents, {@code #S}
 * TensorSupport, {@code #T} Tensor; {@code $0}, {@code $1}, … the call's arguments (an instance
 * method's receiver is {@code $0}); {@code $v} the int varargs as arguments, {@code $V} as
 * {@code new int[] {…}}; {@code $g} the adjoint of the result; {@code $s} the adjoint an
 * accumulating rule adds into; {@code $d0}, {@code $d1}, … the arguments' tangents
 * ({@code null} or {@code 0.0} when inactive), {@code $dv} the varargs' tangents; {@code $k} the
 * index of a vararg. A null reverse rule marks an argument without derivative; a null forward
 * rule an operation without derivative (a factory of constants, {@code detach}).
 */
public enum TensorFunction {
  ADD(Kind.METHOD, "add", args(Type.TENSOR), Type.TENSOR, "#F.add($0, $1, $d0, $d1)",
      "#R.sumToShape($g, $0.shape())", "#R.sumToShape($g, $1.shape())"),
  ADD_SCALAR(Kind.METHOD, "add", args(Type.SCALAR), Type.TENSOR, "#F.addScalar($0, $d0, $d1)",
      "$g", "#R.scalarOperandBackward($g)"),
  SUB(Kind.METHOD, "sub", args(Type.TENSOR), Type.TENSOR, "#F.sub($0, $1, $d0, $d1)",
      "#R.sumToShape($g, $0.shape())", "#R.subBackwardSecond($g, $1.shape())"),
  SUB_SCALAR(Kind.METHOD, "sub", args(Type.SCALAR), Type.TENSOR, "#F.subScalar($0, $d0, $d1)",
      "$g", "#R.subScalarOperandBackward($g)"),
  MUL(Kind.METHOD, "mul", args(Type.TENSOR), Type.TENSOR, "#F.mul($0, $1, $d0, $d1)",
      "#R.mulBackward($g, $1, $0.shape())", "#R.mulBackward($g, $0, $1.shape())"),
  MUL_SCALAR(Kind.METHOD, "mul", args(Type.SCALAR), Type.TENSOR, "#F.mulScalar($0, $1, $d0, $d1)",
      "#R.scaleBackward($g, $1)", "#R.mulScalarBackward($g, $0)"),
  DIV(Kind.METHOD, "div", args(Type.TENSOR), Type.TENSOR, "#F.div($0, $1, $d0, $d1)",
      "#R.divBackwardFirst($g, $1, $0.shape())", "#R.divBackwardSecond($0, $1, $g)"),
  DIV_SCALAR(Kind.METHOD, "div", args(Type.SCALAR), Type.TENSOR, "#F.divScalar($0, $1, $d0, $d1)",
      "#R.divByScalarBackward($g, $1)", "#R.divScalarBackward($g, $0, $1)"),
  NEG(Kind.METHOD, "neg", args(), Type.TENSOR, "#R.negBackward($d0)", "#R.negBackward($g)"),
  EXP(Kind.METHOD, "exp", args(), Type.TENSOR, "#R.expBackward($0, $d0)", "#R.expBackward($0, $g)"),
  LOG(Kind.METHOD, "log", args(), Type.TENSOR, "#R.logBackward($0, $d0)", "#R.logBackward($0, $g)"),
  SIN(Kind.METHOD, "sin", args(), Type.TENSOR, "#R.sinBackward($0, $d0)", "#R.sinBackward($0, $g)"),
  COS(Kind.METHOD, "cos", args(), Type.TENSOR, "#R.cosBackward($0, $d0)", "#R.cosBackward($0, $g)"),
  TANH(Kind.METHOD, "tanh", args(), Type.TENSOR, "#R.tanhBackward($0, $d0)", "#R.tanhBackward($0, $g)"),
  SIGMOID(Kind.METHOD, "sigmoid", args(), Type.TENSOR, "#R.sigmoidBackward($0, $d0)", "#R.sigmoidBackward($0, $g)"),
  RELU(Kind.METHOD, "relu", args(), Type.TENSOR, "#R.reluBackward($0, $d0)", "#R.reluBackward($0, $g)"),
  SQRT(Kind.METHOD, "sqrt", args(), Type.TENSOR, "#R.sqrtBackward($0, $d0)", "#R.sqrtBackward($0, $g)"),
  ABS(Kind.METHOD, "abs", args(), Type.TENSOR, "#R.absBackward($0, $d0)", "#R.absBackward($0, $g)"),
  POW(Kind.METHOD, "pow", args(Type.SCALAR), Type.TENSOR, "#F.pow($0, $1, $d0, $d1)",
      "#R.powBackward($0, $1, $g)", "#R.powExponentBackward($0, $1, $g)"),
  /** The bounds are constants of the rule: an active bound is an error (see {@code MethodParser}). */
  CLAMP(Kind.METHOD, "clamp", args(Type.SCALAR, Type.SCALAR), Type.TENSOR, "#R.clampBackward($0, $1, $2, $d0)",
      "#R.clampBackward($0, $1, $2, $g)", null, null),
  MATMUL(Kind.METHOD, "matmul", args(Type.TENSOR), Type.TENSOR, "#F.matmul($0, $1, $d0, $d1)",
      "#R.matmulBackwardFirst($g, $0.shape(), $1)", "#R.matmulBackwardSecond($g, $0, $1.shape())"),
  T(Kind.METHOD, "t", args(), Type.TENSOR, "$d0.t()", "#R.tBackward($g)"),
  TRANSPOSE(Kind.METHOD, "transpose", args(Type.INT, Type.INT), Type.TENSOR, "$d0.transpose($1, $2)",
      "#R.transposeBackward($g, $1, $2)", null, null),
  RESHAPE(Kind.METHOD, "reshape", intVarargs(), Type.TENSOR, "$d0.reshape($v)", "#R.reshapeBackward($g, $0.shape())"),
  EXPAND(Kind.METHOD, "expand", intVarargs(), Type.TENSOR, "$d0.expand($v)", "#R.sumToShape($g, $0.shape())"),
  SUM(Kind.METHOD, "sum", args(), Type.TENSOR, "$d0.sum()", "#R.sumBackward($g, $0.shape())"),
  SUM_DIM(Kind.METHOD, "sum", args(Type.INT), Type.TENSOR, "$d0.sum($1)",
      "#R.sumDimBackward($g, $0.shape(), $1, false)", null),
  SUM_DIM_KEEP(Kind.METHOD, "sum", args(Type.INT, Type.BOOL), Type.TENSOR, "$d0.sum($1, $2)",
      "#R.sumDimBackward($g, $0.shape(), $1, $2)", null, null),
  MEAN(Kind.METHOD, "mean", args(), Type.TENSOR, "$d0.mean()", "#R.meanBackward($g, $0.shape())"),
  MEAN_DIM(Kind.METHOD, "mean", args(Type.INT), Type.TENSOR, "$d0.mean($1)",
      "#R.meanDimBackward($g, $0.shape(), $1, false)", null),
  MEAN_DIM_KEEP(Kind.METHOD, "mean", args(Type.INT, Type.BOOL), Type.TENSOR, "$d0.mean($1, $2)",
      "#R.meanDimBackward($g, $0.shape(), $1, $2)", null, null),
  SOFTMAX(Kind.METHOD, "softmax", args(Type.INT), Type.TENSOR, "#R.softmaxBackward($0.softmax($1), $d0, $1)",
      "#R.softmaxBackward($0.softmax($1), $g, $1)", null),
  LOG_SOFTMAX(Kind.METHOD, "logSoftmax", args(Type.INT), Type.TENSOR, "#F.logSoftmax($0, $1, $d0)",
      "#R.logSoftmaxBackward($0.logSoftmax($1), $g, $1)", null),
  GET(Kind.METHOD, "get", intVarargs(), Type.TENSOR, "$d0.get($v)", "#R.getBackward($g, $0.shape(), $V)"),
  GET_DOUBLE(Kind.METHOD, "getDouble", intVarargs(), Type.SCALAR, "$d0.getDouble($v)",
      "#R.getDoubleBackward($g, $0.shape(), $V)"),
  ITEM(Kind.METHOD, "item", args(), Type.SCALAR, "$d0.item()", "#R.itemBackward($g, $0.shape())"),
  /** In place; parsed as {@code x = set(x, index, v)}, printed as the statement {@code x.set(index, v)}. */
  SET(Kind.METHOD, "set", args(Type.INT_ARRAY, Type.TENSOR), null, "#F.set($0, $1, $d0, $d2)",
      "#R.setBackwardSelf($g, $1)", null, "#R.setBackwardValue($g, $1, $2.shape())"),
  SET_SCALAR(Kind.METHOD, "set", args(Type.INT_ARRAY, Type.SCALAR), null, "#F.setScalar($0, $1, $d0, $d2)",
      "#R.setBackwardSelf($g, $1)", null, "#R.setBackwardScalarValue($g, $1)"),
  DETACH(Kind.METHOD, "detach", args(), Type.TENSOR, null),
  DIM(Kind.METHOD, "dim", args(), Type.INT, null),
  NUMEL(Kind.METHOD, "numel", args(), Type.INT, null),
  /** Only indexed, {@code x.shape()[0]}: an int. */
  SHAPE(Kind.METHOD, "shape", args(), Type.INT_ARRAY, null),

  MSE_LOSS(Kind.FUNCTIONAL, "mseLoss", args(Type.TENSOR, Type.TENSOR), Type.TENSOR, "#F.mseLoss($0, $1, $d0, $d1)",
      "#R.mseLossBackwardInput($0, $1, $g)", "#R.mseLossBackwardTarget($0, $1, $g)"),
  BINARY_CROSS_ENTROPY(Kind.FUNCTIONAL, "binaryCrossEntropy", args(Type.TENSOR, Type.TENSOR), Type.TENSOR,
      "#F.binaryCrossEntropy($0, $1, $d0, $d1)",
      "#R.binaryCrossEntropyBackwardInput($0, $1, $g)", "#R.binaryCrossEntropyBackwardTarget($0, $1, $g)"),
  BINARY_CROSS_ENTROPY_WITH_LOGITS(Kind.FUNCTIONAL, "binaryCrossEntropyWithLogits", args(Type.TENSOR, Type.TENSOR),
      Type.TENSOR, "#F.binaryCrossEntropyWithLogits($0, $1, $d0, $d1)",
      "#R.binaryCrossEntropyWithLogitsBackwardInput($0, $1, $g)",
      "#R.binaryCrossEntropyWithLogitsBackwardTarget($0, $1, $g)"),
  CROSS_ENTROPY(Kind.FUNCTIONAL, "crossEntropy", args(Type.TENSOR, Type.INT_ARRAY), Type.TENSOR,
      "#F.crossEntropy($0, $1, $d0)", "#R.crossEntropyBackward($0, $1, $g)", null),
  F_SIGMOID(Kind.FUNCTIONAL, "sigmoid", args(Type.TENSOR), Type.TENSOR, "#R.sigmoidBackward($0, $d0)",
      "#R.sigmoidBackward($0, $g)"),
  F_RELU(Kind.FUNCTIONAL, "relu", args(Type.TENSOR), Type.TENSOR, "#R.reluBackward($0, $d0)", "#R.reluBackward($0, $g)"),
  F_TANH(Kind.FUNCTIONAL, "tanh", args(Type.TENSOR), Type.TENSOR, "#R.tanhBackward($0, $d0)", "#R.tanhBackward($0, $g)"),
  F_SOFTMAX(Kind.FUNCTIONAL, "softmax", args(Type.TENSOR, Type.INT), Type.TENSOR,
      "#R.softmaxBackward($0.softmax($1), $d0, $1)", "#R.softmaxBackward($0.softmax($1), $g, $1)", null),
  F_LOG_SOFTMAX(Kind.FUNCTIONAL, "logSoftmax", args(Type.TENSOR, Type.INT), Type.TENSOR,
      "#F.logSoftmax($0, $1, $d0)", "#R.logSoftmaxBackward($0.logSoftmax($1), $g, $1)", null),

  SCALAR(Kind.FACTORY, "scalar", args(Type.SCALAR), Type.TENSOR, "#T.scalar($d0)", "#R.scalarOperandBackward($g)"),
  /** {@code Tensor.of(double...)}: the one rule applies to every vararg ({@code $k}). */
  OF(Kind.FACTORY, "of", doubleVarargs(), Type.TENSOR, "#T.of($dv)", "#R.ofBackward($g, $k)"),
  /** {@code Tensor.of(double[] data, int... shape)} from a double[] variable. */
  OF_DATA(Kind.FACTORY, "of", intVarargs(Type.ARRAY), Type.TENSOR, "#T.of($d0, $v)", "#R.ofDataBackward($g)"),
  /** {@code Tensor.of(double[][] rows)} from a double[][] variable. */
  OF_ROWS(Kind.FACTORY, "of", args(Type.ARRAY2), Type.TENSOR, "#T.of($d0)", "#R.ofRowsBackward($g)"),
  FULL(Kind.FACTORY, "full", intVarargs(Type.SCALAR), Type.TENSOR, "#T.full($d0, $v)", "#R.scalarOperandBackward($g)"),
  ZEROS(Kind.FACTORY, "zeros", intVarargs(), Type.TENSOR, null),
  ONES(Kind.FACTORY, "ones", intVarargs(), Type.TENSOR, null),
  EYE(Kind.FACTORY, "eye", args(Type.INT), Type.TENSOR, null),
  EYE_RECTANGULAR(Kind.FACTORY, "eye", args(Type.INT, Type.INT), Type.TENSOR, null),
  ARANGE(Kind.FACTORY, "arange", args(Type.INT), Type.TENSOR, null),
  ZEROS_LIKE(Kind.FACTORY, "zerosLike", args(Type.TENSOR), Type.TENSOR, null),
  ONES_LIKE(Kind.FACTORY, "onesLike", args(Type.TENSOR), Type.TENSOR, null);

  /** Where the function lives: an instance method of Tensor, a static one of Functional or of Tensor. */
  public enum Kind { METHOD, FUNCTIONAL, FACTORY }

  public static final String TENSOR_CLASS = RuntimeNames.TENSOR.canonicalName();
  public static final String FUNCTIONAL_CLASS = RuntimeNames.FUNCTIONAL.canonicalName();
  public static final String RULES_CLASS = RuntimeNames.TENSOR_RULES.canonicalName();
  public static final String TANGENTS_CLASS = RuntimeNames.TENSOR_TANGENTS.canonicalName();

  /** Declared parameters (after the receiver) and the element type of trailing varargs, or null. */
  private record Params(List<Type> fixed, Type varargs) {}

  private final Kind kind;
  private final String javaName;
  private final Params params;
  private final Type result;
  private final String forward;
  private final List<String> reverse;

  TensorFunction(Kind kind, String javaName, Params params, Type result, String forward, String... reverse) {
    this.kind = kind;
    this.javaName = javaName;
    this.params = params;
    this.result = result;
    this.forward = forward;
    this.reverse = reverse == null ? new ArrayList<>() : Arrays.asList(reverse);
  }

  private static Params args(Type... fixed) { return new Params(List.of(fixed), null); }

  private static Params intVarargs(Type... fixed) { return new Params(List.of(fixed), Type.INT); }

  private static Params doubleVarargs() { return new Params(List.of(), Type.SCALAR); }

  public Kind kind() { return kind; }

  public String javaName() { return javaName; }

  /** The result type; null for the in-place {@code set}. */
  public Type result() { return result; }

  public boolean inPlace() { return result == null; }

  /** Every argument's type in call order, the receiver first for a method; varargs excluded. */
  public List<Type> fixedArgs() {
    List<Type> all = new ArrayList<>();
    if (kind == Kind.METHOD) {
      all.add(Type.TENSOR);
    }
    all.addAll(params.fixed());
    return all;
  }

  /** The element type of the trailing varargs, or null. */
  public Type varargs() { return params.varargs(); }

  public boolean differentiable() { return forward != null; }

  public String forwardRule() { return forward; }

  /** The reverse rule for argument {@code i} (varargs share the last rule), or null when it has no derivative. */
  public String reverseRule(int i) {
    if (!differentiable() || reverse.isEmpty()) {
      return null;
    }
    return i < reverse.size() ? reverse.get(i) : varargs() == Type.SCALAR ? reverse.get(reverse.size() - 1) : null;
  }

  /**
   * The rule that adds argument {@code i}'s contribution straight into its adjoint {@code $s}, for
   * an adjoint the generated code owns ({@code TensorSupport.accumulate}), or null to add the
   * reverse rule's result. Products only: their contribution is a new tensor as large as the
   * parameter, made and then added once per step of an RNN's loop.
   */
  public String accumulatingRule(int i) {
    if (this != MATMUL) {
      return null;
    }
    return i == 0 ? "#S.accumulateMatmulBackwardFirst($s, $g, $0.shape(), $1)"
        : "#S.accumulateMatmulBackwardSecond($s, $g, $0, $1.shape())";
  }

  /** Every entry named {@code name} of {@code kind}: the overloads a call chooses from. */
  public static List<TensorFunction> overloads(Kind kind, String name) {
    List<TensorFunction> result = new ArrayList<>();
    for (TensorFunction f : values()) {
      if (f.kind == kind && f.javaName.equals(name)) {
        result.add(f);
      }
    }
    return result;
  }
}
