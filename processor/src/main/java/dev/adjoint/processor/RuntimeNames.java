package dev.adjoint.processor;

import com.palantir.javapoet.ClassName;
import dev.adjoint.Autograd;
import dev.adjoint.Tensor;
import dev.adjoint.internal.ArrayOps;
import dev.adjoint.internal.CheckedMethod;
import dev.adjoint.internal.DoubleStack;
import dev.adjoint.internal.IntStack;
import dev.adjoint.internal.LongStack;
import dev.adjoint.internal.ObjectStack;
import dev.adjoint.internal.Param;
import dev.adjoint.internal.ParamKind;
import dev.adjoint.internal.ScalarTape;
import dev.adjoint.internal.TapeCalls;
import dev.adjoint.internal.TapeOps;
import dev.adjoint.internal.TapedDouble;
import dev.adjoint.internal.TensorSupport;
import dev.adjoint.internal.rules.ScalarRules;
import dev.adjoint.internal.rules.TensorRules;
import dev.adjoint.internal.rules.TensorTangents;
import dev.adjoint.nn.Functional;

/**
 * Every runtime class and rule the processor names, in one place. Class names come from class
 * literals (the processor depends on the runtime), so renaming a runtime class breaks this file's
 * compilation rather than the generated code. The annotations are strings because
 * {@code @SupportedAnnotationTypes} needs constants; {@code RuntimeNamesTest} checks them, and that
 * every rule the processor can emit exists in the runtime with the right parameters.
 */
public final class RuntimeNames {
  private RuntimeNames() {}

  // ---- the annotations the processor reads ----------------------------------------------------
  public static final String DIFFERENTIABLE = "dev.adjoint.Differentiable";
  public static final String GRAD_CHECK = "dev.adjoint.GradCheck";
  public static final String DERIVATIVE_OF = "dev.adjoint.DerivativeOf";
  public static final String CHECKPOINT = "dev.adjoint.Checkpoint";

  // ---- public API named in generated code ------------------------------------------------------
  public static final ClassName TENSOR = ClassName.get(Tensor.class);
  public static final ClassName FUNCTIONAL = ClassName.get(Functional.class);
  public static final ClassName AUTOGRAD = ClassName.get(Autograd.class);

  // ---- support for generated code (dev.adjoint.internal) --------------------------------------
  public static final ClassName ARRAY_OPS = ClassName.get(ArrayOps.class);
  public static final ClassName RECORD_ARRAYS = ClassName.get(dev.adjoint.internal.RecordArrays.class);
  public static final ClassName TENSOR_SUPPORT = ClassName.get(TensorSupport.class);
  public static final ClassName PRIVATE_ACCESS = ClassName.get(dev.adjoint.internal.PrivateAccess.class);
  public static final ClassName DOUBLE_STACK = ClassName.get(DoubleStack.class);
  public static final ClassName INT_STACK = ClassName.get(IntStack.class);
  public static final ClassName LONG_STACK = ClassName.get(LongStack.class);
  public static final ClassName OBJECT_STACK = ClassName.get(ObjectStack.class);
  public static final ClassName BINOMIAL_SCHEDULE = ClassName.get(dev.adjoint.internal.BinomialSchedule.class);
  public static final ClassName SCALAR_TAPE = ClassName.get(ScalarTape.class);
  public static final ClassName TAPE_OPS = ClassName.get(TapeOps.class);
  public static final ClassName TAPED_DOUBLE = ClassName.get(TapedDouble.class);
  public static final ClassName LEAF_ARRAY = ClassName.get(dev.adjoint.internal.LeafArray.class);
  public static final ClassName TAPED_VARIABLE = ClassName.get(dev.adjoint.internal.TapedVariable.class);
  public static final ClassName TAPE_CALLS = ClassName.get(TapeCalls.class);
  public static final ClassName CHECKED_METHOD = ClassName.get(CheckedMethod.class);
  public static final ClassName PARAM = ClassName.get(Param.class);
  public static final ClassName PARAM_KIND = ClassName.get(ParamKind.class);

  // ---- the rule table (dev.adjoint.internal.rules) ---------------------------------------------
  public static final ClassName SCALAR_RULES = ClassName.get(ScalarRules.class);
  public static final ClassName TENSOR_RULES = ClassName.get(TensorRules.class);
  public static final ClassName TENSOR_TANGENTS = ClassName.get(TensorTangents.class);

  /** {@code ScalarRules} rules the processor emits besides {@code MathFunction}'s. */
  public static final String REMAINDER_PARTIAL_DIVISOR = "remainderPartialDivisor";
  public static final String TANH_DERIVATIVE_OF_RESULT = "tanhDerivativeOfResult";
  public static final String EXP_DERIVATIVE_OF_RESULT = "expDerivativeOfResult";
}
