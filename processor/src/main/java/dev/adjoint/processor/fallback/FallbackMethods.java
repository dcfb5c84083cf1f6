package dev.adjoint.processor.fallback;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.Trees;
import dev.adjoint.processor.RuntimeNames;
import dev.adjoint.processor.ir.Signature;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.transform.Names;
import java.util.ArrayList;
import java.util.HashMap;
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
 * The dynamic-tape fallback of one class's companion: for a method the processor cannot
 * differentiate statically ({@code double}s, arrays, records of them, an instance method), entry
 * points with the API.md signatures that record a private taped copy of the method
 * ({@link TapedPrinter}) on a {@code ScalarTape}, then sweep it backward (reverse mode) or forward
 * (forward mode); records are lowered to their components ({@link LoweredEntries}). Static helpers
 * of the same class that the method calls get taped copies too (once per class).
 */
public final class FallbackMethods {
  public static final ClassName TAPE_OPS = RuntimeNames.TAPE_OPS;
  static final ClassName TAPE = RuntimeNames.SCALAR_TAPE;
  static final ClassName TAPED_DOUBLE = RuntimeNames.TAPED_DOUBLE;

  private final Trees trees;
  private final javax.lang.model.util.Elements elements;
  private final dev.adjoint.processor.parse.CustomDerivatives customs;
  private final CompilationUnitTree unit;
  private final TypeElement type;
  private final String reason;
  /** The front end, for the tape: a method of the class → its IR (calls of the class's methods not inlined). */
  private final java.util.function.Function<ExecutableElement, dev.adjoint.processor.ir.MethodIr> tapeIr;
  /** Taped copies: method → its source (null while being written, so recursion stops). */
  private final Map<ExecutableElement, MethodSpec> copies = new LinkedHashMap<>();
  private final List<ExecutableElement> pending = new ArrayList<>();
  /** The IR of each taped method (its lowered parameters: the layout the entries follow). */
  private final Map<ExecutableElement, dev.adjoint.processor.ir.MethodIr> irs = new HashMap<>();
  private final java.util.Set<dev.adjoint.processor.ir.HiddenMember> hidden = new java.util.LinkedHashSet<>();
  /**
   * Entry methods with passive array parameters (see {@link TapedPrinter#passiveArrays}): a second
   * taped copy, {@code tapedName$plain}, takes those as the caller's plain arrays. Keyed by name
   * and parameter types; the indices of the plain parameters.
   */
  private final Map<List<Object>, java.util.Set<Integer>> plainEntries = new HashMap<>();
  private final List<MethodSpec> plainCopies = new ArrayList<>();

  public FallbackMethods(Trees trees, javax.lang.model.util.Elements elements,
      dev.adjoint.processor.parse.CustomDerivatives customs, CompilationUnitTree unit, TypeElement type,
      java.util.function.Function<ExecutableElement, dev.adjoint.processor.ir.MethodIr> tapeIr) {
    this(trees, elements, customs, unit, type, tapeIr, null);
  }

  private FallbackMethods(Trees trees, javax.lang.model.util.Elements elements,
      dev.adjoint.processor.parse.CustomDerivatives customs, CompilationUnitTree unit, TypeElement type,
      java.util.function.Function<ExecutableElement, dev.adjoint.processor.ir.MethodIr> tapeIr, String reason) {
    this.trees = trees;
    this.elements = elements;
    this.customs = customs;
    this.unit = unit;
    this.type = type;
    this.tapeIr = tapeIr;
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
        .anyMatch(m -> m.getSimpleName().contentEquals(name) && m.getModifiers().contains(Modifier.STATIC));
  }

  /** The static method {@code name} of the class with {@code arity} parameters, or null. */
  ExecutableElement staticMethod(String name, int arity) {
    return ElementFilter.methodsIn(type.getEnclosedElements()).stream()
        .filter(m -> m.getSimpleName().contentEquals(name) && m.getModifiers().contains(Modifier.STATIC)
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

  /** The static method {@code qualifier.name} with {@code arity} parameters, or null when it does not resolve. */
  ExecutableElement resolveStatic(String qualifier, String name, int arity, CompilationUnitTree unit,
      com.sun.source.tree.Tree at) {
    TypeElement holder;
    if (qualifier == null) {
      String q = qualify(name, unit, at); // a static import
      if (q == null || q.lastIndexOf('.') < 0) {
        return null;
      }
      holder = elements.getTypeElement(q.substring(0, q.lastIndexOf('.')));
    } else {
      String q = qualifier.contains(".") ? qualifier : qualify(qualifier, unit, at);
      holder = q != null ? elements.getTypeElement(q) : null;
      if (holder == null) {
        String pkg = elements.getPackageOf(type).getQualifiedName().toString();
        holder = elements.getTypeElement(pkg.isEmpty() ? qualifier : pkg + "." + qualifier);
      }
    }
    if (holder == null) {
      return null;
    }
    return ElementFilter.methodsIn(holder.getEnclosedElements()).stream()
        .filter(m -> m.getSimpleName().contentEquals(name) && m.getParameters().size() == arity
            && m.getModifiers().contains(Modifier.STATIC))
        .findFirst().orElse(null);
  }

  /** The {@code @DerivativeOf} methods of {@code function}, or null. */
  dev.adjoint.processor.ir.CustomDerivative partialsOf(ExecutableElement function, com.sun.source.tree.Tree call) {
    return customs == null ? null : customs.of(function, dev.adjoint.processor.parse.Types.refOf(type), call);
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
    Signature signature = dev.adjoint.processor.parse.SignatureReader.read(method);
    boolean lowered = lowered(signature);
    if (lowered && (signature.paramTypes().stream().anyMatch(FallbackMethods::holdsTensor)
        || holdsTensor(signature.returnType()))) {
      prepareTensorRecords(method, signature, reason);
      return;
    }
    if (!lowered && isTensorMethod(method)) {
      checkTensorMethod(method, reason);
      return;
    }
    FallbackMethods withReason = new FallbackMethods(trees, elements, customs, unit, type, tapeIr, reason);
    withReason.copies.putAll(copies);
    withReason.require(method);
    while (!withReason.pending.isEmpty()) {
      ExecutableElement m = withReason.pending.remove(0);
      withReason.copies.put(m, withReason.copy(m));
    }
    copies.putAll(withReason.copies); // only when everything could be taped
    irs.putAll(withReason.irs);
    hidden.addAll(withReason.hidden);
    dev.adjoint.processor.ir.MethodIr ir = irs.get(method);
    java.util.Set<dev.adjoint.processor.ir.Var> plain = lowered ? java.util.Set.of() : TapedPrinter.passiveArrays(ir);
    if (!plain.isEmpty() && !plainEntries.containsKey(entryKey(signature))) {
      java.util.Set<Integer> indices = new java.util.TreeSet<>();
      plain.forEach(v -> indices.add(ir.params().indexOf(v)));
      plainCopies.add(withReason.copy(method, ir, plain));
      plainEntries.put(entryKey(signature), indices);
    }
  }

  private static List<Object> entryKey(Signature sig) {
    return List.of(sig.name(), sig.paramTypes());
  }

  private static String plainName(String name) {
    return tapedName(name) + "$plain";
  }

  /** The private members the taped copies reach through the companion's accessors. */
  public java.util.Set<dev.adjoint.processor.ir.HiddenMember> hiddenMembers() { return hidden; }

  /** The taped copies written so far, in the order they were asked for, then those with plain arrays. */
  public List<MethodSpec> copies() {
    List<MethodSpec> all = new ArrayList<>(copies.values());
    all.addAll(plainCopies);
    return all;
  }

  /** Whether the companion's methods of {@code sig} take or give records, or a receiver (lowered to variables). */
  public static boolean lowered(Signature sig) {
    return sig.instance() || sig.returnType().shape() != null || sig.paramTypes().stream().anyMatch(t -> t.shape() != null);
  }

  /**
   * A method with records holding tensors (or a receiver) runs as written on the tensor tape: its
   * result must be a Tensor, and what it differentiates tensors only (the record components
   * rebuilt with leaves).
   */
  private void prepareTensorRecords(ExecutableElement method, Signature signature, String reason) {
    MethodTree tree = trees.getTree(method);
    if (signature.returnType() != Type.TENSOR) {
      throw new dev.adjoint.processor.diag.Problem(dev.adjoint.processor.diag.Message.TAPE_UNSUPPORTED,
          tree.getReturnType(), method.getSimpleName(), reason, "a " + signature.returnType().javaName()
              + " result of a method with Tensor components on the tape",
          "return a Tensor, or let the method be differentiated statically (remove what needs the tape)");
    }
    dev.adjoint.processor.ir.MethodIr ir = dev.adjoint.processor.parse.MethodParser.lowered(signature, tree);
    java.util.Map<dev.adjoint.processor.ir.Var, String> paths = dev.adjoint.processor.ir.ParamLayout.paths(ir.layout());
    int offset = signature.instance() ? 1 : 0;
    java.util.function.Function<dev.adjoint.processor.ir.Var, com.sun.source.tree.Tree> at = v -> {
      for (int i = offset; i < ir.layout().size(); i++) {
        if (ir.layout().get(i).vars().contains(v)) {
          return tree.getParameters().get(i - offset); // the parameter, else the method (the receiver)
        }
      }
      return tree;
    };
    for (dev.adjoint.processor.ir.Var w : ir.wrt()) {
      if (w.type() != Type.TENSOR) {
        throw new dev.adjoint.processor.diag.Problem(dev.adjoint.processor.diag.Message.TAPE_UNSUPPORTED, at.apply(w),
            method.getSimpleName(), reason, "differentiating the " + w.type().javaName() + " " + paths.get(w)
                + " of a method with Tensor components on the tape",
            "make it a Tensor, or leave its parameter out of wrt");
      }
    }
    for (dev.adjoint.processor.ir.ParamLayout l : ir.layout()) {
      if (l instanceof dev.adjoint.processor.ir.ParamLayout.RecordArray && l.vars().stream().anyMatch(ir.wrt()::contains)) {
        throw new dev.adjoint.processor.diag.Problem(dev.adjoint.processor.diag.Message.TAPE_UNSUPPORTED,
            at.apply(l.vars().get(0)),
            method.getSimpleName(), reason, "differentiating the array of records " + l.name() + " on the tensor tape",
            "hold the records in a record of named components");
      }
    }
    scanTensorBody(method, reason);
    irs.put(method, ir);
  }

  /** Whether a value of {@code t} is or holds a Tensor (the scalar tape has none). */
  private static boolean holdsTensor(Type t) {
    if (t == Type.TENSOR) {
      return true;
    }
    return t.shape() != null && t.shape().components().stream().anyMatch(c -> holdsTensor(c.type()));
  }

  /** The IR of the taped copy of {@code m} (its parameters lowered, see {@link dev.adjoint.processor.ir.ParamLayout}). */
  public dev.adjoint.processor.ir.MethodIr irOf(ExecutableElement m) { return irs.get(m); }

  private MethodSpec copy(ExecutableElement m) {
    dev.adjoint.processor.ir.MethodIr ir;
    try {
      ir = tapeIr.apply(m);
      irs.put(m, ir);
    } catch (dev.adjoint.processor.diag.Problem p) {
      if (p.message() != dev.adjoint.processor.diag.Message.UNSUPPORTED) {
        throw p;
      }
      // what neither the static path nor the tape can run
      Object[] args = p.args();
      throw new dev.adjoint.processor.diag.Problem(dev.adjoint.processor.diag.Message.TAPE_UNSUPPORTED, p.tree(),
          m.getSimpleName(), reason, args[0], args[1]);
    }
    hidden.addAll(dev.adjoint.processor.analysis.Hidden.of(ir));
    return copy(m, ir, java.util.Set.of());
  }

  /** The taped copy of {@code m} whose parameters {@code plain} stay plain arrays (none: {@code tapedName}). */
  private MethodSpec copy(ExecutableElement m, dev.adjoint.processor.ir.MethodIr ir,
      java.util.Set<dev.adjoint.processor.ir.Var> plain) {
    String name = m.getSimpleName().toString();
    MethodSpec.Builder spec = MethodSpec.methodBuilder(plain.isEmpty() ? tapedName(name) : plainName(name))
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addJavadoc(plain.isEmpty() ? "{@code $L} of {@link $T}, recording on a tape.\n"
            : "{@code $L} of {@link $T}, recording on a tape; the arrays it only reads by element stay plain arrays"
                + " (differentiated ones: leaves over them).\n",
            m.getSimpleName(), ClassName.get(type))
        .returns(TapedPrinter.taped(ir.signature().returnType()));
    dev.adjoint.processor.transform.Names names = new dev.adjoint.processor.transform.Names(ir);
    for (int i = 0; i < ir.params().size(); i++) {
      dev.adjoint.processor.ir.Var p = ir.params().get(i);
      // a record's components, the receiver's too
      spec.addParameter(!plain.contains(p) ? TapedPrinter.taped(p.type())
          : ir.wrt().contains(p) ? TapedPrinter.leafArray(p.type()) : p.type().typeName(), names.of(p));
    }
    for (TypeMirror thrown : m.getThrownTypes()) {
      spec.addException(TypeName.get(thrown));
    }
    return spec.addCode(TapedPrinter.body(this, ir, reason, plain)).build();
  }

  /**
   * {@code nameGradient} (double results), {@code nameVjp} and {@code nameJvp} of {@code sig},
   * running its taped copy.
   */
  public List<MethodSpec> entries(dev.adjoint.processor.ir.MethodIr ir, ClassName gradient, ClassName tangent,
      ClassName owner) {
    Signature sig = ir.signature();
    if (!lowered(sig)) {
      return entries(sig, gradient, tangent, owner);
    }
    return ir.params().stream().anyMatch(v -> v.type() == Type.TENSOR) || sig.returnType() == Type.TENSOR
        ? LoweredEntries.tensor(ir, gradient, tangent, owner) : LoweredEntries.of(ir, gradient, tangent, owner);
  }

  private List<MethodSpec> entries(Signature sig, ClassName gradient, ClassName tangent, ClassName owner) {
    if (sig.returnType() == Type.TENSOR || sig.paramTypes().contains(Type.TENSOR)) {
      return tensorEntries(sig, gradient, tangent, owner);
    }
    List<MethodSpec> result = new ArrayList<>();
    List<com.palantir.javapoet.ParameterSpec> params = new ArrayList<>();
    for (int i = 0; i < sig.paramNames().size(); i++) {
      params.add(com.palantir.javapoet.ParameterSpec.builder(
          TypeNames.of(sig.paramTypes().get(i)), sig.paramNames().get(i)).build());
    }
    String link = "{@link $T#" + sig.name().replace("$", "$$") + "}";
    String args = String.join(", ", sig.paramNames());
    TypeName resultType = TypeNames.of(sig.returnType());
    if (sig.returnType() == Type.SCALAR) {
      result.add(MethodSpec.methodBuilder(sig.gradientMethod())
          .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
          .addJavadoc("Reverse mode on the dynamic tape: the value of " + link + " and its gradient.\n", owner)
          .returns(gradient).addParameters(params)
          .addStatement("return $L($L1.0)", sig.vjpMethod(), args.isEmpty() ? "" : args + ", ").build());
    }
    Names names = Names.reserving(sig.paramNames());
    String seed = names.fresh("seed");
    Recorded r = record(sig, names);
    String adjoints = names.fresh("adjoints");
    CodeBlock.Builder vjp = r.code();
    vjp.addStatement("double[] $N = $N.newDerivatives()", adjoints, r.tape())
        .addStatement("$T.seed($N, $N, $N)", TAPE, adjoints, r.result(), seed)
        .addStatement("$N.backward($N)", r.tape(), adjoints);
    List<CodeBlock> components = new ArrayList<>(List.of(CodeBlock.of("$T.valueOf($N)", TAPE, r.result())));
    for (int i : sig.wrt()) {
      components.add(CodeBlock.of("$T.read($N, $N)", TAPE, adjoints, r.leaves().get(i)));
    }
    vjp.addStatement("return new $T($L)", gradient, CodeBlock.join(components, ", "));
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
    Names jvpNames = Names.reserving(sig.paramNames());
    List<String> ds = new ArrayList<>();
    for (int i : sig.wrt()) {
      String d = jvpNames.fresh("d" + sig.paramNames().get(i));
      jvp.addParameter(TypeNames.of(sig.paramTypes().get(i)), d);
      ds.add(d);
    }
    Recorded t = record(sig, jvpNames);
    String tangents = jvpNames.fresh("tangents");
    CodeBlock.Builder body = t.code();
    body.addStatement("double[] $N = $N.newDerivatives()", tangents, t.tape());
    for (int k = 0; k < sig.wrt().size(); k++) {
      body.addStatement("$T.seed($N, $N, $N)", TAPE, tangents, t.leaves().get(sig.wrt().get(k)), ds.get(k));
    }
    body.addStatement("$N.forward($N)", t.tape(), tangents)
        .addStatement("return new $T($T.valueOf($N), $T.read($N, $N))", tangent, TAPE, t.result(), TAPE, tangents,
            t.result());
    result.add(jvp.addCode(body.build()).build());
    return result;
  }

  // ---- Tensor methods: the original method on the tensor tape ---------------------------------

  private static final ClassName TENSOR = RuntimeNames.TENSOR;
  private static final ClassName TAPE_CALLS = RuntimeNames.TAPE_CALLS;

  private static boolean isTensorMethod(ExecutableElement m) {
    if (isTensor(m.getReturnType())) {
      return true;
    }
    return m.getParameters().stream().anyMatch(p -> isTensor(p.asType()));
  }

  private static boolean isTensor(TypeMirror t) {
    return t.toString().equals(RuntimeNames.TENSOR.canonicalName());
  }

  /** The tensor tape differentiates Tensor inputs into a Tensor result only. */
  private void checkTensorMethod(ExecutableElement m, String reason) {
    MethodTree tree = trees.getTree(m);
    if (!isTensor(m.getReturnType())) {
      throw new dev.adjoint.processor.diag.Problem(dev.adjoint.processor.diag.Message.TAPE_UNSUPPORTED,
          tree.getReturnType(), m.getSimpleName(), reason, "a " + m.getReturnType() + " result of a Tensor method",
          "return the Tensor (e.g. the sum() tensor instead of its item())");
    }
    scanTensorBody(m, reason);
    Signature sig = dev.adjoint.processor.parse.SignatureReader.read(m);
    for (int i : sig.wrt()) {
      if (sig.paramTypes().get(i) != Type.TENSOR) {
        throw new dev.adjoint.processor.diag.Problem(dev.adjoint.processor.diag.Message.TAPE_UNSUPPORTED,
            tree.getParameters().get(i), m.getSimpleName(), reason,
            "differentiating the " + sig.paramTypes().get(i).javaName() + " parameter " + sig.paramNames().get(i)
                + " of a Tensor method", "pass it as a Tensor, or leave it out of wrt");
      }
    }
  }

  /** What the tensor tape cannot run in the body of {@code m}, which runs as written. */
  private void scanTensorBody(ExecutableElement m, String reason) {
    MethodTree tree = trees.getTree(m);
    java.util.Set<String> params = new java.util.HashSet<>();
    m.getParameters().forEach(p -> params.add(p.getSimpleName().toString()));
    new com.sun.source.util.TreeScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(com.sun.source.tree.MethodInvocationTree call, Void p) {
        if (call.getMethodSelect() instanceof com.sun.source.tree.MemberSelectTree select) {
          String name = select.getIdentifier().toString();
          if (java.util.Set.of("backward", "zeroGrad", "grad").contains(name)
              || name.equals("requiresGrad") && !call.getArguments().isEmpty()) {
            throw new dev.adjoint.processor.diag.Problem(dev.adjoint.processor.diag.Message.TAPE_UNSUPPORTED, call,
                m.getSimpleName(), reason, "calling " + name + " inside the method",
                "remove it: the companion's Gradient, Vjp and Jvp methods compute the derivatives");
          }
          ExecutableElement function = select.getExpression() instanceof com.sun.source.tree.IdentifierTree
              || select.getExpression() instanceof com.sun.source.tree.MemberSelectTree
              ? resolveOrNull(select.getExpression().toString(), name, call.getArguments().size(), call) : null;
          if (function != null && partialsOf(function, call) != null) {
            // the original method runs: the tape would see the function's body, never its @DerivativeOf methods
            throw new dev.adjoint.processor.diag.Problem(dev.adjoint.processor.diag.Message.TAPE_UNSUPPORTED, call,
                m.getSimpleName(), reason, "the call of the @DerivativeOf function " + select
                    + " (the tensor tape runs the method as written and would differentiate the function's body,"
                    + " not its @DerivativeOf methods)",
                "call it in a @Differentiable method of its own that the processor differentiates statically"
                    + " (without " + reason + "), and call that method here");
          }
          if (java.util.Set.of("item", "toArray", "getDouble").contains(name)) {
            throw new dev.adjoint.processor.diag.Problem(dev.adjoint.processor.diag.Message.TAPE_UNSUPPORTED, call,
                m.getSimpleName(), reason, "reading values out of a tensor with " + name
                    + " (on the tape the derivative would be lost)",
                "keep the values in tensors (sum(), get(…), mul(…))");
          }
          if (name.equals("set") && select.getExpression() instanceof com.sun.source.tree.IdentifierTree target
              && params.contains(target.getName().toString())) {
            throw new dev.adjoint.processor.diag.Problem(dev.adjoint.processor.diag.Message.TAPE_UNSUPPORTED, call,
                m.getSimpleName(), reason, "set on the parameter " + target.getName() + " (an input of the tape)",
                "write into a local copy instead, e.g. Tensor y = " + target.getName() + ".mul(1.0)");
          }
        }
        return super.visitMethodInvocation(call, p);
      }
    }.scan(tree.getBody(), null);
  }

  /** {@link #resolveStatic}, or null where the qualifier is no class (a private field: a record's component). */
  private ExecutableElement resolveOrNull(String qualifier, String name, int arity, com.sun.source.tree.Tree at) {
    try {
      return resolveStatic(qualifier, name, arity, unit, at);
    } catch (dev.adjoint.processor.diag.Problem p) {
      return null;
    }
  }

  private List<MethodSpec> tensorEntries(Signature sig, ClassName gradient, ClassName tangent, ClassName owner) {
    List<com.palantir.javapoet.ParameterSpec> params = new ArrayList<>();
    for (int i = 0; i < sig.paramNames().size(); i++) {
      params.add(com.palantir.javapoet.ParameterSpec.builder(
          TypeNames.of(sig.paramTypes().get(i)), sig.paramNames().get(i)).build());
    }
    String link = "{@link $T#" + sig.name().replace("$", "$$") + "}";
    List<MethodSpec> result = new ArrayList<>();
    result.add(MethodSpec.methodBuilder(sig.gradientMethod())
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addJavadoc("Reverse mode on the dynamic tape: the value of " + link + " (one element) and its gradient.\n",
            owner)
        .returns(gradient).addParameters(params)
        .addStatement("return $L($Lnull)", sig.vjpMethod(),
            sig.paramNames().isEmpty() ? "" : String.join(", ", sig.paramNames()) + ", ").build());
    Names names = Names.reserving(sig.paramNames());
    String seed = names.fresh("seed");
    Recorded r = runOnTape(sig, owner, names);
    String grads = names.fresh("grads");
    CodeBlock.Builder vjp = r.code();
    vjp.addStatement("$T[] $N = $T.vjp($N, new $T[] {$L}, $N, $S)", TENSOR, grads, TAPE_CALLS, r.result(), TENSOR,
        r.wrtLeaves(sig), seed, sig.vjpMethod());
    List<CodeBlock> components = new ArrayList<>(List.of(CodeBlock.of("$N.detach()", r.result())));
    for (int k = 0; k < sig.wrt().size(); k++) {
      components.add(CodeBlock.of("$N[$L]", grads, k));
    }
    vjp.addStatement("return new $T($L)", gradient, CodeBlock.join(components, ", "));
    result.add(MethodSpec.methodBuilder(sig.vjpMethod())
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addJavadoc("Reverse mode on the dynamic tape: the value of " + link
            + " and the vector-Jacobian product with {@code $L}.\n", owner, seed)
        .returns(gradient).addParameters(params).addParameter(TENSOR, seed)
        .addCode(finallyRestore(vjp.build(), names.fresh("gradMode"))).build());

    MethodSpec.Builder jvp = MethodSpec.methodBuilder(sig.jvpMethod())
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addJavadoc("Forward mode on the dynamic tape (double backward): the value of " + link
            + " and the Jacobian-vector product with the given tangents.\n", owner)
        .returns(tangent).addParameters(params);
    Names jvpNames = Names.reserving(sig.paramNames());
    List<String> tangents = new ArrayList<>();
    for (int i : sig.wrt()) {
      String d = jvpNames.fresh("d" + sig.paramNames().get(i));
      jvp.addParameter(TENSOR, d);
      tangents.add(d);
    }
    Recorded t = runOnTape(sig, owner, jvpNames);
    String tangentName = jvpNames.fresh("tangent");
    CodeBlock.Builder body = t.code();
    body.addStatement("$T $N = $T.jvp($N, new $T[] {$L}, new $T[] {$L}, $S)", TENSOR, tangentName, TAPE_CALLS,
        t.result(), TENSOR, t.wrtLeaves(sig), TENSOR, String.join(", ", tangents), sig.jvpMethod());
    body.addStatement("return new $T($N.detach(), $N)", tangent, t.result(), tangentName);
    result.add(jvp.addCode(finallyRestore(body.build(), jvpNames.fresh("gradMode"))).build());
    return result;
  }

  /** Fresh leaves for the differentiated tensors, copies of the other tensors, then the original method. */
  private static Recorded runOnTape(Signature sig, ClassName owner, Names names) {
    CodeBlock.Builder out = CodeBlock.builder();
    Map<Integer, String> leaves = new HashMap<>();
    List<CodeBlock> args = new ArrayList<>();
    for (int i = 0; i < sig.paramNames().size(); i++) {
      String name = sig.paramNames().get(i);
      if (sig.paramTypes().get(i) != Type.TENSOR) {
        args.add(CodeBlock.of("$N", name));
        continue;
      }
      String leaf = names.fresh("$" + name);
      leaves.put(i, leaf);
      out.addStatement("$T $N = $T.$L($N)", TENSOR, leaf, TAPE_CALLS, sig.wrt().contains(i) ? "leaf" : "constant",
          name);
      args.add(CodeBlock.of("$N", leaf));
    }
    String result = names.fresh("result");
    out.addStatement("$T $N = $T.$N($L)", TENSOR, result, owner, sig.name(), CodeBlock.join(args, ", "));
    return new Recorded(out, null, result, leaves);
  }

  /** {@code body} with grad mode on, restored afterwards (the caller may be inside noGrad()). */
  static CodeBlock finallyRestore(CodeBlock body, String gradMode) {
    return CodeBlock.builder()
        .addStatement("boolean $N = $T.enableGrad()", gradMode, TAPE_CALLS)
        .beginControlFlow("try").add(body)
        .nextControlFlow("finally").addStatement("$T.restoreGrad($N)", TAPE_CALLS, gradMode)
        .endControlFlow().build();
  }

  /**
   * Leaves for the differentiated parameters, constants for the other doubles (the arrays the
   * method only reads passed as they are), then the taped call.
   */
  private Recorded record(Signature sig, Names names) {
    String tape = names.fresh("tape");
    CodeBlock.Builder out = CodeBlock.builder().addStatement("$T $N = new $T()", TAPE, tape, TAPE);
    Map<Integer, String> leaves = new HashMap<>();
    List<CodeBlock> args = new ArrayList<>();
    java.util.Set<Integer> plain = plainEntries.getOrDefault(entryKey(sig), java.util.Set.of());
    for (int i = 0; i < sig.paramNames().size(); i++) {
      String name = sig.paramNames().get(i);
      Type t = sig.paramTypes().get(i);
      if (plain.contains(i) && sig.wrt().contains(i)) {
        // read only by element: leaves over the caller's array, no handle per element
        String leaf = names.fresh("$" + name);
        leaves.put(i, leaf);
        out.addStatement("$T $N = $N.$L($N)", TapedPrinter.leafArray(t), leaf, tape,
            t == Type.ARRAY ? "leafArray" : "leafArrays", name);
        args.add(CodeBlock.of("$N", leaf));
        continue;
      }
      if (!t.differentiable() || plain.contains(i)) {
        args.add(CodeBlock.of("$N", name));
        continue;
      }
      TypeName taped = t == Type.SCALAR ? TAPED_DOUBLE : t == Type.ARRAY ? ArrayTypeName.of(TAPED_DOUBLE)
          : ArrayTypeName.of(ArrayTypeName.of(TAPED_DOUBLE));
      String leaf = names.fresh("$" + name);
      leaves.put(i, leaf);
      if (sig.wrt().contains(i)) {
        out.addStatement("$T $N = $N.$L($N)", taped, leaf, tape, t == Type.SCALAR ? "leaf" : "leaves", name);
      } else {
        out.addStatement("$T $N = $T.$L($N)", taped, leaf, TAPE_OPS, t == Type.SCALAR ? "d" : "constants", name);
      }
      // the taped form of the parameter; arrays copied, so the leaves survive writes to the parameter
      args.add(t == Type.SCALAR ? CodeBlock.of("$N", leaf) : CodeBlock.of("copy($N)", leaf));
    }
    TypeName resultType = sig.returnType() == Type.SCALAR ? TAPED_DOUBLE
        : sig.returnType() == Type.ARRAY ? ArrayTypeName.of(TAPED_DOUBLE) : ArrayTypeName.of(ArrayTypeName.of(TAPED_DOUBLE));
    String result = names.fresh("result");
    out.addStatement("$T $N = $N($L)", resultType, result, plain.isEmpty() ? tapedName(sig.name()) : plainName(sig.name()),
        CodeBlock.join(args, ", "));
    return new Recorded(out, tape, result, leaves);
  }

  /** The recording part of an entry method and the names it declared (tape null for tensors). */
  private record Recorded(CodeBlock.Builder code, String tape, String result, Map<Integer, String> leaves) {
    CodeBlock wrtLeaves(Signature sig) {
      return CodeBlock.join(sig.wrt().stream().map(i -> CodeBlock.of("$N", leaves.get(i))).toList(), ", ");
    }
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
