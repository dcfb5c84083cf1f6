package dev.adjoint.processor.ir;

import com.palantir.javapoet.TypeName;
import java.util.List;

/**
 * A member of the user's code that the companion, another class, cannot name: a private field
 * or method, or one of a private class. Generated code reaches it through an accessor method of
 * the companion, {@code <Companion>.accessor(…)}, backed by a handle made once
 * ({@code dev.adjoint.internal.PrivateAccess}). Printed as the accessor's qualified name; the
 * parts that follow it in an {@link Expr.Opaque} give its arguments (the receiver first).
 *
 * @param companionOf the class whose companion declares the accessor
 * @param owner the class declaring the member, as source can name it, or null if it cannot
 * @param ownerBinaryName the binary name of that class (looked up at run time if it has no name)
 * @param type the field's type or the method's result ({@code void} for none), as declared (generic
 *     arguments kept); {@code Object} when the companion cannot name it (a private class)
 * @param lookupType its erasure, which the handle is looked up with
 * @param typeBinaryName the binary name of the erasure when {@code type} is {@code Object} for that reason, else null
 * @param params the method's parameters, erased (none for a field); an instance member's
 *     receiver is not among them
 */
public record HiddenMember(ClassRef companionOf, Kind kind, TypeName owner, String ownerBinaryName, String name,
    TypeName type, TypeName lookupType, String typeBinaryName, List<TypeName> params) {
  public enum Kind { STATIC_FIELD, FIELD, STATIC_METHOD, METHOD, CONSTRUCTOR }

  public HiddenMember {
    params = List.copyOf(params);
  }

  public boolean isStatic() { return kind != Kind.FIELD && kind != Kind.METHOD; }

  public boolean isField() { return kind == Kind.STATIC_FIELD || kind == Kind.FIELD; }

  /** {@code privateField_Gamma_LANCZOS}, {@code privateCall_FastMath_split_double}: one accessor per member. */
  public String accessor() {
    String simple = ownerBinaryName.substring(ownerBinaryName.lastIndexOf('.') + 1).replace('$', '_');
    StringBuilder name = new StringBuilder(isField() ? "privateField_" : kind == Kind.CONSTRUCTOR ? "privateNew_"
        : "privateCall_").append(simple);
    if (kind != Kind.CONSTRUCTOR) {
      name.append('_').append(this.name);
    }
    for (TypeName p : params) {
      name.append('_').append(p.toString().replaceAll("[^A-Za-z0-9]", ""));
    }
    return name.toString();
  }
}
