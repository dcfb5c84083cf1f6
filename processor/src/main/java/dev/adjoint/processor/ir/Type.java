package dev.adjoint.processor.ir;

import dev.adjoint.processor.RuntimeNames;

/** The value types of the supported subset. Only {@link #differentiable} types carry derivatives. */
public enum Type {
  SCALAR("double", true, "0.0"),
  INT("int", false, "0"),
  LONG("long", false, "0L"),
  BOOL("boolean", false, "false"),
  ARRAY("double[]", true, "null"),
  ARRAY2("double[][]", true, "null"),
  INT_ARRAY("int[]", false, "null"),
  TENSOR(RuntimeNames.TENSOR.canonicalName(), true, "null"),
  ;

  private final String javaName;
  private final boolean differentiable;
  private final String zero;

  Type(String javaName, boolean differentiable, String zero) {
    this.javaName = javaName;
    this.differentiable = differentiable;
    this.zero = zero;
  }

  public String javaName() { return javaName; }

  /** Whether values of this type can carry a derivative (be active). */
  public boolean differentiable() { return differentiable; }

  /** The Java literal a hoisted local of this type starts with. */
  public String zero() { return zero; }

  public boolean isNumeric() { return this == SCALAR || this == INT || this == LONG; }

  public boolean isArray() { return this == ARRAY || this == ARRAY2 || this == INT_ARRAY; }

  /** Java's binary numeric promotion for the numeric subset. */
  public static Type promote(Type a, Type b) {
    if (a == SCALAR || b == SCALAR) {
      return SCALAR;
    }
    return a == LONG || b == LONG ? LONG : INT;
  }
}
