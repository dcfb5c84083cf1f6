package dev.adjoint.processor.transform;

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
    return t.typeName();
  }

}
