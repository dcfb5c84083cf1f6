package dev.adjoint.processor.parse;

import com.sun.source.tree.Tree;
import dev.adjoint.DerivativeOf;
import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.diag.Problem;
import dev.adjoint.processor.diag.Reporter;
import dev.adjoint.processor.ir.ClassRef;
import dev.adjoint.processor.ir.PartialMethod;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * The users' {@code @DerivativeOf} methods, validated when they are registered, by function:
 * a call of a function with a partial for every argument differentiates through them.
 */
public final class CustomDerivatives {
  public static final String DERIVATIVE_OF = "dev.adjoint.DerivativeOf";

  /** {@code pkg.Class.method/arity} → the partial for each argument (null where none was given). */
  private final Map<String, PartialMethod[]> byFunction = new HashMap<>();

  /** Validates {@code method}; registers it, or reports why not on its annotation. */
  public void register(ExecutableElement method, Elements elements, Reporter reporter) {
    DerivativeOf annotation = method.getAnnotation(DerivativeOf.class);
    AnnotationMirror mirror = mirror(method);
    String function = annotation.value();
    int dot = function.lastIndexOf('.');
    TypeElement owner = dot < 0 ? null : elements.getTypeElement(function.substring(0, dot));
    List<ExecutableElement> candidates = owner == null ? List.of()
        : ElementFilter.methodsIn(owner.getEnclosedElements()).stream()
            .filter(m -> m.getSimpleName().contentEquals(function.substring(dot + 1)) && isScalarFunction(m))
            .toList();
    if (candidates.isEmpty()) {
      reporter.onAnnotation(method, mirror, null, Message.CUSTOM_TARGET_NOT_FOUND, function);
      return;
    }
    ExecutableElement target = candidates.stream()
        .filter(m -> m.getParameters().size() == method.getParameters().size())
        .findFirst().orElse(candidates.get(0));
    int arity = target.getParameters().size();
    int argument = annotation.argument();
    if (argument < 0 || argument >= arity) {
      reporter.onAnnotation(method, mirror, null, Message.CUSTOM_ARGUMENT_OUT_OF_RANGE, argument, function, arity);
      return;
    }
    if (!isScalarFunction(method) || method.getParameters().size() != arity
        || !method.getModifiers().contains(Modifier.STATIC) || method.getModifiers().contains(Modifier.PRIVATE)) {
      String expected = "static double " + method.getSimpleName() + "("
          + String.join(", ", Collections.nCopies(arity, "double")) + ")";
      reporter.onElement(method, Message.CUSTOM_SIGNATURE, method.getSimpleName(), expected, function, argument);
      return;
    }
    PartialMethod[] partials = byFunction.computeIfAbsent(key(target), k -> new PartialMethod[arity]);
    TypeElement declaring = (TypeElement) method.getEnclosingElement();
    PartialMethod partial = new PartialMethod(Types.refOf(declaring), method.getSimpleName().toString(),
        isPublic(method));
    if (partials[argument] != null && !partials[argument].equals(partial)) {
      reporter.onElement(method, Message.CUSTOM_DUPLICATE, function, argument,
          partials[argument].owner().qualifiedName() + "." + partials[argument].name());
      return;
    }
    partials[argument] = partial;
  }

  /**
   * The partials of {@code function}, one per argument, or null when it has none; a function
   * with partials for some arguments only is an error at {@code call}.
   */
  public List<PartialMethod> of(ExecutableElement function, ClassRef caller, Tree call) {
    PartialMethod[] partials = byFunction.get(key(function));
    if (partials == null) {
      return null;
    }
    for (int i = 0; i < partials.length; i++) {
      if (partials[i] == null) {
        throw new Problem(Message.CUSTOM_INCOMPLETE, call, name(function), i, i);
      }
      if (!partials[i].exported() && !partials[i].owner().packageName().equals(caller.packageName())) {
        throw new Problem(Message.CUSTOM_NOT_VISIBLE, call,
            partials[i].owner().qualifiedName() + "." + partials[i].name(), caller.packageName());
      }
    }
    return Arrays.asList(partials);
  }

  private static boolean isScalarFunction(ExecutableElement m) {
    return m.getReturnType().getKind() == TypeKind.DOUBLE
        && m.getParameters().stream().allMatch(p -> p.asType().getKind() == TypeKind.DOUBLE);
  }

  /** Visible from any package: public, in public classes. */
  private static boolean isPublic(Element e) {
    for (Element x = e; x instanceof ExecutableElement || x instanceof TypeElement; x = x.getEnclosingElement()) {
      if (!x.getModifiers().contains(Modifier.PUBLIC)) {
        return false;
      }
    }
    return true;
  }

  private static String name(ExecutableElement function) {
    return ((TypeElement) function.getEnclosingElement()).getQualifiedName() + "." + function.getSimpleName();
  }

  private static String key(ExecutableElement function) {
    return name(function) + "/" + function.getParameters().size();
  }

  private static AnnotationMirror mirror(Element method) {
    return method.getAnnotationMirrors().stream()
        .filter(a -> ((TypeElement) a.getAnnotationType().asElement()).getQualifiedName().contentEquals(DERIVATIVE_OF))
        .findFirst().orElseThrow();
  }
}
