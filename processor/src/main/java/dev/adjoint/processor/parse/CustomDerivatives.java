package dev.adjoint.processor.parse;

import com.sun.source.tree.Tree;
import dev.adjoint.DerivativeOf;
import dev.adjoint.processor.RuntimeNames;
import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.diag.Problem;
import dev.adjoint.processor.diag.Reporter;
import dev.adjoint.processor.ir.ClassRef;
import dev.adjoint.processor.ir.CustomDerivative;
import dev.adjoint.processor.ir.PartialMethod;
import dev.adjoint.processor.ir.Type;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.annotation.processing.Filer;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * The users' {@code @DerivativeOf} methods, validated when they are registered, by function. A
 * call of a function differentiates through them when every differentiable argument has a partial
 * or a VJP (reverse mode) and a partial, a JVP, or — for a {@code double} result — a VJP (forward).
 *
 * <p>Methods of this compilation come from the rounds; those of libraries from the class path:
 * each compilation lists, per target class, the classes holding its {@code @DerivativeOf}
 * methods in the resource {@link #indexOf}, and a call of a function with no
 * {@code @DerivativeOf} in this compilation reads that list (a local one replaces the library's).
 * The resource is not under {@code META-INF}: javac's file manager does not look into a jar's
 * directories that are not package names, so {@code Filer.getResource} would not find it there.
 */
public final class CustomDerivatives {
  public static final String DERIVATIVE_OF = RuntimeNames.DERIVATIVE_OF;
  /** Where the index resources live: one per target class, one holder class per line. */
  public static final String INDEX = "dev/adjoint/derivatives/";

  /** {@code dev/adjoint/derivatives/lib/Vec/index} for the target class {@code lib.Vec}. */
  public static String indexOf(String targetClass) {
    return INDEX + targetClass.replace('.', '/') + "/index";
  }

  /** A function's derivatives, by argument: a partial, a VJP, a JVP (null where none). */
  private record Entry(Type result, List<Type> params, PartialMethod[] partial, PartialMethod[] vjp,
      PartialMethod[] jvp) {}

  /** {@code pkg.Class.method/arity} → this compilation's derivatives. */
  private final Map<String, Entry> local = new HashMap<>();
  /** The same, read from libraries on the class path. */
  private final Map<String, Entry> library = new HashMap<>();
  /** Target classes whose library index was read. */
  private final Set<String> indexRead = new HashSet<>();
  /** Target class → classes of this compilation holding @DerivativeOf methods for it, for {@link #indexOf}. */
  private final Map<String, Set<String>> holders = new TreeMap<>();
  private Filer filer;
  private Elements elements;
  private Reporter reporter;

  /** Where library indexes are read from: without it, only this compilation's methods count. */
  public void useClassPath(Filer filer, Elements elements, Reporter reporter) {
    this.filer = filer;
    this.elements = elements;
    this.reporter = reporter;
  }

  /** Validates {@code method} of this compilation; registers it, or reports why not on its annotation. */
  public void register(ExecutableElement method, Elements elements, Reporter reporter) {
    String target = register(method, elements, reporter, local);
    if (target != null) {
      holders.computeIfAbsent(target, k -> new TreeSet<>())
          .add(((TypeElement) method.getEnclosingElement()).getQualifiedName().toString());
    }
  }

  /** Registers into {@code into}; the target class's canonical name, or null when {@code method} is invalid. */
  private static String register(ExecutableElement method, Elements elements, Reporter reporter,
      Map<String, Entry> into) {
    DerivativeOf annotation = method.getAnnotation(DerivativeOf.class);
    AnnotationMirror mirror = mirror(method);
    String function = annotation.value();
    DerivativeOf.Mode mode = annotation.mode();
    int dot = function.lastIndexOf('.');
    TypeElement owner = dot < 0 ? null : elements.getTypeElement(function.substring(0, dot));
    List<ExecutableElement> candidates = owner == null ? List.of()
        : ElementFilter.methodsIn(owner.getEnclosedElements()).stream()
            .filter(m -> m.getSimpleName().contentEquals(function.substring(dot + 1)) && isFunction(m))
            .toList();
    if (candidates.isEmpty()) {
      reporter.onAnnotation(method, mirror, null, Message.CUSTOM_TARGET_NOT_FOUND, function);
      return null;
    }
    int extra = mode == DerivativeOf.Mode.PARTIAL ? 0 : 1;
    List<Type> own = typesOf(method);
    ExecutableElement target = candidates.stream()
        .filter(m -> m.getParameters().size() + extra == own.size()
            && typesOf(m).equals(own.subList(0, m.getParameters().size())))
        .findFirst()
        .orElse(candidates.stream().filter(m -> m.getParameters().size() + extra == own.size()).findFirst()
            .orElse(candidates.get(0)));
    List<Type> params = typesOf(target);
    Type result = Types.known(target.getReturnType());
    int arity = params.size();
    int argument = annotation.argument();
    if (argument < 0 || argument >= arity) {
      reporter.onAnnotation(method, mirror, null, Message.CUSTOM_ARGUMENT_OUT_OF_RANGE, argument, function, arity);
      return null;
    }
    Type param = params.get(argument);
    if (!param.differentiable()) {
      reporter.onAnnotation(method, mirror, null, Message.CUSTOM_ARGUMENT_NOT_DIFFERENTIABLE, argument, function,
          param.javaName());
      return null;
    }
    String name = method.getSimpleName().toString();
    if (mode == DerivativeOf.Mode.PARTIAL && (!Type.SCALAR.is(result) || !Type.SCALAR.is(param))) {
      reporter.onAnnotation(method, mirror, null, Message.CUSTOM_PARTIAL_NOT_SCALAR, function, shown(result),
          argument, shown(param), function, argument, signature(DerivativeOf.Mode.VJP, name, params, result, argument));
      return null;
    }
    List<Type> expected = new ArrayList<>(params);
    Type returns = result;
    if (mode == DerivativeOf.Mode.VJP) {
      expected.add(result);
      returns = param;
    } else if (mode == DerivativeOf.Mode.JVP) {
      expected.add(param);
    }
    boolean ok = own.equals(expected) && Types.ofOrNull(method.getReturnType()) == returns
        && method.getModifiers().contains(Modifier.STATIC) && !method.getModifiers().contains(Modifier.PRIVATE);
    if (!ok) {
      String what = switch (mode) {
        case PARTIAL -> "partial derivative";
        case VJP -> "vector-Jacobian product";
        case JVP -> "Jacobian-vector product";
      };
      String how = switch (mode) {
        case PARTIAL -> "takes the function's arguments and returns the partial's value";
        case VJP -> "takes the function's arguments and the seed of its result, and returns the argument's cotangent";
        case JVP -> "takes the function's arguments and the argument's tangent, and returns the result's tangent";
      };
      reporter.onElement(method, Message.CUSTOM_SIGNATURE, name, signature(mode, name, params, result, argument),
          what, function, argument, how);
      return null;
    }
    Entry entry = into.computeIfAbsent(key(target), k -> new Entry(result, params, new PartialMethod[arity],
        new PartialMethod[arity], new PartialMethod[arity]));
    TypeElement declaring = (TypeElement) method.getEnclosingElement();
    PartialMethod derivative = new PartialMethod(Types.refOf(declaring), name, isPublic(method));
    PartialMethod[] slot = mode == DerivativeOf.Mode.JVP ? entry.jvp() : mode == DerivativeOf.Mode.VJP ? entry.vjp()
        : entry.partial();
    // a partial is both modes: it clashes with a VJP and with a JVP of the same argument
    PartialMethod clash = slot[argument] != null ? slot[argument]
        : mode == DerivativeOf.Mode.PARTIAL ? first(entry.vjp()[argument], entry.jvp()[argument])
        : entry.partial()[argument];
    if (clash != null && !clash.equals(derivative)) {
      reporter.onElement(method, Message.CUSTOM_DUPLICATE, function, argument,
          clash.owner().qualifiedName() + "." + clash.name());
      return null;
    }
    slot[argument] = derivative;
    return owner.getQualifiedName().toString();
  }

  /**
   * The derivatives of {@code function}, or null when it has none; a JVP forward mode needs and
   * lacks is an error at {@code call}. An argument without any derivative is allowed here: only a
   * call that passes it a value carrying a derivative is an error ({@code analysis.Checks}).
   */
  public CustomDerivative of(ExecutableElement function, ClassRef caller, Tree call) {
    String key = key(function);
    Entry entry = local.get(key);
    if (entry == null) {
      readIndex((TypeElement) function.getEnclosingElement());
      entry = library.get(key);
    }
    if (entry == null) {
      return null;
    }
    String name = name(function);
    for (int i = 0; i < entry.params().size(); i++) {
      if (!entry.params().get(i).differentiable()) {
        continue;
      }
      if (entry.partial()[i] == null && entry.vjp()[i] == null) {
        continue; // fine while the argument carries no derivative at the call (analysis.Checks)
      }
      if (entry.partial()[i] == null && entry.jvp()[i] == null && !Type.SCALAR.is(entry.result())) {
        throw new Problem(Message.CUSTOM_NO_JVP, call, name, i, shown(entry.result()), name, i,
            signature(DerivativeOf.Mode.JVP, function.getSimpleName() + "Jvp", entry.params(), entry.result(), i));
      }
    }
    for (PartialMethod[] methods : List.of(entry.partial(), entry.vjp(), entry.jvp())) {
      for (PartialMethod m : methods) {
        if (m != null && !m.exported() && !m.owner().packageName().equals(caller.packageName())) {
          throw new Problem(Message.CUSTOM_NOT_VISIBLE, call, m.owner().qualifiedName() + "." + m.name(),
              caller.packageName());
        }
      }
    }
    return new CustomDerivative(entry.result(), entry.params(), Arrays.asList(entry.partial()),
        Arrays.asList(entry.vjp()), Arrays.asList(entry.jvp()));
  }

  /** Registers the library derivatives listed for {@code owner} on the class path, once. */
  private void readIndex(TypeElement owner) {
    String target = owner.getQualifiedName().toString();
    if (filer == null || !indexRead.add(target)) {
      return;
    }
    List<String> listed = new ArrayList<>();
    try {
      FileObject index = filer.getResource(StandardLocation.CLASS_PATH, "", indexOf(target));
      try (BufferedReader in = new BufferedReader(index.openReader(true))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (!line.isBlank()) {
            listed.add(line.trim());
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      return; // no library lists derivatives for this class (or a file manager that cannot say)
    }
    for (String holder : listed) {
      TypeElement type = elements.getTypeElement(holder);
      if (type == null) {
        reporter.global(Message.CUSTOM_LIBRARY_MISSING, indexOf(target), holder);
        continue;
      }
      for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
        DerivativeOf d = m.getAnnotation(DerivativeOf.class);
        if (d != null && d.value().startsWith(target + ".") && d.value().lastIndexOf('.') == target.length()) {
          register(m, elements, reporter, library);
        }
      }
    }
  }

  /** Writes the index resource for each target class of this compilation's {@code @DerivativeOf} methods. */
  public void writeIndex() {
    for (Map.Entry<String, Set<String>> e : holders.entrySet()) {
      String resource = indexOf(e.getKey());
      try (Writer out = filer.createResource(StandardLocation.CLASS_OUTPUT, "", resource).openWriter()) {
        for (String holder : e.getValue()) {
          out.write(holder + "\n");
        }
      } catch (IOException | RuntimeException ex) {
        reporter.global(Message.CUSTOM_INDEX_NOT_WRITTEN, resource, ex);
      }
    }
    holders.clear();
  }

  private static PartialMethod first(PartialMethod a, PartialMethod b) { return a != null ? a : b; }

  /** {@code static double[] name(double[], double)}: what a method of {@code mode} for argument {@code i} declares. */
  private static String signature(DerivativeOf.Mode mode, String name, List<Type> params, Type result, int i) {
    List<String> types = new ArrayList<>(params.stream().map(CustomDerivatives::shown).toList());
    Type returns = result;
    if (mode == DerivativeOf.Mode.VJP) {
      types.add(shown(result) + " seed");
      returns = params.get(i);
    } else if (mode == DerivativeOf.Mode.JVP) {
      types.add(shown(params.get(i)) + " tangent");
    }
    return "static " + shown(returns) + " " + name + "(" + String.join(", ", types) + ")";
  }

  private static String shown(Type t) { return t == Type.TENSOR ? "Tensor" : t.javaName(); }

  /** A static method of the supported types: a differentiable result, parameters the IR knows. */
  private static boolean isFunction(ExecutableElement m) {
    if (!m.getModifiers().contains(Modifier.STATIC)) {
      return false;
    }
    Type result = Types.ofOrNull(m.getReturnType());
    return result != null && result.differentiable() && !typesOf(m).contains(null);
  }

  /** The IR types of the parameters (null for a type outside the subset). */
  private static List<Type> typesOf(ExecutableElement m) {
    List<Type> types = new ArrayList<>();
    for (VariableElement p : m.getParameters()) {
      types.add(Types.ofOrNull(p.asType()));
    }
    return types;
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
    return name(function) + typesOf(function); // overloads differ by parameter types
  }

  private static AnnotationMirror mirror(Element method) {
    return method.getAnnotationMirrors().stream()
        .filter(a -> ((TypeElement) a.getAnnotationType().asElement()).getQualifiedName().contentEquals(DERIVATIVE_OF))
        .findFirst().orElseThrow();
  }
}
