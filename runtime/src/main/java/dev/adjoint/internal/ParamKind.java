package dev.adjoint.internal;

import dev.adjoint.Tensor;
import java.util.Optional;

/**
 * The Java type of a parameter (or result) of a {@code @Differentiable} method, as far as
 * gradient checks care. The processor maps each declared type to one of these; a parameter of any
 * other type cannot appear in a {@code @GradCheck} sample.
 */
public enum ParamKind {
  DOUBLE("double", true),
  DOUBLE_ARRAY("double[]", true),
  DOUBLE_ARRAY2("double[][]", true),
  /** {@code dev.adjoint.Tensor}; a sample value is a number (0-d) or nested lists of any depth. */
  TENSOR("Tensor", true),
  INT("int", false),
  LONG("long", false),
  BOOLEAN("boolean", false),
  INT_ARRAY("int[]", false),
  /**
   * Any other type (an enum, a {@code String}, an object the method reads): never differentiated,
   * and not expressible in a {@code @GradCheck} sample, so such a method is checked only by calls
   * that pass its arguments ({@code GradChecks.check}).
   */
  OTHER("an object", false);

  private final String javaType;
  private final boolean differentiable;

  private static final String TENSOR_CLASS = "dev.adjoint.Tensor";

  ParamKind(String javaType, boolean differentiable) {
    this.javaType = javaType;
    this.differentiable = differentiable;
  }

  /** The type as written in Java source, for messages: {@code double[]}, {@code Tensor}, ... */
  public String javaType() {
    return javaType;
  }

  /** Whether values of this kind can be differentiated (and be a method's result). */
  public boolean differentiable() {
    return differentiable;
  }

  /**
   * The kind of a type written as {@code TypeMirror.toString()} prints it ({@code "double[]"},
   * {@code "dev.adjoint.Tensor"}), or empty for a type gradient checks do not support.
   */
  public static Optional<ParamKind> ofTypeName(String typeName) {
    for (ParamKind kind : values()) {
      if (kind != OTHER && typeName.equals(kind == TENSOR ? TENSOR_CLASS : kind.javaType)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }
}
