package dev.adjoint.processor.parse;

import dev.adjoint.processor.RuntimeNames;
import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.diag.Problem;
import dev.adjoint.processor.ir.Signature;
import dev.adjoint.processor.ir.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * Reads a {@code @Differentiable} method's {@link Signature} from its element alone, so it works
 * for methods of this compilation and of classes compiled earlier (CLASS retention is visible on
 * class-file elements).
 */
public final class SignatureReader {
  public static final String DIFFERENTIABLE = RuntimeNames.DIFFERENTIABLE;

  private SignatureReader() {}

  public static boolean isDifferentiable(ExecutableElement method) {
    return differentiableAnnotation(method) != null;
  }

  /**
   * The signature, checking the declaration rules of API.md section 1.
   *
   * @throws Problem (with a null tree: reported on the method) for a rule violation
   * @throws Deferred when a parameter or return type does not resolve yet
   */
  public static Signature read(ExecutableElement method) {
    String name = method.getSimpleName().toString();
    if (!method.getModifiers().contains(Modifier.STATIC)) {
      throw new Problem(Message.NOT_STATIC, null, name);
    }
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    if (method.getModifiers().contains(Modifier.PRIVATE)) {
      throw new Problem(Message.PRIVATE, null, name, Types.refOf(owner).companionSimpleName());
    }
    List<String> names = new ArrayList<>();
    List<Type> types = new ArrayList<>();
    for (VariableElement p : method.getParameters()) {
      Type t = Types.of(p.asType());
      if (t == null) {
        throw new Problem(Message.PARAMETER_TYPE_NOT_SUPPORTED, null, p.getSimpleName(), name, p.asType());
      }
      names.add(p.getSimpleName().toString());
      types.add(t);
    }
    Type returnType = Types.of(method.getReturnType());
    if (returnType == null || !returnType.differentiable()) {
      throw new Problem(Message.RETURN_NOT_DIFFERENTIABLE, null, name, method.getReturnType());
    }
    List<Integer> wrt = wrtIndexes(method, name, names, types);
    for (int i : wrt) {
      if (names.get(i).equals("value") && names.contains("dvalue")) {
        throw new Problem(Message.PARAMETER_NAMED_VALUE, null, name);
      }
    }
    return new Signature(Types.refOf(owner), name, names, types, returnType, wrt);
  }

  /**
   * The signature of a method of the class that is not {@code @Differentiable} (a helper with a
   * taped copy): every parameter of a differentiable type is differentiated; any result, void too.
   */
  public static Signature helper(ExecutableElement method) {
    List<String> names = new ArrayList<>();
    List<Type> types = new ArrayList<>();
    List<Integer> wrt = new ArrayList<>();
    for (VariableElement p : method.getParameters()) {
      Type t = Types.of(p.asType());
      if (t.differentiable()) {
        wrt.add(names.size());
      }
      names.add(p.getSimpleName().toString());
      types.add(t);
    }
    Type result = method.getReturnType().getKind() == javax.lang.model.type.TypeKind.VOID
        ? Type.passive(com.palantir.javapoet.TypeName.VOID) : Types.of(method.getReturnType());
    return new Signature(Types.refOf((TypeElement) method.getEnclosingElement()), method.getSimpleName().toString(),
        names, types, result, wrt);
  }

  private static List<Integer> wrtIndexes(
      ExecutableElement method, String name, List<String> names, List<Type> types) {
    List<String> requested = wrtNames(method);
    List<Integer> wrt = new ArrayList<>();
    for (String r : requested) {
      int i = names.indexOf(r);
      if (i < 0) {
        throw new Problem(Message.UNKNOWN_WRT, null, r, name, names);
      }
      if (!types.get(i).differentiable()) {
        throw new Problem(Message.WRT_NOT_DIFFERENTIABLE, null, r, name, types.get(i).javaName());
      }
    }
    for (int i = 0; i < names.size(); i++) {
      boolean chosen = requested.isEmpty() ? types.get(i).differentiable() : requested.contains(names.get(i));
      if (chosen) {
        wrt.add(i);
      }
    }
    return wrt;
  }

  private static List<String> wrtNames(ExecutableElement method) {
    List<String> result = new ArrayList<>();
    AnnotationMirror annotation = differentiableAnnotation(method);
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e
        : annotation.getElementValues().entrySet()) {
      if (e.getKey().getSimpleName().contentEquals("wrt")) {
        for (Object v : (List<?>) e.getValue().getValue()) {
          result.add(String.valueOf(((AnnotationValue) v).getValue()));
        }
      }
    }
    return result;
  }

  private static AnnotationMirror differentiableAnnotation(ExecutableElement method) {
    for (AnnotationMirror a : method.getAnnotationMirrors()) {
      if (((TypeElement) a.getAnnotationType().asElement()).getQualifiedName().contentEquals(DIFFERENTIABLE)) {
        return a;
      }
    }
    return null;
  }
}
