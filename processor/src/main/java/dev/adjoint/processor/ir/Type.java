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
  /** The float flavour of SCALAR, ARRAY, ARRAY2: same treatment, float arithmetic and adjoints in the generated code. */
  public static final Type FLOAT = new Type("float", true, "0.0f", TypeName.FLOAT);
  public static final Type FLOAT_ARRAY = new Type("float[]", true, "null", ArrayTypeName.of(TypeName.FLOAT));
  public static final Type FLOAT_ARRAY2 = new Type("float[][]", true, "null",
      ArrayTypeName.of(ArrayTypeName.of(TypeName.FLOAT)));
  public static final Type INT_ARRAY = new Type("int[]", false, "null", ArrayTypeName.of(TypeName.INT));
  public static final Type TENSOR = new Type(RuntimeNames.TENSOR.canonicalName(), true, "null", RuntimeNames.TENSOR);

  private final String javaName;
  private final boolean differentiable;
  private final String zero;
  private final TypeName typeName;
  /** For a differentiable record, or an array of them ({@link #isRecordArray}): its components; else null. */
  private final RecordShape shape;
  private final boolean recordArray;

  private Type(String javaName, boolean differentiable, String zero, TypeName typeName) {
    this(javaName, differentiable, zero, typeName, null, false);
  }

  private Type(String javaName, boolean differentiable, String zero, TypeName typeName, RecordShape shape,
      boolean recordArray) {
    this.javaName = javaName;
    this.differentiable = differentiable;
    this.zero = zero;
    this.typeName = typeName;
    this.shape = shape;
    this.recordArray = recordArray;
  }

  /**
   * A differentiable record (a record with a component of a differentiable type): the front end
   * lowers its values to their components, so the transforms never see one, except as a result
   * ({@link Expr.NewRecord}).
   */
  public static Type record(RecordShape shape) {
    return new Type(shape.type().toString(), true, "null", shape.type(), shape, false);
  }

  /** An array of differentiable records ({@code Layer[]}), lowered to one array per component. */
  public static Type recordArray(RecordShape shape) {
    TypeName array = ArrayTypeName.of(shape.type());
    return new Type(array.toString(), true, "null", array, shape, true);
  }

  /** The components of a differentiable record type or of the element of an array of them, else null. */
  public RecordShape shape() { return shape; }

  /** A differentiable record. */
  public boolean isRecord() { return shape != null && !recordArray; }

  /** An array of differentiable records. */
  public boolean isRecordArray() { return shape != null && recordArray; }

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
    return this == SCALAR || this == FLOAT || this == INT || this == LONG
        || typeName.isPrimitive() && !typeName.equals(TypeName.BOOLEAN) && !isKnown();
  }

  public boolean isArray() { return kind() == ARRAY || kind() == ARRAY2 || this == INT_ARRAY; }

  /**
   * The double type this one is a flavour of: SCALAR for FLOAT, ARRAY for FLOAT_ARRAY, ARRAY2 for
   * FLOAT_ARRAY2, else this type itself. The transforms treat a float value as its double kind and
   * only the declarations and stores of generated code differ.
   */
  public Type kind() {
    return this == FLOAT ? SCALAR : this == FLOAT_ARRAY ? ARRAY : this == FLOAT_ARRAY2 ? ARRAY2 : this;
  }

  /** Whether {@code t} is this double type or its float flavour ({@code Type.SCALAR.is(t)}). */
  public boolean is(Type t) { return t != null && t.kind() == this; }

  /** float, float[] or float[][]. */
  public boolean isFloat() { return this == FLOAT || this == FLOAT_ARRAY || this == FLOAT_ARRAY2; }

  /** The float flavour of a double type, or the double type of a float one, keeping the precision of {@code like}. */
  public Type flavoured(Type like) {
    Type k = kind();
    if (like == null || !like.isFloat()) {
      return k;
    }
    return k == SCALAR ? FLOAT : k == ARRAY ? FLOAT_ARRAY : k == ARRAY2 ? FLOAT_ARRAY2 : this;
  }

  /** The element of an array type: double for double[], double[] for double[][], float for float[], int for int[]. */
  public Type element() {
    Type k = kind();
    return k == ARRAY ? SCALAR.flavoured(this) : k == ARRAY2 ? ARRAY.flavoured(this) : this == INT_ARRAY ? INT : null;
  }

  /** The array of this element type (double[] of double, float[][] of float[]), or null. */
  public Type arrayOf() {
    Type k = kind();
    return k == SCALAR ? ARRAY.flavoured(this) : k == ARRAY ? ARRAY2.flavoured(this) : this == INT ? INT_ARRAY : null;
  }

  /** A passive type outside the constants: only moved around, never differentiated. */
  public boolean isPassiveOther() { return !isKnown() && shape == null; }

  /** A reference type (arrays, Tensor, objects): its hoisted locals start as null. */
  public boolean isReference() { return !typeName.isPrimitive(); }

  private boolean isKnown() {
    return this == SCALAR || this == INT || this == LONG || this == BOOL || this == ARRAY || this == ARRAY2
        || this == INT_ARRAY || this == TENSOR || isFloat();
  }

  /** Java's binary numeric promotion for the numeric subset. */
  public static Type promote(Type a, Type b) {
    if (a == SCALAR || b == SCALAR) {
      return SCALAR;
    }
    if (a == FLOAT || b == FLOAT) {
      return FLOAT;
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
