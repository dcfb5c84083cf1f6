package dev.adjoint.processor.fallback;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.Trees;
import dev.adjoint.processor.ir.Signature;
import dev.adjoint.processor.ir.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * The dynamic-tape fallback of one class's companion: for a {@code double}-only method the
 * processor cannot differentiate statically, entry points with the API.md signatures that record
 * a private taped copy of the method ({@link TapedCopy}) on a {@code ScalarTape}, then sweep it
 * backward (reverse mode) or forward (forward mode). Static helpers of the same class that the
 * method calls get taped copies too (once per class).
 */
public final class FallbackMethods {
  public static final ClassName TAPE_OPS = ClassName.get("dev.adjoint.support", "TapeOps");
  static final ClassName TAPE = ClassName.get("dev.adjoint.support", "ScalarTape");
  static final ClassName TAPED_DOUBLE = ClassName.get("dev.adjoint.support", TapedCopy.TAPED);

  private final Trees trees;
  private final javax.lang.model.util.Elements elements;
  private final CompilationUnitTree unit;
  private final TypeElement type;
  private final String reason;
  /** Taped copies: method → its source (null while being written, so recursion stops). */
  private final Map<ExecutableElement, MethodSpec> copies = new LinkedHashMap<>();
  private final List<ExecutableElement> pending = new ArrayList<>();

  public FallbackMethods(Trees trees, javax.lang.model.util.Elements elements, CompilationUnitTree unit,
      TypeElement type) {
    this(trees, elements, unit, type, null);
  }

  private FallbackMethods(Trees trees, javax.lang.model.util.Elements elements, CompilationUnitTree unit,
      TypeElement type, String reason) {
    this.trees = trees;
    this.elements = elements;
    this.unit = unit;
    this.type = type;
    this.reason = reason;
  }

  static String tapedName(String name) {
    return "taped" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  String simpleName() { return type.getSimpleName().toString(); }

  boolean hasMethod(String name) {
    return ElementFilter.methodsIn(type.getEnclosedElements()).stream()
        .anyMatch(m -> m.getSimpleName().contentEquals(name));
  }

  boolean hasStaticMethod(String name) {
    return ElementFilter.methodsIn(type.getEnclosedElements()).stream()
        .anyMatch(m -> m.getSimpleName().contentEquals(name) && TapedCopy.isStatic(m));
  }

  /** The static method {@code name} of the class with {@code arity} parameters, or null. */
  ExecutableElement staticMethod(String name, int arity) {
    return ElementFilter.methodsIn(type.getEnclosedElements()).stream()
        .filter(m -> m.getSimpleName().contentEquals(name) && TapedCopy.isStatic(m)
            && m.getParameters().size() == arity && !m.isVarArgs())
        .findFirst().orElse(null);
  }

  /**
   * The qualified form of a simple name in the owner's source, as the companion must write it:
   * a field or member type of the owner, or a name imported by the owner's file; null when it
   * needs no qualifying (same package, {@code java.lang}).
   */
  String qualify(String name, CompilationUnitTree unit, com.sun.source.tree.Tree at) {
    for (javax.lang.model.element.Element e : type.getEnclosedElements()) {
      if (e.getSimpleName().contentEquals(name) && (e.getKind().isField() || e.getKind().isClass()
          || e.getKind().isInterface())) {
        if (e.getModifiers().contains(Modifier.PRIVATE)) {
          throw new dev.adjoint.processor.diag.Problem(dev.adjoint.processor.diag.Message.PRIVATE_MEMBER, at,
              "the member " + type.getSimpleName() + "." + name);
        }
        return type.getQualifiedName() + "." + name;
      }
    }
    for (com.sun.source.tree.ImportTree i : unit.getImports()) {
      String imported = i.getQualifiedIdentifier().toString();
      int dot = imported.lastIndexOf('.');
      String last = imported.substring(dot + 1);
      String container = dot < 0 ? "" : imported.substring(0, dot);
      if (last.equals(name)) {
        return imported;
      }
      if (last.equals("*")) {
        if (!i.isStatic() && elements.getTypeElement(container + "." + name) != null) {
          return container + "." + name;
        }
        TypeElement holder = i.isStatic() ? elements.getTypeElement(container) : null;
        if (holder != null && holder.getEnclosedElements().stream().anyMatch(e -> e.getSimpleName().contentEquals(name)
            && e.getModifiers().contains(Modifier.STATIC))) {
          return container + "." + name;
        }
      }
    }
    return null;
  }

  /** Asks for a taped copy of {@code m}. */
  void require(ExecutableElement m) {
    if (!copies.containsKey(m) && !pending.contains(m)) {
      pending.add(m);
    }
  }

  /**
   * Checks that {@code method} (and what it calls) can run on the tape, writing the taped copies.
   *
   * @param reason what keeps it from the static path, for error messages
   * @throws dev.adjoint.processor.diag.Problem at a construct that cannot run on the tape
   */
  public void prepare(ExecutableElement method, String reason) {
    FallbackMethods withReason = new FallbackMethods(trees, elements, unit, type, reason);
    withReason.copies.putAll(copies);
    withReason.require(method);
    while (!withReason.pending.isEmpty()) {
      ExecutableElement m = withReason.pending.remove(0);
      withReason.copies.put(m, withReason.copy(m));
    }
    copies.putAll(withReason.copies); // only when everything could be taped
  }

  /** The taped copies written so far, in the order they were asked for. */
  public List<MethodSpec> copies() { return new ArrayList<>(copies.values()); }

  private MethodSpec copy(ExecutableElement m) {
    MethodTree tree = trees.getTree(m);
    String body = TapedCopy.body(trees, unit, this, m, tree, reason);
    MethodSpec.Builder spec = MethodSpec.methodBuilder(tapedName(m.getSimpleName().toString()))
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addJavadoc("{@code $L} of {@link $T}, recording on a tape.\n", m.getSimpleName(), ClassName.get(type))
        .returns(tapedType(m.getReturnType()));
    for (VariableElement p : m.getParameters()) {
      spec.addParameter(tapedType(p.asType()), p.getSimpleName().toString());
    }
    for (TypeMirror thrown : m.getThrownTypes()) {
      spec.addException(TypeName.get(thrown));
    }
    // the body as written, braces dropped (JavaPoet adds its own)
    String inner = body.substring(body.indexOf('{') + 1, body.lastIndexOf('}')).stripIndent().strip();
    return spec.addCode(CodeBlock.of("$L\n", inner)).build();
  }

  private static TypeName tapedType(TypeMirror t) {
    int dims = TapedCopy.doubleDims(t);
    if (dims < 0) {
      return TypeName.get(t);
    }
    TypeName result = TAPED_DOUBLE;
    for (int i = 0; i < dims; i++) {
      result = ArrayTypeName.of(result);
    }
    return result;
  }

  /**
   * {@code nameGradient} (double results), {@code nameVjp} and {@code nameJvp} of {@code sig},
   * running its taped copy.
   */
  public List<MethodSpec> entries(Signature sig, ClassName gradient, ClassName tangent, ClassName owner) {
    List<MethodSpec> result = new ArrayList<>();
    List<com.palantir.javapoet.ParameterSpec> params = new ArrayList<>();
    for (int i = 0; i < sig.paramNames().size(); i++) {
      params.add(com.palantir.javapoet.ParameterSpec.builder(
          TypeNames.of(sig.paramTypes().get(i)), sig.paramNames().get(i)).build());
    }
    String link = "{@link $T#" + sig.name() + "}";
    String args = String.join(", ", sig.paramNames());
    TypeName resultType = TypeNames.of(sig.returnType());
    if (sig.returnType() == Type.SCALAR) {
      result.add(MethodSpec.methodBuilder(sig.gradientMethod())
          .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
          .addJavadoc("Reverse mode on the dynamic tape: the value of " + link + " and its gradient.\n", owner)
          .returns(gradient).addParameters(params)
          .addStatement("return $L($L, 1.0)", sig.vjpMethod(), args).build());
    }
    String seed = fresh(sig, "seed");
    CodeBlock.Builder vjp = record(sig);
    vjp.addStatement("double[] adjoints$$ = tape$$.newDerivatives()")
        .addStatement("$T.seed(adjoints$$, result$$, $L)", TAPE, seed)
        .addStatement("tape$$.backward(adjoints$$)");
    List<String> components = new ArrayList<>(List.of("$T.valueOf(result$$)"));
    for (int i : sig.wrt()) {
      components.add("$T.read(adjoints$$, $$" + sig.paramNames().get(i) + ")");
    }
    vjp.addStatement("return new $T(" + String.join(", ", components) + ")",
        withTapes(gradient, components.size()));
    result.add(MethodSpec.methodBuilder(sig.vjpMethod())
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addJavadoc("Reverse mode on the dynamic tape: the value of " + link
            + " and the vector-Jacobian product with {@code $L}.\n", owner, seed)
        .returns(gradient).addParameters(params).addParameter(resultType, seed)
        .addCode(vjp.build()).build());

    MethodSpec.Builder jvp = MethodSpec.methodBuilder(sig.jvpMethod())
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addJavadoc("Forward mode on the dynamic tape: the value of " + link
            + " and the Jacobian-vector product with the given tangents.\n", owner)
        .returns(tangent).addParameters(params);
    CodeBlock.Builder body = record(sig);
    body.addStatement("double[] tangents$$ = tape$$.newDerivatives()");
    for (int i : sig.wrt()) {
      String name = sig.paramNames().get(i);
      String d = fresh(sig, "d" + name);
      jvp.addParameter(TypeNames.of(sig.paramTypes().get(i)), d);
      body.addStatement("$T.seed(tangents$$, $$$L, $L)", TAPE, name, d);
    }
    body.addStatement("tape$$.forward(tangents$$)")
        .addStatement("return new $T($T.valueOf(result$$), $T.read(tangents$$, result$$))", tangent, TAPE, TAPE);
    result.add(jvp.addCode(body.build()).build());
    return result;
  }

  /** Leaves for the differentiated parameters, constants for the other doubles, then the taped call. */
  private CodeBlock.Builder record(Signature sig) {
    CodeBlock.Builder out = CodeBlock.builder().addStatement("$T tape$$ = new $T()", TAPE, TAPE);
    List<String> args = new ArrayList<>();
    for (int i = 0; i < sig.paramNames().size(); i++) {
      String name = sig.paramNames().get(i);
      Type t = sig.paramTypes().get(i);
      if (!t.differentiable()) {
        args.add(name);
        continue;
      }
      TypeName taped = t == Type.SCALAR ? TAPED_DOUBLE : t == Type.ARRAY ? ArrayTypeName.of(TAPED_DOUBLE)
          : ArrayTypeName.of(ArrayTypeName.of(TAPED_DOUBLE));
      if (sig.wrt().contains(i)) {
        out.addStatement("$T $$$L = tape$$.$L($L)", taped, name, t == Type.SCALAR ? "leaf" : "leaves", name);
      } else {
        out.addStatement("$T $$$L = $T.$L($L)", taped, name, TAPE_OPS, t == Type.SCALAR ? "d" : "constants", name);
      }
      // the taped form of the parameter; arrays copied, so the leaves survive writes to the parameter
      args.add(t == Type.SCALAR ? "$" + name : "copy($" + name + ")");
    }
    TypeName resultType = sig.returnType() == Type.SCALAR ? TAPED_DOUBLE
        : sig.returnType() == Type.ARRAY ? ArrayTypeName.of(TAPED_DOUBLE) : ArrayTypeName.of(ArrayTypeName.of(TAPED_DOUBLE));
    return out.addStatement("$T result$$ = $L($L)", resultType, tapedName(sig.name()), String.join(", ", args));
  }

  private static Object[] withTapes(ClassName first, int tapes) {
    Object[] result = new Object[tapes + 1];
    result[0] = first;
    for (int i = 1; i <= tapes; i++) {
      result[i] = TAPE;
    }
    return result;
  }

  /** {@code base}, or with {@code $} appended while it clashes with a parameter name. */
  private static String fresh(Signature sig, String base) {
    String name = base;
    while (sig.paramNames().contains(name)) {
      name += "$";
    }
    return name;
  }

  /** The plain Java type of an IR type. */
  static final class TypeNames {
    private TypeNames() {}

    static TypeName of(Type t) {
      return dev.adjoint.processor.emit.CompanionWriter.typeName(t);
    }
  }

  static boolean isDouble(TypeMirror t) { return t.getKind() == TypeKind.DOUBLE; }
}
