package dev.adjoint.processor.fallback;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import dev.adjoint.processor.ir.MethodIr;
import dev.adjoint.processor.ir.ParamLayout;
import dev.adjoint.processor.ir.RecordShape;
import dev.adjoint.processor.ir.Signature;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.transform.JavaTypes;
import dev.adjoint.processor.transform.Names;
import dev.adjoint.processor.transform.RecordLayouts;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.lang.model.element.Modifier;

/**
 * The tape's entry methods of a method with record parameters, a record result or a receiver.
 * The taped copy works on the variables the static path lowers them to ({@link ParamLayout}): the
 * entry unpacks each record into its components ({@code p.w()}), records the double ones as leaves
 * (or constants), passes passive components as they are, and assembles gradients and tangents as
 * records of the same types, passive components carried over. A record result comes back from the
 * taped copy as an {@code Object[]} of its components (nested records flattened, in order).
 */
final class LoweredEntries {
  private static final ClassName TAPE = FallbackMethods.TAPE;

  private LoweredEntries() {}

  static List<MethodSpec> of(MethodIr ir, ClassName gradient, ClassName tangent, ClassName owner) {
    Signature sig = ir.signature();
    String link = "{@link $T#" + sig.name().replace("$", "$$") + "}";
    Type returns = sig.returnType();
    List<MethodSpec> result = new ArrayList<>();

    // Reverse mode.
    Names names = new Names(ir);
    List<String> api = apiNames(ir, names);
    List<ParameterSpec> params = parameters(ir, api);
    if (returns == Type.SCALAR) {
      result.add(MethodSpec.methodBuilder(sig.gradientMethod())
          .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
          .addJavadoc("Reverse mode on the dynamic tape: the value of " + link + " and its gradient.\n", owner)
          .returns(gradient).addParameters(params)
          .addStatement("return $L($L)", sig.vjpMethod(), String.join(", ", append(api, "1.0"))).build());
    }
    String seed = names.fresh("seed");
    Run r = run(ir, names, api);
    String adjoints = names.fresh("adjoints");
    CodeBlock.Builder vjp = r.code;
    vjp.addStatement("double[] $N = $N.newDerivatives()", adjoints, r.tape);
    seedResult(returns, r.result, CodeBlock.of("$N", seed), adjoints, vjp);
    vjp.addStatement("$N.backward($N)", r.tape, adjoints);
    Map<Var, CodeBlock> gradients = new IdentityHashMap<>();
    for (Var w : ir.wrt()) {
      String g = names.fresh("g" + names.of(w));
      vjp.addStatement("$T $N = $T.read($N, $N)", JavaTypes.of(w.type()), g, TAPE, adjoints, r.leaves.get(w));
      gradients.put(w, CodeBlock.of("$N", g));
    }
    List<CodeBlock> components = new ArrayList<>(List.of(value(returns, r.result, x -> CodeBlock.of(
        "$T.valueOf($L)", TAPE, x))));
    for (int i : sig.wrt()) {
      components.add(assemble(ir.layout().get(i), v -> v.type().differentiable() ? gradients.get(v) : r.plain.get(v),
          names, vjp));
    }
    vjp.addStatement("return new $T($L)", gradient, CodeBlock.join(components, ", "));
    result.add(MethodSpec.methodBuilder(sig.vjpMethod())
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addJavadoc("Reverse mode on the dynamic tape: the value of " + link
            + " and the vector-Jacobian product with {@code $L}.\n", owner, seed)
        .returns(gradient).addParameters(params).addParameter(JavaTypes.of(returns), seed)
        .addCode(vjp.build()).build());

    // Forward mode.
    Names jvpNames = new Names(ir);
    List<String> jvpApi = apiNames(ir, jvpNames);
    MethodSpec.Builder jvp = MethodSpec.methodBuilder(sig.jvpMethod())
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addJavadoc("Forward mode on the dynamic tape: the value of " + link
            + " and the Jacobian-vector product with the given tangents.\n", owner)
        .returns(tangent).addParameters(parameters(ir, jvpApi));
    Map<Var, CodeBlock> seeds = tangentParameters(jvp, ir, jvpNames, jvpApi);
    Run t = run(ir, jvpNames, jvpApi);
    String tangents = jvpNames.fresh("tangents");
    CodeBlock.Builder body = t.code;
    body.addStatement("double[] $N = $N.newDerivatives()", tangents, t.tape);
    for (Var w : ir.wrt()) {
      seedIfGiven(w.type(), t.leaves.get(w), seeds.get(w), tangents, body);
    }
    body.addStatement("$N.forward($N)", t.tape, tangents)
        .addStatement("return new $T($L, $L)", tangent,
            value(returns, t.result, x -> CodeBlock.of("$T.valueOf($L)", TAPE, x)),
            value(returns, t.result, x -> CodeBlock.of("$T.read($N, $L)", TAPE, tangents, x)));
    result.add(jvp.addCode(body.build()).build());
    return result;
  }

  private static final ClassName TENSOR = dev.adjoint.processor.RuntimeNames.TENSOR;
  private static final ClassName TAPE_CALLS = dev.adjoint.processor.RuntimeNames.TAPE_CALLS;

  /**
   * The entries of a method with Tensor components (or a receiver, with Tensor parameters): the
   * method runs as written on the tensor tape, its records rebuilt with a leaf for each
   * differentiated tensor (a copy for the others), and the gradients assembled as records.
   */
  static List<MethodSpec> tensor(MethodIr ir, ClassName gradient, ClassName tangent, ClassName owner) {
    Signature sig = ir.signature();
    String link = "{@link $T#" + sig.name().replace("$", "$$") + "}";
    List<MethodSpec> result = new ArrayList<>();
    Names names = new Names(ir);
    List<String> api = apiNames(ir, names);
    List<ParameterSpec> params = parameters(ir, api);
    result.add(MethodSpec.methodBuilder(sig.gradientMethod())
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addJavadoc("Reverse mode on the dynamic tape: the value of " + link + " (one element) and its gradient.\n",
            owner)
        .returns(gradient).addParameters(params)
        .addStatement("return $L($L)", sig.vjpMethod(), String.join(", ", append(api, "null"))).build());
    String seed = names.fresh("seed");
    TensorRun r = tensorRun(ir, names, api, owner);
    String grads = names.fresh("grads");
    CodeBlock.Builder vjp = r.code;
    vjp.addStatement("$T[] $N = $T.vjp($N, new $T[] {$L}, $N, $S)", TENSOR, grads, TAPE_CALLS, r.result, TENSOR,
        r.wrtLeaves(ir), seed, sig.vjpMethod());
    List<CodeBlock> components = new ArrayList<>(List.of(CodeBlock.of("$N.detach()", r.result)));
    for (int i : sig.wrt()) {
      components.add(assemble(ir.layout().get(i), v -> ir.wrt().contains(v)
          ? CodeBlock.of("$N[$L]", grads, ir.wrt().indexOf(v)) : r.sources.get(v), names, vjp));
    }
    vjp.addStatement("return new $T($L)", gradient, CodeBlock.join(components, ", "));
    result.add(MethodSpec.methodBuilder(sig.vjpMethod())
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addJavadoc("Reverse mode on the dynamic tape: the value of " + link
            + " and the vector-Jacobian product with {@code $L}.\n", owner, seed)
        .returns(gradient).addParameters(params).addParameter(TENSOR, seed)
        .addCode(FallbackMethods.finallyRestore(vjp.build(), names.fresh("gradMode"))).build());

    Names jvpNames = new Names(ir);
    List<String> jvpApi = apiNames(ir, jvpNames);
    MethodSpec.Builder jvp = MethodSpec.methodBuilder(sig.jvpMethod())
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addJavadoc("Forward mode on the dynamic tape (double backward): the value of " + link
            + " and the Jacobian-vector product with the given tangents.\n", owner)
        .returns(tangent).addParameters(parameters(ir, jvpApi));
    Map<Var, CodeBlock> tangentSources = tangentParameters(jvp, ir, jvpNames, jvpApi);
    TensorRun t = tensorRun(ir, jvpNames, jvpApi, owner);
    String tangentName = jvpNames.fresh("tangent");
    CodeBlock.Builder body = t.code;
    body.addStatement("$T $N = $T.jvp($N, new $T[] {$L}, new $T[] {$L}, $S)", TENSOR, tangentName, TAPE_CALLS,
        t.result, TENSOR, t.wrtLeaves(ir), TENSOR,
        CodeBlock.join(ir.wrt().stream().map(tangentSources::get).toList(), ", "), sig.jvpMethod());
    body.addStatement("return new $T($N.detach(), $N)", tangent, t.result, tangentName);
    result.add(jvp.addCode(FallbackMethods.finallyRestore(body.build(), jvpNames.fresh("gradMode"))).build());
    return result;
  }

  private record TensorRun(CodeBlock.Builder code, String result, Map<Var, String> leaves,
      Map<Var, CodeBlock> sources) {
    CodeBlock wrtLeaves(MethodIr ir) {
      return CodeBlock.join(ir.wrt().stream().map(v -> CodeBlock.of("$N", leaves.get(v))).toList(), ", ");
    }
  }

  /** A leaf (or a copy) of every tensor of the parameters, the records rebuilt with them, the original method called. */
  private static TensorRun tensorRun(MethodIr ir, Names names, List<String> api, ClassName owner) {
    CodeBlock.Builder out = CodeBlock.builder();
    Map<Var, CodeBlock> sources = new IdentityHashMap<>();
    for (int i = 0; i < ir.layout().size(); i++) {
      reads(ir.layout().get(i), CodeBlock.of("$N", api.get(i)), sources);
    }
    Map<Var, String> leaves = new IdentityHashMap<>();
    for (Var v : ir.params()) {
      if (v.type() == Type.TENSOR) {
        String leaf = names.fresh("$" + names.of(v));
        leaves.put(v, leaf);
        out.addStatement("$T $N = $T.$L($L)", TENSOR, leaf, TAPE_CALLS, ir.wrt().contains(v) ? "leaf" : "constant",
            sources.get(v));
      }
    }
    List<CodeBlock> args = new ArrayList<>();
    for (int i = 0; i < ir.layout().size(); i++) {
      ParamLayout l = ir.layout().get(i);
      // an array of records holds no tensors (its columns are double, double[] or passive): passed as it is
      args.add(l instanceof ParamLayout.RecordArray ? CodeBlock.of("$N", api.get(i))
          : assemble(l, v -> leaves.containsKey(v) ? CodeBlock.of("$N", leaves.get(v)) : sources.get(v), names, out));
    }
    String result = names.fresh("result");
    if (ir.signature().instance()) {
      out.addStatement("$T $N = $L.$N($L)", TENSOR, result, args.get(0), ir.signature().name(),
          CodeBlock.join(args.subList(1, args.size()), ", "));
    } else {
      out.addStatement("$T $N = $T.$N($L)", TENSOR, result, owner, ir.signature().name(), CodeBlock.join(args, ", "));
    }
    return new TensorRun(out, result, leaves, sources);
  }

  private static List<String> append(List<String> list, String last) {
    List<String> out = new ArrayList<>(list);
    out.add(last);
    return out;
  }

  /** The names of the signature's parameters (records whole, the receiver first). */
  private static List<String> apiNames(MethodIr ir, Names names) {
    return ir.layout().stream().map(l -> l instanceof ParamLayout.Plain p ? names.of(p.var()) : l.name()).toList();
  }

  private static List<ParameterSpec> parameters(MethodIr ir, List<String> api) {
    List<ParameterSpec> out = new ArrayList<>();
    for (int i = 0; i < api.size(); i++) {
      out.add(ParameterSpec.builder(JavaTypes.of(ir.layout().get(i).type()), api.get(i)).build());
    }
    return out;
  }

  /**
   * The recording part of an entry: the tape, each variable of the lowered parameters (a leaf, a
   * constant or a passive value), the call of the taped copy.
   */
  private record Run(CodeBlock.Builder code, String tape, String result, Map<Var, String> leaves,
      Map<Var, CodeBlock> plain) {}

  private static Run run(MethodIr ir, Names names, List<String> api) {
    String tape = names.fresh("tape");
    CodeBlock.Builder out = CodeBlock.builder().addStatement("$T $N = new $T()", TAPE, tape, TAPE);
    Map<Var, CodeBlock> sources = new IdentityHashMap<>();
    for (int i = 0; i < ir.layout().size(); i++) {
      reads(ir.layout().get(i), CodeBlock.of("$N", api.get(i)), sources);
    }
    Map<Var, String> leaves = new IdentityHashMap<>();
    Map<Var, CodeBlock> plain = new IdentityHashMap<>();
    List<CodeBlock> args = new ArrayList<>();
    for (Var v : ir.params()) {
      CodeBlock source = sources.get(v);
      Type t = v.type();
      String name = names.fresh("$" + names.of(v));
      if (!t.differentiable()) {
        out.addStatement("$T $N = $L", JavaTypes.of(t), name, source);
        plain.put(v, CodeBlock.of("$N", name));
        args.add(CodeBlock.of("$N", name));
        continue;
      }
      leaves.put(v, name);
      if (ir.wrt().contains(v)) {
        out.addStatement("$T $N = $N.$L($L)", TapedPrinter.taped(t), name, tape, t == Type.SCALAR ? "leaf" : "leaves",
            source);
      } else {
        out.addStatement("$T $N = $T.$L($L)", TapedPrinter.taped(t), name, FallbackMethods.TAPE_OPS,
            t == Type.SCALAR ? "d" : "constants", source);
      }
      // arrays copied, so the leaves survive writes to the parameter
      args.add(t == Type.SCALAR ? CodeBlock.of("$N", name) : CodeBlock.of("copy($N)", name));
    }
    String result = names.fresh("result");
    out.addStatement("$T $N = $N($L)", TapedPrinter.taped(ir.signature().returnType()), result,
        FallbackMethods.tapedName(ir.signature().name()), CodeBlock.join(args, ", "));
    return new Run(out, tape, result, leaves, plain);
  }

  /**
   * Adds the JVP's tangent parameters, one per differentiated parameter in declaration order, and
   * says where the tangent of each lowered component is read.
   */
  private static Map<Var, CodeBlock> tangentParameters(MethodSpec.Builder jvp, MethodIr ir, Names names,
      List<String> api) {
    Map<Var, CodeBlock> tangents = new IdentityHashMap<>();
    for (int i : ir.signature().wrt()) {
      ParamLayout l = ir.layout().get(i);
      String d = l instanceof ParamLayout.Plain p ? names.derivative(p.var()) : names.fresh("d" + api.get(i));
      jvp.addParameter(JavaTypes.of(l.type()), d);
      reads(l, CodeBlock.of("$N", d), tangents);
    }
    return tangents;
  }

  /** How each variable of {@code l} is read from the value {@code source} of its type. */
  private static void reads(ParamLayout l, CodeBlock source, Map<Var, CodeBlock> out) {
    if (l instanceof ParamLayout.Plain p) {
      out.put(p.var(), source);
    } else if (l instanceof ParamLayout.Record r) {
      r.components().forEach(c -> reads(c, CodeBlock.of("$L.$L()", source, c.name()), out));
    } else {
      ParamLayout.RecordArray a = (ParamLayout.RecordArray) l;
      for (int k = 0; k < a.columns().size(); k++) {
        RecordShape.Component c = a.type().shape().components().get(k);
        out.put(a.columns().get(k), RecordLayouts.column(c.type(), source, a.type().shape().type(), c.name()));
      }
    }
  }

  /** The record (or array of records) of {@code l} built from the values of its variables. */
  private static CodeBlock assemble(ParamLayout l, Function<Var, CodeBlock> leaf, Names names,
      CodeBlock.Builder prelude) {
    if (l instanceof ParamLayout.Plain p) {
      return leaf.apply(p.var());
    }
    if (l instanceof ParamLayout.Record r) {
      List<CodeBlock> parts = new ArrayList<>();
      for (ParamLayout c : r.components()) {
        parts.add(assemble(c, leaf, names, prelude));
      }
      return CodeBlock.of("new $T($L)", r.type().shape().type(), CodeBlock.join(parts, ", "));
    }
    ParamLayout.RecordArray a = (ParamLayout.RecordArray) l;
    TypeName record = a.type().shape().type();
    String result = names.fresh("d" + a.name());
    String i = names.fresh("i");
    CodeBlock first = leaf.apply(a.columns().stream().filter(c -> c.type().isArray()).findFirst().orElseThrow());
    List<CodeBlock> parts = a.columns().stream().map(c -> CodeBlock.of("$L[$L]", leaf.apply(c), i)).toList();
    prelude.addStatement("$T $L = new $T[$L.length]", ArrayTypeName.of(record), result, record, first)
        .beginControlFlow("for (int $L = 0; $L < $L.length; $L++)", i, i, result, i)
        .addStatement("$L[$L] = new $T($L)", result, i, record, CodeBlock.join(parts, ", "))
        .endControlFlow();
    return CodeBlock.of("$L", result);
  }

  /** The components of a record result in the taped copy's {@code Object[]}: type and accessor path. */
  private static void flatten(Type record, String path, List<Type> types, List<String> paths) {
    for (RecordShape.Component c : record.shape().components()) {
      if (c.type().isRecord()) {
        flatten(c.type(), path + "." + c.name() + "()", types, paths);
      } else {
        types.add(c.type());
        paths.add(path + "." + c.name() + "()");
      }
    }
  }

  /** The seed of the result's derivatives: the result itself, or each double component of a record result. */
  private static void seedResult(Type returns, String result, CodeBlock seed, String adjoints, CodeBlock.Builder out) {
    if (returns.isRecordArray()) {
      // an array of records: each differentiable column, seeded with the seed's column
      List<RecordShape.Component> components = returns.shape().components();
      for (int k = 0; k < components.size(); k++) {
        RecordShape.Component c = components.get(k);
        if (c.type().differentiable()) {
          Type column = c.type() == Type.SCALAR ? Type.ARRAY : Type.ARRAY2;
          seedIfGiven(column, CodeBlock.of("($T) $N[$L]", TapedPrinter.taped(column), result, k),
              CodeBlock.of("($L == null ? null : $L)", seed, RecordLayouts.column(c.type(), seed,
                  returns.shape().type(), c.name())), adjoints, out);
        }
      }
      return;
    }
    if (!returns.isRecord()) {
      out.addStatement("$T.seed($N, $N, $L)", TAPE, adjoints, result, seed);
      return;
    }
    List<Type> types = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    flatten(returns, "", types, paths);
    for (int k = 0; k < types.size(); k++) {
      if (types.get(k).differentiable()) {
        seedIfGiven(types.get(k), CodeBlock.of("($T) $N[$L]", TapedPrinter.taped(types.get(k)), result, k),
            CodeBlock.of("$L$L", seed, paths.get(k)), adjoints, out);
      }
    }
  }

  /** {@code seed(derivatives, x, d)}; an array {@code d} that is null (no seed) seeds nothing. */
  private static void seedIfGiven(Type t, Object x, CodeBlock d, String derivatives, CodeBlock.Builder out) {
    if (t == Type.SCALAR) {
      out.addStatement("$T.seed($N, $L, $L)", TAPE, derivatives, x, d);
    } else {
      out.beginControlFlow("if ($L != null)", d)
          .addStatement("$T.seed($N, $L, $L)", TAPE, derivatives, x, d)
          .endControlFlow();
    }
  }

  /**
   * The result (its value or its derivative, by {@code read} of a taped value): a record result is
   * rebuilt from the taped copy's components, passive ones carried over.
   */
  private static CodeBlock value(Type returns, String result, Function<CodeBlock, CodeBlock> read) {
    if (returns.isRecordArray()) {
      // an array of records from its columns (see ExprPrinter): c$ and i$ are no names of the user or of Names
      List<RecordShape.Component> components = returns.shape().components();
      List<CodeBlock> columns = new ArrayList<>();
      List<CodeBlock> parts = new ArrayList<>();
      for (int k = 0; k < components.size(); k++) {
        Type t = components.get(k).type();
        Type column = t == Type.SCALAR ? Type.ARRAY : t == Type.INT ? Type.INT_ARRAY : Type.ARRAY2;
        columns.add(t.differentiable() ? read.apply(CodeBlock.of("($T) $N[$L]", TapedPrinter.taped(column), result, k))
            : CodeBlock.of("$N[$L]", result, k));
        parts.add(CodeBlock.of("(($T) c$$[$L])[i$$]", JavaTypes.of(column), k));
      }
      TypeName record = returns.shape().type();
      return CodeBlock.of("$T.of(new Object[] {$L}, $T.getLength($N[0]), (c$$, i$$) -> new $T($L), $T[]::new)",
          dev.adjoint.processor.RuntimeNames.RECORD_ARRAYS, CodeBlock.join(columns, ", "), java.lang.reflect.Array.class,
          result, record, CodeBlock.join(parts, ", "), record);
    }
    if (!returns.isRecord()) {
      return read.apply(CodeBlock.of("$N", result));
    }
    return rebuild(returns, result, read, new int[] {0});
  }

  private static CodeBlock rebuild(Type record, String result, Function<CodeBlock, CodeBlock> read, int[] next) {
    List<CodeBlock> parts = new ArrayList<>();
    for (RecordShape.Component c : record.shape().components()) {
      if (c.type().isRecord()) {
        parts.add(rebuild(c.type(), result, read, next));
        continue;
      }
      int k = next[0]++;
      parts.add(c.type().differentiable()
          ? read.apply(CodeBlock.of("($T) $N[$L]", TapedPrinter.taped(c.type()), result, k))
          : CodeBlock.of("($T) $N[$L]", JavaTypes.of(c.type()), result, k));
    }
    return CodeBlock.of("new $T($L)", record.shape().type(), CodeBlock.join(parts, ", "));
  }
}
