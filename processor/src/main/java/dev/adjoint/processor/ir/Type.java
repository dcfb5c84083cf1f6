package dev.adjoint.processor.ir;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.TypeName;
import dev.adjoint.processor.RuntimeNames;
import java.util.Objects;

/**
 * The type of an IR value. The constants are the types the transforms know how to treat
 * (differentiable ones carry derivatives; {@code int}/{@code long}/{@code boolean} steer control
 * flow); every other Java type — {@code char}, enums, {@code String}, boxed numbers, records and
 * objects not being differentiated, collections — is a {@link #passive} type: its values are
 * carried through generated code unchanged and never have a derivative.
 */
public final class Type {
  public static final Type SCALAR = new Type("double", true, "0.0", TypeName.DOUBLE);
  public static final Type INT = new Type("int", false, "0", TypeName.INT);
  public static final Type LONG = new Type("long", false, "0L", TypeName.LONG);
  public static final Type BOOL = new Type("boolean", false, "false", TypeName.BOOLEAN);
  public static final Type ARRAY = new Type("double[]", true, "null", ArrayTypeName.of(TypeName.DOUBLE));
  public static final Type ARRAY2 = new Type("double[][]", true, "null",
      ArrayTypeName.of(ArrayTypeName.of(TypeName.DOUBLE)));
  public static final Type INT_ARRAY = new Type("int[]", false, "null", ArrayTypeName.of(TypeName.INT));
  public static final Type TENSOR = new Type(RuntimeNames.TENSOR.canonicalName(), true, "null", RuntimeNames.TENSOR);

  private final String javaName;
  private final boolean differentiable;
  private final String zero;
  private final TypeName typeName;

  private Type(String javaName, boolean differentiable, String zero, TypeName typeName) {
    this.javaName = javaName;
    this.differentiable = differentiable;
    this.zero = zero;
    this.typeName = typeName;
  }

  /**
   * A type whose values never carry a derivative and that the transforms only move around:
   * {@code typeName} is how generated code declares it; {@code primitive} tells the zero a hoisted
   * local of it starts with.
   */
  public static Type passive(TypeName typeName) {
    String zero;
    if (!typeName.isPrimitive()) {
      zero = "null";
    } else if (typeName.equals(TypeName.CHAR)) {
      zero = "'\\0'";
    } else if (typeName.equals(TypeName.FLOAT)) {
      zero = "0.0f";
    } else if (typeName.equals(TypeName.BYTE) || typeName.equals(TypeName.SHORT)) {
      zero = "(" + typeName + ") 0";
    } else {
      zero = "0";
    }
    return new Type(typeName.toString(), false, zero, typeName);
  }

  public String javaName() { return javaName; }

  /** How generated code declares a value of this type (JavaPoet imports what it names). */
  public TypeName typeName() { return typeName; }

  /** Whether values of this type can carry a derivative (be active). */
  public boolean differentiable() { return differentiable; }

  /** The Java literal a hoisted local of this type starts with. */
  public String zero() { return zero; }

  /** double, int, long and the other primitive numbers (char, byte, short, float). */
  public boolean isNumeric() {
    return this == SCALAR || this == INT || this == LONG
        || typeName.isPrimitive() && !typeName.equals(TypeName.BOOLEAN) && !isKnown();
  }

  public boolean isArray() { return this == ARRAY || this == ARRAY2 || this == INT_ARRAY; }

  /** A passive type outside the constants: only moved around, never differentiated. */
  public boolean isPassiveOther() { return !isKnown(); }

  /** A reference type (arrays, Tensor, objects): its hoisted locals start as null. */
  public boolean isReference() { return !typeName.isPrimitive(); }

  private boolean isKnown() {
    return this == SCALAR || this == INT || this == LONG || this == BOOL || this == ARRAY || this == ARRAY2
        || this == INT_ARRAY || this == TENSOR;
  }

  /** Java's binary numeric promotion for the numeric subset. */
  public static Type promote(Type a, Type b) {
    if (a == SCALAR || b == SCALAR) {
      return SCALAR;
    }
    return a == LONG || b == LONG ? LONG : INT;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Type t && (this == t || !isKnown() && !t.isKnown() && typeName.equals(t.typeName));
  }

  @Override
  public int hashCode() { return Objects.hash(typeName); }

  @Override
  public String toString() { return javaName; }
}
