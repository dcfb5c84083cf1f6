package dev.adjoint.processor.parse;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ImportTree;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Resolves class names and statically imported members the way the Java language does for the
 * names a supported method body can use, from the compilation unit's imports and
 * {@link Elements}; body trees carry no types during annotation processing.
 */
final class NameResolver {
  private final Elements elements;
  private final CompilationUnitTree unit;
  private final TypeElement owner;

  NameResolver(Elements elements, CompilationUnitTree unit, TypeElement owner) {
    this.elements = elements;
    this.unit = unit;
    this.owner = owner;
  }

  TypeElement owner() { return owner; }

  /** The class a (possibly qualified) name denotes, or null. */
  TypeElement resolveClass(String dotted) {
    int dot = dotted.indexOf('.');
    String first = dot < 0 ? dotted : dotted.substring(0, dot);
    TypeElement type = resolveSimpleClass(first);
    if (type != null && dot >= 0) {
      for (String part : dotted.substring(dot + 1).split("\\.")) {
        type = memberType(type, part);
        if (type == null) {
          break;
        }
      }
    }
    return type != null || dot < 0 ? type : elements.getTypeElement(dotted);
  }

  private TypeElement resolveSimpleClass(String name) {
    for (Element e = owner; e != null && (e.getKind().isClass() || e.getKind().isInterface());
        e = e.getEnclosingElement()) {
      if (e.getSimpleName().contentEquals(name)) {
        return (TypeElement) e;
      }
      TypeElement member = memberType((TypeElement) e, name);
      if (member != null) {
        return member;
      }
    }
    for (ImportTree i : unit.getImports()) {
      String imported = i.getQualifiedIdentifier().toString();
      if (!i.isStatic() && imported.endsWith("." + name)) {
        return elements.getTypeElement(imported);
      }
    }
    String pkg = unit.getPackageName() == null ? "" : unit.getPackageName().toString();
    TypeElement samePackage = elements.getTypeElement(pkg.isEmpty() ? name : pkg + "." + name);
    if (samePackage != null) {
      return samePackage;
    }
    for (ImportTree i : unit.getImports()) {
      String imported = i.getQualifiedIdentifier().toString();
      if (!i.isStatic() && imported.endsWith(".*")) {
        TypeElement t = elements.getTypeElement(imported.substring(0, imported.length() - 1) + name);
        if (t != null) {
          return t;
        }
      }
    }
    return elements.getTypeElement("java.lang." + name);
  }

  private TypeElement memberType(TypeElement type, String name) {
    for (Element e : elements.getAllMembers(type)) {
      if ((e.getKind().isClass() || e.getKind().isInterface()) && e.getSimpleName().contentEquals(name)) {
        return (TypeElement) e;
      }
    }
    return null;
  }

  /**
   * The classes to search for an unqualified member name, innermost first: the owner and its
   * enclosing classes, then the classes of matching static imports.
   */
  List<TypeElement> classesForMember(String name) {
    List<TypeElement> result = new ArrayList<>();
    for (Element e = owner; e != null && (e.getKind().isClass() || e.getKind().isInterface());
        e = e.getEnclosingElement()) {
      result.add((TypeElement) e);
    }
    for (ImportTree i : unit.getImports()) {
      if (!i.isStatic()) {
        continue;
      }
      String imported = i.getQualifiedIdentifier().toString();
      int dot = imported.lastIndexOf('.');
      String member = imported.substring(dot + 1);
      if (member.equals(name) || member.equals("*")) {
        TypeElement t = elements.getTypeElement(imported.substring(0, dot));
        if (t != null) {
          result.add(t);
        }
      }
    }
    return result;
  }

  List<? extends Element> membersOf(TypeElement type) {
    return elements.getAllMembers(type);
  }

  static boolean isField(Element e) {
    return e.getKind() == ElementKind.FIELD;
  }
}
