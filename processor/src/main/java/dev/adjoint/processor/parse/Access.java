package dev.adjoint.processor.parse;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import com.sun.source.tree.Tree;
import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.diag.Problem;
import dev.adjoint.processor.ir.ClassRef;
import dev.adjoint.processor.ir.HiddenMember;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * What the companion (a class of its own in the same package) may name directly, and the
 * {@link HiddenMember} accessors for what it may not: Java lets the class read its private
 * members and its private nested classes' members; the companion gets there through handles.
 */
final class Access {
  private final Elements elements;
  private final Types types;
  private final ClassRef caller;

  Access(Elements elements, Types types, ClassRef caller) {
    this.elements = elements;
    this.types = types;
    this.caller = caller;
  }

  /** Whether source in the companion's package can name {@code e} (a class, field or method). */
  boolean nameable(Element e) {
    boolean synthetic = e.getKind().isField() && (e.getSimpleName().contentEquals("length")
        || e.getSimpleName().contentEquals("class"));
    if (synthetic && e.getEnclosingElement().getSimpleName().contentEquals("Array")) {
      return true; // an array's length, double[].class (members of javac's synthetic Array class)
    }
    if (synthetic && e.getSimpleName().contentEquals("class")) {
      return nameable(e.getEnclosingElement()); // Foo.class
    }
    if ((e.getKind() == ElementKind.METHOD || e.getKind().isField()) && e.getModifiers().contains(Modifier.PUBLIC)
        && elements.getPackageOf(e).getQualifiedName().toString().startsWith("java.")) {
      return true; // StringBuilder.length(): public, through a public subclass of a hidden JDK class
    }
    for (Element x = e; x != null && !(x instanceof PackageElement); x = x.getEnclosingElement()) {
      if (x instanceof TypeElement t && t.getNestingKind() == NestingKind.ANONYMOUS) {
        return false;
      }
      if (x instanceof TypeElement t && t.getNestingKind() == NestingKind.LOCAL) {
        return true; // the companion names the copy of the local class (Types.className), in its package
      }
      if (x.getKind() == ElementKind.METHOD || x.getKind() == ElementKind.CONSTRUCTOR) {
        if (x != e) {
          return false; // declared inside a method
        }
      }
      Set<Modifier> m = x.getModifiers();
      if (m.contains(Modifier.PRIVATE)) {
        return false;
      }
      if (!m.contains(Modifier.PUBLIC) && !elements.getPackageOf(x).getQualifiedName().contentEquals(caller.packageName())
          && !(x.getEnclosingElement() instanceof TypeElement owner && owner.getKind() == ElementKind.INTERFACE)) {
        return false; // package-private or protected in another package
      }
    }
    return true;
  }

  /** Whether every class {@code t} names can be named by the companion. */
  boolean nameable(TypeMirror t) {
    if (t instanceof ArrayType a) {
      return nameable(a.getComponentType());
    }
    if (t instanceof DeclaredType d) {
      return nameable(d.asElement()) && d.getTypeArguments().stream().allMatch(this::nameable);
    }
    return true;
  }

  /** The accessor of the field or method {@code e}, which the companion cannot name. */
  HiddenMember hidden(Element e, Tree at) {
    if (e.getSimpleName().contentEquals("class")) {
      throw new Problem(Message.PRIVATE_MEMBER, at, describe(e.getEnclosingElement()));
    }
    TypeElement owner = (TypeElement) e.getEnclosingElement();
    if (dev.adjoint.processor.parse.Types.localRoot(owner) != null) {
      throw new Problem(Message.PRIVATE_MEMBER, at, describe(e)); // a local class's copy has no accessors
    }
    boolean isStatic = e.getModifiers().contains(Modifier.STATIC);
    TypeMirror type;
    List<TypeName> params = new ArrayList<>();
    HiddenMember.Kind kind;
    if (e instanceof VariableElement v) {
      type = v.asType();
      kind = isStatic ? HiddenMember.Kind.STATIC_FIELD : HiddenMember.Kind.FIELD;
    } else if (e instanceof ExecutableElement m && m.getKind() != ElementKind.STATIC_INIT
        && m.getKind() != ElementKind.INSTANCE_INIT) {
      boolean constructor = m.getKind() == ElementKind.CONSTRUCTOR;
      if (constructor && (owner.getNestingKind() == NestingKind.LOCAL || owner.getNestingKind() == NestingKind.ANONYMOUS
          || owner.getNestingKind() == NestingKind.MEMBER && !owner.getModifiers().contains(Modifier.STATIC))) {
        throw new Problem(Message.PRIVATE_MEMBER, at, describe(e));
      }
      type = constructor ? owner.asType() : m.getReturnType();
      for (VariableElement p : m.getParameters()) {
        TypeMirror erasure = types.erasure(p.asType());
        if (!nameable(erasure)) {
          throw new Problem(Message.PRIVATE_MEMBER, at, describe(e) + " (it takes a " + erasure + ")");
        }
        params.add(TypeName.get(erasure));
      }
      kind = constructor ? HiddenMember.Kind.CONSTRUCTOR
          : isStatic ? HiddenMember.Kind.STATIC_METHOD : HiddenMember.Kind.METHOD;
    } else {
      throw new Problem(Message.PRIVATE_MEMBER, at, describe(e));
    }
    TypeMirror erasure = types.erasure(type);
    boolean typeNameable = type.getKind() == TypeKind.VOID || nameable(erasure);
    // the declared type keeps its type arguments (Map<String, Double>), unless it involves a type variable
    boolean declared = typeNameable && nameable(type) && !mentionsTypeVariable(type);
    TypeName lookup = type.getKind() == TypeKind.VOID ? TypeName.VOID : typeNameable ? TypeName.get(erasure)
        : ClassName.OBJECT;
    // a generic owner is found by name and its receivers taken as Object: its erasure would be a raw type
    boolean named = nameable(owner) && owner.getTypeParameters().isEmpty();
    return new HiddenMember(caller, kind, named ? TypeName.get(types.erasure(owner.asType())) : null,
        elements.getBinaryName(owner).toString(), e.getSimpleName().toString(),
        declared && type.getKind() != TypeKind.VOID ? TypeName.get(type) : lookup, lookup,
        typeNameable ? null : binaryName(erasure), params);
  }

  private static boolean mentionsTypeVariable(TypeMirror t) {
    if (t.getKind() == TypeKind.TYPEVAR || t.getKind() == TypeKind.WILDCARD) {
      return true;
    }
    if (t instanceof ArrayType a) {
      return mentionsTypeVariable(a.getComponentType());
    }
    return t instanceof DeclaredType d && d.getTypeArguments().stream().anyMatch(Access::mentionsTypeVariable);
  }

  /** The binary name of a class type ({@code p.Outer$Inner}), or of an array of one as Class.forName spells it. */
  private String binaryName(TypeMirror t) {
    if (t instanceof ArrayType a) {
      String component = binaryName(a.getComponentType());
      return "[" + (component.startsWith("[") ? component : "L" + component + ";");
    }
    return elements.getBinaryName((TypeElement) types.asElement(t)).toString();
  }


  /** "the field p.Model.TABLE": how messages name a member. */
  static String describe(Element e) {
    String kind = e.getKind().isField() ? "the field " : e.getKind() == ElementKind.METHOD ? "the method "
        : e.getKind() == ElementKind.CONSTRUCTOR ? "the constructor of " : "the class ";
    Element owner = e.getKind().isClass() || e.getKind().isInterface() ? e : e.getEnclosingElement();
    String where = owner instanceof TypeElement t ? t.getQualifiedName().toString() : owner.toString();
    return kind + (e.getKind() == ElementKind.CONSTRUCTOR || e == owner ? where : where + "." + e.getSimpleName());
  }
}
