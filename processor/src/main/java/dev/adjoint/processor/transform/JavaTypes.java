package dev.adjoint.processor.transform;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import dev.adjoint.processor.ir.Type;

/** The JavaPoet type of each IR type, so generated code imports what it names ({@code Tensor}). */
public final class JavaTypes {
  public static final ClassName TENSOR = ClassName.get("dev.adjoint", "Tensor");
  static final ClassName FUNCTIONAL = ClassName.get("dev.adjoint.nn", "Functional");
  static final ClassName TENSOR_RULES = ClassName.get("dev.adjoint.rules", "TensorRules");
  static final ClassName TENSOR_TANGENTS = ClassName.get("dev.adjoint.rules", "TensorTangents");
  static final ClassName TENSOR_SUPPORT = ClassName.get("dev.adjoint.support", "TensorSupport");

  private JavaTypes() {}

  public static TypeName of(Type t) {
    switch (t) {
      case SCALAR: return TypeName.DOUBLE;
      case INT: return TypeName.INT;
      case LONG: return TypeName.LONG;
      case BOOL: return TypeName.BOOLEAN;
      case ARRAY: return ArrayTypeName.of(TypeName.DOUBLE);
      case ARRAY2: return ArrayTypeName.of(ArrayTypeName.of(TypeName.DOUBLE));
      case INT_ARRAY: return ArrayTypeName.of(TypeName.INT);
      case TENSOR: return TENSOR;
      default: throw new IllegalArgumentException("no Java type for " + t);
    }
  }
}
