package dev.adjoint.processor.parse;

import dev.adjoint.processor.ir.ClassRef;
import dev.adjoint.processor.ir.RecordShape;
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

  /**
   * {@link #of}, except that a differentiable record (a record with a differentiable component) and an array of them are
   * record types: what the front end lowers to components.
   */
  public static Type withRecords(TypeMirror t) {
    Type record = recordType(t, new java.util.HashSet<>());
    return record != null ? record : of(t);
  }

  /** The record type of {@code t} (a differentiable record or a 1-D array of them), or null. */
  public static Type recordType(TypeMirror t) {
    return recordType(t, new java.util.HashSet<>());
  }

  private static Type recordType(TypeMirror t, java.util.Set<String> visiting) {
    if (t.getKind() == TypeKind.ARRAY && ((ArrayType) t).getComponentType().getKind() == TypeKind.DECLARED) {
      RecordShape shape = shape(((ArrayType) t).getComponentType(), visiting);
      return shape == null ? null : Type.recordArray(shape);
    }
    RecordShape shape = shape(t, visiting);
    return shape == null ? null : Type.record(shape);
  }

  /**
   * The components of {@code t} when it is a differentiable record: a record class (not generic, not
   * local, visible to the package) with at least one component of a differentiable type; else null.
   */
  private static RecordShape shape(TypeMirror t, java.util.Set<String> visiting) {
    if (t.getKind() != TypeKind.DECLARED || ((DeclaredType) t).asElement().getKind() != ElementKind.RECORD) {
      return null;
    }
    TypeElement record = (TypeElement) ((DeclaredType) t).asElement();
    String name = record.getQualifiedName().toString();
    if (!record.getTypeParameters().isEmpty() || record.getNestingKind() == javax.lang.model.element.NestingKind.LOCAL
        || !visible(record) || !visiting.add(name)) {
      return null;
    }
    try {
      List<RecordShape.Component> components = new ArrayList<>();
      boolean differentiable = false;
      for (javax.lang.model.element.RecordComponentElement c : record.getRecordComponents()) {
        Type type = recordType(c.asType(), visiting);
        if (type == null) {
          type = of(c.asType());
        }
        differentiable |= type.differentiable();
        components.add(new RecordShape.Component(c.getSimpleName().toString(), type));
      }
      return differentiable ? new RecordShape(com.palantir.javapoet.ClassName.get(record), components) : null;
    } finally {
      visiting.remove(name);
    }
  }

  /** Not private, nor nested in a private class: the companion (same package) can name it. */
  private static boolean visible(TypeElement type) {
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (e.getModifiers().contains(javax.lang.model.element.Modifier.PRIVATE)) {
        return false;
      }
    }
    return true;
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
      case FLOAT: return Type.FLOAT;
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
          case FLOAT: return Type.FLOAT_ARRAY;
          case INT: return Type.INT_ARRAY;
          case ERROR: throw new Deferred(component.toString());
          case ARRAY:
            TypeKind inner = ((ArrayType) component).getComponentType().getKind();
            return inner == TypeKind.DOUBLE ? Type.ARRAY2 : inner == TypeKind.FLOAT ? Type.FLOAT_ARRAY2 : null;
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
