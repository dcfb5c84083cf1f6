package dev.adjoint.processor.parse;

import dev.adjoint.processor.ir.ClassRef;
import dev.adjoint.processor.ir.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/** Maps javac's {@link TypeMirror}s and elements to the IR's types and class references. */
public final class Types {
  private Types() {}

  /**
   * The IR type of {@code t}: one of the {@link Type} constants, else a passive type.
   *
   * @throws Deferred when {@code t} is (or contains) an error type (maybe generated in a later round)
   */
  public static Type of(TypeMirror t) {
    Type known = known(t);
    if (known != null) {
      return known;
    }
    if (containsError(t)) {
      throw new Deferred(t.toString());
    }
    return Type.passive(com.palantir.javapoet.TypeName.get(t));
  }

  private static boolean containsError(TypeMirror t) {
    if (t.getKind() == TypeKind.ERROR) {
      return true;
    }
    if (t instanceof ArrayType a) {
      return containsError(a.getComponentType());
    }
    if (t instanceof DeclaredType d) {
      return d.getTypeArguments().stream().anyMatch(Types::containsError);
    }
    return false;
  }

  /**
   * The IR type of {@code t} among the {@link Type} constants, or null for any other type.
   *
   * @throws Deferred when {@code t} is an error type (maybe generated in a later round)
   */
  public static Type known(TypeMirror t) {
    switch (t.getKind()) {
      case DOUBLE: return Type.SCALAR;
      case INT: return Type.INT;
      case LONG: return Type.LONG;
      case BOOLEAN: return Type.BOOL;
      case ERROR: throw new Deferred(t.toString());
      case DECLARED:
        return ((TypeElement) ((DeclaredType) t).asElement()).getQualifiedName().contentEquals(Type.TENSOR.javaName())
            ? Type.TENSOR : null;
      case ARRAY: {
        TypeMirror component = ((ArrayType) t).getComponentType();
        switch (component.getKind()) {
          case DOUBLE: return Type.ARRAY;
          case INT: return Type.INT_ARRAY;
          case ERROR: throw new Deferred(component.toString());
          case ARRAY:
            return ((ArrayType) component).getComponentType().getKind() == TypeKind.DOUBLE
                ? Type.ARRAY2 : null;
          default: return null;
        }
      }
      default: return null;
    }
  }

  /** {@link #of}, with null also for an error type (a signature check, not a reason to wait). */
  public static Type ofOrNull(TypeMirror t) {
    try {
      return known(t);
    } catch (Deferred d) {
      return null;
    }
  }

  public static ClassRef refOf(TypeElement type) {
    List<String> names = new ArrayList<>();
    Element e = type;
    while (e.getKind().isClass() || e.getKind().isInterface()) {
      names.add(e.getSimpleName().toString());
      e = e.getEnclosingElement();
    }
    Collections.reverse(names);
    while (e.getKind() != ElementKind.PACKAGE) {
      e = e.getEnclosingElement();
    }
    return new ClassRef(((PackageElement) e).getQualifiedName().toString(), names);
  }
}
