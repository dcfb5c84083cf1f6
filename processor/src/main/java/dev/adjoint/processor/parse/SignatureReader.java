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
import javax.lang.model.element.Element;
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
  public static final String CHECKPOINT = RuntimeNames.CHECKPOINT;

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
    boolean instance = !method.getModifiers().contains(Modifier.STATIC);
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    if (method.getModifiers().contains(Modifier.PRIVATE)) {
      throw new Problem(Message.PRIVATE, null, name, Types.refOf(owner).companionSimpleName());
    }
    if (instance && owner.getNestingKind() == javax.lang.model.element.NestingKind.MEMBER
        && !owner.getModifiers().contains(Modifier.STATIC)) {
      throw new Problem(Message.INNER_CLASS_METHOD, null, name, owner.getSimpleName(),
          owner.getEnclosingElement().getSimpleName());
    }
    List<String> names = new ArrayList<>();
    List<Type> types = new ArrayList<>();
    if (instance) {
      // the receiver is the companion methods' first parameter
      names.add(Signature.SELF);
      types.add(Types.withRecords(owner.asType()));
    }
    for (VariableElement p : method.getParameters()) {
      if (instance && p.getSimpleName().contentEquals(Signature.SELF)) {
        throw new Problem(Message.SELF_PARAMETER, null, name);
      }
      Type t = Types.withRecords(p.asType());
      if (t == null) {
        throw new Problem(Message.PARAMETER_TYPE_NOT_SUPPORTED, null, p.getSimpleName(), name, p.asType());
      }
      names.add(p.getSimpleName().toString());
      types.add(t);
    }
    Type returnType = Types.withRecords(method.getReturnType());
    if (returnType == null || !returnType.differentiable()) {
      throw new Problem(Message.RETURN_NOT_DIFFERENTIABLE, null, name, method.getReturnType());
    }
    List<Integer> wrt = wrtIndexes(method, name, names, types, instance, owner);
    for (int i : wrt) {
      if (names.get(i).equals("value") && names.contains("dvalue")) {
        throw new Problem(Message.PARAMETER_NAMED_VALUE, null, name);
      }
    }
    return new Signature(Types.refOf(owner), name, names, types, returnType, wrt, order(method), instance,
        snapshots(method));
  }

  /** {@code @Checkpoint(snapshots = k)}: k; 0 without {@code @Checkpoint} or without the element. */
  public static int snapshots(ExecutableElement method) {
    AnnotationValue value = snapshotsValue(method);
    return value != null && value.getValue() instanceof Integer i ? i : 0;
  }

  /** The {@code snapshots} value as written on {@code @Checkpoint}, or null. */
  public static AnnotationValue snapshotsValue(Element method) {
    AnnotationMirror annotation = checkpointAnnotation(method);
    if (annotation == null) {
      return null;
    }
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e
        : annotation.getElementValues().entrySet()) {
      if (e.getKey().getSimpleName().contentEquals("snapshots")) {
        return e.getValue();
      }
    }
    return null;
  }

  /** The {@code order} of {@code @Differentiable} (1 when not given); {@link #orderValue} checks it. */
  public static int order(ExecutableElement method) {
    AnnotationValue value = orderValue(method);
    return value != null && value.getValue() instanceof Integer i ? i : 1;
  }

  /** The {@code order} value as written on the annotation, or null when it is not given. */
  public static AnnotationValue orderValue(ExecutableElement method) {
    AnnotationMirror annotation = differentiableAnnotation(method);
    if (annotation == null) {
      return null;
    }
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e
        : annotation.getElementValues().entrySet()) {
      if (e.getKey().getSimpleName().contentEquals("order")) {
        return e.getValue();
      }
    }
    return null;
  }

  /** The {@code @Differentiable} annotation of {@code method}, or null. */
  public static AnnotationMirror annotation(ExecutableElement method) {
    return differentiableAnnotation(method);
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

  private static List<Integer> wrtIndexes(ExecutableElement method, String name, List<String> names, List<Type> types,
      boolean instance, TypeElement owner) {
    List<String> requested = new ArrayList<>(wrtNames(method));
    if (instance && requested.remove("this")) {
      if (owner.getKind() != javax.lang.model.element.ElementKind.RECORD) {
        throw new Problem(Message.WRT_THIS_NOT_RECORD, null, name, owner.getSimpleName(), owner.getSimpleName());
      }
      if (!types.get(0).differentiable()) {
        throw new Problem(Message.WRT_NOT_DIFFERENTIABLE, null, "this", name, types.get(0).javaName());
      }
      requested.add(0, Signature.SELF);
    } else if (instance && requested.contains(Signature.SELF)) {
      throw new Problem(Message.UNKNOWN_WRT, null, Signature.SELF, name, names.subList(1, names.size()));
    }
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

  /**
   * Whether {@code method} is a {@code @Differentiable} method with {@code @Checkpoint}: its callers
   * never inline it, and their reverse sweeps recompute it through its companion's VJP.
   */
  public static boolean isCheckpoint(ExecutableElement method) {
    return isDifferentiable(method) && checkpointAnnotation(method) != null;
  }

  /** The method's {@code @Checkpoint}, or null. */
  public static AnnotationMirror checkpointAnnotation(Element method) {
    return annotation(method, CHECKPOINT);
  }

  private static AnnotationMirror differentiableAnnotation(ExecutableElement method) {
    return annotation(method, DIFFERENTIABLE);
  }

  private static AnnotationMirror annotation(Element method, String name) {
    for (AnnotationMirror a : method.getAnnotationMirrors()) {
      if (((TypeElement) a.getAnnotationType().asElement()).getQualifiedName().contentEquals(name)) {
        return a;
      }
    }
    return null;
  }
}
