package dev.adjoint.processor.transform;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.adjoint.processor.RuntimeNames;
import dev.adjoint.processor.ir.MethodIr;
import dev.adjoint.processor.ir.ParamLayout;
import dev.adjoint.processor.ir.RecordShape;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The record parameters of a generated method ({@link ParamLayout}): unpacked into the variables of
 * their components on entry ({@code double[] p_w = p.w();}), and their gradients assembled as
 * records of the same types on exit ({@code new Params(dp_w, dp_b, p_name)}).
 */
public final class RecordLayouts {
  private RecordLayouts() {}

  /**
   * {@code T var = source.component();} for every variable of {@code layout} that {@code include}
   * accepts, named by {@code nameOf}; {@code source} is the record (or array of records) value.
   */
  public static void unpack(ParamLayout layout, CodeBlock source, Function<Var, String> nameOf, Predicate<Var> include,
      CodeBlock.Builder out) {
    if (layout instanceof ParamLayout.Plain p) {
      if (include.test(p.var())) {
        out.addStatement("$T $L = $L", JavaTypes.of(p.var().type()), nameOf.apply(p.var()), source);
      }
    } else if (layout instanceof ParamLayout.Record r) {
      for (ParamLayout c : r.components()) {
        unpack(c, CodeBlock.of("$L.$L()", source, c.name()), nameOf, include, out);
      }
    } else {
      ParamLayout.RecordArray a = (ParamLayout.RecordArray) layout;
      List<RecordShape.Component> components = a.type().shape().components();
      TypeName record = a.type().shape().type();
      for (int k = 0; k < components.size(); k++) {
        Var column = a.columns().get(k);
        if (!include.test(column)) {
          continue;
        }
        out.addStatement("$T $L = $L", JavaTypes.of(column.type()), nameOf.apply(column),
            column(components.get(k).type(), source, record, components.get(k).name()));
      }
    }
  }

  /** The column of component {@code name} (of type {@code t}) of the array of records {@code source}. */
  public static CodeBlock column(Type t, CodeBlock source, TypeName record, String name) {
    return t == Type.SCALAR ? CodeBlock.of("$T.doubles($L, $T::$L)", RuntimeNames.RECORD_ARRAYS, source, record, name)
        : t == Type.ARRAY ? CodeBlock.of("$T.rows($L, $T::$L)", RuntimeNames.RECORD_ARRAYS, source, record, name)
        : t == Type.INT ? CodeBlock.of("$T.ints($L, $T::$L)", RuntimeNames.RECORD_ARRAYS, source, record, name)
        : CodeBlock.of("$T.objects($L, $T::$L, $T[]::new)", RuntimeNames.RECORD_ARRAYS, source, record, name,
            t.typeName());
  }

  /** Every record parameter of {@code method} unpacked into its variables (their primal values). */
  public static void unpackParameters(MethodIr method, Names names, CodeBlock.Builder out) {
    for (ParamLayout l : method.layout()) {
      if (!(l instanceof ParamLayout.Plain)) {
        unpack(l, CodeBlock.of("$L", l.name()), names::of, v -> true, out);
      }
    }
  }

  /**
   * The value of the signature's parameter {@code layout} assembled from its variables:
   * {@code leaf} gives the code of a differentiable variable (its gradient), a passive one is
   * carried over; arrays of records are built into a new array by statements added to {@code prelude}.
   */
  public static CodeBlock assemble(ParamLayout layout, Function<Var, CodeBlock> leaf, Names names,
      CodeBlock.Builder prelude) {
    if (layout instanceof ParamLayout.Plain p) {
      return p.var().type().differentiable() ? leaf.apply(p.var()) : CodeBlock.of("$L", names.of(p.var()));
    }
    if (layout instanceof ParamLayout.Record r) {
      List<CodeBlock> parts = new ArrayList<>();
      for (ParamLayout c : r.components()) {
        parts.add(assemble(c, leaf, names, prelude));
      }
      return CodeBlock.of("new $T($L)", r.type().shape().type(), CodeBlock.join(parts, ", "));
    }
    ParamLayout.RecordArray a = (ParamLayout.RecordArray) layout;
    TypeName record = a.type().shape().type();
    String result = names.fresh("d" + a.name());
    String i = names.fresh("i");
    String length = names.of(a.columns().stream().filter(c -> c.type().isArray()).findFirst().orElseThrow()) + ".length";
    List<CodeBlock> parts = new ArrayList<>();
    for (Var column : a.columns()) {
      parts.add(column.type().differentiable() ? CodeBlock.of("$L[$L]", leaf.apply(column), i)
          : CodeBlock.of("$L[$L]", names.of(column), i));
    }
    prelude.addStatement("$T $L = new $T[$L]", ArrayTypeName.of(record), result, record, length)
        .beginControlFlow("for (int $L = 0; $L < $L.length; $L++)", i, i, result, i)
        .addStatement("$L[$L] = new $T($L)", result, i, record, CodeBlock.join(parts, ", "))
        .endControlFlow();
    return CodeBlock.of("$L", result);
  }

  /** The gradient components of {@code method}'s record: one per differentiated parameter of the signature. */
  public static List<CodeBlock> gradients(MethodIr method, Function<Var, CodeBlock> leaf, Names names,
      CodeBlock.Builder prelude) {
    List<CodeBlock> result = new ArrayList<>();
    for (int i : method.signature().wrt()) {
      result.add(assemble(method.layout().get(i), leaf, names, prelude));
    }
    return result;
  }
}
