package dev.adjoint.processor.transform;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.adjoint.processor.RuntimeNames;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Type;

/** The JavaPoet type of each IR type, so generated code imports what it names ({@code Tensor}). */
public final class JavaTypes {
  public static final ClassName TENSOR = RuntimeNames.TENSOR;
  static final ClassName FUNCTIONAL = RuntimeNames.FUNCTIONAL;
  static final ClassName TENSOR_RULES = RuntimeNames.TENSOR_RULES;
  static final ClassName TENSOR_TANGENTS = RuntimeNames.TENSOR_TANGENTS;
  static final ClassName TENSOR_SUPPORT = RuntimeNames.TENSOR_SUPPORT;

  private JavaTypes() {}

  public static TypeName of(Type t) {
    return t.typeName();
  }

  /** A literal; {@code Double.NaN} and the infinities name their class with $T, as a local may be named Double. */
  public static CodeBlock literal(Expr.Literal l) {
    if (l.text().startsWith("Double.")) {
      return CodeBlock.of("$T$L", Double.class, l.text().substring("Double".length()));
    }
    return l.text().startsWith("Float.")
        ? CodeBlock.of("$T$L", Float.class, l.text().substring("Float".length()))
        : CodeBlock.of("$L", l.text());
  }
}
