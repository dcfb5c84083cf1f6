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
    return Type.passive(typeName(t));
  }

  /** JavaPoet's name of {@code t}; a local class is named by its copy in the companion's {@link #LOCALS} class. */
  public static com.palantir.javapoet.TypeName typeName(TypeMirror t) {
    if (!mentionsLocal(t)) {
      return com.palantir.javapoet.TypeName.get(t);
    }
    if (t instanceof ArrayType a) {
      return com.palantir.javapoet.ArrayTypeName.of(typeName(a.getComponentType()));
    }
    if (t instanceof javax.lang.model.type.WildcardType w) {
      return w.getSuperBound() != null ? com.palantir.javapoet.WildcardTypeName.supertypeOf(typeName(w.getSuperBound()))
          : com.palantir.javapoet.WildcardTypeName.subtypeOf(typeName(w.getExtendsBound()));
    }
    DeclaredType d = (DeclaredType) t;
    com.palantir.javapoet.ClassName c = className((TypeElement) d.asElement());
    if (d.getTypeArguments().isEmpty()) {
      return c;
    }
    return com.palantir.javapoet.ParameterizedTypeName.get(c, d.getTypeArguments().stream().map(Types::typeName)
        .toArray(com.palantir.javapoet.TypeName[]::new));
  }

  private static boolean mentionsLocal(TypeMirror t) {
    if (t instanceof ArrayType a) {
      return mentionsLocal(a.getComponentType());
    }
    if (t instanceof javax.lang.model.type.WildcardType w) {
      return w.getExtendsBound() != null && mentionsLocal(w.getExtendsBound())
          || w.getSuperBound() != null && mentionsLocal(w.getSuperBound());
    }
    return t instanceof DeclaredType d && (localRoot((TypeElement) d.asElement()) != null
        || d.getTypeArguments().stream().anyMatch(Types::mentionsLocal));
  }

  /** Simple name of the class, next to a companion, that holds copies of the local classes of differentiated methods. */
  public static final String LOCALS = "Locals";

  /** The local class {@code type} is, or is nested in; null for any other class. */
  public static TypeElement localRoot(TypeElement type) {
    for (Element e = type; e instanceof TypeElement t; e = e.getEnclosingElement()) {
      if (t.getNestingKind() == javax.lang.model.element.NestingKind.LOCAL) {
        return t;
      }
    }
    return null;
  }

  /**
   * JavaPoet's name of {@code type}. A local class (declared in a method body) cannot be named
   * outside its method: the companion names its copy, {@code <Companion>Locals.<method>.<Local>}.
   */
  public static com.palantir.javapoet.ClassName className(TypeElement type) {
    TypeElement root = localRoot(type);
    if (root == null) {
      return com.palantir.javapoet.ClassName.get(type);
    }
    List<String> nested = new ArrayList<>();
    for (Element e = type; e != root; e = e.getEnclosingElement()) {
      nested.add(0, e.getSimpleName().toString());
    }
    Element method = root.getEnclosingElement();
    ClassRef owner = refOf((TypeElement) method.getEnclosingElement());
    com.palantir.javapoet.ClassName c = com.palantir.javapoet.ClassName.get(owner.packageName(),
        owner.companionSimpleName() + LOCALS).nestedClass(method.getSimpleName().toString())
        .nestedClass(root.getSimpleName().toString());
    for (String n : nested) {
      c = c.nestedClass(n);
    }
    return c;
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
   * The components of {@code t} when it is a differentiable record: a record class (not generic,
   * visible to the package) with at least one component of a differentiable type; else null.
   */
  private static RecordShape shape(TypeMirror t, java.util.Set<String> visiting) {
    if (t.getKind() != TypeKind.DECLARED || ((DeclaredType) t).asElement().getKind() != ElementKind.RECORD) {
      return null;
    }
    TypeElement record = (TypeElement) ((DeclaredType) t).asElement();
    String name = className(record).canonicalName(); // a local record has no qualified name
    if (!record.getTypeParameters().isEmpty() || !visible(record) || !visiting.add(name)) {
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
      return differentiable ? new RecordShape(className(record), components) : null;
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
